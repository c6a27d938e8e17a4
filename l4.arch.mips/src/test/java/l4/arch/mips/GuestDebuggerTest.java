package l4.arch.mips;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import l4.arch.mips.cpu.Disassembler;
import l4.kernel.Kernel;
import l4.kernel.KernelConfig;
import l4.kernel.boot.Machine;
import l4.kernel.shell.DebugCommands;
import l4.kernel.testarch.TestMachine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The kernel debugger on guest code: instruction steps, PC breakpoints and the guest register
 * dump, on a MIPS machine running the guest ping-pong of {@link GuestThreadsTest} (two tasks of
 * machine code calling each other through σ0-paged memory).
 */
class GuestDebuggerTest {
    private static final int ROUNDS = 30;
    private final List<TestMachine> machines = new ArrayList<>();

    private static DebugCommands debugger(TestMachine m) {
        return new DebugCommands(new Machine() {
            @Override public Optional<Kernel> kernel() { return Optional.of(m.kernel); }
            @Override public String status() { return "running test"; }
            @Override public Kernel reboot(java.time.Duration max) { throw new IllegalStateException("not in this test"); }
            @Override public Kernel bootFresh(String arch, java.util.Map<String, Object> options) { throw new IllegalStateException("not in this test"); }
        });
    }

    private TestMachine machine() {
        TestMachine m = new TestMachine(new MipsArchitecture(), new KernelConfig());
        machines.add(m);
        return m;
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

    private static void await(BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, "timed out");
            Thread.sleep(2);
        }
    }

    private static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    /** The ping task's number in a fresh machine (the scenario's first run finds it; every run is the same). */
    private static int pingTask;

    /** What a run left: the stop, the state after the steps, the digest at the end. */
    private record Run(String stop, String state, String digest) {}

    /**
     * The guest ping-pong on a fresh machine. With {@code steps} non-null: a PC breakpoint on the
     * ping task's first instruction pauses it; it is deleted and the machine runs the instruction
     * steps given (e.g. 40 steps of 1, or 1 of 40), then the state is taken and the machine resumed.
     */
    private Run run(long[] steps) throws Exception {
        TestMachine m = machine();
        Kernel k = m.kernel;
        DebugCommands d = debugger(m);
        assertTrue(k.awaitQuiescent(5000));
        if (steps != null) d._break("pc", Integer.toHexString(pingTask), Long.toHexString(GuestThreadsTest.PING));
        int[] found = new int[1];
        CompletableFuture<Void> done = CompletableFuture.runAsync(() -> {
            try {
                m.run(l4 -> {
                    found[0] = l4.myself().task() + 2;
                    GuestThreadsTest.pingPongTasks(m, l4, ROUNDS);
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        String stop = "";
        String state = "";
        if (steps != null) {
            await(() -> k.debugger.paused());
            stop = d.pause();
            String regs = d.regs(Integer.toHexString(pingTask) + ".00");
            // before its first instruction the code page is not in the task yet: l4:regs takes no fault for it
            assertTrue(regs.contains("next: 0x40000  (not mapped yet: the fetch page-faults)"), regs);
            assertTrue(regs.contains(" hi ") && regs.contains(" lo ") && regs.contains(" pc "), regs);
            assertTrue(d._break("delete", "1").startsWith("deleted"));
            String last = "";
            for (long n : steps) last = d.step("10", true, Long.toString(n));
            long n = steps[steps.length - 1];
            assertTrue(last.startsWith("stepped " + n + (n == 1 ? " instruction" : " instructions") + "; thread "), last);
            MipsMmu mmu = (MipsMmu) k.mmu;
            state = k.inspect(() -> k.clock.cycles() + " cycles, " + k.stats.guestInstructions + " guest instructions, " + k.trace.events()
                    + " events; TLB Random " + mmu.tlb.random() + ", hits " + mmu.hits() + ", misses " + mmu.misses, 5000)
                    + "\n" + d.regs(Integer.toHexString(pingTask) + ".00") + "\n" + d.regs(Integer.toHexString(pingTask - 1) + ".00");
            assertEquals("running", d.resume("0"));
        }
        done.get(30, TimeUnit.SECONDS);
        pingTask = found[0];
        assertTrue(k.awaitQuiescent(5000));
        return new Run(stop, state, Long.toHexString(k.inspect(() -> k.trace.digest(), 5000)));
    }

    @Test
    void stepsOfOneEqualOneStepAndBreakpointsHitAtTheSameCycleAndTheDigestStays() throws Exception {
        Run plain = run(null);
        long[] ones = new long[60];
        java.util.Arrays.fill(ones, 1);
        Run single = run(ones);
        Run whole = run(new long[] {60});
        Run mixed = run(new long[] {7, 1, 30, 22});
        assertTrue(single.stop.startsWith("breakpoint 1 hit: pc 0x40000 reached by thread "), single.stop);
        assertTrue(single.stop.contains(" at cycle "), single.stop);
        assertEquals(single.stop, whole.stop, "the PC breakpoint hits at the same cycle in every run");
        assertEquals(single.stop, mixed.stop);
        // the MMU too: a stop between two instructions is no event, so the CPU fetches on without a new translation
        assertEquals(single.state, whole.state, "60 steps of one instruction = one step of 60: cycles, registers, counters, TLB");
        assertEquals(single.state, mixed.state);
        assertEquals(plain.digest, single.digest, "stepping leaves the trace digest as it was");
        assertEquals(plain.digest, whole.digest);
        assertEquals(plain.digest, mixed.digest);
    }

    @Test
    void aBreakpointLeftInPlaceHitsOnEveryPassAndTheThreadRunsItsInstructionAfterAResume() throws Exception {
        run(null);
        TestMachine m = machine();
        Kernel k = m.kernel;
        DebugCommands d = debugger(m);
        assertTrue(k.awaitQuiescent(5000));
        // the loop's system call: daddiu at, zero, 0 at index 8 of ping (lui, 2 × daddiu, 5 × ld)
        long loopCall = GuestThreadsTest.PING + 8 * 4;
        d._break("pc", Integer.toHexString(pingTask), Long.toHexString(loopCall));
        CompletableFuture<Void> done = CompletableFuture.runAsync(() -> {
            try {
                m.run(l4 -> GuestThreadsTest.pingPongTasks(m, l4, 3));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        List<String> stops = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            await(() -> k.debugger.paused());
            String stop = d.pause();
            stops.add(stop);
            assertTrue(stop.contains("pc 0x" + Long.toHexString(loopCall)), stop);
            String regs = d.regs(Integer.toHexString(pingTask) + ".00");
            assertTrue(regs.contains("next: 0x" + Long.toHexString(loopCall) + "  64010000  daddiu at, zero, 0x0"), regs);
            String step = d.step("10", true, "1");
            assertTrue(step.startsWith("stepped 1 instruction; thread "), step);
            assertTrue(step.contains("next: 0x" + Long.toHexString(loopCall + 4) + "  0000000c  syscall"), step);
            d.resume("0");
        }
        assertEquals(3, stops.stream().distinct().count(), "three passes, three cycles: " + stops);
        d._break("delete", "1");
        done.get(30, TimeUnit.SECONDS);
    }

    @Test
    void errorsAreOneLine() throws Exception {
        TestMachine ix = new TestMachine();
        machines.add(ix);
        DebugCommands onTest = debugger(ix);
        onTest.pause();
        assertTrue(message(() -> onTest.step("1", true, "1")).matches("l4:step: the \\S+ machine has no guest CPU: .*"));
        assertTrue(message(() -> onTest._break("pc", "3", "0x1000")).matches("l4:break: the \\S+ machine has no guest CPU: .*"));

        TestMachine m = machine();
        DebugCommands d = debugger(m);
        assertEquals("l4:step: the machine is not paused (l4:pause first)", message(() -> d.step("1", true, "5")));
        assertEquals("l4:step: instruction count must be between 1 and 100000000", message(() -> d.step("1", true, "0")));
        assertEquals("l4:step: instruction count must be between 1 and 100000000", message(() -> d.step("1", true, "100000001")));
        d.pause();
        assertTrue(message(() -> d.step("1", true, "5")).startsWith("l4:step: no guest thread: "));
        assertTrue(message(() -> d._break("pc", "3", "zz")).startsWith("l4:break: "));
        assertTrue(message(() -> d._break("wat", "3", "0x1000")).startsWith("l4:break: usage: l4:break ipc FROM TO | l4:break pc TASK ADDRESS"));
    }

    @Test
    void disassemblerShowsOperands() {
        assertEquals("nop", Disassembler.text(0x1000, 0));
        assertEquals("lui gp, 0x5", Disassembler.text(0x1000, 0x3C1C0005));
        assertEquals("ld a4, 0x0(gp)", Disassembler.text(0x1000, (55 << 26) | (28 << 21) | (8 << 16)));
        assertEquals("daddiu sp, sp, -0x20", Disassembler.text(0x1000, (25 << 26) | (29 << 21) | (29 << 16) | 0xFFE0));
        assertEquals("bne s8, a6, 0xff8", Disassembler.text(0x1000, (5 << 26) | (30 << 21) | (10 << 16) | 0xFFFD));
        assertEquals("jr ra", Disassembler.text(0x1000, (31 << 21) | 8));
        assertEquals("daddu v0, a0, a1", Disassembler.text(0x1000, (4 << 21) | (5 << 16) | (2 << 11) | 45));
        assertEquals("syscall", Disassembler.text(0x1000, 12));
    }
}
