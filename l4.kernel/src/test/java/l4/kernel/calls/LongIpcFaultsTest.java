package l4.kernel.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import l4.api.Fpage;
import l4.api.IpcDescriptor;
import l4.api.IpcError;
import l4.api.IpcResult;
import l4.api.L4;
import l4.api.MsgDope;
import l4.api.ThreadBody;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.kernel.KernelConfig;
import l4.kernel.testarch.TestArchitecture;
import l4.kernel.testarch.TestMachine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Page faults during long IPC (strings into or out of unmapped pages served by a user-level
 * pager): page-fault timeouts (decision 4), a reply without mapping (decision 5), the fault
 * message's words (decision 12), abort vs cancel (decision 3). Each scenario runs on the 64-bit
 * 8-register test machine and on the ix86-like 32-bit 2-register one.
 */
class LongIpcFaultsTest {
    static final int SERVE = 0, SILENT = 1, EMPTY_THEN_SERVE = 2;
    /** Pages of the client tasks, served by the pager from the test task's own memory. */
    static final long CLIENT_BUF = 0x200000;
    static final long CLIENT_STR_PAGE = 0x300000;
    /** Buffers of the test thread itself (σ0-mapped). */
    static final long OWN_BUF = 0x10000;
    static final long OWN_STR = 0x11003;
    static final long OWN_RCV_STR = 0x30000;
    static final byte[] TEXT = "page faults in the middle of a string copy, across a page boundary, twice over; page faults in the middle"
            .getBytes(StandardCharsets.US_ASCII);
    /** p = 9: 4^6 µs = 4096 µs. */
    static final int P9 = 9;
    static final long P9_MICROS = 4096;

    static TestMachine machine(int bits) {
        return bits == 64 ? new TestMachine() : new TestMachine(new TestArchitecture(32, 2), new KernelConfig());
    }

    /**
     * A user-level pager (a thread of the test task): maps the faulting page 1:1 from its own
     * task's memory, or stays silent, or first replies without a mapping, per page. A message
     * from {@code boss} is a query: word 0 = 0 answers (fault count, last w0), 1 answers (last w1,
     * number of faults on the last faulting page).
     */
    static ThreadBody pager(ThreadId boss, Map<Long, Integer> policy) {
        return x -> {
            int mr = x.messageRegisters();
            long faults = 0, lastW0 = 0, lastW1 = 0;
            Map<Long, Integer> perPage = new HashMap<>();
            Set<Long> emptied = new HashSet<>();
            IpcResult r = x.waitAny(Timeout.NEVER);
            while (true) {
                long[] reply = new long[mr];
                long desc = IpcDescriptor.registers();
                boolean answer = true;
                if (r.source().equals(boss)) {
                    if (r.word(0) == 0) {
                        reply[0] = faults;
                        reply[1] = lastW0;
                    } else {
                        reply[0] = lastW1;
                        reply[1] = perPage.getOrDefault(lastW0 & ~0xFFFL, 0);
                    }
                } else {
                    faults++;
                    lastW0 = r.word(0);
                    lastW1 = r.word(1);
                    long page = lastW0 & ~0xFFFL;
                    perPage.merge(page, 1, Integer::sum);
                    int mode = policy.getOrDefault(page, SERVE);
                    if (mode == SILENT) {
                        answer = false;
                    } else if (mode == EMPTY_THEN_SERVE && emptied.add(page)) {
                        // a reply that maps nothing
                    } else {
                        x.memory().readWord(page); // own page, from σ0
                        reply[0] = page;
                        reply[1] = Fpage.of(page, 12, true).encode();
                        desc = IpcDescriptor.MAP;
                    }
                }
                if (answer) {
                    r = x.ipc(r.source(), desc, reply, IpcDescriptor.OPEN, ThreadId.NIL, ThreadId.NIL, Timeout.of(0, Timeout.INFINITE));
                    if (!r.ok()) r = x.waitAny(Timeout.NEVER);
                } else {
                    r = x.waitAny(Timeout.NEVER);
                }
            }
        };
    }

    static long[] query(L4 l4, ThreadId pager, int which) {
        IpcResult r = l4.call(pager, new long[] {which, 0}, Timeout.of(1_000_000, 1_000_000));
        assertTrue(r.ok(), "pager query: " + r);
        return new long[] {r.word(0), r.word(1)};
    }

    /** Writes a send buffer at {@code buf}: capacity and sent words = message registers, one string. */
    static void sendBuffer(L4 x, long buf, long str, int len) {
        var mem = x.memory();
        int wb = x.wordBytes();
        int mr = x.messageRegisters();
        mem.writeWord(buf, 0);
        mem.writeWord(buf + wb, MsgDope.of(mr, 1));
        mem.writeWord(buf + 2L * wb, MsgDope.of(mr, 1));
        long sd = buf + (3L + mr) * wb;
        mem.writeWord(sd, len);
        mem.writeWord(sd + wb, str);
    }

    /** Writes a receive buffer at {@code buf}: capacity = message registers, one string slot. */
    static void receiveBuffer(L4 x, long buf, long str, int size) {
        var mem = x.memory();
        int wb = x.wordBytes();
        int mr = x.messageRegisters();
        mem.writeWord(buf, 0);
        mem.writeWord(buf + wb, MsgDope.of(mr, 1));
        mem.writeWord(buf + 2L * wb, 0);
        long rd = buf + (3L + mr) * wb;
        mem.writeWord(rd + 2L * wb, size);
        mem.writeWord(rd + 3L * wb, str);
    }

    static long deliveredSize(L4 x, long buf) {
        return x.memory().readWord(buf + (3L + x.messageRegisters()) * x.wordBytes());
    }

    /** A client that receives a long message from {@code from} into CLIENT_BUF/{@code str} and reports (cc, size) to {@code report}. */
    static ThreadBody longReceiver(ThreadId from, ThreadId report, long str, Timeout t) {
        return x -> {
            receiveBuffer(x, CLIENT_BUF, str, 256);
            IpcResult r = x.receive(from, IpcDescriptor.receiveBuffer(CLIENT_BUF, false), t);
            x.send(report, new long[] {r.cc(), deliveredSize(x, CLIENT_BUF)}, Timeout.NEVER);
        };
    }

    /** A client that sends TEXT from {@code str} (not touched by itself) to {@code to} and reports its cc. */
    static ThreadBody longSender(ThreadId to, ThreadId report, long str, Timeout t) {
        return x -> {
            sendBuffer(x, CLIENT_BUF, str, TEXT.length);
            IpcResult r = x.send(to, IpcDescriptor.send(CLIENT_BUF, false, false), new long[x.messageRegisters()], t);
            x.send(report, new long[] {r.cc(), 0}, Timeout.NEVER);
        };
    }

    static ThreadId clientTask(L4 l4, int task, ThreadId pager, ThreadBody body) {
        ThreadId t = l4.taskNew(ThreadId.of(0, 0, task, 0, 1), 255, 0, l4.codeAddress(body), pager, ThreadId.NIL);
        assertFalse(t.isNil(), "task_new");
        return t;
    }

    /** Lthread 2 of the test task starts a long send of TEXT to {@code to}; its string is σ0-mapped, the receiver's not. */
    static ThreadBody copier(ThreadId to, ThreadId report) {
        return x -> {
            long buf = 0x12000;
            sendBuffer(x, buf, buf + 0x1000, TEXT.length);
            x.memory().write(buf + 0x1000, TEXT);
            IpcResult q = x.send(to, IpcDescriptor.send(buf, false, false), new long[x.messageRegisters()], Timeout.NEVER);
            x.send(report, new long[] {q.cc(), 0}, Timeout.NEVER);
        };
    }

    /** Waits until the copy hangs in the receiver's fault on the silent string page. */
    static void awaitReceiverFault(L4 l4, ThreadId pager, long str) {
        for (int i = 0; i < 100 && (query(l4, pager, 0)[1] & ~0xFFFL) != CLIENT_STR_PAGE; i++) l4.sleep(1000);
        assertEquals(str | 2, query(l4, pager, 0)[1], "the transfer is in the receiver's fault");
    }

    static IpcResult report(L4 l4, ThreadId from) {
        IpcResult r = l4.receive(from, Timeout.receive(2_000_000));
        assertTrue(r.ok(), "report from " + from + ": " + r);
        return r;
    }

    long ones(L4 l4) { return l4.wordBytes() == 8 ? -1L : 0xFFFF_FFFFL; }

    // ---- decision 4 and 12: a fault in the receiver's space, bounded by the sender's p_s ------------

    @ParameterizedTest
    @ValueSource(ints = {64, 32})
    void receiverSideFaultTimesOutAfterSendersPagefaultTimeout(int bits) throws Exception {
        try (TestMachine m = machine(bits)) {
            m.run(l4 -> {
                ThreadId me = l4.myself();
                long str = CLIENT_STR_PAGE + 0x124;
                ThreadId pager = Scenarios.start(l4, 1, pager(me, Map.of(CLIENT_STR_PAGE, SILENT)));
                // the receiver's own p_r is zero: only the sender's p_s may count
                ThreadId rcv = clientTask(l4, 0x150, pager, longReceiver(me, me, str, Timeout.NEVER.withPagefault(0, 15)));
                sendBuffer(l4, OWN_BUF, OWN_STR, TEXT.length);
                l4.memory().write(OWN_STR, TEXT);
                long t0 = l4.clockMicros();
                IpcResult s = l4.send(rcv, IpcDescriptor.send(OWN_BUF, false, false), new long[l4.messageRegisters()],
                        Timeout.NEVER.withPagefault(P9, 0));
                long elapsed = l4.clockMicros() - t0;
                assertEquals(IpcError.SEND_PF_TIMEOUT, s.error(), s.toString());
                assertTrue(elapsed >= P9_MICROS, "ended after p_s, not before: " + elapsed);
                assertTrue(elapsed < 50_000, "ended soon after p_s: " + elapsed);
                IpcResult r = report(l4, rcv);
                assertEquals(IpcError.SEND_PF_TIMEOUT_RECEIVER.code(), (int) r.word(0) & 0xF0, "receiver's code");
                // decision 12: exact byte address, write flag, w1 all ones
                long[] q0 = query(l4, pager, 0);
                long[] q1 = query(l4, pager, 1);
                assertEquals(str | 2, q0[1], "w0 = faulting byte address | write");
                assertEquals(ones(l4), q1[0], "w1 = all ones");
                assertEquals(1, q1[1], "one fault message for the silent page");
            });
        }
    }

    // ---- decision 4 and 12: a fault in the sender's space, bounded by the receiver's p_r -------------

    @ParameterizedTest
    @ValueSource(ints = {64, 32})
    void senderSideFaultTimesOutAfterReceiversPagefaultTimeout(int bits) throws Exception {
        try (TestMachine m = machine(bits)) {
            m.run(l4 -> {
                ThreadId me = l4.myself();
                long str = CLIENT_STR_PAGE + 0x38;
                ThreadId pager = Scenarios.start(l4, 1, pager(me, Map.of(CLIENT_STR_PAGE, SILENT)));
                // the sender's own p_s is zero: only the receiver's p_r may count
                ThreadId snd = clientTask(l4, 0x151, pager, longSender(me, me, str, Timeout.NEVER.withPagefault(15, 0)));
                receiveBuffer(l4, OWN_BUF, OWN_RCV_STR, 256);
                long t0 = l4.clockMicros();
                IpcResult r = l4.receive(snd, IpcDescriptor.receiveBuffer(OWN_BUF, false), Timeout.NEVER.withPagefault(0, P9));
                long elapsed = l4.clockMicros() - t0;
                assertEquals(IpcError.RECEIVE_PF_TIMEOUT, r.error(), r.toString());
                assertTrue(elapsed >= P9_MICROS, "ended after p_r, not before: " + elapsed);
                assertTrue(elapsed < 50_000, "ended soon after p_r: " + elapsed);
                IpcResult s = report(l4, snd);
                assertEquals(IpcError.RECEIVE_PF_TIMEOUT_SENDER.code(), (int) s.word(0) & 0xF0, "sender's code");
                long[] q0 = query(l4, pager, 0);
                long[] q1 = query(l4, pager, 1);
                assertEquals(str, q0[1], "w0 = faulting byte address, read");
                assertEquals(ones(l4), q1[0], "w1 = all ones");
            });
        }
    }

    // ---- faults served during the transfer ----------------------------------------------------------

    @ParameterizedTest
    @ValueSource(ints = {64, 32})
    void faultsServedDuringTheTransferDeliverTheMessageIntact(int bits) throws Exception {
        try (TestMachine m = machine(bits)) {
            m.run(l4 -> {
                ThreadId me = l4.myself();
                long str = CLIENT_STR_PAGE + 0xFD0; // crosses into the next page
                ThreadId pager = Scenarios.start(l4, 1, pager(me, Map.of()));
                ThreadId rcv = clientTask(l4, 0x152, pager, longReceiver(me, me, str, Timeout.NEVER));
                sendBuffer(l4, OWN_BUF, OWN_STR, TEXT.length);
                l4.memory().write(OWN_STR, TEXT);
                IpcResult s = l4.send(rcv, IpcDescriptor.send(OWN_BUF, false, false), new long[l4.messageRegisters()],
                        Timeout.NEVER.withPagefault(P9, P9));
                assertTrue(s.ok(), s.toString());
                IpcResult r = report(l4, rcv);
                assertEquals(0, r.word(0) & 0xF0, "receiver's cc");
                assertEquals(TEXT.length, r.word(1), "delivered size");
                byte[] got = new byte[TEXT.length];
                l4.memory().read(str, got, 0, got.length); // the pager mapped the test task's own pages
                assertEquals(new String(TEXT, StandardCharsets.US_ASCII), new String(got, StandardCharsets.US_ASCII));
                assertEquals(3, query(l4, pager, 0)[0], "faults: the buffer page, then both string pages during the transfer");
                // the other direction: the sender's string comes from two unmapped pages
                ThreadId snd = clientTask(l4, 0x153, pager, x -> {
                    sendBuffer(x, CLIENT_BUF, 0x400FF0, TEXT.length);
                    IpcResult q = x.send(me, IpcDescriptor.send(CLIENT_BUF, false, false), new long[x.messageRegisters()], Timeout.NEVER);
                    x.send(me, new long[] {q.cc(), 0}, Timeout.NEVER);
                });
                l4.memory().write(0x400FF0, TEXT); // the pager will map these pages of the test task
                receiveBuffer(l4, OWN_BUF, OWN_RCV_STR, 256);
                r = l4.receive(snd, IpcDescriptor.receiveBuffer(OWN_BUF, false), Timeout.NEVER.withPagefault(P9, P9));
                assertTrue(r.ok(), r.toString());
                assertEquals(TEXT.length, deliveredSize(l4, OWN_BUF));
                l4.memory().read(OWN_RCV_STR, got, 0, got.length);
                assertEquals(new String(TEXT, StandardCharsets.US_ASCII), new String(got, StandardCharsets.US_ASCII));
                assertEquals(0, report(l4, snd).word(0) & 0xF0);
            });
        }
    }

    // ---- decision 5: a reply that maps nothing ---------------------------------------------------------

    @ParameterizedTest
    @ValueSource(ints = {64, 32})
    void emptyPagerReplyDuringLongIpcEndsTheTransferWithThePagefaultCode(int bits) throws Exception {
        try (TestMachine m = machine(bits)) {
            m.run(l4 -> {
                ThreadId me = l4.myself();
                long str = CLIENT_STR_PAGE + 0x10;
                // the pager would map the page on a second fault: the kernel must not ask again
                ThreadId pager = Scenarios.start(l4, 1, pager(me, Map.of(CLIENT_STR_PAGE, EMPTY_THEN_SERVE)));
                ThreadId rcv = clientTask(l4, 0x154, pager, longReceiver(me, me, str, Timeout.NEVER));
                sendBuffer(l4, OWN_BUF, OWN_STR, TEXT.length);
                l4.memory().write(OWN_STR, TEXT);
                // p_s infinite: only the empty reply can end the transfer
                IpcResult s = l4.send(rcv, IpcDescriptor.send(OWN_BUF, false, false), new long[l4.messageRegisters()], Timeout.NEVER);
                assertEquals(IpcError.SEND_PF_TIMEOUT, s.error(), s.toString());
                assertEquals(IpcError.SEND_PF_TIMEOUT_RECEIVER.code(), (int) report(l4, rcv).word(0) & 0xF0, "receiver's code");
                assertEquals(1, query(l4, pager, 1)[1], "one fault message, no second one");
            });
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {64, 32})
    void emptyPagerReplyOnTheSendersSideEndsTheTransferWithTheReceivePagefaultCode(int bits) throws Exception {
        try (TestMachine m = machine(bits)) {
            m.run(l4 -> {
                ThreadId me = l4.myself();
                ThreadId pager = Scenarios.start(l4, 1, pager(me, Map.of(CLIENT_STR_PAGE, EMPTY_THEN_SERVE)));
                l4.memory().write(CLIENT_STR_PAGE + 0x20, TEXT);
                ThreadId snd = clientTask(l4, 0x156, pager, longSender(me, me, CLIENT_STR_PAGE + 0x20, Timeout.NEVER));
                receiveBuffer(l4, OWN_BUF, OWN_RCV_STR, 256);
                IpcResult r = l4.receive(snd, IpcDescriptor.receiveBuffer(OWN_BUF, false), Timeout.NEVER);
                assertEquals(IpcError.RECEIVE_PF_TIMEOUT, r.error(), r.toString());
                assertEquals(IpcError.RECEIVE_PF_TIMEOUT_SENDER.code(), (int) report(l4, snd).word(0) & 0xF0, "sender's code");
                assertEquals(1, query(l4, pager, 1)[1], "one fault message, no second one");
            });
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {64, 32})
    void outsideIpcAThreadFaultsAgainAfterAnEmptyReplyAndProceeds(int bits) throws Exception {
        try (TestMachine m = machine(bits)) {
            m.run(l4 -> {
                ThreadId me = l4.myself();
                long page = 0x500000;
                ThreadId pager = Scenarios.start(l4, 1, pager(me, Map.of(page, EMPTY_THEN_SERVE)));
                l4.memory().writeWord(page + 0x40, 0x1234_5678L);
                ThreadId c = clientTask(l4, 0x157, pager, x -> x.send(me, new long[] {x.memory().readWord(page + 0x40), 1}, Timeout.NEVER));
                IpcResult r = report(l4, c);
                assertEquals(0x1234_5678L, r.word(0), "the client read the page mapped on its second fault");
                long[] q0 = query(l4, pager, 0);
                long[] q1 = query(l4, pager, 1);
                assertEquals(2, q1[1], "the same access faulted twice");
                assertEquals(page + 0x40, q0[1] & ~3L, "w0: the fault address");
                assertEquals(0, q0[1] & 2, "a read");
            });
        }
    }

    // ---- decision 3: abort vs cancel -----------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(ints = {64, 32})
    void exRegsOnAPartnerBlockedInANestedPageFaultAbortsBoth(int bits) throws Exception {
        try (TestMachine m = machine(bits)) {
            m.run(l4 -> {
                ThreadId me = l4.myself();
                long str = CLIENT_STR_PAGE + 0x80;
                ThreadId pager = Scenarios.start(l4, 1, pager(me, Map.of(CLIENT_STR_PAGE, SILENT)));
                ThreadId[] rcv = new ThreadId[1];
                ThreadId sndId = me.withLthread(2);
                rcv[0] = clientTask(l4, 0x158, pager, longReceiver(sndId, me, str, Timeout.NEVER));
                ThreadId snd = Scenarios.start(l4, 2, copier(rcv[0], me));
                awaitReceiverFault(l4, pager, str);
                l4.lthreadExRegs(2, -1, -1, ThreadId.INVALID, ThreadId.INVALID); // a pure probe resets IPC too
                assertEquals(IpcError.SEND_ABORTED.code(), (int) report(l4, snd).word(0) & 0xF0, "sender aborted");
                assertEquals(IpcError.RECEIVE_ABORTED.code(), (int) report(l4, rcv[0]).word(0) & 0xF0, "receiver aborted");
            });
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {64, 32})
    void exRegsOnAThreadThatOnlyWaitsCancels(int bits) throws Exception {
        try (TestMachine m = machine(bits)) {
            m.run(l4 -> {
                ThreadId me = l4.myself();
                ThreadId other = Scenarios.task(l4, 0x159, Scenarios.BLOCK);
                ThreadId snd = Scenarios.start(l4, 3, x -> {
                    sendBuffer(x, 0x14000, 0x15000, 10);
                    IpcResult q = x.send(other, IpcDescriptor.send(0x14000, false, false), new long[x.messageRegisters()], Timeout.NEVER);
                    x.send(me, new long[] {q.cc(), 0}, Timeout.NEVER);
                });
                ThreadId rcv = Scenarios.start(l4, 4, x -> {
                    receiveBuffer(x, 0x16000, 0x17000, 64);
                    IpcResult q = x.receive(other, IpcDescriptor.receiveBuffer(0x16000, false), Timeout.NEVER);
                    x.send(me, new long[] {q.cc(), 0}, Timeout.NEVER);
                });
                l4.sleep(5000);
                l4.lthreadExRegs(3, -1, -1, ThreadId.INVALID, ThreadId.INVALID);
                l4.lthreadExRegs(4, -1, -1, ThreadId.INVALID, ThreadId.INVALID);
                assertEquals(IpcError.SEND_CANCELLED.code(), (int) report(l4, snd).word(0) & 0xF0, "waiting sender cancelled");
                assertEquals(IpcError.RECEIVE_CANCELLED.code(), (int) report(l4, rcv).word(0) & 0xF0, "waiting receiver cancelled");
            });
        }
    }
}
