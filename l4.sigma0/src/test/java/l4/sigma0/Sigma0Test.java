package l4.sigma0;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import l4.api.ExRegs;
import l4.api.Fpage;
import l4.api.IpcDescriptor;
import l4.api.IpcResult;
import l4.api.L4;
import l4.api.MsgDope;
import l4.api.Nearest;
import l4.api.Schedule;
import l4.api.ThreadBody;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.api.UserMemory;
import org.junit.jupiter.api.Test;

/** The server loop against a scripted binding: each ipc records the reply and hands out the next request. */
class Sigma0Test {
    private static final ThreadId CLIENT = ThreadId.of(0, 1, 3, 0, 1);

    /** Ends the otherwise endless loop once the script runs dry. */
    static final class ScriptDone extends RuntimeException {}

    record Sent(ThreadId dest, long sendDescriptor, long[] words, long receiveDescriptor, Timeout timeout) {}

    static final class ScriptedL4 implements L4 {
        final Deque<IpcResult> incoming = new ArrayDeque<>();
        final List<Sent> sent = new ArrayList<>();
        final UserMemory memory = new FakeMemory(8).kip(0x10_0000);

        void request(ThreadId from, long w0, long w1) {
            incoming.add(new IpcResult(MsgDope.of(2, 0), from, new long[] {w0, w1, 0, 0, 0, 0, 0, 0}, ThreadId.NIL));
        }

        @Override
        public IpcResult ipc(ThreadId dest, long snd, long[] words, long rcv, ThreadId from, ThreadId virt, Timeout t) {
            if (snd != IpcDescriptor.NIL) sent.add(new Sent(dest, snd, words.clone(), rcv, t));
            if (incoming.isEmpty()) throw new ScriptDone();
            return incoming.poll();
        }

        @Override public ThreadId myself() { return ThreadId.of(0, 0, 1, 0, 1); }
        @Override public String architecture() { return "mips"; }
        @Override public int messageRegisters() { return 8; }
        @Override public int wordBytes() { return 8; }
        @Override public UserMemory memory() { return memory; }
        @Override public long codeAddress(ThreadBody body) { throw new UnsupportedOperationException(); }
        @Override public long clockMicros() { return 0; }
        @Override public void compute(long cycles) {}
        @Override public long stackPointer() { return 0; }
        @Override public long ioRead(int port, int width) { throw new UnsupportedOperationException(); }
        @Override public void ioWrite(int port, int width, long value) { throw new UnsupportedOperationException(); }
        @Override public boolean loadVectorTable(long base, int vectors) { return false; }
        @Override public void breakpoint() { throw new UnsupportedOperationException(); }
        @Override public void coprocessor(int unit) { throw new UnsupportedOperationException(); }
        @Override public Nearest idNearest(ThreadId dest) { throw new UnsupportedOperationException(); }
        @Override public void fpageUnmap(long fpageWord, long mask) { throw new UnsupportedOperationException(); }
        @Override public void threadSwitch(ThreadId dest) {}
        @Override public Schedule threadSchedule(ThreadId d, long p, ThreadId e) { throw new UnsupportedOperationException(); }
        @Override public ExRegs lthreadExRegs(int l, long ip, long sp, ThreadId p, ThreadId e) { throw new UnsupportedOperationException(); }
        @Override public ThreadId taskNew(ThreadId d, long m, long sp, long ip, ThreadId p, ThreadId e) { throw new UnsupportedOperationException(); }
    }

    @Test
    void repliesWithMapItemsOrNullRepliesAndSendTimeoutZero() {
        ScriptedL4 l4 = new ScriptedL4();
        l4.request(CLIENT, 0x5000 | 2, 0x400000);                // page fault
        l4.request(CLIENT, -3L, 0);                              // KIP
        l4.request(CLIENT, 0x10_0000, 0);                        // beyond memory
        l4.incoming.add(new IpcResult(0x30, CLIENT, new long[8], ThreadId.NIL)); // reply failed: no reply to this
        l4.request(ThreadId.interrupt(2), 0, 0);                 // an interrupt: ignored
        l4.request(CLIENT, 0x6000, 0);

        Sigma0 sigma0 = new Sigma0();
        assertEquals("sigma0", sigma0.name());
        assertThrows(ScriptDone.class, () -> sigma0.main(l4));

        assertEquals(4, l4.sent.size());
        Timeout replyTimeout = Timeout.of(0, Timeout.INFINITE);
        for (Sent s : l4.sent) {
            assertEquals(CLIENT, s.dest());
            assertEquals(IpcDescriptor.OPEN, s.receiveDescriptor());
            assertEquals(replyTimeout, s.timeout());
            assertEquals(0, s.timeout().sendMicros());
        }
        assertEquals(IpcDescriptor.MAP, l4.sent.get(0).sendDescriptor());
        assertArrayEquals(new long[] {0x5000, Fpage.of(0x5000, 12, true).encode()}, l4.sent.get(0).words());
        assertArrayEquals(new long[] {0x1000, Fpage.of(0x1000, 12, false).encode()}, l4.sent.get(1).words());
        assertEquals(IpcDescriptor.registers(), l4.sent.get(2).sendDescriptor());
        assertArrayEquals(new long[] {0, 0}, l4.sent.get(2).words());
        assertArrayEquals(new long[] {0x6000, Fpage.of(0x6000, 12, true).encode()}, l4.sent.get(3).words());
    }
}
