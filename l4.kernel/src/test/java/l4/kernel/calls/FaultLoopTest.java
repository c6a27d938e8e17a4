package l4.kernel.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import l4.api.IpcError;
import l4.api.ThreadBody;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.kernel.testarch.TestMachine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two threads that are each other's pager and both fault: each takes the other's fault message
 * for the reply to its own, which maps nothing, and faults again, forever. That is their
 * business; the kernel must still pass a preemption point at every retry (as a CPU restarts the
 * faulting instruction in user mode), so time goes on and everybody else runs. Found by the
 * system-call fuzzer (ix86 seed 1): before, the pair kept the CPU for good.
 */
class FaultLoopTest {

    /** Waits for a message (from {@code from}, or anybody if nil), then touches an unmapped page. */
    static ThreadBody toucher(ThreadId from, long address) {
        return x -> {
            if (from.isNil()) x.waitAny(Timeout.NEVER);
            else x.receive(from, Timeout.NEVER);
            x.memory().writeWord(address, 1);
        };
    }

    @ParameterizedTest
    @ValueSource(ints = {64, 32})
    void twoThreadsPagingEachOtherDoNotStopTheMachine(int bits) throws Exception {
        try (TestMachine m = LongIpcFaultsTest.machine(bits)) {
            m.run(l4 -> {
                ThreadId me = l4.myself();
                ThreadId a = ThreadId.of(me.nest() + 1, me.task(), 0x170, 0, 1);
                // b takes a's first fault message as an ordinary one, then faults itself: from then
                // on each waits in its fault RPC for the other and gets the other's fault message
                ThreadId b = l4.taskNew(ThreadId.of(0, 0, 0x171, 0, 1), 255, 0, l4.codeAddress(toucher(ThreadId.NIL, 0x610000)), a, ThreadId.NIL);
                assertEquals(a, l4.taskNew(a, 255, 0, l4.codeAddress(toucher(me, 0x600000)), b, ThreadId.NIL));
                assertTrue(l4.send(a, new long[] {0}, Timeout.NEVER).ok(), "go");
                long faults0 = m.kernel.stats.pageFaults;
                long t0 = l4.clockMicros();
                assertEquals(IpcError.RECEIVE_TIMEOUT, l4.sleep(50_000).error(), "time goes on and the sleeper wakes");
                assertTrue(l4.clockMicros() - t0 >= 50_000);
                assertTrue(m.kernel.stats.pageFaults - faults0 > 10, "the pair is still at it");
                assertFalse(l4.taskNew(a, me.raw(), 0, 0, ThreadId.NIL, ThreadId.NIL).isNil());
                assertFalse(l4.taskNew(b, me.raw(), 0, 0, ThreadId.NIL, ThreadId.NIL).isNil());
            });
        }
    }
}
