package l4.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Arrays;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Selection and swap of the architecture: ConfigAdmin (and {@code l4:arch NAME}) reboot the
 * machine under the other glue; stopping the active architecture's bundle halts it, starting or
 * updating the bundle boots it again. Every test leaves the machine on ix86 with all bundles active.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ArchitectureIT extends L4Runtime {

    static final String PID = "l4.machine";
    static final String IX86 = "l4.arch.ix86";
    static final List<String> MIPS_COSTS = List.of("ipc-short-inter", "ipc-short-intra", "page-fault", "unmap-per-page",
        "ex-regs", "ex-regs-restart", "id-nearest", "task-new");

    @Inject
    protected CommandProcessor processor;

    @Inject
    protected ConfigurationAdmin configAdmin;

    private Shell shell;
    /** The l4.machine properties before the test; null if there was no configuration. */
    private Dictionary<String, Object> original;

    @Before
    public void machineRunsIx86() throws Exception {
        shell = new Shell(processor);
        if (!shell.awaitArch("ix86", Await.TIMEOUT)) {
            fail("no ix86 machine within " + Await.TIMEOUT.toSeconds() + " s; l4:arch: " + describe("l4:arch"));
        }
        Configuration c = existing();
        original = c == null ? null : copy(c.getProperties());
    }

    @After
    public void restoreIx86() throws Exception {
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName() != null && b.getSymbolicName().startsWith("l4.arch.") && b.getState() != Bundle.ACTIVE
                && b.getState() != Bundle.UNINSTALLED) {
                b.start();
            }
        }
        Configuration c = existing();
        Object now = c == null || c.getProperties() == null ? null : c.getProperties().get("arch");
        Object was = original == null ? null : original.get("arch");
        if (!String.valueOf(now).equals(String.valueOf(was)) && !(was == null && "ix86".equals(now))) {
            if (original == null) {
                c.delete();
            } else {
                c.update(original);
            }
        }
        assertTrue("teardown: the machine did not come back on ix86; l4:arch: " + describe("l4:arch"),
            shell.awaitArch("ix86", Await.TIMEOUT));
    }

    @Test
    public void configAdminArchMipsRebootsAsMipsAndLArchIx86SwitchesBack() throws Exception {
        Configs.put(configAdmin, PID, "arch", "mips");
        assertTrue("ConfigAdmin l4.machine arch=mips: no mips machine within " + Await.TIMEOUT.toSeconds()
            + " s; l4:arch: " + describe("l4:arch"), shell.awaitArch("mips", Await.TIMEOUT));

        String kip = shell.run("l4:kip");
        assertEquals("l4:kip on mips:\n" + kip, Optional.of("mips"), Shell.field(kip, "architecture"));
        String pingpong = shell.run("l4:pingpong --rounds 500");
        assertEquals("l4:pingpong --rounds 500 on mips:\n" + pingpong, 101, Shell.number(pingpong, "cycles-per-ipc"));
        String costs = shell.run("l4:costs");
        System.out.println("[itest] l4:costs on mips:\n" + costs);
        Costs.check("mips", costs, MIPS_COSTS);
        for (String published : List.of("ipc-short-inter", "page-fault", "unmap-per-page", "ex-regs", "ex-regs-restart",
            "id-nearest", "task-new")) {
            assertNotNull("mips has a published figure for " + published + ":\n" + costs,
                Costs.parse(costs).get(published).published);
        }

        String switched = shell.run("l4:arch ix86");
        assertTrue(switched, switched.contains("ix86"));
        assertTrue("l4:arch ix86: no ix86 machine within " + Await.TIMEOUT.toSeconds() + " s; l4:arch: "
            + describe("l4:arch"), shell.awaitArch("ix86", Await.TIMEOUT));
        String back = shell.run("l4:pingpong --rounds 500");
        assertEquals("l4:pingpong --rounds 500 on ix86 after the round trip through mips:\n" + back, 121,
            Shell.number(back, "cycles-per-ipc"));
    }

    @Test
    public void stoppingTheArchitectureBundleHaltsStartingItBootsAgain() throws Exception {
        Bundle ix86 = bundle(IX86);
        ix86.stop();
        boolean halted = Await.until(() -> shell.arch().isEmpty(), Await.TIMEOUT);
        assertTrue("after stopping " + IX86 + " the machine still runs; l4:arch: " + describe("l4:arch"), halted);

        Throwable arch = shell.failure("l4:arch");
        assertOneLine("l4:arch", arch);
        assertTrue("l4:arch with the machine halted: " + arch.getMessage(), arch.getMessage().contains("no machine"));
        assertOneLine("l4:stats", shell.failure("l4:stats"));
        // the other bundles are untouched: the halt is clean
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName() != null && b.getSymbolicName().startsWith("l4.") && b != ix86) {
                assertEquals(b.getSymbolicName() + " after stopping " + IX86, Bundle.ACTIVE, b.getState());
            }
        }

        ix86.start();
        assertTrue("after starting " + IX86 + " again no ix86 machine within " + Await.TIMEOUT.toSeconds()
            + " s; l4:arch: " + describe("l4:arch"), shell.awaitArch("ix86", Await.TIMEOUT));
        String pingpong = shell.run("l4:pingpong --rounds 500");
        assertEquals(pingpong, 121, Shell.number(pingpong, "cycles-per-ipc"));
    }

    @Test
    public void updatingTheArchitectureBundleReboots() throws Exception {
        shell.run("l4:pingpong --rounds 200"); // counters a fresh machine cannot have
        long before = Shell.number(shell.run("l4:stats"), "events");
        Bundle ix86 = bundle(IX86);
        ix86.update();
        boolean rebooted = Await.until(() -> shell.attempt("l4:stats")
            .map(s -> "ix86".equals(Shell.field(s, "architecture").orElse(null)) && Shell.number(s, "events") < before)
            .orElse(false), Await.TIMEOUT);
        assertTrue("after updating " + IX86 + " no fresh ix86 machine within " + Await.TIMEOUT.toSeconds()
            + " s (events before: " + before + "); l4:stats: " + describe("l4:stats"), rebooted);
        assertEquals(IX86 + " after update", Bundle.ACTIVE, bundle(IX86).getState());
        String pingpong = shell.run("l4:pingpong --rounds 500");
        assertEquals(pingpong, 121, Shell.number(pingpong, "cycles-per-ipc"));
    }

    private Bundle bundle(String symbolicName) {
        return Arrays.stream(context.getBundles())
            .filter(b -> symbolicName.equals(b.getSymbolicName()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("bundle " + symbolicName + " is not installed"));
    }

    private Configuration existing() throws Exception {
        Configuration[] found = configAdmin.listConfigurations("(service.pid=" + PID + ")");
        return found == null || found.length == 0 ? null : found[0];
    }

    private static Dictionary<String, Object> copy(Dictionary<String, Object> d) {
        if (d == null) {
            return null;
        }
        Hashtable<String, Object> t = new Hashtable<>();
        for (Enumeration<String> keys = d.keys(); keys.hasMoreElements();) {
            String k = keys.nextElement();
            t.put(k, d.get(k));
        }
        return t;
    }

    private static void assertOneLine(String command, Throwable t) {
        String m = t.getMessage();
        assertNotNull(command + " failed without a message: " + t, m);
        assertFalse(command + ": more than one line: " + m, m.contains("\n") || m.contains("\r"));
        assertFalse(command + ": exception text in the message: " + m, m.contains("Exception") || m.contains("at l4."));
        assertTrue(command + ": message does not name the command: " + m, m.startsWith(command + ":"));
    }

    private String describe(String command) {
        try {
            return shell.run(command);
        } catch (Shell.Failed e) {
            return "fails: " + e.commandMessage();
        }
    }
}
