package l4.kernel.fidelity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import l4.api.ConditionCode;
import l4.api.ExRegs;
import l4.api.Fpage;
import l4.api.IpcDescriptor;
import l4.api.IpcError;
import l4.api.IpcResult;
import l4.api.KipLayout;
import l4.api.L4;
import l4.api.MsgDope;
import l4.api.ThreadBody;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.kernel.KernelConfig;
import l4.kernel.object.Tcb;
import l4.kernel.testarch.TestMachine;
import l4.spi.Architecture;
import l4.spi.Syscall;
import org.junit.jupiter.api.Test;

/**
 * Behaviour pinned by the L4/MIPS kernel test suite (reference §10) that holds on every
 * architecture. Each backend module runs these on its own {@link Architecture}; the kernel module
 * runs them on the test architecture in both word sizes.
 */
public abstract class V2Fidelity {
    protected static final ThreadId SIGMA0 = ThreadId.of(0, 0, 1, 0, 0);

    /** The architecture under test (a new instance per call is fine). */
    protected abstract Architecture arch();

    protected TestMachine machine() {
        return new TestMachine(arch(), new KernelConfig());
    }

    protected static ThreadId start(L4 l4, int n, ThreadBody body) {
        l4.lthreadExRegs(n, l4.codeAddress(body), 0x8000 + n * 0x1000L, ThreadId.INVALID, ThreadId.INVALID);
        return l4.myself().withLthread(n);
    }

    // ---- long messages ---------------------------------------------------------------------------

    static final long SND_BUF = 0x10000;
    static final long SND_STR = 0x12000;
    static final long RCV_BUF = 0x20000;
    static final long RCV_STR = 0x22000;

    /** A send buffer of {@code words} memory words 11, 12, ... and {@code strings} strings "ab". */
    static void sendBuffer(L4 l4, int words, int strings) {
        var mem = l4.memory();
        int wb = l4.wordBytes();
        mem.writeWord(SND_BUF, 0);
        mem.writeWord(SND_BUF + wb, MsgDope.of(words, strings));
        mem.writeWord(SND_BUF + 2L * wb, MsgDope.of(words, strings));
        for (int i = 0; i < words; i++) mem.writeWord(SND_BUF + (3L + i) * wb, 11 + i);
        for (int j = 0; j < strings; j++) {
            long sd = SND_BUF + (3L + words + 4L * j) * wb;
            mem.writeWord(sd, 2);
            mem.writeWord(sd + wb, SND_STR + 2L * j);
            mem.write(SND_STR + 2L * j, new byte[] {'a', (byte) ('b' + j)});
        }
    }

    /** A receive buffer for {@code capacity} memory words (all -1 before) and {@code strings} 16-byte string slots. */
    static void receiveBuffer(L4 l4, int capacity, int strings) {
        var mem = l4.memory();
        int wb = l4.wordBytes();
        mem.writeWord(RCV_BUF, 0);
        mem.writeWord(RCV_BUF + wb, MsgDope.of(capacity, strings));
        mem.writeWord(RCV_BUF + 2L * wb, 0);
        for (int i = 0; i < capacity + 1; i++) mem.writeWord(RCV_BUF + (3L + i) * wb, -1);
        for (int j = 0; j < strings; j++) {
            long rd = RCV_BUF + (3L + capacity + 4L * j) * wb;
            mem.writeWord(rd + 2L * wb, 16);
            mem.writeWord(rd + 3L * wb, RCV_STR + 16L * j);
        }
    }

    /**
     * Lthread 1 receives a long message of {@code words} memory words and {@code strings} strings
     * into a buffer of {@code capacity} words and {@code slots} string slots; returns the sender's
     * and the receiver's results and the first {@code capacity + 1} words of the buffer.
     */
    private static Object[] receiveLong(L4 l4, int words, int strings, int capacity, int slots) {
        ThreadId me = l4.myself();
        IpcResult[] got = new IpcResult[1];
        long[] buffer = new long[capacity + 1];
        start(l4, 1, x -> {
            receiveBuffer(x, capacity, slots);
            got[0] = x.receive(me, IpcDescriptor.receiveBuffer(RCV_BUF, false), Timeout.NEVER);
            for (int i = 0; i < buffer.length; i++) buffer[i] = x.memory().readWord(RCV_BUF + (3L + i) * x.wordBytes());
            x.receive(ThreadId.INVALID, Timeout.NEVER);
        });
        sendBuffer(l4, words, strings);
        l4.sleep(2000);
        IpcResult sent = l4.send(me.withLthread(1), IpcDescriptor.send(SND_BUF, false, false), new long[] {1, 2}, Timeout.NEVER);
        l4.sleep(2000);
        l4.lthreadExRegs(1, -1, -1, ThreadId.INVALID, ThreadId.INVALID);
        return new Object[] {sent, got[0], buffer};
    }

    // ---- a long message whose copy faults: a continuation ----------------------------------------

    static final long PAGED_SND_BUF = 0x400000;
    static final long PAGED_SND_STR = 0x401F00;
    static final long PAGED_RCV_BUF = 0x410FF0;
    static final long PAGED_RCV_STR = 0x412F80;
    static final long SILENT_PAGE = 0x430000;

    /**
     * A user-level pager in lthread 1 of the test task: maps the faulting page 1:1 from the test
     * task's own memory, except {@link #SILENT_PAGE}, which it never answers; records each fault's
     * faulter and w1.
     */
    static ThreadId pager(L4 l4, List<ThreadId> faulters, List<Long> w1s) {
        return start(l4, 1, x -> {
            int mr = x.messageRegisters();
            IpcResult r = x.waitAny(Timeout.NEVER);
            while (true) {
                faulters.add(r.source());
                w1s.add(r.word(1));
                long page = r.word(0) & ~0xFFFL;
                if (page == SILENT_PAGE) {
                    r = x.waitAny(Timeout.NEVER);
                    continue;
                }
                x.memory().readWord(page); // the test task's own page, from σ0
                long[] reply = new long[mr];
                reply[0] = page;
                reply[1] = Fpage.of(page, 12, true).encode();
                r = x.ipc(r.source(), IpcDescriptor.MAP, reply, IpcDescriptor.OPEN, ThreadId.NIL, ThreadId.NIL,
                        Timeout.of(0, Timeout.INFINITE));
                if (!r.ok()) r = x.waitAny(Timeout.NEVER);
            }
        });
    }

    /** Task {@code number} running {@code body}, paged by {@code pager}. */
    static ThreadId task(L4 l4, int number, ThreadId pager, ThreadBody body) {
        ThreadId me = l4.myself();
        ThreadId id = l4.taskNew(ThreadId.of(0, me.task(), number, 0, 0), 100, 0x9000, l4.codeAddress(body), pager, ThreadId.NIL);
        assertFalse(id.isNil(), "task_new " + number);
        return id;
    }

    /** Bytes 'A' + i % 26 ... of string {@code j}. */
    static byte[] text(int j, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) ('A' + (i + 7 * j) % 26);
        return b;
    }

    /**
     * A long message with 2 memory words and 3 strings between two tasks whose buffers and strings
     * the kernel faults in page by page during the copy, in the sender's space and in the
     * receiver's, each fault an RPC to the pager (w1 all ones) after which the copy goes on from
     * where it stopped: the right bytes and both dopes.
     */
    @Test
    void longMessageWhoseCopyFaultsOnBothSidesSeveralTimesCompletes() throws Exception {
        try (TestMachine m = machine()) {
            m.run(l4 -> {
                ThreadId me = l4.myself();
                int wb = l4.wordBytes();
                long wordMask = wb == 8 ? -1L : 0xFFFF_FFFFL;
                int[] lengths = {300, 5000, 40};
                var mem = l4.memory();
                // the sender's buffer and strings, in the test task's pages the pager hands out
                mem.writeWord(PAGED_SND_BUF + wb, MsgDope.of(2, 3));
                mem.writeWord(PAGED_SND_BUF + 2L * wb, MsgDope.of(2, 3));
                mem.writeWord(PAGED_SND_BUF + 3L * wb, 0x1111);
                mem.writeWord(PAGED_SND_BUF + 4L * wb, 0x2222);
                long from = PAGED_SND_STR;
                for (int j = 0; j < 3; j++) {
                    long sd = PAGED_SND_BUF + (3L + 2 + 4L * j) * wb;
                    mem.writeWord(sd, lengths[j]);
                    mem.writeWord(sd + wb, from);
                    mem.write(from, text(j, lengths[j]));
                    from += lengths[j] + 0x1000;
                }
                // the receiver's buffer: header on one page, words and string dopes on the next
                mem.writeWord(PAGED_RCV_BUF + wb, MsgDope.of(2, 3));
                long to = PAGED_RCV_STR;
                for (int j = 0; j < 3; j++) {
                    long rd = PAGED_RCV_BUF + (3L + 2 + 4L * j) * wb;
                    mem.writeWord(rd + 2L * wb, 8192);
                    mem.writeWord(rd + 3L * wb, to);
                    mem.write(to, new byte[lengths[j]]);
                    to += lengths[j] + 0x2000;
                }
                List<ThreadId> faulters = new ArrayList<>();
                List<Long> w1s = new ArrayList<>();
                ThreadId pager = pager(l4, faulters, w1s);
                IpcResult[] got = new IpcResult[1];
                ThreadId receiver = task(l4, me.task() + 2, pager, x -> {
                    got[0] = x.waitAny(IpcDescriptor.receiveBuffer(PAGED_RCV_BUF, false), Timeout.NEVER);
                    x.receive(ThreadId.INVALID, Timeout.NEVER);
                });
                l4.sleep(2000);
                IpcResult[] sent = new IpcResult[1];
                ThreadId sender = task(l4, me.task() + 1, pager, x -> {
                    sent[0] = x.send(receiver, IpcDescriptor.send(PAGED_SND_BUF, false, false), new long[] {7, 8}, Timeout.NEVER);
                    x.receive(ThreadId.INVALID, Timeout.NEVER);
                });
                for (int i = 0; i < 50 && (sent[0] == null || got[0] == null); i++) l4.sleep(2000);
                assertNotNull(sent[0], "the sender's call ended");
                assertNotNull(got[0], "the receiver's call ended");
                assertTrue(sent[0].ok(), sent[0].toString());
                assertTrue(got[0].ok(), got[0].toString());
                assertEquals(2, got[0].memoryWords(), "received memory words");
                assertEquals(3, got[0].strings(), "received strings");
                assertEquals(sender, got[0].source());
                assertEquals(7L, got[0].word(0));
                assertEquals(0x1111L, mem.readWord(PAGED_RCV_BUF + 3L * wb));
                assertEquals(0x2222L, mem.readWord(PAGED_RCV_BUF + 4L * wb));
                to = PAGED_RCV_STR;
                for (int j = 0; j < 3; j++) {
                    long rd = PAGED_RCV_BUF + (3L + 2 + 4L * j) * wb;
                    assertEquals(lengths[j], mem.readWord(rd), "received size of string " + j);
                    byte[] b = new byte[lengths[j]];
                    mem.read(to, b, 0, b.length);
                    assertArrayEquals(text(j, lengths[j]), b, "string " + j);
                    to += lengths[j] + 0x2000;
                }
                long inSender = faulters.stream().filter(sender::equals).count();
                long inReceiver = faulters.stream().filter(receiver::equals).count();
                assertTrue(inSender >= 4, "faults in the sender's space: " + inSender);
                assertTrue(inReceiver >= 4, "faults in the receiver's space: " + inReceiver);
                for (long w1 : w1s) assertEquals(wordMask, w1 & wordMask, "w1 of a fault taken while copying: all ones");
                m.kernel.checkIpcInvariants(); // this thread holds the CPU: kernel state stands still
            });
        }
    }

    /**
     * Kill or lthread_ex_regs of either partner while the copy waits for a pager that never
     * answers (in the receiver's space, then in the sender's): the transfer ends at once with the
     * abort codes for whoever is left (sender 0xD0, receiver 0xC0), and the machine runs on.
     */
    @Test
    void killOrExRegsOfEitherPartnerWhileTheCopyWaitsForAPager() throws Exception {
        for (int variant = 0; variant < 4; variant++) {
            int v = variant;
            try (TestMachine m = machine()) {
                m.run(l4 -> {
                    ThreadId me = l4.myself();
                    int wb = l4.wordBytes();
                    var mem = l4.memory();
                    List<ThreadId> faulters = new ArrayList<>();
                    ThreadId pager = pager(l4, faulters, new ArrayList<>());
                    IpcResult[] sent = new IpcResult[1];
                    IpcResult[] got = new IpcResult[1];
                    boolean silentReceiver = v < 2;
                    // the test task's own buffers (σ0), and one string on the silent page in the other task
                    mem.writeWord(SND_BUF + wb, MsgDope.of(0, 1));
                    mem.writeWord(SND_BUF + 2L * wb, MsgDope.of(0, 1));
                    mem.writeWord(SND_BUF + 3L * wb, 64);
                    mem.writeWord(SND_BUF + 4L * wb, silentReceiver ? SND_STR : SILENT_PAGE);
                    mem.write(SND_STR, text(0, 64));
                    mem.writeWord(RCV_BUF + wb, MsgDope.of(0, 1));
                    mem.writeWord(RCV_BUF + 5L * wb, 64);
                    mem.writeWord(RCV_BUF + 6L * wb, silentReceiver ? SILENT_PAGE : RCV_STR);
                    mem.writeWord(SILENT_PAGE, 0); // the pager's own copy exists; it just never maps it
                    ThreadId other;
                    ThreadId local;
                    if (silentReceiver) {
                        // lthread 2 sends to a task whose receive string lies on the silent page
                        other = task(l4, me.task() + 1, pager, x -> {
                            got[0] = x.receive(me.withLthread(2), IpcDescriptor.receiveBuffer(RCV_BUF, false), Timeout.NEVER);
                            x.receive(ThreadId.INVALID, Timeout.NEVER);
                        });
                        l4.sleep(2000);
                        local = start(l4, 2, x -> {
                            sent[0] = x.send(other, IpcDescriptor.send(SND_BUF, false, false), new long[] {1, 2}, Timeout.NEVER);
                            x.receive(ThreadId.INVALID, Timeout.NEVER);
                        });
                    } else {
                        // lthread 2 receives from a task whose send string lies on the silent page
                        local = start(l4, 2, x -> {
                            got[0] = x.waitAny(IpcDescriptor.receiveBuffer(RCV_BUF, false), Timeout.NEVER);
                            x.receive(ThreadId.INVALID, Timeout.NEVER);
                        });
                        l4.sleep(2000);
                        other = task(l4, me.task() + 1, pager, x -> {
                            sent[0] = x.send(local, IpcDescriptor.send(SND_BUF, false, false), new long[] {1, 2}, Timeout.NEVER);
                            x.receive(ThreadId.INVALID, Timeout.NEVER);
                        });
                    }
                    for (int i = 0; i < 20 && !faultsOnSilentPage(faulters, other); i++) l4.sleep(2000);
                    assertTrue(faultsOnSilentPage(faulters, other), "the copy waits for the pager in " + other + "'s name: " + faulters);
                    assertNull(sent[0], "the sender still waits");
                    assertNull(got[0], "the receiver still waits");
                    boolean kill = v % 2 == 0;
                    if (kill) {
                        assertFalse(l4.taskNew(other, 0, 0, 0, ThreadId.NIL, ThreadId.NIL).isNil(), "killed");
                    } else {
                        l4.lthreadExRegs(2, -1, -1, ThreadId.INVALID, ThreadId.INVALID);
                    }
                    l4.sleep(2000);
                    IpcResult localResult = silentReceiver ? sent[0] : got[0];
                    IpcResult otherResult = silentReceiver ? got[0] : sent[0];
                    int localCode = (silentReceiver ? IpcError.SEND_ABORTED : IpcError.RECEIVE_ABORTED).code();
                    int otherCode = (silentReceiver ? IpcError.RECEIVE_ABORTED : IpcError.SEND_ABORTED).code();
                    assertNotNull(localResult, "variant " + v + ": the local partner's call ended");
                    assertEquals(localCode, localResult.cc() & 0xF0, "variant " + v + ": " + localResult);
                    if (kill) {
                        assertNull(otherResult, "variant " + v + ": the killed partner never returns");
                    } else {
                        assertNotNull(otherResult, "variant " + v + ": the other partner's call ended");
                        assertEquals(otherCode, otherResult.cc() & 0xF0, "variant " + v + ": " + otherResult);
                    }
                    m.kernel.checkIpcInvariants();
                });
            }
        }
    }

    private static boolean faultsOnSilentPage(List<ThreadId> faulters, ThreadId who) {
        return faulters.contains(who);
    }

    /** Every memory word arrives, word 0 included, and the result dope counts them. */
    @Test
    void longMessageTransfersAllMemoryWordsAndReportsTheCountsInTheResultDope() throws Exception {
        try (TestMachine m = machine()) {
            m.run(l4 -> {
                Object[] r = receiveLong(l4, 3, 1, 4, 1);
                IpcResult sent = (IpcResult) r[0];
                IpcResult got = (IpcResult) r[1];
                long wordMask = l4.wordBytes() == 8 ? -1L : 0xFFFF_FFFFL;
                assertTrue(sent.ok(), sent.toString());
                assertTrue(got.ok(), got.toString());
                // the word after the 4-word buffer is the first of the string dope: the size received
                assertArrayEquals(new long[] {11, 12, 13, -1L & wordMask, 2}, (long[]) r[2], "buffer words");
                assertEquals(3, got.memoryWords(), "result dope: memory words");
                assertEquals(1, got.strings(), "result dope: strings");
                assertEquals(MsgDope.of(3, 1), got.dope() & ~0xFFL);
                assertEquals(1, got.word(0));
                assertEquals(2, got.word(1));
            });
        }
    }

    /** A 3-word memory message does not fit a 2-word buffer, whatever the register count. */
    @Test
    void threeMemoryWordsAreCutByATwoWordBuffer() throws Exception {
        try (TestMachine m = machine()) {
            m.run(l4 -> {
                Object[] r = receiveLong(l4, 3, 0, 2, 0);
                IpcResult sent = (IpcResult) r[0];
                IpcResult got = (IpcResult) r[1];
                long wordMask = l4.wordBytes() == 8 ? -1L : 0xFFFF_FFFFL;
                assertEquals(IpcError.SEND_CUT, sent.error(), sent.toString());
                assertEquals(IpcError.RECEIVE_CUT, got.error(), got.toString());
                assertArrayEquals(new long[] {11, 12, -1L & wordMask}, (long[]) r[2], "buffer words");
                assertEquals(2, got.memoryWords(), "what was received");
                assertEquals(0, got.strings());
            });
        }
    }

    /** A register message reports no memory words or strings. */
    @Test
    void registerMessageHasNoCountsInItsDope() throws Exception {
        try (TestMachine m = machine()) {
            m.run(l4 -> {
                ThreadId me = l4.myself();
                IpcResult[] got = new IpcResult[1];
                start(l4, 1, x -> {
                    got[0] = x.receive(me, Timeout.NEVER);
                    x.receive(ThreadId.INVALID, Timeout.NEVER);
                });
                l4.sleep(1000);
                assertTrue(l4.send(me.withLthread(1), new long[] {7}, Timeout.NEVER).ok());
                l4.sleep(1000);
                assertEquals(0, got[0].dope(), got[0].toString());
            });
        }
    }

    // ---- flexpages -------------------------------------------------------------------------------

    /**
     * A misaligned fpage means the aligned region containing its base, for map, grant and
     * fpage_unmap: 0x41000 with size 2^13 is 0x40000..0x41fff.
     */
    @Test
    void misalignedFpageMeansTheAlignedRegionContainingItsBase() throws Exception {
        try (TestMachine m = machine()) {
            m.run(l4 -> {
                ThreadId me = l4.myself();
                for (long a = 0x40000; a < 0x46000; a += 0x1000) l4.memory().writeWord(a, 0x7000 + (a >> 12));
                long window = IpcDescriptor.receiveWindow(Fpage.of(0x100000, 20, true), false);
                long[] seen = new long[4];
                ThreadBody client = x -> {
                    IpcResult r = x.receive(me, window, Timeout.NEVER);
                    seen[0] = r.cc();
                    seen[1] = x.memory().readWord(0x100000);
                    seen[2] = x.memory().readWord(0x101000);
                    r = x.receive(me, window, Timeout.NEVER);
                    seen[3] = r.cc();
                    x.receive(ThreadId.INVALID, Timeout.NEVER);
                };
                ThreadId c = l4.taskNew(ThreadId.of(0, 0, 0x160, 0, 1), 255, 0, l4.codeAddress(client), SIGMA0, ThreadId.NIL);
                assertFalse(c.isNil());
                l4.sleep(1000);
                long misaligned = 0x41000L | 13 << 2 | Fpage.RIGHT_WRITE;
                IpcResult s = l4.send(c, IpcDescriptor.MAP, new long[] {0, misaligned}, Timeout.NEVER);
                assertTrue(s.ok(), s.toString());
                l4.sleep(1000);
                assertEquals(ConditionCode.MAPPED, (int) seen[0], "client's cc");
                assertEquals(0x7040, seen[1], "the region's first page");
                assertEquals(0x7041, seen[2], "the region's second page");
                var client0 = m.kernel.task(c.task()).space;
                assertNotNull(client0.lookup(0x100000));
                assertNotNull(client0.lookup(0x101000));
                // unmap with the same misaligned fpage takes both pages from the client
                l4.fpageUnmap(misaligned, 2);
                assertNull(client0.lookup(0x100000), "first page unmapped");
                assertNull(client0.lookup(0x101000), "second page unmapped");
                assertEquals(0x7040, l4.memory().readWord(0x40000), "own pages kept");
                // grant: 0x45000 with size 2^13 gives away 0x44000 and 0x45000
                s = l4.send(c, IpcDescriptor.MAP, new long[] {0x4000, 0x45000L | 13 << 2 | Fpage.RIGHT_WRITE | Fpage.RIGHT_GRANT},
                        Timeout.NEVER);
                assertTrue(s.ok(), s.toString());
                l4.sleep(1000);
                assertEquals(ConditionCode.MAPPED, (int) seen[3]);
                var mine = m.kernel.task(me.task()).space;
                assertNull(mine.lookup(0x44000), "granted away");
                assertNull(mine.lookup(0x45000), "granted away");
                assertNotNull(client0.lookup(0x104000));
                assertNotNull(client0.lookup(0x105000));
            });
        }
    }

    // ---- real destination ----------------------------------------------------------------------

    /** The real destination comes back with every received message, direct ones included. */
    @Test
    void realDestinationOfADirectMessageIsTheReceiverItself() throws Exception {
        try (TestMachine m = machine()) {
            m.run(l4 -> {
                ThreadId me = l4.myself();
                IpcResult[] got = new IpcResult[1];
                ThreadId server = start(l4, 1, x -> {
                    got[0] = x.waitAny(Timeout.NEVER);
                    x.send(got[0].source(), new long[] {9}, Timeout.NEVER);
                    x.receive(ThreadId.INVALID, Timeout.NEVER);
                });
                l4.sleep(1000);
                IpcResult reply = l4.call(server, new long[] {5}, Timeout.NEVER);
                assertTrue(reply.ok(), reply.toString());
                assertEquals(server, got[0].realDestination(), "the server's open wait");
                assertEquals(me, reply.realDestination(), "the caller's closed receive");
                IpcResult sendOnly = l4.send(server, new long[] {1}, Timeout.ZERO);
                assertEquals(ThreadId.NIL, sendOnly.realDestination(), "nothing received");
            });
        }
    }

    // ---- lthread_ex_regs --------------------------------------------------------------------------

    /** A never-used lthread reports the pager and excepter it would inherit: the caller's. */
    @Test
    void firstTouchOfAnLthreadReportsTheCallersPagerAndExcepter() throws Exception {
        try (TestMachine m = machine()) {
            m.run(l4 -> {
                ThreadId me = l4.myself();
                ThreadId excepter = me.withLthread(3);
                l4.lthreadExRegs(me.lthread(), -1, -1, ThreadId.INVALID, excepter);
                ExRegs probe = l4.lthreadExRegs(5, -1, -1, ThreadId.INVALID, ThreadId.INVALID);
                assertEquals(SIGMA0, probe.pager(), probe.toString());
                assertEquals(excepter, probe.excepterOrPreempter(), probe.toString());
                assertEquals(-1L, probe.ip());
                assertEquals(-1L, probe.sp());
                // the TCB keeps them: a second probe and the activation see the same
                ExRegs again = l4.lthreadExRegs(5, -1, -1, ThreadId.INVALID, ThreadId.INVALID);
                assertEquals(SIGMA0, again.pager());
                assertEquals(excepter, again.excepterOrPreempter());
                start(l4, 5, x -> x.receive(ThreadId.INVALID, Timeout.NEVER));
                ExRegs running = l4.lthreadExRegs(5, -1, -1, ThreadId.INVALID, ThreadId.INVALID);
                assertEquals(SIGMA0, running.pager());
                assertEquals(excepter, running.excepterOrPreempter());
                // a pager set on an inactive thread is what it starts with
                l4.lthreadExRegs(6, -1, -1, me, ThreadId.INVALID);
                start(l4, 6, x -> x.receive(ThreadId.INVALID, Timeout.NEVER));
                assertEquals(me, l4.lthreadExRegs(6, -1, -1, ThreadId.INVALID, ThreadId.INVALID).pager());
            });
        }
    }

    /** The TCB's IP and SP of lthread {@code n} and the register file's: {ip, sp, register ip, register sp}. */
    private static long[] ipAndSp(TestMachine m, L4 l4, int n) {
        Tcb t = m.kernel.task(l4.myself().task()).thread(n);
        return new long[] {t.ip(), t.sp(), t.registers.get(t.registers.ip()), t.registers.get(t.registers.sp())};
    }

    /** lthread_ex_regs on a running thread (another or itself) changes IP and SP in one place. */
    @Test
    void exRegsOnARunningThreadKeepsOneIpAndSp() throws Exception {
        try (TestMachine m = machine()) {
            m.run(l4 -> {
                ThreadBody waiting = x -> x.receive(ThreadId.INVALID, Timeout.NEVER);
                long waitIp = l4.codeAddress(waiting);
                start(l4, 1, x -> x.receive(ThreadId.INVALID, Timeout.NEVER));
                l4.sleep(1000);
                // another thread, blocked in a receive: new IP and SP
                l4.lthreadExRegs(1, waitIp, 0x9100, ThreadId.INVALID, ThreadId.INVALID);
                assertArrayEquals(new long[] {waitIp, 0x9100, waitIp, 0x9100}, ipAndSp(m, l4, 1), "right after ex_regs");
                l4.sleep(1000);
                assertArrayEquals(new long[] {waitIp, 0x9100, waitIp, 0x9100}, ipAndSp(m, l4, 1), "once it runs again");
                // only a new SP
                l4.lthreadExRegs(1, -1, 0x9200, ThreadId.INVALID, ThreadId.INVALID);
                assertArrayEquals(new long[] {waitIp, 0x9200, waitIp, 0x9200}, ipAndSp(m, l4, 1), "new SP only");
                // a thread that restarts itself
                ThreadBody restarted = x -> x.receive(ThreadId.INVALID, Timeout.NEVER);
                long restartIp = l4.codeAddress(restarted);
                start(l4, 2, x -> x.lthreadExRegs(2, restartIp, 0x9300, ThreadId.INVALID, ThreadId.INVALID));
                l4.sleep(1000);
                assertArrayEquals(new long[] {restartIp, 0x9300, restartIp, 0x9300}, ipAndSp(m, l4, 2), "restarted itself");
                ExRegs probe = l4.lthreadExRegs(2, -1, -1, ThreadId.INVALID, ThreadId.INVALID);
                assertEquals(restartIp, probe.ip());
                assertEquals(0x9300, probe.sp());
            });
        }
    }

    /**
     * lthread_ex_regs of a thread on itself with a new IP returns there: the code at the new IP
     * finds the old IP, SP, pager and excepter in the call's result registers, as machine code
     * returning from the system call does.
     */
    @Test
    void exRegsOnItselfReturnsTheOldValuesAtTheNewIp() throws Exception {
        try (TestMachine m = machine()) {
            m.run(l4 -> {
                ExRegs mine = l4.lthreadExRegs(l4.myself().lthread(), -1, -1, ThreadId.INVALID, ThreadId.INVALID);
                Tcb t = m.kernel.task(l4.myself().task()).thread(3);
                long[][] seen = new long[1][];
                ThreadBody after = x -> {
                    seen[0] = m.kernel.abi.readResults(Syscall.LTHREAD_EX_REGS, t.registers);
                    x.receive(ThreadId.INVALID, Timeout.NEVER);
                };
                long afterIp = l4.codeAddress(after);
                ThreadBody before = x -> x.lthreadExRegs(3, afterIp, 0x9500, ThreadId.INVALID, ThreadId.INVALID);
                long beforeIp = l4.codeAddress(before);
                l4.lthreadExRegs(3, beforeIp, 0x9400, ThreadId.INVALID, ThreadId.INVALID);
                l4.sleep(1000);
                assertNotNull(seen[0], "the new code ran");
                assertEquals(beforeIp, seen[0][0], "old IP");
                assertEquals(0x9400, seen[0][1], "old SP");
                assertEquals(mine.pager().raw(), seen[0][2], "old pager (the caller's, inherited)");
                assertEquals(mine.excepterOrPreempter().raw(), seen[0][3], "old excepter");
                assertArrayEquals(new long[] {afterIp, 0x9500, afterIp, 0x9500}, ipAndSp(m, l4, 3));
            });
        }
    }

    // ---- tasks -----------------------------------------------------------------------------------

    /** An inactive task's id carries its chief's task number and its own task number. */
    @Test
    void inactiveTaskIdNamesItsChief() throws Exception {
        try (TestMachine m = machine()) {
            m.run(l4 -> {
                ThreadId me = l4.myself();
                ThreadId mine = l4.taskNew(ThreadId.of(0, 0, 0x151, 0, 1), me.raw(), 0, 0, ThreadId.NIL, ThreadId.NIL);
                assertEquals(0x151, mine.task(), mine.toString());
                assertEquals(me.task(), mine.chief(), "chief field: the caller " + mine);
                assertEquals(0, mine.lthread());
                // handed to another active task: that task is its chief
                ThreadId other = l4.taskNew(ThreadId.of(0, 0, 0x152, 0, 1), 255, 0,
                        l4.codeAddress(x -> x.receive(ThreadId.INVALID, Timeout.NEVER)), SIGMA0, ThreadId.NIL);
                assertFalse(other.isNil());
                ThreadId given = l4.taskNew(ThreadId.of(0, 0, 0x153, 0, 1), other.raw(), 0, 0, ThreadId.NIL, ThreadId.NIL);
                assertEquals(0x153, given.task(), given.toString());
                assertEquals(0x152, given.chief(), "chief field: the new owner " + given);
                // such an id reaches nothing: the task is inactive
                assertEquals(IpcError.NON_EXISTENT, l4.send(given, new long[] {1}, Timeout.ZERO).error());
            });
        }
    }

    // ---- time ------------------------------------------------------------------------------------

    /** The kernel info page's clock counts ms since boot (updated every tick). */
    @Test
    void kipClockCountsMilliseconds() throws Exception {
        try (TestMachine m = machine()) {
            m.run(l4 -> {
                long field = KipLayout.PHYSICAL + (long) KipLayout.CLOCK * l4.wordBytes();
                l4.sleep(3000);
                long ms = l4.memory().readWord(field);
                long now = l4.clockMicros() / 1000;
                assertTrue(ms >= 3 && ms <= now && ms >= now - 1, "kip clock " + ms + " ms at " + now + " ms");
                l4.sleep(20_000);
                long later = l4.memory().readWord(field);
                assertTrue(later - ms >= 20 && later - ms <= 21, "20 ms later the kip clock says " + (later - ms) + " ms");
            });
        }
    }

    /**
     * A periodic sleep wakes at the first timer tick at or after its deadline: 524.288 ms from
     * just after a tick is 525 ticks (1 ms each), never 526.
     */
    @Test
    void periodicSleepWakesAtTheFirstTickAtOrAfterTheDeadline() throws Exception {
        try (TestMachine m = machine()) {
            List<Long> periods = new ArrayList<>();
            m.run(l4 -> {
                l4.sleep(1); // aligned to a tick
                long last = l4.clockMicros();
                for (int i = 0; i < 4; i++) {
                    l4.sleep(524_288);
                    long now = l4.clockMicros();
                    periods.add((now - last) / 1000);
                    last = now;
                }
            });
            assertEquals(List.of(525L, 525L, 525L, 525L), periods, "ms per period");
        }
    }
}
