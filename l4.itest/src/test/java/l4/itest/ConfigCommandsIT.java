package l4.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Dictionary;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The Karaf-style config: commands on our PIDs: listed with Metatype descriptions, every change
 * converted to the declared type and checked (a bad one is one line and stores nothing), an
 * edit session that stores several changes at once.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConfigCommandsIT extends L4Runtime {

    private static final String PID = "l4.machine";

    @Inject
    protected CommandProcessor processor;

    @Inject
    protected ConfigurationAdmin configAdmin;

    private Shell shell;

    @Before
    public void noConfiguration() throws Exception {
        shell = new Shell(processor);
        delete();
        assertTrue(shell.awaitArch("ix86", Await.TIMEOUT));
    }

    @After
    public void cleanUp() throws Exception {
        delete();
        assertTrue(shell.awaitArch("ix86", Await.TIMEOUT));
    }

    @Test
    public void listShowsOurPidsWithTypesValuesAndDescriptions() throws Exception {
        String list = shell.run("config:list");
        assertTrue(list, list.contains("l4.machine - L4 machine: The simulated machine the L4 kernel runs on (nothing stored: defaults)"));
        for (String property : new String[] {"arch", "memoryMiB", "scheduler", "pacing", "traceCapacity", "servers", "serverPriority", "smallSpaces", "ipcFastPath"}) {
            assertTrue("config:list has no " + property + ":\n" + list, list.contains("\n  " + property + " = "));
        }
        assertTrue(list, list.contains("memoryMiB = 64 (default)  [an integer] Simulated physical memory, 1 to 4096 MiB"));
        assertEquals("64 (default)", shell.run("config:get l4.machine memoryMiB"));
    }

    @Test
    public void setChecksTypeAndRangeAndStoresOnlyGoodValues() throws Exception {
        rejected("config:set l4.machine memoryMiB -5", "config:set: l4.machine: memoryMiB='-5' rejected: ");
        rejected("config:set l4.machine memoryMiB lots", "config:set: l4.machine: memoryMiB='lots' rejected: ");
        rejected("config:set l4.machine scheduler FIFO", "config:set: l4.machine: scheduler='FIFO' rejected: ");
        rejected("config:set l4.machine pacing perhaps", "config:set: l4.machine: pacing='perhaps' rejected: ");
        rejected("config:set l4.machine traceCapacity 2000000000", "config:set: l4.machine: traceCapacity='2000000000' rejected: ");
        rejected("config:set l4.machine arch vax", "config:set: l4.machine: arch='vax' rejected: no such architecture is installed");
        rejected("config:set l4.machine colour blue", "config:set: l4.machine has no property colour");
        rejected("config:set l4.nothing x 1", "config:set: no l4 bundle describes a configuration l4.nothing");
        assertEquals("nothing stored after rejected values", null, stored());

        String set = shell.run("config:set l4.machine memoryMiB 32");
        assertTrue(set, set.contains("later runs use it too"));
        assertEquals(Integer.valueOf(32), stored().get("memoryMiB"));
        assertEquals("32", shell.run("config:get l4.machine memoryMiB"));
        // config:set returns when the machine runs with the change
        String kip = shell.run("l4:kip");
        assertTrue("memoryMiB=32: right after config:set l4:kip says\n" + kip, kip.contains("(32M)"));

        shell.run("config:delete l4.machine memoryMiB");
        assertEquals(null, stored().get("memoryMiB"));
        assertTrue("deleting memoryMiB did not bring the machine back to 64 MiB", Await.until(
            () -> shell.attempt("l4:kip").map(k -> k.contains("(64M)")).orElse(false), Await.TIMEOUT));
    }

    @Test
    public void anEditSessionStoresSeveralChangesAtOnce() throws Exception {
        String out = shell.run("config:edit l4.machine; config:property-set scheduler BENNO; "
            + "config:property-set traceCapacity 8192; config:property-list; config:update");
        assertTrue(out, out.contains("updated"));
        Dictionary<String, Object> props = stored();
        assertEquals("BENNO", props.get("scheduler"));
        assertEquals(Integer.valueOf(8192), props.get("traceCapacity"));
        String stats = shell.run("l4:stats");
        assertTrue("scheduler=BENNO: right after config:update l4:stats says\n" + stats, stats.contains("scheduler: benno"));

        Throwable t = shell.failure("config:edit l4.machine; config:property-set memoryMiB 0");
        assertTrue(t.getMessage(), t.getMessage().startsWith("config:property-set: l4.machine: memoryMiB='0' rejected: "));
        Throwable none = shell.failure("config:property-set memoryMiB 8");
        assertTrue(none.getMessage(), none.getMessage().startsWith("config:property-set: no configuration is being edited"));
        String cancelled = shell.run("config:edit l4.machine; config:property-set memoryMiB 8; config:cancel");
        assertTrue(cancelled, cancelled.contains("nothing stored"));
        assertEquals(null, stored().get("memoryMiB"));
    }

    private void rejected(String command, String prefix) {
        Throwable t = shell.failure(command);
        String m = t.getMessage();
        assertTrue(command + ": " + m, m != null && m.startsWith(prefix) && !m.contains("\n"));
        System.out.println("[itest] " + command + " -> " + m);
    }

    private Dictionary<String, Object> stored() throws Exception {
        Configuration[] found = configAdmin.listConfigurations("(service.pid=" + PID + ")");
        return found == null ? null : found[0].getProperties();
    }

    private void delete() throws Exception {
        Configuration[] found = configAdmin.listConfigurations("(service.pid=" + PID + ")");
        if (found != null) {
            for (Configuration c : found) {
                c.delete();
            }
        }
    }
}
