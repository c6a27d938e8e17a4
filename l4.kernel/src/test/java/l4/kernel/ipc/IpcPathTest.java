package l4.kernel.ipc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import l4.api.IpcError;
import l4.api.IpcResult;
import l4.api.L4;
import l4.api.ThreadBody;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.kernel.testarch.TestMachine;
import org.junit.jupiter.api.Test;

class IpcPathTest {

    /** A partner in lthread 1 that answers each call with w0+1 in w0, for as long as it is called. */
    static final ThreadBody ECHO = l4 -> {
        IpcResult r = l4.waitAny(Timeout.NEVER);
        while (true) {
            long[] w = r.words();
            w[0] = w[0] + 1;
            r = l4.replyAndWait(r.source(), w, Timeout.NEVER);
        }
    };

    @Test
    void callAndReplyWithinTask() throws Exception {
        try (TestMachine m = new TestMachine()) {
            m.run(l4 -> {
                l4.lthreadExRegs(1, l4.codeAddress(ECHO), 0, ThreadId.INVALID, ThreadId.INVALID);
                ThreadId echo = l4.myself().withLthread(1);
                for (int i = 0; i < 10; i++) {
                    IpcResult r = l4.call(echo, new long[] {i, 7}, Timeout.NEVER);
                    assertTrue(r.ok(), r.toString());
                    assertEquals(i + 1, r.word(0));
                    assertEquals(7, r.word(1));
                    assertEquals(echo, r.source());
                }
            });
        }
    }

    /**
     * The binding and the kernel reuse their IPC parameter blocks from call to call: the words a
     * shorter message leaves out, and the words of a send-only IPC's result, read 0, never what
     * the previous IPC left there.
     */
    @Test
    void reusedParameterBlocksCarryNothingOver() throws Exception {
        ThreadBody sink = l4 -> {
            while (true) l4.waitAny(Timeout.NEVER);
        };
        try (TestMachine m = new TestMachine()) {
            m.run(l4 -> {
                assertEquals(8, l4.messageRegisters());
                l4.lthreadExRegs(1, l4.codeAddress(ECHO), 0, ThreadId.INVALID, ThreadId.INVALID);
                l4.lthreadExRegs(2, l4.codeAddress(sink), 0, ThreadId.INVALID, ThreadId.INVALID);
                ThreadId echo = l4.myself().withLthread(1);
                IpcResult full = l4.call(echo, new long[] {1, 2, 3, 4, 5, 6, 7, 8}, Timeout.NEVER);
                assertArrayEquals(new long[] {2, 2, 3, 4, 5, 6, 7, 8}, full.words());
                IpcResult shorter = l4.call(echo, new long[] {10}, Timeout.NEVER);
                assertArrayEquals(new long[] {11, 0, 0, 0, 0, 0, 0, 0}, shorter.words());
                IpcResult none = l4.call(echo, null, Timeout.NEVER);
                assertArrayEquals(new long[] {1, 0, 0, 0, 0, 0, 0, 0}, none.words());
                IpcResult sent = l4.send(l4.myself().withLthread(2), new long[] {5, 6}, Timeout.NEVER);
                assertTrue(sent.ok(), sent.toString());
                assertArrayEquals(new long[8], sent.words());
                assertEquals(ThreadId.NIL, sent.source());
            });
        }
    }

    @Test
    void callAcrossTasks() throws Exception {
        try (TestMachine m = new TestMachine()) {
            m.run(l4 -> {
                ThreadId partner = l4.taskNew(ThreadId.of(0, 0, 0x100, 0, 1), 255, 0, l4.codeAddress(ECHO),
                        ThreadId.of(0, 0, 1, 0, 0), ThreadId.NIL);
                assertTrue(!partner.isNil(), "task_new refused");
                IpcResult r = l4.call(partner, new long[] {41}, Timeout.NEVER);
                assertTrue(r.ok(), r.toString());
                assertEquals(42, r.word(0));
                assertEquals(partner, r.source());
            });
        }
    }

    @Test
    void sendToNilIsNonExistentAndZeroTimeoutsNeverBlock() throws Exception {
        try (TestMachine m = new TestMachine()) {
            m.run(l4 -> {
                assertEquals(IpcError.NON_EXISTENT, l4.send(ThreadId.NIL, new long[0], Timeout.NEVER).error());
                assertEquals(IpcError.RECEIVE_TIMEOUT, l4.waitAny(Timeout.of(0, 0)).error());
                ThreadId idle = l4.myself().withLthread(2);
                l4.lthreadExRegs(2, l4.codeAddress(x -> x.sleep(1_000_000)), 0, ThreadId.INVALID, ThreadId.INVALID);
                assertEquals(IpcError.SEND_TIMEOUT, l4.send(idle, new long[0], Timeout.of(0, 0)).error());
            });
        }
    }

    @Test
    void sleepReturnsTimeoutAtTheFirstTickAfterTheDeadline() throws Exception {
        try (TestMachine m = new TestMachine()) {
            AtomicLong slept = new AtomicLong();
            m.run(l4 -> {
                long before = l4.clockMicros();
                IpcResult r = l4.sleep(2500);
                slept.set(l4.clockMicros() - before);
                assertEquals(IpcError.RECEIVE_TIMEOUT, r.error());
            });
            assertTrue(slept.get() >= 2500 && slept.get() < 4100, "slept " + slept.get() + " µs");
        }
    }
}
