package l4.kernel.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiConsumer;
import l4.api.IpcResult;
import l4.api.L4;
import l4.api.ThreadBody;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.kernel.KernelConfig;
import l4.kernel.testarch.TestMachine;
import l4.spi.Architecture;
import org.junit.jupiter.api.Test;

/**
 * The kernel's IPC fast path ({@link KernelConfig#ipcFastPath}) leaves the simulation as the
 * generic path leaves it: each IPC-heavy scenario runs with the fast path on and off, and both
 * runs must end with the same trace digest, the same simulated cycles, the same statistics (ready
 * queue operations included) and the same IPC results — and the run with it on must have taken it.
 * Each architecture's test module runs these on its backend.
 */
public abstract class FastPathScenarios {
    protected abstract Architecture arch();

    static final ThreadId SIGMA0 = ThreadId.of(0, 0, 1, 0, 0);

    /** What a run leaves that the fast path must not change, and how often the fast path was taken. */
    public record Outcome(long digest, long cycles, String stats, long fastPathCalls) {
        /** The same simulation as {@code other}, whichever path each took. */
        public void assertSameSimulation(Outcome other) {
            assertEquals(stats, other.stats, "statistics");
            assertEquals(cycles, other.cycles, "simulated cycles");
            assertEquals(digest, other.digest, "trace digest");
        }
    }

    /** Runs {@code scenario} (given the machine and the root thread's L4) with the fast path on or off. */
    public static Outcome run(Architecture arch, KernelConfig base, boolean fastPath,
                              BiConsumer<TestMachine, L4> scenario) throws Exception {
        KernelConfig config = base.copy();
        config.ipcFastPath = fastPath;
        try (TestMachine m = new TestMachine(arch, config)) {
            m.run(l4 -> scenario.accept(m, l4));
            assertTrue(m.kernel.awaitQuiescent(5000));
            return m.kernel.inspect(() -> {
                var s = m.kernel.stats;
                String stats = "syscalls " + s.syscalls + " ipcs " + s.ipcs + " switches " + s.threadSwitches
                        + " space switches " + s.spaceSwitches + " timeouts " + s.timeouts + " faults " + s.pageFaults
                        + " queue ops " + m.kernel.readyQueue().operations() + " guest instructions " + s.guestInstructions;
                return new Outcome(m.kernel.trace.digest(), m.kernel.clock.cycles(), stats, m.kernel.ipc.fastPathCalls());
            }, 5000);
        }
    }

    static ThreadId start(L4 l4, int lthread, ThreadBody body) {
        l4.lthreadExRegs(lthread, l4.codeAddress(body), 0, ThreadId.INVALID, ThreadId.INVALID);
        return l4.myself().withLthread(lthread);
    }

    static ThreadId task(L4 l4, int task, ThreadBody body) {
        return l4.taskNew(ThreadId.of(0, 0, task, 0, 1), 255, 0, l4.codeAddress(body), SIGMA0, ThreadId.NIL);
    }

    /** An echo server: waits for anyone, then replies word 0 + {@code add} and the clock, and waits again. */
    static ThreadBody echo(long add) {
        return x -> {
            IpcResult r = x.waitAny(Timeout.NEVER);
            while (true) r = x.replyAndWait(r.source(), new long[] {r.word(0) + add, x.clockMicros()}, Timeout.NEVER);
        };
    }

    /**
     * Calls (a server in the caller's task and one in another task), with receives that time out,
     * a receive from a thread that is not sending, memory touched between calls, and a thread
     * restarted while it waits: the common case beside the cases the fast path leaves alone.
     */
    public static BiConsumer<TestMachine, L4> mixed(int rounds, List<String> seen) {
        return (m, l4) -> {
            ThreadId me = l4.myself();
            ThreadId local = start(l4, 1, echo(1));
            ThreadId remote = task(l4, 0x160, echo(3));
            for (int i = 0; i < rounds; i++) {
                seen.add(l4.call(i % 2 == 0 ? local : remote, new long[] {i, 2L * i}, Timeout.NEVER).toString());
                if (i % 5 == 0) seen.add(l4.receive(local, Timeout.receive(1500 + i)).toString());
                if (i % 7 == 0) l4.memory().writeWord(0x50000 + 4096L * i, i);
            }
            ThreadId waiter = start(l4, 2, x -> seen.add(x.receive(me, Timeout.NEVER).toString()));
            l4.threadSwitch(waiter);
            l4.lthreadExRegs(2, -1, -1, ThreadId.INVALID, ThreadId.INVALID);
            l4.threadSwitch(waiter);
            seen.add("t=" + l4.clockMicros());
        };
    }

    /** The ping-pong of l4:pingpong's shape: a client calls, a server in another task replies and waits. */
    static BiConsumer<TestMachine, L4> pingPong(int rounds, List<String> seen) {
        return (m, l4) -> {
            ThreadId pong = task(l4, 0x170, echo(1));
            long w = 0;
            for (int i = 0; i < rounds; i++) {
                IpcResult r = l4.call(pong, new long[] {w, i}, Timeout.NEVER);
                w = r.word(0);
                if (i % 50 == 0) seen.add(r.toString());
            }
            seen.add("w=" + w + " t=" + l4.clockMicros());
        };
    }

    private void sameWithAndWithout(KernelConfig base, int rounds,
                                    java.util.function.BiFunction<Integer, List<String>, BiConsumer<TestMachine, L4>> scenario)
            throws Exception {
        List<String> on = Collections.synchronizedList(new ArrayList<>());
        List<String> off = Collections.synchronizedList(new ArrayList<>());
        Outcome fast = run(arch(), base, true, scenario.apply(rounds, on));
        Outcome generic = run(arch(), base, false, scenario.apply(rounds, off));
        assertEquals(off, on, "what the IPCs returned");
        fast.assertSameSimulation(generic);
        assertEquals(0, generic.fastPathCalls(), "the fast path was taken while off");
        assertTrue(fast.fastPathCalls() >= rounds, "the fast path was taken " + fast.fastPathCalls() + " times in " + rounds + " calls");
    }

    @Test
    void pingPongSameWithAndWithoutFastPath() throws Exception {
        sameWithAndWithout(new KernelConfig(), 400, FastPathScenarios::pingPong);
    }

    @Test
    void mixedScenarioSameWithAndWithoutFastPath() throws Exception {
        sameWithAndWithout(new KernelConfig(), 40, FastPathScenarios::mixed);
    }

    @Test
    void mixedScenarioUnderBennoSameWithAndWithoutFastPath() throws Exception {
        KernelConfig benno = new KernelConfig();
        benno.scheduler = KernelConfig.SchedulerPolicy.BENNO;
        sameWithAndWithout(benno, 40, FastPathScenarios::mixed);
    }
}
