package l4.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The kernel debugger's commands as a user types them, through Gogo's CommandProcessor in the real
 * framework with the real σ0 and root task: look at a thread, memory and the queues, pause, step,
 * break on IPC between given threads and on a system call, resume. Every run starts from a fresh
 * machine ({@code l4:reboot}); {@code l4:pingpong} is the workload: its ping thread is 3.00 (the
 * first task the root task hands out) and its pong thread 100.00 (the task it creates).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class KernelDebuggerIT extends L4Runtime {

    private static final String PING = "3.00";
    private static final String PONG = "100.00";
    private static final String WORKLOAD = "l4:pingpong --rounds 200 --warmup 0";

    @Inject
    protected CommandProcessor processor;

    private Shell shell;
    private CompletableFuture<String> workload;

    @Before
    public void freshIx86Machine() throws Exception {
        shell = new Shell(processor);
        assertTrue("no ix86 machine within " + Await.TIMEOUT.toSeconds() + " s", shell.awaitArch("ix86", Await.TIMEOUT));
        shell.run("l4:reboot");
    }

    @After
    public void workloadEnds() throws Exception {
        if (workload != null && !workload.isDone()) {
            shell.attempt("l4:break delete 1");
            shell.attempt("l4:break delete 2");
            shell.attempt("l4:resume");
            workload.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    public void regsMemAndReadyShowTheRunningMachine() throws Exception {
        // σ0 is the running thread while it still serves the boot's page faults
        assertTrue("the machine did not become idle", Await.until(() -> shell.attempt("l4:ready").orElse("").startsWith("running: idle\n"), Await.TIMEOUT));
        String regs = shell.run("l4:regs 1.00");
        assertTrue(regs, regs.startsWith("thread 1.00 (sigma0)\n"));
        for (String field : new String[] {"state:", "partner:", "priority:", "slice:", "wakeup:", "pager:", "excepter:", "cpu-time:"}) {
            assertTrue("l4:regs has no " + field + ":\n" + regs, regs.contains("  " + field));
        }
        assertTrue("ix86 register names:\n" + regs, regs.contains("registers (ix86):") && regs.contains("EAX ") && regs.contains("EIP "));
        assertEquals("a task number alone is its lthread 0", regs, shell.run("l4:regs 1"));
        assertEquals("l4:regs: no task 0x7ff is active", shell.failure("l4:regs 7ff.00").getMessage());

        // σ0 maps all memory 1:1: the kernel info page (physical 0x1000) begins with its magic 'L4uK'
        String kip = shell.run("l4:mem 1 0x1000 32");
        assertTrue(kip, kip.startsWith("task 0x1 0x1000+0x20 ("));
        assertTrue("the KIP's magic in σ0's memory:\n" + kip, kip.contains("00001000  41 34 75 4b ") && kip.contains("|A4uK"));
        assertEquals(3, kip.lines().count());
        // the root task has no mappings: one line, and no page fault
        long faults = Shell.number(shell.run("l4:stats"), "page-faults");
        String hole = shell.run("l4:mem 2 0x1000 0x2000");
        assertTrue(hole, hole.contains("00001000  -- unmapped up to 0x1fff --") && hole.contains("00002000  -- unmapped up to 0x2fff --"));
        assertEquals("l4:mem made the task fault", faults, Shell.number(shell.run("l4:stats"), "page-faults"));

        String ready = shell.run("l4:ready");
        assertTrue(ready, ready.startsWith("running: idle\nready queues (lazy), highest priority first:\n"));
        assertTrue(ready, ready.contains("wakeup lists (tick now 0;"));
    }

    @Test
    public void pauseStepAndResumeAnIdleMachine() throws Exception {
        assertEquals("l4:resume: the machine is not paused", shell.failure("l4:resume").getMessage());
        assertEquals("l4:step: the machine is not paused (l4:pause first)", shell.failure("l4:step 3").getMessage());
        String stop = shell.run("l4:pause");
        assertTrue(stop, stop.startsWith("paused by l4:pause at cycle "));
        String stats = shell.run("l4:stats");
        Thread.sleep(100);
        assertEquals("simulated time stands still while paused", stats, shell.run("l4:stats"));
        assertTrue("paused, the machine stays inspectable", shell.run("l4:regs 2.00").contains("registers (ix86):"));
        assertEquals("l4:pingpong: the machine is paused (l4:resume continues it)", shell.failure(WORKLOAD).getMessage());
        String step = shell.run("l4:step 3");
        assertTrue("a step on an idle machine ends where it waits for input:\n" + step, step.contains("the machine waits for outside input"));
        // guest instructions through Gogo: the option parses; ix86 has no guest CPU
        assertEquals("l4:step: the ix86 machine has no guest CPU: no guest instructions to step (l4:step N steps events)",
                shell.failure("l4:step --instructions 5").getMessage());
        assertEquals("l4:break: the ix86 machine has no guest CPU: no guest instructions to stop at",
                shell.failure("l4:break pc 5 0x40000").getMessage());
        assertEquals("running", shell.run("l4:resume"));
        assertTrue(shell.run(WORKLOAD).contains("cycles-per-ipc: "));
    }

    @Test
    public void theSameIpcBreakpointHitsAtTheSameCycleInEveryRunAndLeavesTheDigest() throws Exception {
        String plain = runAlone();
        shell.run("l4:reboot");
        String first = ipcBreak(false);
        shell.run("l4:reboot");
        String second = ipcBreak(true);
        assertEquals("the breakpoint on ipc " + PONG + " -> " + PING + " stops at another cycle in the second run", first, second);
        System.out.println("[itest] two runs stop at: " + first);
        assertEquals("stopping, looking and stepping changed the trace", plain, digestAfterWorkload());
    }

    @Test
    public void aSyscallBreakpointAndResumeWaitShowTheNextHit() throws Exception {
        String set = shell.run("l4:break syscall task_new");
        assertEquals("breakpoint 1: syscall task_new (pauses the machine; l4:resume --wait 10 waits for it)", set);
        assertTrue(shell.run("l4:break ipc " + PING + " " + PONG).startsWith("breakpoint 2: ipc " + PING + " -> " + PONG));
        startWorkload();
        String hit = awaitHit();
        // ping creates the pong task: the first task_new entered after the breakpoint was set
        assertTrue(hit, hit.matches("breakpoint 1 hit: syscall task_new by " + Pattern.quote(PING) + "\\S* at cycle \\d+ .*"));
        assertEquals("l4:pause on a paused machine shows the stop", hit, shell.run("l4:pause"));
        assertEquals("deleted breakpoint 1", shell.run("l4:break delete 1"));
        String next = shell.run("l4:resume --wait 10");
        assertTrue("l4:resume --wait shows the next hit:\n" + next,
            next.matches("breakpoint 2 hit: ipc " + Pattern.quote(PING) + "\\S* -> " + Pattern.quote(PONG) + "\\S* \\(event \\d+\\) at cycle \\d+ .*"));
        assertTrue(cycle(next) > cycle(hit));
        String regs = shell.run("l4:regs " + PONG);
        assertTrue("the pong thread exists once ping has sent to it:\n" + regs, regs.startsWith("thread " + PONG));
        assertEquals("deleted breakpoint 2", shell.run("l4:break delete 2"));
        assertEquals("running", shell.run("l4:resume"));
        assertTrue(workload.get(30, TimeUnit.SECONDS).contains("cycles-per-ipc: "));
        assertTrue(shell.run("l4:break list").startsWith("no breakpoints\nthe machine runs"));
    }

    /** A run of the workload without the debugger; its trace digest. */
    private String runAlone() throws Exception {
        assertTrue(shell.run(WORKLOAD).contains("cycles-per-ipc: "));
        return digestAfterWorkload();
    }

    private String digestAfterWorkload() throws Exception {
        return Shell.field(shell.run("l4:stats"), "trace-digest").orElseThrow(() -> new AssertionError("no trace-digest in l4:stats"));
    }

    /**
     * Stops at the first reply of pong to ping, looks at the machine, steps when asked, resumes
     * and lets the workload finish. Returns the stop line.
     */
    private String ipcBreak(boolean step) throws Exception {
        assertEquals("breakpoint 1: ipc " + PONG + " -> " + PING + " (pauses the machine; l4:resume --wait 10 waits for it)",
            shell.run("l4:break ipc " + PONG + " " + PING));
        startWorkload();
        String hit = awaitHit();
        assertTrue(hit, hit.matches("breakpoint 1 hit: ipc " + Pattern.quote(PONG) + "\\S* -> " + Pattern.quote(PING)
            + "\\S* \\(event \\d+\\) at cycle \\d+ \\(\\d+ us\\), after event \\d+; paused, .*"));
        String list = shell.run("l4:break list");
        assertTrue(list, list.startsWith("1  ipc " + PONG + " -> " + PING + "\n") && list.endsWith(hit));

        // paused: simulated time stands still, every looking command works
        String stats = shell.run("l4:stats");
        assertEquals(stats, shell.run("l4:stats"));
        String ready = shell.run("l4:ready");
        assertTrue(ready, ready.startsWith("running: ") && ready.contains("ready queues (lazy)"));
        String pong = shell.run("l4:regs " + PONG);
        assertTrue(pong, pong.startsWith("thread " + PONG) && pong.contains("registers (ix86):"));
        String ping = shell.run("l4:regs " + PING);
        assertTrue(ping, ping.startsWith("thread " + PING + " (pingpong)"));
        assertTrue(shell.run("l4:mem 1 0x1000 16").contains("|A4uK"));

        assertEquals("deleted breakpoint 1", shell.run("l4:break delete 1"));
        if (step) {
            String stepped = shell.run("l4:step 4");
            String[] lines = stepped.split("\\R");
            assertEquals("header, 4 events and the stop line:\n" + stepped, 6, lines.length);
            assertTrue(stepped, lines[0].startsWith("CYCLE") && lines[0].contains("KIND"));
            assertTrue(stepped, lines[5].startsWith("stepped 4 events at cycle "));
            assertTrue("the events come after the stop:\n" + stepped, cycle(lines[5]) >= cycle(hit));
            assertEquals(lines[5], shell.run("l4:pause"));
        }
        assertEquals("running", shell.run("l4:resume"));
        assertTrue(workload.get(30, TimeUnit.SECONDS).contains("cycles-per-ipc: "));
        workload = null;
        return hit;
    }

    private void startWorkload() {
        Shell other = new Shell(processor);
        workload = CompletableFuture.supplyAsync(() -> {
            try {
                return other.run(WORKLOAD);
            } catch (Shell.Failed e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        });
    }

    /** Waits for a breakpoint to pause the machine; the stop line {@code l4:pause} shows. */
    private String awaitHit() throws Exception {
        assertTrue("no breakpoint hit within 20 s: " + shell.attempt("l4:break list").orElse("?"),
            Await.until(() -> shell.attempt("l4:break list").filter(s -> s.contains(" hit: ")).isPresent(), Duration.ofSeconds(20)));
        assertFalse("the workload ended although the machine paused", workload.isDone());
        String stop = shell.run("l4:pause");
        assertNotEquals("", stop);
        return stop;
    }

    private static long cycle(String stop) {
        Matcher m = Pattern.compile("at cycle (\\d+)").matcher(stop);
        assertTrue("no cycle in " + stop, m.find());
        return Long.parseLong(m.group(1));
    }
}
