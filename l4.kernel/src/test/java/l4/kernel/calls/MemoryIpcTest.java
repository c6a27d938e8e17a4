package l4.kernel.calls;

import static l4.kernel.calls.Scenarios.machine;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import l4.api.ConditionCode;
import l4.api.Fpage;
import l4.api.IpcDescriptor;
import l4.api.IpcError;
import l4.api.IpcResult;
import l4.api.L4;
import l4.api.MsgDope;
import l4.api.ThreadBody;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.kernel.KernelConfig.SchedulerPolicy;
import l4.kernel.testarch.TestMachine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Long messages (memory words, strings, message cut) and map items between tasks. */
class MemoryIpcTest {
    static final long SND_BUF = 0x10000;
    static final long SND_STR = 0x11000;
    static final long RCV_BUF = 0x20000;
    static final long RCV_STR = 0x30000;
    static final byte[] TEXT = "the quick brown fox jumps over the lazy dog, twice: the quick brown fox jumps over the lazy dog"
            .getBytes(StandardCharsets.US_ASCII);

    /** Writes a send buffer: capacity 16 words, {@code words} sent (value 100+i), one string of TEXT. */
    static void sendBuffer(L4 l4, int words) {
        var mem = l4.memory();
        mem.writeWord(SND_BUF, 0);
        mem.writeWord(SND_BUF + 8, MsgDope.of(16, 1));
        mem.writeWord(SND_BUF + 16, MsgDope.of(words, 1));
        for (int i = 0; i < 16; i++) mem.writeWord(SND_BUF + (3 + i) * 8L, 100 + i);
        long sd = SND_BUF + (3 + 16) * 8L;
        mem.writeWord(sd, TEXT.length);
        mem.writeWord(sd + 8, SND_STR + 3); // unaligned
        mem.write(SND_STR + 3, TEXT);
    }

    /** Writes a receive buffer of {@code capacity} words and one string slot of {@code strSize} bytes. */
    static void receiveBuffer(L4 l4, int capacity, long strSize) {
        var mem = l4.memory();
        mem.writeWord(RCV_BUF, 0);
        mem.writeWord(RCV_BUF + 8, MsgDope.of(capacity, 1));
        mem.writeWord(RCV_BUF + 16, 0);
        long rd = RCV_BUF + (3 + capacity) * 8L;
        mem.writeWord(rd + 16, strSize);
        mem.writeWord(rd + 24, RCV_STR + 5);
        mem.write(RCV_STR, new byte[256]);
    }

    /**
     * The receiver (another task) receives a long message into its buffer and reports back in
     * register words: cc, receive dope, words 8..11 of its buffer, delivered string size, and the
     * string bytes as a hash.
     */
    static ThreadBody receiver(ThreadId sender, int capacity, long strSize) {
        return x -> {
            receiveBuffer(x, capacity, strSize);
            IpcResult r = x.receive(sender, IpcDescriptor.receiveBuffer(RCV_BUF, false), Timeout.NEVER);
            var mem = x.memory();
            long rd = RCV_BUF + (3 + capacity) * 8L;
            long got = mem.readWord(rd);
            byte[] s = mem.read(RCV_STR + 5, (int) Math.min(got, 256));
            long extra = 0;
            for (int i = 8; i < Math.min(capacity, 12); i++) extra = extra * 1000 + mem.readWord(RCV_BUF + (3 + i) * 8L);
            x.send(sender, new long[] {r.cc(), r.dope(), extra, got, java.util.Arrays.hashCode(s), r.word(0), r.word(7)},
                    Timeout.NEVER);
        };
    }

    @ParameterizedTest
    @EnumSource(SchedulerPolicy.class)
    void longMessageWordsAndStringsAcrossTasks(SchedulerPolicy p) throws Exception {
        try (TestMachine m = machine(p)) {
            m.run(l4 -> {
                ThreadId me = l4.myself();
                sendBuffer(l4, 12);
                ThreadId c = Scenarios.task(l4, 0x130, receiver(me, 16, 200));
                IpcResult s = l4.send(c, IpcDescriptor.send(SND_BUF, false, false), new long[] {100, 101, 102, 103, 104, 105, 106, 107}, Timeout.NEVER);
                assertTrue(s.ok(), s.toString());
                IpcResult r = l4.receive(c, Timeout.receive(1_000_000));
                assertTrue(r.ok(), r.toString());
                assertEquals(0, r.word(0), "receiver's cc");
                assertEquals(12, MsgDope.words(r.word(1)));
                assertEquals(1, MsgDope.strings(r.word(1)));
                assertEquals(108_109_110_111L, r.word(2), "memory words 8..11");
                assertEquals(TEXT.length, r.word(3));
                assertEquals(java.util.Arrays.hashCode(TEXT), r.word(4));
                assertEquals(100, r.word(5));
                assertEquals(107, r.word(6));
            });
        }
    }

    @ParameterizedTest
    @EnumSource(SchedulerPolicy.class)
    void messageCutWhenBufferOrStringTooSmall(SchedulerPolicy p) throws Exception {
        try (TestMachine m = machine(p)) {
            m.run(l4 -> {
                ThreadId me = l4.myself();
                sendBuffer(l4, 12);
                long desc = IpcDescriptor.send(SND_BUF, false, false);
                // buffer of 10 words for 12
                ThreadId c = Scenarios.task(l4, 0x131, receiver(me, 10, 200));
                IpcResult s = l4.send(c, desc, new long[] {100}, Timeout.NEVER);
                assertEquals(IpcError.SEND_CUT, s.error(), s.toString());
                IpcResult r = l4.receive(c, Timeout.receive(1_000_000));
                assertTrue(r.ok(), r.toString());
                assertEquals(IpcError.RECEIVE_CUT.code(), (int) r.word(0) & 0xF0);
                // string slot of 50 bytes for TEXT
                c = Scenarios.task(l4, 0x132, receiver(me, 16, 50));
                s = l4.send(c, desc, new long[] {100}, Timeout.NEVER);
                assertEquals(IpcError.SEND_CUT, s.error(), s.toString());
                r = l4.receive(c, Timeout.receive(1_000_000));
                assertEquals(IpcError.RECEIVE_CUT.code(), (int) r.word(0) & 0xF0);
                assertEquals(50, r.word(3), "string cut to the receive size");
                assertEquals(java.util.Arrays.hashCode(java.util.Arrays.copyOf(TEXT, 50)), r.word(4));
                // register-only receive of a long message
                ThreadBody regOnly = x -> {
                    IpcResult q = x.receive(me, Timeout.NEVER);
                    x.send(me, new long[] {q.cc()}, Timeout.NEVER);
                };
                c = Scenarios.task(l4, 0x133, regOnly);
                s = l4.send(c, desc, new long[] {100}, Timeout.NEVER);
                assertEquals(IpcError.SEND_CUT, s.error(), s.toString());
                r = l4.receive(c, Timeout.receive(1_000_000));
                assertEquals(IpcError.RECEIVE_CUT.code(), (int) r.word(0) & 0xF0);
            });
        }
    }

    @ParameterizedTest
    @EnumSource(SchedulerPolicy.class)
    void mapItemThenUnmapMakesTheClientFaultAgain(SchedulerPolicy p) throws Exception {
        try (TestMachine m = machine(p)) {
            m.run(l4 -> {
                ThreadId me = l4.myself();
                l4.memory().writeWord(0x40000, 0xCAFE_F00DL);
                long window = IpcDescriptor.receiveWindow(Fpage.of(0x100000, 20, true), false);
                ThreadBody client = x -> {
                    IpcResult r = x.receive(me, window, Timeout.NEVER);
                    long v = x.memory().readWord(0x100000 + 0x3000);
                    x.send(me, new long[] {r.cc(), v}, Timeout.NEVER);
                    // decision 11: an item that covers no mapped page still sets m
                    r = x.receive(me, window, Timeout.NEVER);
                    x.send(me, new long[] {r.cc()}, Timeout.NEVER);
                    x.receive(me, Timeout.NEVER); // go
                    x.memory().readWord(0x100000 + 0x3000); // faults to its pager (me)
                };
                ThreadId c = l4.taskNew(ThreadId.of(0, 0, 0x140, 0, 1), 255, 0, l4.codeAddress(client), me, ThreadId.NIL);
                assertFalse(c.isNil());
                IpcResult s = l4.send(c, IpcDescriptor.MAP, new long[] {0x3000, Fpage.of(0x40000, 12, true).encode()}, Timeout.NEVER);
                assertTrue(s.ok(), s.toString());
                IpcResult r = l4.receive(c, Timeout.receive(1_000_000));
                assertTrue(r.ok(), r.toString());
                int clientCc = (int) r.word(0);
                assertEquals(0, clientCc & 0xF0);
                assertTrue((clientCc & ConditionCode.MAPPED) != 0, "m bit");
                assertEquals(0xCAFE_F00DL, r.word(1), "client reads the pager's data at its own address");
                s = l4.send(c, IpcDescriptor.MAP, new long[] {0, Fpage.of(0x800000, 12, true).encode()}, Timeout.NEVER);
                assertTrue(s.ok(), s.toString());
                r = l4.receive(c, Timeout.receive(1_000_000));
                assertTrue(((int) r.word(0) & ConditionCode.MAPPED) != 0, "m bit for an empty fpage");
                l4.fpageUnmap(Fpage.of(0x40000, 12, true), true, false);
                assertEquals(0xCAFE_F00DL, l4.memory().readWord(0x40000), "own page kept");
                assertTrue(l4.send(c, new long[0], Timeout.NEVER).ok());
                r = l4.receive(c, Timeout.receive(1_000_000));
                assertTrue(r.ok(), r.toString());
                assertEquals(0x103000L, r.word(0) & ~3L, "page fault message after the unmap");
                assertEquals(0, r.word(0) & 2, "a read fault");
                // answer with the page again: the client continues and ends
                s = l4.send(c, IpcDescriptor.MAP, new long[] {0x103000, Fpage.of(0x40000, 12, true).encode()}, Timeout.ZERO);
                assertTrue(s.ok(), s.toString());
            });
            assertTrue(m.kernel.inspect(() -> { m.kernel.mappings.checkInvariants(); return true; }, 5000));
        }
    }
}
