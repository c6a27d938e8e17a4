package l4.kernel.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import l4.kernel.Kernel;
import l4.kernel.boot.Machine;
import l4.kernel.testarch.TestMachine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The kernel debugger's commands against real kernels on the test architecture (no OSGi). */
class DebugCommandsTest {
    private final List<TestMachine> machines = new ArrayList<>();

    private DebugCommands debugger(TestMachine m) {
        machines.add(m);
        return new DebugCommands(new Machine() {
            @Override public Optional<Kernel> kernel() { return Optional.of(m.kernel); }
            @Override public String status() { return "running test"; }
            @Override public Kernel reboot(java.time.Duration max) { throw new IllegalStateException("not in this test"); }
            @Override public Kernel bootFresh(String arch, java.util.Map<String, Object> options) { throw new IllegalStateException("not in this test"); }
        });
    }

    @AfterEach
    void halt() throws Exception {
        for (TestMachine m : machines) {
            if (!m.kernel.halted()) {
                if (m.kernel.debugger.paused()) m.kernel.post(() -> m.kernel.debugger.resume(0));
                m.close();
            }
        }
    }

    private static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void regsShowTheTcbAndTheArchitecturesRegisterNames() throws Exception {
        TestMachine m = new TestMachine();
        m.kernel.awaitQuiescent(10_000); // two reads of σ0 below must not straddle its first receive
        DebugCommands d = debugger(m);
        String regs = d.regs("1.00");
        assertTrue(regs.startsWith("thread 1.00 (sigma0)"), regs);
        for (String field : List.of("state:", "partner:", "priority:", "slice:", "pager:", "excepter:", "cpu-time:")) {
            assertTrue(regs.contains(field), field + " in " + regs);
        }
        var registers = m.kernel.task(1).thread(0).registers;
        for (int i = 0; i < registers.count(); i++) assertTrue(regs.contains(registers.name(i) + " "), registers.name(i) + " in " + regs);
        assertEquals(d.regs("1"), d.regs("0x1.0"));
        assertEquals("l4:regs: no task 0x7ff is active", message(() -> d.regs("7ff.00")));
        assertEquals("l4:regs: lthread of 1.80 out of range (00..7f)", message(() -> d.regs("1.80")));
        assertTrue(message(() -> d.regs("zz")).startsWith("l4:regs: "));
    }

    @Test
    void memDumpsThroughTheAddressSpaceAndShowsHoles() throws Exception {
        TestMachine m = new TestMachine();
        DebugCommands d = debugger(m);
        long va = m.kernel.inspect(() -> {
            var nodes = m.kernel.task(1).space.nodes();
            return nodes.isEmpty() ? -1L : nodes.get(0).virtualAddress();
        }, 5000);
        long unmapped = m.kernel.inspect(() -> {
            long a = 0x1000;
            while (m.kernel.task(2).space.lookup(a) != null) a += 0x1000;
            return a;
        }, 5000);
        assertTrue(va >= 0, "sigma0 has mappings");
        String dump = d.mem("1", Long.toHexString(va), "32");
        assertTrue(dump.startsWith("task 0x1 " + "0x" + Long.toHexString(va) + "+0x20"), dump);
        assertEquals(3, dump.lines().count(), dump);
        assertTrue(dump.lines().skip(1).allMatch(l -> l.matches("[0-9a-f]+ ( [0-9a-f]{2}){8} ( [0-9a-f]{2}){8}  \\|.{16}\\|")), dump);
        // a page without a mapping is one line; the task takes no fault
        long faults = m.kernel.stats.pageFaults;
        String hole = d.mem("2", Long.toHexString(unmapped), "0x1000");
        assertEquals("task 0x2 0x" + Long.toHexString(unmapped) + "+0x1000 (", hole.substring(0, hole.indexOf('(') + 1));
        assertTrue(hole.lines().skip(1).findFirst().orElseThrow().endsWith("-- unmapped up to 0x" + Long.toHexString(unmapped + 0xFFF) + " --"), hole);
        assertEquals(2, hole.lines().count(), hole);
        assertEquals("l4:mem: no task 0x7ff is active", message(() -> d.mem("7ff", "0x1000")));
        assertEquals(faults, m.kernel.stats.pageFaults);
        assertTrue(message(() -> d.mem("1", "0x1000", "0")).startsWith("l4:mem: length must be between 1 and"));
        assertTrue(message(() -> d.mem("1", "0x1000", "x")).startsWith("l4:mem: bad length"));
        if (m.kernel.arch.wordBits() < 64) {
            assertTrue(message(() -> d.mem("1", "0x100000000")).contains("out of range"));
        }
        assertTrue(message(() -> d.mem("1", Long.toHexString(m.kernel.wordMask() - 3), "16")).contains("runs past the end"));
    }

    @Test
    void readyShowsQueuesAndWakeups() {
        DebugCommands d = debugger(new TestMachine());
        String r = d.ready();
        assertTrue(r.startsWith("running: "), r);
        assertTrue(r.contains("ready queues ("), r);
        assertTrue(r.contains("wakeup lists (tick now "), r);
    }

    @Test
    void pauseKeepsTheMachineInspectableAndTimeStill() throws Exception {
        TestMachine m = new TestMachine();
        DebugCommands d = debugger(m);
        L4Commands shell = new L4Commands(new Machine() {
            @Override public Optional<Kernel> kernel() { return Optional.of(m.kernel); }
            @Override public String status() { return "running test"; }
            @Override public Kernel reboot(java.time.Duration max) { throw new IllegalStateException("not in this test"); }
            @Override public Kernel bootFresh(String arch, java.util.Map<String, Object> options) { throw new IllegalStateException("not in this test"); }
        });
        assertEquals("l4:resume: the machine is not paused", message(() -> d.resume("0")));
        assertEquals("l4:step: the machine is not paused (l4:pause first)", message(() -> d.step("1", false, "1")));
        String p = d.pause();
        assertTrue(p.startsWith("paused by l4:pause at cycle "), p);
        String stats = shell.stats();
        Thread.sleep(50);
        assertEquals(stats, shell.stats(), "simulated time stands still while paused");
        assertTrue(d.regs("2.00").contains("registers"));
        assertEquals(p, d.pause());
        // nothing runs on an idle machine: the step ends where it waits for input
        String s = d.step("5", false, "3");
        assertTrue(s.contains("the machine waits for outside input"), s);
        assertEquals("running", d.resume("0"));
        assertFalse(m.kernel.debugger.paused());
        // a halt ends a pause
        d.pause();
        assertEquals("l4:pingpong: the machine is paused (l4:resume continues it)", message(() -> shell.pingpong("10", "0", false, false)));
        m.kernel.halt();
        m.kernel.stoppedFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void breakpointsAreListedAndDeleted() {
        DebugCommands d = debugger(new TestMachine());
        assertTrue(d._break().startsWith("no breakpoints"), d._break());
        assertEquals("breakpoint 1: ipc 2.00 -> any (pauses the machine; l4:resume --wait 10 waits for it)", d._break("ipc", "2.00", "any"));
        assertTrue(d._break("syscall", "task-new").startsWith("breakpoint 2: syscall task_new"));
        String list = d._break("list");
        assertTrue(list.contains("1  ipc 2.00 -> any") && list.contains("2  syscall task_new") && list.endsWith("the machine runs"), list);
        assertEquals("deleted breakpoint 1", d._break("delete", "1"));
        assertEquals("l4:break: no breakpoint 1 (l4:break list shows them)", message(() -> d._break("delete", "1")));
        assertTrue(message(() -> d._break("syscall", "fork")).startsWith("l4:break: unknown system call 'fork' (ipc, "));
        assertTrue(message(() -> d._break("watch", "x")).startsWith("l4:break: usage: "));
        assertTrue(message(() -> d._break("ipc", "2.00", "9.99")).startsWith("l4:break: lthread of 9.99 out of range"));
    }

    /** One ping-pong run on a fresh machine, with a breakpoint on the first IPC when asked; returns the stop and the digest. */
    private String[] pingpong(String breakOn, boolean stepWhilePaused) throws Exception {
        TestMachine m = new TestMachine();
        DebugCommands d = debugger(m);
        Kernel k = m.kernel;
        assertTrue(k.awaitQuiescent(5000));
        if (breakOn != null) {
            if (breakOn.equals("syscall")) d._break("syscall", "ipc");
            else d._break("ipc", "any", "any");
        }
        CompletableFuture<PingPong.Result> run = CompletableFuture.supplyAsync(() -> PingPong.run(k, 200, 0, false, CostProbe.PRIORITY, 20_000));
        String stop = "";
        if (breakOn != null) {
            assertTrue(KernelDebug.await(k, () -> k.debugger.paused(), 10_000), "the breakpoint hit");
            stop = d.pause();
            assertTrue(stop.startsWith("breakpoint 1 hit: "), stop);
            // the machine is inspectable while paused
            assertTrue(d.ready().startsWith("running: "));
            d._break("delete", "1");
            if (stepWhilePaused) {
                String s = d.step("10", false, "4");
                assertEquals(4 + 2, s.lines().count(), s);
                assertTrue(s.lines().reduce((a, b) -> b).orElseThrow().startsWith("stepped 4 events at cycle "), s);
            }
            assertEquals("running", d.resume("0"));
        }
        run.get(30, TimeUnit.SECONDS);
        assertTrue(k.awaitQuiescent(5000));
        String digest = Long.toHexString(k.inspect(() -> k.trace.digest(), 5000));
        return new String[] {stop, digest};
    }

    @Test
    void breakpointsHitAtTheSameCycleAndPausesLeaveTheDigest() throws Exception {
        String[] plain = pingpong(null, false);
        String[] first = pingpong("syscall", false);
        String[] second = pingpong("syscall", true);
        assertEquals(first[0], second[0], "the same breakpoint stops at the same cycle");
        assertEquals(plain[1], first[1], "pausing changes no simulated time");
        assertEquals(plain[1], second[1], "stepping changes no simulated time");
        String[] ipc1 = pingpong("ipc", false);
        String[] ipc2 = pingpong("ipc", false);
        assertTrue(ipc1[0].contains("ipc ") && ipc1[0].contains(" at cycle "), ipc1[0]);
        assertEquals(ipc1[0], ipc2[0]);
        assertEquals(plain[1], ipc1[1]);
    }
}
