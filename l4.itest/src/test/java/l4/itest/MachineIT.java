package l4.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The running machine seen through its Gogo commands: it boots on ix86, answers with the
 * deterministic cost model's figures, reboots to the same trace, and meets bad arguments with
 * one line.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MachineIT extends L4Runtime {

    static final List<String> COSTS = List.of("ipc-short-inter", "page-fault", "unmap-per-page", "ex-regs", "task-new");
    private static final Duration QUIET = Duration.ofMillis(300);

    @Inject
    protected CommandProcessor processor;

    private Shell shell;

    @Before
    public void machineRuns() throws Exception {
        shell = new Shell(processor);
        if (!shell.awaitArch("ix86", Await.TIMEOUT)) {
            fail("no ix86 machine within " + Await.TIMEOUT.toSeconds() + " s; l4:arch: " + describe("l4:arch"));
        }
    }

    @Test
    public void bootsOnIx86WithSigma0AndTheRootTask() throws Exception {
        String arch = shell.run("l4:arch");
        assertEquals("l4:arch:\n" + arch, Optional.of("ix86"), Shell.field(arch, "name"));

        String tasks = shell.run("l4:tasks");
        Map<String, String> rows = taskRows(tasks);
        assertTrue("σ0 (task 1, sigma0) missing from l4:tasks:\n" + tasks,
            rows.containsKey("1") && rows.get("1").contains("sigma0"));
        assertTrue("root task (task 2, root) missing from l4:tasks:\n" + tasks,
            rows.containsKey("2") && rows.get("2").contains("root"));

        String kip = shell.run("l4:kip");
        String magic = Shell.field(kip, "magic").orElseThrow(() -> new AssertionError("no magic: in l4:kip:\n" + kip));
        assertTrue("KIP magic is not L4uK:\n" + kip, magic.contains("L4uK"));
        assertEquals("l4:kip:\n" + kip, Optional.of("ix86"), Shell.field(kip, "architecture"));
    }

    @Test
    public void pingPongAndCostsOnIx86MatchTheCostModel() throws Exception {
        String pingpong = shell.run("l4:pingpong --rounds 500");
        assertEquals("l4:pingpong --rounds 500 on ix86:\n" + pingpong, 121, Shell.number(pingpong, "cycles-per-ipc"));

        String costs = shell.run("l4:costs");
        System.out.println("[itest] l4:costs on ix86:\n" + costs);
        Costs.check("ix86", costs, COSTS);
        assertEquals("ix86 has a published figure for ipc-short-inter:\n" + costs, Long.valueOf(121),
            Costs.parse(costs).get("ipc-short-inter").published);
    }

    @Test
    public void twoRebootsRunningTheSameCommandsGiveTheSameTraceDigest() throws Exception {
        shell.run("l4:pingpong --rounds 50"); // so that a fresh machine is told apart by its counters
        String[] first = rebootAndRun();
        String[] second = rebootAndRun();
        assertEquals("trace digest right after boot differs between two reboots:\n" + first[0] + "\n---\n" + second[0],
            digest(first[0]), digest(second[0]));
        assertEquals("trace digest after l4:pingpong --rounds 300 differs between two reboots:\n" + first[1] + "\n---\n"
            + second[1], digest(first[1]), digest(second[1]));
        assertNotEquals("the ping-pong left no trace in the digest", digest(first[0]), digest(first[1]));
        System.out.println("[itest] after boot " + digest(first[0]) + ", after l4:pingpong --rounds 300 " + digest(first[1])
            + " (twice)");
    }

    @Test
    public void badArgumentsFailWithOneLine() throws Exception {
        List<String> problems = new ArrayList<>();
        oneLineFailure("l4:space 0x7ff", "l4:space", problems);
        oneLineFailure("l4:mapping nonsense", "l4:mapping", problems);
        oneLineFailure("l4:arch vax", "l4:arch", problems);
        assertTrue(String.join("\n", problems), problems.isEmpty());
        // and nothing changed: the machine still runs ix86
        assertEquals(Optional.of("ix86"), shell.arch());
    }

    /** Reboots, waits for the fresh machine to settle; its stats, then stats after a ping-pong. */
    private String[] rebootAndRun() throws Exception {
        long before = Shell.number(shell.run("l4:stats"), "events");
        shell.run("l4:reboot");
        boolean fresh = Await.until(() -> shell.attempt("l4:stats")
            .map(s -> Shell.number(s, "events") < before).orElse(false), Await.TIMEOUT);
        assertTrue("no fresh machine within " + Await.TIMEOUT.toSeconds() + " s after l4:reboot (events before: "
            + before + "); l4:stats: " + describe("l4:stats"), fresh);
        String booted = Await.stable(() -> shell.attempt("l4:stats").orElse("(failed)"), QUIET, Await.TIMEOUT);
        String pingpong = shell.run("l4:pingpong --rounds 300");
        assertTrue(pingpong, Shell.field(pingpong, "cycles-per-ipc").isPresent());
        return new String[] {booted, shell.run("l4:stats")};
    }

    private static String digest(String stats) {
        String[] lines = stats.strip().split("\\R");
        String last = lines[lines.length - 1];
        assertTrue("the last line of l4:stats is not trace-digest: HEX:\n" + stats,
            last.matches("trace-digest: [0-9a-f]+"));
        return last;
    }

    private void oneLineFailure(String command, String prefix, List<String> problems) {
        Throwable t;
        try {
            t = shell.failure(command);
        } catch (AssertionError e) {
            problems.add(e.getMessage());
            return;
        }
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            problems.add(command + ": failed without a message (" + t.getClass().getName() + ")");
        } else if (m.contains("\n") || m.contains("\r")) {
            problems.add(command + ": message of more than one line: " + m);
        } else if (m.contains("Exception") || m.contains("at l4.") || m.contains("\tat ")) {
            problems.add(command + ": message shows exception text: " + m);
        } else if (!m.startsWith(prefix + ":")) {
            problems.add(command + ": message does not name the command (" + prefix + "): " + m);
        } else {
            System.out.println("[itest] " + command + " -> " + m);
        }
    }

    /** Task number (hex, indentation stripped) to the whole row of l4:tasks. */
    static Map<String, String> taskRows(String tasks) {
        Map<String, String> rows = new java.util.TreeMap<>();
        for (String line : tasks.split("\\R")) {
            String s = line.strip();
            if (s.isEmpty() || s.startsWith("TASK") || s.endsWith("active tasks")) {
                continue;
            }
            rows.putIfAbsent(s.split("\\s+", 2)[0], s);
        }
        assertFalse("no task rows in l4:tasks:\n" + tasks, rows.isEmpty());
        return rows;
    }

    private String describe(String command) {
        try {
            return shell.run(command);
        } catch (Shell.Failed e) {
            return "fails: " + e.commandMessage();
        }
    }
}
