package l4.kernel.calls;

import static l4.kernel.calls.Scenarios.machine;
import static l4.kernel.calls.Scenarios.start;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import l4.api.IpcDescriptor;
import l4.api.IpcError;
import l4.api.IpcResultBuffer;
import l4.api.IpcResult;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.kernel.KernelConfig.SchedulerPolicy;
import l4.kernel.testarch.TestMachine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The IPC calls that write into a caller's {@link IpcResultBuffer} report what the {@link IpcResult} forms report. */
class IpcResultBufferTest {

    @ParameterizedTest
    @EnumSource(SchedulerPolicy.class)
    void aReusedOutcomeReportsWhatAResultReports(SchedulerPolicy p) throws Exception {
        try (TestMachine m = machine(p)) {
            m.run(l4 -> {
                ThreadId me = l4.myself();
                // an echo server on a reused outcome: replies with word 0 doubled and word 1 as it came
                ThreadId server = start(l4, 1, x -> {
                    IpcResultBuffer q = x.waitAny(Timeout.NEVER, new IpcResultBuffer());
                    long[] reply = new long[x.messageRegisters()];
                    while (true) {
                        q.copyWords(reply);
                        reply[0] *= 2;
                        x.replyAndWait(q.source(), reply, Timeout.NEVER, q);
                    }
                });
                IpcResultBuffer out = new IpcResultBuffer();
                for (int i = 1; i < 5; i++) {
                    IpcResult r = l4.call(server, new long[] {i, 100 + i}, Timeout.NEVER);
                    assertSame(out, l4.call(server, new long[] {i, 100 + i}, Timeout.NEVER, out));
                    assertTrue(out.ok(), out.toString());
                    assertEquals(r.dope(), out.dope());
                    assertEquals(r.source(), out.source());
                    assertEquals(server, out.source());
                    assertEquals(r.realDestination(), out.realDestination());
                    assertEquals(me, out.realDestination());
                    assertEquals(l4.messageRegisters(), out.wordCount());
                    assertArrayEquals(r.words(), out.words());
                    assertEquals(2L * i, out.word(0));
                    assertEquals(100L + i, out.word(1));
                    assertArrayEquals(r.words(), out.toResult().words());
                }
                // an error overwrites the whole outcome
                l4.ipc(ThreadId.NIL, IpcDescriptor.NIL, new long[0], IpcDescriptor.registers(), ThreadId.INVALID,
                        ThreadId.NIL, Timeout.receive(100), out);
                IpcResult slept = l4.sleep(100);
                assertEquals(IpcError.RECEIVE_TIMEOUT, out.error());
                assertEquals(slept.dope(), out.dope());
                assertEquals(slept.source(), out.source());
                assertArrayEquals(slept.words(), out.words());
            });
        }
    }

    @Test
    void setFromAResultCopiesItAndGrowsItsWords() {
        ThreadId a = ThreadId.of(0, 0, 3, 1, 1);
        ThreadId b = ThreadId.of(0, 0, 4, 2, 1);
        IpcResultBuffer o = new IpcResultBuffer().set(new IpcResult(0, a, new long[] {1, 2}, b));
        assertEquals(2, o.wordCount());
        assertArrayEquals(new long[] {1, 2}, o.words());
        assertEquals(a, o.source());
        assertEquals(b, o.realDestination());
        assertThrows(IndexOutOfBoundsException.class, () -> o.word(2));
        o.set(new IpcResult(0, b, new long[] {5, 6, 7, 8}, a));
        assertArrayEquals(new long[] {5, 6, 7, 8}, o.words());
        assertArrayEquals(new long[] {5, 6, 7}, o.copyWords(new long[3]), "as many as fit");
        o.set(new IpcResult(0, b, new long[] {9}, a));
        assertEquals(1, o.wordCount());
        assertArrayEquals(new long[] {9}, o.words());
    }
}
