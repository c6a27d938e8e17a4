package l4.arch.mips;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import l4.api.IpcResult;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.kernel.KernelConfig;
import l4.kernel.ipc.FastPathScenarios;
import l4.spi.Architecture;
import org.junit.jupiter.api.Test;

/**
 * The kernel's IPC fast-path scenarios on the MIPS backend: the Java-thread ones, and guest
 * threads (MIPS machine code) calling each other and a Java thread, each with the fast path on
 * and off and the same simulation either way.
 */
class FastPathOnMipsTest extends FastPathScenarios {
    @Override
    protected Architecture arch() { return new MipsArchitecture(); }

    private static void sameWithAndWithout(KernelConfig config, java.util.function.BiConsumer<l4.kernel.testarch.TestMachine, l4.api.L4> scenario)
            throws Exception {
        Outcome fast = run(new MipsArchitecture(), config, true, scenario);
        Outcome generic = run(new MipsArchitecture(), config, false, scenario);
        fast.assertSameSimulation(generic);
        assertEquals(0, generic.fastPathCalls(), "the fast path was taken while off");
        assertTrue(fast.fastPathCalls() >= 60, "the fast path was taken only " + fast.fastPathCalls() + " times");
    }

    /** GuestThreadsTest's ping-pong of two guest tasks faulting in through σ0, then pong's task killed while it waits. */
    @Test
    void guestPingPongSameWithAndWithoutFastPath() throws Exception {
        sameWithAndWithout(new KernelConfig(), (m, l4) -> GuestThreadsTest.pingPongTasks(m, l4, 60));
    }

    /** The same with every guest block translated to JVM bytecode. */
    @Test
    void translatedGuestPingPongSameWithAndWithoutFastPath() throws Exception {
        KernelConfig config = new KernelConfig();
        config.archOptions.put(MipsUserCpu.TRANSLATION_THRESHOLD, 1);
        sameWithAndWithout(config, (m, l4) -> GuestThreadsTest.pingPongTasks(m, l4, 60));
    }

    /** A Java thread calls a guest server (reply-and-wait in machine code) in its own task. */
    @Test
    void javaCallsGuestServerSameWithAndWithoutFastPath() throws Exception {
        sameWithAndWithout(new KernelConfig(), (m, l4) -> {
            ThreadId me = l4.myself();
            GuestThreadsTest.table(l4, GuestThreadsTest.PONG_TAB, ThreadId.NIL, 0);
            GuestThreadsTest.pong(GuestThreadsTest.PONG_TAB).writeTo(l4, GuestThreadsTest.PONG);
            l4.lthreadExRegs(2, GuestThreadsTest.PONG, 0x9000, ThreadId.INVALID, ThreadId.INVALID);
            for (int k = 0; k < 80; k++) {
                IpcResult r = l4.call(me.withLthread(2), new long[] {100 + k, 7}, Timeout.NEVER);
                assertTrue(r.ok(), r.toString());
                assertEquals(101L + k, r.word(0), "the word + 1");
            }
        });
    }
}
