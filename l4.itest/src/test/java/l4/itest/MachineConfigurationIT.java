package l4.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
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
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The l4.machine configuration through ConfigAdmin: every property with bad values is rejected
 * with one line naming property, value and what is allowed; the bad value does not stay stored;
 * the machine keeps running with the last good configuration. The configuration stays usable from
 * any bundle that fetches it, and {@code l4:arch} without --save leaves it alone.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MachineConfigurationIT extends L4Runtime {

    static final String PID = "l4.machine";
    private static final Duration QUICK = Duration.ofSeconds(10);

    @Inject
    protected CommandProcessor processor;

    @Inject
    protected ConfigurationAdmin configAdmin;

    private Shell shell;

    @Before
    public void machineRunsIx86WithoutConfiguration() throws Exception {
        shell = new Shell(processor);
        deleteConfiguration();
        assertTrue("no ix86 machine within " + Await.TIMEOUT.toSeconds() + " s", shell.awaitArch("ix86", Await.TIMEOUT));
    }

    @After
    public void noConfigurationLeft() throws Exception {
        deleteConfiguration();
        assertTrue("teardown: no ix86 machine", shell.awaitArch("ix86", Await.TIMEOUT));
    }

    /** Property, bad value, what the rejection line must say is allowed. */
    private static final Object[][] BAD = {
        {"arch", "vax", "no such architecture is installed; allowed: ix86, mips"},
        {"arch", Integer.valueOf(86), "a string"},
        {"memoryMiB", Integer.valueOf(-5), "an integer from 1 to 4096"},
        {"memoryMiB", Integer.valueOf(0), "an integer from 1 to 4096"},
        {"memoryMiB", "a lot", "an integer from 1 to 4096"},
        {"scheduler", "FIFO", "one of LAZY, BENNO"},
        {"pacing", "sometimes", "true or false"},
        {"traceCapacity", Integer.valueOf(2_000_000_000), "an integer from 16 to 1048576"},
        {"traceCapacity", Integer.valueOf(0), "an integer from 16 to 1048576"},
        {"servers", new String[] {"no such/name"}, "a list of program names"},
        {"serverPriority", Integer.valueOf(-1), "an integer from 0 to 255"},
        {"serverPriority", Integer.valueOf(1000), "an integer from 0 to 255"},
        {"smallSpaces", "maybe", "true or false"},
        {"ipcFastPath", "often", "true or false"},
        {"colour", "blue", "unknown property"},
    };

    @Test
    public void everyPropertyWithBadValuesIsRejectedAndTheMachineStillServes() throws Exception {
        // a good, stored configuration first: the last good one that must survive every bad one
        Configuration c = configAdmin.getConfiguration(PID, "?");
        Dictionary<String, Object> good = new Hashtable<>();
        good.put("memoryMiB", 32);
        c.update(good);
        assertTrue("memoryMiB=32 did not reach the machine", Await.until(() -> shell.attempt("l4:kip")
            .map(k -> k.contains("(32M)")).orElse(false), Await.TIMEOUT));
        shell.run("l4:pingpong --rounds 20 --warmup 0");
        List<String> problems = new ArrayList<>();
        for (Object[] bad : BAD) {
            String property = (String) bad[0];
            long eventsBefore = Shell.number(shell.run("l4:stats"), "events");
            LogTail log = LogTail.mark();
            Dictionary<String, Object> props = new Hashtable<>();
            props.put("memoryMiB", 32);
            props.put(property, bad[1]);
            configAdmin.getConfiguration(PID, "?").update(props);

            String line = log.await(PID + ": " + property + "=", QUICK);
            if (line == null) {
                problems.add(property + "=" + show(bad[1]) + ": no rejection line in the log; logged:\n" + log.since());
                continue;
            }
            if (!line.contains("rejected: ") || !line.contains((String) bad[2]) || !line.contains(show(bad[1]))) {
                problems.add(property + "=" + show(bad[1]) + ": the line does not name value and what is allowed ("
                    + bad[2] + "): " + line);
            }
            if (!line.contains("ERROR")) {
                problems.add(property + "=" + show(bad[1]) + ": not logged as an error: " + line);
            }
            // the bad value does not stay stored: the last good configuration is back
            boolean restored = Await.until(() -> {
                Dictionary<String, Object> now = stored();
                return now != null && Integer.valueOf(32).equals(now.get("memoryMiB"))
                    && (property.equals("memoryMiB") || now.get(property) == null);
            }, QUICK);
            if (!restored) {
                problems.add(property + "=" + show(bad[1]) + ": still stored: " + stored());
            }
            // the machine still serves, unrebooted, with the last good configuration
            String kip = shell.run("l4:kip");
            if (!kip.contains("(32M)")) {
                problems.add(property + "=" + show(bad[1]) + ": the machine lost its configuration:\n" + kip);
            }
            long eventsAfter = Shell.number(shell.run("l4:stats"), "events");
            if (eventsAfter < eventsBefore) {
                problems.add(property + "=" + show(bad[1]) + ": the machine rebooted (events " + eventsBefore + " -> "
                    + eventsAfter + ")");
            }
            String arch = shell.run("l4:arch");
            if (!Optional.of("ix86").equals(Shell.field(arch, "name"))) {
                problems.add(property + "=" + show(bad[1]) + ": l4:arch says\n" + arch);
            }
            System.out.println("[itest] " + property + "=" + show(bad[1]) + " -> " + line.replaceFirst("^.*? - ", ""));
        }
        if (!problems.isEmpty()) {
            fail(problems.size() + " of " + BAD.length + " bad values not handled:\n" + String.join("\n", problems));
        }
        String pingpong = shell.run("l4:pingpong --rounds 100");
        assertEquals(pingpong, 121, Shell.number(pingpong, "cycles-per-ipc"));
    }

    @Test
    public void aGoodChangeReboots_anUnchangedOneDoesNot() throws Exception {
        shell.run("l4:pingpong --rounds 20 --warmup 0");
        long before = Shell.number(shell.run("l4:stats"), "events");
        Configuration c = configAdmin.getConfiguration(PID, "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("arch", "ix86"); // the machine runs ix86 already: no effective change
        c.update(props);
        Thread.sleep(500);
        assertTrue("arch=ix86 on an ix86 machine rebooted it", Shell.number(shell.run("l4:stats"), "events") >= before);
        LogTail log = LogTail.mark();
        props.put("scheduler", "BENNO");
        c.update(props);
        assertTrue("scheduler=BENNO did not reboot the machine", Await.until(() -> shell.attempt("l4:stats")
            .map(s -> "BENNO".equalsIgnoreCase(Shell.field(s, "scheduler").orElse("")) || s.contains("scheduler: benno"))
            .orElse(false), Await.TIMEOUT));
        String halt = log.await("machine halted (ix86): l4.machine changed (scheduler 'LAZY' -> 'BENNO')", QUICK);
        assertNotNull("no console line saying why the machine rebooted; logged:\n" + log.since(), halt);
        assertTrue("the halt line is not a warning (the console shows warnings): " + halt, halt.contains("WARN"));
        assertTrue("the halt line does not say what was lost: " + halt, halt.contains("lost: ") && halt.contains(" tasks, "));
    }

    @Test
    public void aBundleThatFetchesTheConfigurationDoesNotDisconnectTheKernel() throws Exception {
        // what cm:getConfiguration does from the Gogo bundle: the one-argument form binds a new
        // configuration to the caller's location (here: the test probe bundle)
        Configuration c = configAdmin.getConfiguration(PID);
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("arch", "mips");
        c.update(props);
        assertTrue("a configuration fetched and updated by another bundle never reached the kernel; l4:arch: "
            + shell.attempt("l4:arch").orElse("(fails)"), shell.awaitArch("mips", Await.TIMEOUT));
        assertTrue("l4.machine is bound to " + c.getBundleLocation() + ", not to ?",
            Await.until(() -> "?".equals(stored(c)), QUICK));
        // and the kernel still follows it
        props.put("arch", "ix86");
        configAdmin.getConfiguration(PID).update(props);
        assertTrue("the second update was not delivered", shell.awaitArch("ix86", Await.TIMEOUT));
    }

    @Test
    public void lArchWithoutSaveIsForThisRunOnly_withSaveItIsStored() throws Exception {
        String once = shell.run("l4:arch mips");
        assertTrue("l4:arch mips does not say it is for this run only:\n" + once, once.contains("for this run only"));
        assertEquals("l4:arch mips returned before the mips machine ran", Optional.of("mips"), shell.arch());
        assertNull("l4:arch mips without --save stored a configuration: " + stored(), stored());

        String saved = shell.run("l4:arch --save ix86");
        assertTrue("l4:arch --save ix86 does not say it was saved:\n" + saved, saved.contains("saved in l4.machine"));
        assertEquals(Optional.of("ix86"), shell.arch());
        Dictionary<String, Object> props = stored();
        assertNotNull("l4:arch --save stored nothing", props);
        assertEquals("ix86", props.get("arch"));
        Throwable t = shell.failure("l4:arch --save vax");
        assertTrue("l4:arch --save vax: " + t.getMessage(), t.getMessage().startsWith("l4:arch: no architecture vax is installed"));
    }

    private static String show(Object value) {
        if (value instanceof String[]) {
            return "[" + String.join(", ", (String[]) value) + "]";
        }
        return value instanceof String ? "'" + value + "'" : String.valueOf(value);
    }

    private Dictionary<String, Object> stored() {
        try {
            Configuration[] found = configAdmin.listConfigurations("(service.pid=" + PID + ")");
            return found == null ? null : found[0].getProperties();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String stored(Configuration c) {
        try {
            Configuration[] found = configAdmin.listConfigurations("(service.pid=" + PID + ")");
            return found == null ? null : found[0].getBundleLocation();
        } catch (Exception e) {
            return null;
        }
    }

    private void deleteConfiguration() throws Exception {
        Configuration[] found = configAdmin.listConfigurations("(service.pid=" + PID + ")");
        if (found != null) {
            for (Configuration c : found) {
                c.delete();
            }
        }
        // a configuration fetched but never updated is not listed: delete that one too
        Configuration empty = configAdmin.getConfiguration(PID, "?");
        if (empty.getProperties() == null) {
            empty.delete();
        }
        assertFalse(false);
    }
}
