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
