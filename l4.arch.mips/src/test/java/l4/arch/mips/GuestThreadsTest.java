package l4.arch.mips;

import static l4.arch.mips.GuestCode.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import l4.api.AlienFlags;
import l4.api.ExRegs;
import l4.api.Fpage;
import l4.api.IpcDescriptor;
import l4.api.IpcResult;
import l4.api.L4;
import l4.api.MsgDope;
import l4.api.Schedule;
import l4.api.ThreadBody;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.api.mips.ExceptionFrame;
import l4.kernel.KernelConfig;
import l4.kernel.boot.Machine;
import l4.kernel.shell.L4Commands;
import l4.kernel.object.Tcb;
import l4.kernel.object.ThreadState;
import l4.kernel.testarch.TestMachine;
import org.junit.jupiter.api.Test;

/**
 * Guest threads in the kernel: MIPS machine code assembled here runs as L4 threads beside Java
 * threads, with the L4 system calls, page faults through σ0, preemption, exceptions with the
 * whole register frame, alien threads, ex_regs and kill, deterministically.
 */
class GuestThreadsTest {
    static final long PING = 0x40000, PONG = 0x41000, SERVER = 0x42000, LOOP = 0x43000, OTHER = 0x44000;
    /** Data tables, each at a 64 KiB boundary so that one lui reaches it. */
    static final long PING_TAB = 0x50000, PONG_TAB = 0x60000, TAB = 0x70000;
    static final int T_PARTNER = 0, T_REGS = 8, T_NIL = 16, T_TIMEOUT = 24, T_OPEN = 32, T_N = 40, T_RESULT = 48, T_RESULT2 = 56;
    static final long SBUF = 0x90000, RBUF = 0x92000;

    private static TestMachine machine() {
        return new TestMachine(new MipsArchitecture(), new KernelConfig());
    }

    static void table(L4 l4, long base, ThreadId partner, long n) {
        var mem = l4.memory();
        mem.writeWord(base + T_PARTNER, partner.raw());
        mem.writeWord(base + T_REGS, IpcDescriptor.registers());
        mem.writeWord(base + T_NIL, IpcDescriptor.NIL);
        mem.writeWord(base + T_TIMEOUT, Timeout.NEVER.raw() & 0xFFFFFFFFL);
        mem.writeWord(base + T_OPEN, IpcDescriptor.OPEN);
        mem.writeWord(base + T_N, n);
        mem.writeWord(base + T_RESULT, 0);
        mem.writeWord(base + T_RESULT2, 0);
    }

    /** Calls its partner N times with s0, taking s0 from each reply (counting in s8); then stores s0 and breaks. */
    static GuestCode ping(long tab) {
        GuestCode c = new GuestCode().lui(GP, (int) (tab >>> 16)).daddiu(S0, ZERO, 0).daddiu(S8, ZERO, 0);
        int loop = c.here();
        c.ld(A4, T_PARTNER, GP).ld(A5, T_PARTNER, GP).ld(A0, T_REGS, GP).ld(A1, T_REGS, GP).ld(A2, T_TIMEOUT, GP)
                .l4(0).daddiu(S8, S8, 1).ld(A6, T_N, GP).bne(S8, A6, loop);
        return c.sd(S0, T_RESULT, GP).sd(V0, T_RESULT2, GP).brk();
    }

    /** Waits for any message, then forever replies s0 + 1 to its sender and waits again. */
    static GuestCode pong(long tab) {
        GuestCode c = new GuestCode().lui(GP, (int) (tab >>> 16))
                .ld(A0, T_NIL, GP).ld(A1, T_OPEN, GP).ld(A2, T_TIMEOUT, GP).l4(0);
        int loop = c.here();
        c.daddiu(S0, S0, 1).move(A4, V1).ld(A0, T_REGS, GP).ld(A1, T_OPEN, GP).ld(A2, T_TIMEOUT, GP).l4(0);
        return c.beq(ZERO, ZERO, loop);
    }

    private static long read(L4 l4, long a) { return l4.memory().readWord(a); }

    /** Waits (simulated time) until the word at {@code a} is {@code value}; fails after {@code rounds} sleeps. */
    private static void await(L4 l4, long a, long value, int rounds) {
        for (int i = 0; i < rounds && read(l4, a) != value; i++) l4.sleep(2000);
        assertEquals(value, read(l4, a), String.format("word at 0x%x", a));
    }

    private static Tcb tcb(TestMachine m, ThreadId id) {
        return m.kernel.task(id.task()).thread(id.lthread());
    }

    // ---- IPC ---------------------------------------------------------------------------------

    /** A guest thread calls a Java thread, which answers; a Java thread calls a guest server. */
    @Test
    void guestAndJavaCallEachOther() throws Exception {
        try (TestMachine m = machine()) {
            m.run(l4 -> {
                ThreadId me = l4.myself();
                // guest client (lthread 1) calls this Java thread 5 times
                table(l4, PING_TAB, me, 5);
                ping(PING_TAB).writeTo(l4, PING);
                l4.lthreadExRegs(1, PING, 0x8000, ThreadId.INVALID, ThreadId.INVALID);
                for (int k = 0; k < 5; k++) {
                    IpcResult r = l4.receive(me.withLthread(1), Timeout.NEVER);
                    assertTrue(r.ok(), r.toString());
                    assertEquals(k * 10L, r.word(0), "the guest's s0");
                    assertTrue(l4.send(me.withLthread(1), new long[] {k * 10L + 10}, Timeout.NEVER).ok());
                }
                Tcb pinger = tcb(m, me.withLthread(1));
                for (int i = 0; i < 10 && read(l4, PING_TAB + T_RESULT) != 50; i++) l4.sleep(2000);
                assertEquals(50, read(l4, PING_TAB + T_RESULT), () -> pinger.state + " ip " + Long.toHexString(pinger.ip()) + " last "
                        + pinger.guest.lastCode + " at " + Long.toHexString(pinger.guest.lastIp) + " " + pinger.registers);
                assertTrue(tcb(m, me.withLthread(1)).guest != null, "runs guest code");
                // guest server (lthread 2), called by this Java thread
                table(l4, PONG_TAB, ThreadId.NIL, 0);
                pong(PONG_TAB).writeTo(l4, PONG);
                l4.lthreadExRegs(2, PONG, 0x9000, ThreadId.INVALID, ThreadId.INVALID);
                for (int k = 0; k < 3; k++) {
                    IpcResult r = l4.call(me.withLthread(2), new long[] {100 + k, 7}, Timeout.NEVER);
                    assertTrue(r.ok(), r.toString());
                    assertEquals(101L + k, r.word(0), "s0 + 1");
                    assertEquals(7L, r.word(1), "s1 comes back as it was");
                    assertEquals(me.withLthread(2), r.source());
                }
            });
        }
    }

    /** Scenario: ping and pong in two new tasks, both guest code faulting in through σ0. */
    static long pingPongTasks(TestMachine m, L4 l4, int rounds) {
        ThreadId me = l4.myself();
        ThreadId sigma0 = ThreadId.of(0, 0, 1, 0, 0);
        long faults = m.kernel.stats.pageFaults;
        pong(PONG_TAB).writeTo(l4, PONG);
        table(l4, PONG_TAB, ThreadId.NIL, 0);
        ThreadId pongTask = l4.taskNew(ThreadId.of(0, me.task(), me.task() + 1, 0, 0), 100, 0x8000, PONG, sigma0, ThreadId.NIL);
        assertTrue(!pongTask.isNil(), "pong task");
        ping(PING_TAB).writeTo(l4, PING);
        table(l4, PING_TAB, pongTask, rounds);
        ThreadId pingTask = l4.taskNew(ThreadId.of(0, me.task(), me.task() + 2, 0, 0), 100, 0x8000, PING, sigma0, ThreadId.NIL);
        assertTrue(!pingTask.isNil(), "ping task");
        await(l4, PING_TAB + T_RESULT, rounds, 50);
        assertTrue(m.kernel.stats.pageFaults - faults >= 4, "code, table and stack pages faulted in through σ0");
        l4.sleep(2000);
        Tcb ping = tcb(m, pingTask);
        assertEquals(ThreadState.Kind.STOPPED, ping.state.kind(), "ping stopped at its break (no excepter)");
        assertEquals(ExceptionFrame.EXC_BP, ping.guest.lastCode);
        // pong waits for the next call: kill its task while it is blocked
        Tcb pong = tcb(m, pongTask);
        assertEquals(ThreadState.Kind.RECEIVING, pong.state.kind());
        ThreadId gone = l4.taskNew(pongTask, me.raw(), 0, 0, ThreadId.NIL, ThreadId.NIL);
        assertTrue(!gone.isNil());
        l4.sleep(1000);
        assertTrue(!m.kernel.task(pongTask.task()).active, "pong's task is gone");
        return m.kernel.stats.guestInstructions;
    }

    @Test
    void guestPingPongBetweenTasks() throws Exception {
        try (TestMachine m = machine()) {
            m.run(l4 -> assertTrue(pingPongTasks(m, l4, 20) > 20 * 10));
        }
    }

    /**
     * Same scenario, same trace digest: twice with the host caches, once without, and once with
     * every basic block translated to JVM bytecode on its first entry (option guestTranslationThreshold=1).
     */
    @Test
    void sameDigestTwiceWithoutHostCachesAndTranslated() throws Exception {
        long[] digests = new long[4];
        for (int run = 0; run < 4; run++) {
            KernelConfig config = new KernelConfig();
            if (run == 3) config.archOptions.put(MipsUserCpu.TRANSLATION_THRESHOLD, 1);
            try (TestMachine m = new TestMachine(new MipsArchitecture(), config)) {
                boolean caches = run != 2;
                m.kernel.inspect(() -> {
                    m.kernel.userCpu.hostCaches(caches);
                    return null;
                }, 5000);
                m.run(l4 -> pingPongTasks(m, l4, 30));
                assertTrue(m.kernel.awaitQuiescent(5000));
                digests[run] = m.kernel.inspect(() -> m.kernel.trace.digest(), 5000);
                int translated = m.kernel.inspect(() -> ((MipsUserCpu) m.kernel.userCpu).translatedBlocks(), 5000);
                if (run == 3) assertTrue(translated > 0, "nothing was translated at threshold 1");
                if (run == 2) assertEquals(0, translated, "translated without host caches");
            }
        }
        assertEquals(digests[0], digests[1], "same digest twice");
        assertEquals(digests[0], digests[2], "same digest without host caches");
        assertEquals(digests[0], digests[3], "same digest with every block translated");
    }

    // ---- long IPC ------------------------------------------------------------------------------

    /**
     * Long messages: a guest thread sends memory words to a Java thread of another task whose
     * buffer faults during the copy (the copy waits for σ0 as a continuation, on no host),
     * and a Java thread sends memory words into a guest thread's buffer that faults (the fault is
     * an RPC in the guest's name).
     */
    @Test
    void longMessagesBothWays() throws Exception {
        try (TestMachine m = machine()) {
            m.run(l4 -> {
                ThreadId me = l4.myself();
                ThreadId sigma0 = ThreadId.of(0, 0, 1, 0, 0);
                long rbuf = 0xA0FF0; // the memory words start on the next page, untouched
                List<IpcResult> got = new ArrayList<>();
                long[] words = new long[4];
                ThreadId receiver = l4.taskNew(ThreadId.of(0, me.task(), me.task() + 1, 0, 0), 100, 0x9000,
                        l4.codeAddress(x -> {
                            x.memory().writeWord(rbuf + 8, MsgDope.of(16, 0));
                            got.add(x.waitAny(IpcDescriptor.receiveBuffer(rbuf, true), Timeout.NEVER));
                            for (int i = 0; i < 4; i++) words[i] = x.memory().readWord(rbuf + 24 + 8L * i);
                            x.receive(ThreadId.INVALID, Timeout.NEVER);
                        }), sigma0, ThreadId.NIL);
                l4.sleep(1000);
                // the guest's send buffer: 4 memory words
                long sbuf = 0xB0000;
                l4.memory().writeWord(sbuf + 8, MsgDope.of(4, 0));
                l4.memory().writeWord(sbuf + 16, MsgDope.of(4, 0));
                for (int i = 0; i < 4; i++) l4.memory().writeWord(sbuf + 24 + 8L * i, 0x100 + i);
                table(l4, TAB, receiver, sbuf);
                GuestCode c = new GuestCode().lui(GP, (int) (TAB >>> 16)).ld(A4, T_PARTNER, GP).ld(A0, T_N, GP)
                        .ld(A1, T_NIL, GP).ld(A2, T_TIMEOUT, GP).daddiu(S0, ZERO, 9).l4(0).sd(V0, T_RESULT, GP)
                        .daddiu(S1, ZERO, 1).sd(S1, T_RESULT2, GP).brk();
                c.writeTo(l4, OTHER);
                long faults = m.kernel.stats.pageFaults;
                l4.lthreadExRegs(1, OTHER, 0x8000, ThreadId.INVALID, ThreadId.INVALID);
                await(l4, TAB + T_RESULT2, 1, 20);
                assertEquals(0L, read(l4, TAB + T_RESULT) & 0xF0, "the guest's send succeeded");
                assertEquals(1, got.size());
                assertTrue(got.get(0).ok(), got.get(0).toString());
                assertEquals(4, got.get(0).memoryWords());
                assertEquals(9L, got.get(0).word(0));
                assertEquals(0x103L, words[3]);
                assertTrue(m.kernel.stats.pageFaults > faults, "the receiver's buffer faulted in during the copy");
                assertEquals(1, m.kernel.guestHosts(), "the copy waited as a continuation: no host kept, one runner host");

                // Java to guest: the guest's buffer faults in during the copy
                long gbuf = 0xC0FF0;
                l4.memory().writeWord(gbuf + 8, MsgDope.of(8, 0));
                GuestCode r = new GuestCode().lui(GP, (int) (PONG_TAB >>> 16)).ld(A0, T_NIL, GP).ld(A1, T_N, GP)
                        .ld(A5, T_PARTNER, GP).ld(A2, T_TIMEOUT, GP).l4(0).sd(V0, T_RESULT, GP)
                        .ld(A6, T_N, GP).ld(S1, 24 + 16, A6).sd(S1, T_RESULT2, GP).brk();
                r.writeTo(l4, PONG);
                table(l4, PONG_TAB, me, gbuf);
                l4.lthreadExRegs(2, PONG, 0x9000, ThreadId.INVALID, ThreadId.INVALID);
                l4.sleep(1000);
                faults = m.kernel.stats.pageFaults;
                IpcResult sent = l4.send(me.withLthread(2), IpcDescriptor.send(sbuf, false, false), new long[] {5}, Timeout.NEVER);
                assertTrue(sent.ok(), sent.toString());
                await(l4, PONG_TAB + T_RESULT2, 0x102, 20);
                assertEquals(4, MsgDope.words(read(l4, PONG_TAB + T_RESULT)), "the guest's result dope");
                assertTrue(m.kernel.stats.pageFaults > faults, "the guest's buffer faulted in during the copy");
                assertEquals(1, m.kernel.guestHosts(), "a fault in the guest's space, run by the Java sender: still one runner host");
            });
        }
    }

    /**
     * A guest thread's long IPC whose copy faults waits as data: while the receiver's pager takes
     * its time over each fault (it sleeps before it maps), another guest thread keeps running on the
     * one runner host, and the copy then completes from where it stopped. A guest copier waiting
     * for a pager that never answers is ended by lthread_ex_regs with send aborted (0xD0), its
     * receiver with receive aborted (0xC0).
     */
    @Test
    void guestCopierWaitsForItsReceiversPagerAsDataWhileAnotherGuestRuns() throws Exception {
        try (TestMachine m = machine()) {
            m.run(l4 -> {
                ThreadId me = l4.myself();
                long rbuf = 0xA2FF0; // the header on one page, the memory words on the next
                long rbuf2 = 0xA6FF0;
                long silent = 0xA7000; // the memory words of rbuf2: never mapped
                List<Long> faultPages = new ArrayList<>();
                long[] spinner = new long[2]; // the spinner's count when the first fault came, and when its reply went
                ThreadBody pagerBody = x -> {
                    IpcResult r = x.waitAny(Timeout.NEVER);
                    while (true) {
                        long page = r.word(0) & ~0xFFFL;
                        faultPages.add(page);
                        if (page == silent) {
                            r = x.waitAny(Timeout.NEVER);
                            continue;
                        }
                        long before = x.memory().readWord(PONG_TAB + T_RESULT2);
                        x.memory().readWord(page); // this task's own page, from σ0
                        x.sleep(3000);
                        if (faultPages.size() == 1) {
                            spinner[0] = before;
                            spinner[1] = x.memory().readWord(PONG_TAB + T_RESULT2);
                        }
                        long[] reply = new long[x.messageRegisters()];
                        reply[0] = page;
                        reply[1] = Fpage.of(page, 12, true).encode();
                        r = x.ipc(r.source(), IpcDescriptor.MAP, reply, IpcDescriptor.OPEN, ThreadId.NIL, ThreadId.NIL,
                                Timeout.of(0, Timeout.INFINITE));
                        if (!r.ok()) r = x.waitAny(Timeout.NEVER);
                    }
                };
                l4.lthreadExRegs(3, l4.codeAddress(pagerBody), 0xB000, ThreadId.INVALID, ThreadId.INVALID);
                ThreadId pager = me.withLthread(3);
                l4.memory().writeWord(rbuf + 8, MsgDope.of(16, 0));
                l4.memory().writeWord(rbuf2 + 8, MsgDope.of(16, 0));
                List<IpcResult> got = new ArrayList<>();
                long[] words = new long[4];
                ThreadId receiver = l4.taskNew(ThreadId.of(0, me.task(), me.task() + 1, 0, 0), 100, 0x9000,
                        l4.codeAddress(x -> {
                            got.add(x.waitAny(IpcDescriptor.receiveBuffer(rbuf, true), Timeout.NEVER));
                            for (int i = 0; i < 4; i++) words[i] = x.memory().readWord(rbuf + 24 + 8L * i);
                            x.receive(ThreadId.INVALID, Timeout.NEVER);
                        }), pager, ThreadId.NIL);
                // the other guest thread: counts for ever, storing its count
                table(l4, PONG_TAB, ThreadId.NIL, 0);
                GuestCode spin = new GuestCode().lui(GP, (int) (PONG_TAB >>> 16));
                int loop = spin.here();
                spin.daddiu(S1, S1, 1).sd(S1, T_RESULT2, GP).beq(ZERO, ZERO, loop);
                spin.writeTo(l4, LOOP);
                l4.lthreadExRegs(2, LOOP, 0x8800, ThreadId.INVALID, ThreadId.INVALID);
                l4.sleep(1000);
                // the guest copier: 4 memory words from its own (mapped) buffer into the receiver's
                long sbuf = 0xB0000;
                l4.memory().writeWord(sbuf + 8, MsgDope.of(4, 0));
                l4.memory().writeWord(sbuf + 16, MsgDope.of(4, 0));
                for (int i = 0; i < 4; i++) l4.memory().writeWord(sbuf + 24 + 8L * i, 0x100 + i);
                table(l4, TAB, receiver, sbuf);
                sender(TAB).writeTo(l4, OTHER);
                l4.lthreadExRegs(1, OTHER, 0x8000, ThreadId.INVALID, ThreadId.INVALID);
                await(l4, TAB + T_RESULT2, 1, 50);
                assertEquals(0L, read(l4, TAB + T_RESULT) & 0xF0, "the guest's send succeeded");
                for (int i = 0; i < 20 && got.isEmpty(); i++) l4.sleep(2000);
                assertEquals(1, got.size());
                assertTrue(got.get(0).ok(), got.get(0).toString());
                assertEquals(4, got.get(0).memoryWords());
                assertEquals(9L, got.get(0).word(0));
                assertEquals(0x100L, words[0]);
                assertEquals(0x103L, words[3]);
                assertTrue(faultPages.contains(0xA2000L) && faultPages.contains(0xA3000L),
                        "both pages of the receiver's buffer faulted in during the copy: " + faultPages);
                assertTrue(spinner[1] > spinner[0], "the other guest thread ran while the copy waited for the pager: " + spinner[0] + " then " + spinner[1]);
                assertEquals(1, m.kernel.guestHosts(), "one runner host: the copier kept none");

                // a copy that waits for good, ended by lthread_ex_regs of the guest copier
                List<IpcResult> got2 = new ArrayList<>();
                ThreadId receiver2 = l4.taskNew(ThreadId.of(0, me.task(), me.task() + 2, 0, 0), 100, 0x9000,
                        l4.codeAddress(x -> {
                            got2.add(x.waitAny(IpcDescriptor.receiveBuffer(rbuf2, true), Timeout.NEVER));
                            x.receive(ThreadId.INVALID, Timeout.NEVER);
                        }), pager, ThreadId.NIL);
                l4.sleep(1000);
                table(l4, PING_TAB, receiver2, sbuf);
                sender(PING_TAB).writeTo(l4, PING);
                l4.lthreadExRegs(4, PING, 0x8400, ThreadId.INVALID, ThreadId.INVALID);
                for (int i = 0; i < 20 && !faultPages.contains(silent); i++) l4.sleep(2000);
                assertTrue(faultPages.contains(silent), "the copy waits for the pager: " + faultPages);
                Tcb copier = tcb(m, me.withLthread(4));
                assertEquals(ThreadState.Kind.LOCKED, copier.state.kind(), "the copier waits in the transfer, as data");
                assertEquals(0L, read(l4, PING_TAB + T_RESULT2));
                l4.lthreadExRegs(4, -1, -1, ThreadId.INVALID, ThreadId.INVALID);
                await(l4, PING_TAB + T_RESULT2, 1, 20);
                assertEquals(0xD0L, read(l4, PING_TAB + T_RESULT) & 0xF0, "send aborted");
                for (int i = 0; i < 20 && got2.isEmpty(); i++) l4.sleep(2000);
                assertEquals(1, got2.size());
                assertEquals(0xC0, got2.get(0).cc() & 0xF0, got2.get(0).toString());
                assertEquals(1, m.kernel.guestHosts());
                m.kernel.checkIpcInvariants();
            });
        }
    }

    /** Sends a long message (send descriptor in the table's N) with s0 = 9 to its partner; stores the result and 1, then breaks. */
    static GuestCode sender(long tab) {
        return new GuestCode().lui(GP, (int) (tab >>> 16)).ld(A4, T_PARTNER, GP).ld(A0, T_N, GP)
                .ld(A1, T_NIL, GP).ld(A2, T_TIMEOUT, GP).daddiu(S0, ZERO, 9).l4(0).sd(V0, T_RESULT, GP)
                .daddiu(S1, ZERO, 1).sd(S1, T_RESULT2, GP).brk();
    }

    /** A guest thread sleeps (receive from the invalid id with a timeout) three times while the machine idles. */
    @Test
    void guestSleepsThroughTimeouts() throws Exception {
        try (TestMachine m = machine()) {
            m.run(l4 -> {
                ThreadId me = l4.myself();
                table(l4, TAB, ThreadId.INVALID, 3);
                l4.memory().writeWord(TAB + T_TIMEOUT, Timeout.receive(5000).raw() & 0xFFFFFFFFL);
                GuestCode c = new GuestCode().lui(GP, (int) (TAB >>> 16)).daddiu(S8, ZERO, 0);
                int loop = c.here();
                c.ld(A0, T_NIL, GP).ld(A1, T_REGS, GP).ld(A5, T_PARTNER, GP).ld(A2, T_TIMEOUT, GP).l4(0)
                        .daddiu(S8, S8, 1).ld(A6, T_N, GP).bne(S8, A6, loop).sd(V0, T_RESULT, GP).sd(S8, T_RESULT2, GP).brk();
                c.writeTo(l4, OTHER);
                long t0 = l4.clockMicros();
                l4.lthreadExRegs(1, OTHER, 0x8000, ThreadId.INVALID, ThreadId.INVALID);
                l4.receive(ThreadId.INVALID, Timeout.receive(40_000)); // this thread sleeps too: the machine idles between
                assertEquals(3L, read(l4, TAB + T_RESULT2));
                assertEquals(0x20L, read(l4, TAB + T_RESULT) & 0xF0, "receive timeout");
                assertTrue(l4.clockMicros() - t0 >= 15_000);
                assertTrue(tcb(m, me.withLthread(1)).cpuCycles < m.kernel.clock.cyclesForMicros(1000), "slept, did not spin");
            });
        }
    }

    /** A write by the kernel into a frame holding decoded guest code (here a Java thread's store, made through the MMU by the kernel) reaches the CPU: the new code runs. */
    @Test
    void codeRewrittenByAnotherThreadRunsNew() throws Exception {
        try (TestMachine m = machine()) {
            m.run(l4 -> {
                table(l4, TAB, ThreadId.INVALID, 0);
                l4.memory().writeWord(TAB + T_TIMEOUT, Timeout.receive(2000).raw() & 0xFFFFFFFFL);
                GuestCode c = new GuestCode().lui(GP, (int) (TAB >>> 16));
                int again = c.here();
                c.daddiu(S1, ZERO, 1).sd(S1, T_RESULT, GP)
                        .ld(A0, T_NIL, GP).ld(A1, T_REGS, GP).ld(A5, T_PARTNER, GP).ld(A2, T_TIMEOUT, GP).l4(0)
                        .beq(ZERO, ZERO, again);
                c.writeTo(l4, LOOP);
                l4.lthreadExRegs(1, LOOP, 0x8000, ThreadId.INVALID, ThreadId.INVALID);
                await(l4, TAB + T_RESULT, 1, 10);
                l4.memory().write(LOOP + 4, new GuestCode().daddiu(S1, ZERO, 2).bytes());
                await(l4, TAB + T_RESULT, 2, 10);
            });
        }
    }

    // ---- preemption --------------------------------------------------------------------------

    /** A guest thread in an endless loop is preempted: a Java thread of its priority keeps running, the machine answers. */
    @Test
    void endlessGuestLoopIsPreempted() throws Exception {
        try (TestMachine m = machine()) {
            m.run(l4 -> {
                ThreadId me = l4.myself();
                GuestCode c = new GuestCode();
                c.beq(ZERO, ZERO, 0);
                c.writeTo(l4, LOOP);
                l4.lthreadExRegs(1, LOOP, 0x8000, ThreadId.INVALID, ThreadId.INVALID);
                long start = l4.clockMicros();
                for (int i = 0; i < 20; i++) {
                    l4.compute(50_000);
                    l4.sleep(500);
                }
                assertTrue(l4.clockMicros() - start >= 20 * 500, "the Java thread ran on");
                Tcb loop = tcb(m, me.withLthread(1));
                assertTrue(loop.cpuCycles > m.kernel.clock.cyclesForMicros(5000), "the loop got CPU time: " + loop.cpuCycles);
                assertTrue(loop.runnable(), "the loop still runs");
            });
            // the shell's way in: a query in kernel context while the loop spins
            long ticks = m.kernel.inspect(() -> m.kernel.clock.ticks(), 5000);
            assertTrue(ticks > 0);
        }
    }

    /**
     * Two guest threads of one task count a shared word up with lld/scd, preempted by the clock
     * wherever it falls: a switch between a thread's lld and its scd must make that scd fail
     * (the kernel's return to the thread is an ERET, which clears LLbit), or increments are lost.
     */
    @Test
    void llScIsAtomicAcrossThreadSwitches() throws Exception {
        try (TestMachine m = machine()) {
            m.run(l4 -> {
                ThreadId me = l4.myself();
                long n = 200_000;
                table(l4, TAB, ThreadId.NIL, n);
                GuestCode c = new GuestCode().lui(GP, (int) (TAB >>> 16)).daddiu(S8, ZERO, 0).ld(A6, T_N, GP);
                int loop = c.here();
                c.lld(A0, T_RESULT, GP).daddiu(A0, A0, 1).scd(A0, T_RESULT, GP).beq(A0, ZERO, loop)
                        .daddiu(S8, S8, 1).bne(S8, A6, loop).brk();
                c.writeTo(l4, LOOP);
                for (int t = 1; t <= 2; t++) {
                    l4.lthreadExRegs(t, LOOP, 0x8000 + 0x1000 * t, ThreadId.INVALID, ThreadId.INVALID);
                    l4.threadSchedule(me.withLthread(t), Schedule.param(100, 100), ThreadId.INVALID);
                }
                for (int i = 0; i < 200 && !(tcb(m, me.withLthread(1)).guest.lastCode == ExceptionFrame.EXC_BP
                        && tcb(m, me.withLthread(2)).guest.lastCode == ExceptionFrame.EXC_BP); i++) {
                    l4.sleep(5000);
                }
                assertEquals(2 * n, read(l4, TAB + T_RESULT), "increments lost");
            });
        }
    }

    /**
     * A guest thread read from outside while it runs (lthread_ex_regs keeping IP and SP) is never
     * at a taken branch's delay slot: the kernel sees the branch, where it must resume.
     */
    @Test
    void aThreadStoppedInADelaySlotIsAtItsBranch() throws Exception {
        try (TestMachine m = machine()) {
            m.run(l4 -> {
                ThreadId me = l4.myself();
                // LOOP: daddiu s0; beq zero, zero, LOOP; daddiu s1 (the delay slot)
                GuestCode c = new GuestCode();
                c.daddiu(S0, S0, 1);
                c.beq(ZERO, ZERO, 0);
                c.writeTo(l4, LOOP);
                l4.memory().writeWord(LOOP + 8, 0x67390001L); // daddiu t9, t9, 1 in the delay slot instead of nop
                l4.lthreadExRegs(1, LOOP, 0x8000, ThreadId.INVALID, ThreadId.INVALID);
                java.util.Set<Long> seen = new java.util.TreeSet<>();
                for (int i = 0; i < 60; i++) {
                    l4.compute(1000 + 37 * i);
                    l4.sleep(100 + i);
                    seen.add(l4.lthreadExRegs(1, -1, -1, ThreadId.INVALID, ThreadId.INVALID).ip());
                }
                assertTrue(!seen.contains(LOOP + 8), "an IP at the delay slot: " + seen);
                assertTrue(seen.contains(LOOP + 4), "the branch seen: " + seen);
            });
        }
    }

    // ---- exceptions, alien threads -------------------------------------------------------------

    private static void receiveBuffer(L4 x) {
        x.memory().writeWord(RBUF, 0);
        x.memory().writeWord(RBUF + 8, MsgDope.of(ExceptionFrame.WORDS + 8, 0));
        x.memory().writeWord(RBUF + 16, 0);
    }

    private static long[] frame(L4 x) {
        long[] f = new long[ExceptionFrame.WORDS];
        for (int i = 0; i < f.length; i++) f[i] = x.memory().readWord(RBUF + 24 + 8L * i);
        return f;
    }

    /** Replies with the whole frame {@code f} as the memory part. */
    private static void replyFrame(L4 x, ThreadId to, long[] f) {
        x.memory().writeWord(SBUF, 0);
        x.memory().writeWord(SBUF + 8, MsgDope.of(ExceptionFrame.WORDS, 0));
        x.memory().writeWord(SBUF + 16, MsgDope.of(ExceptionFrame.WORDS, 0));
        for (int i = 0; i < f.length; i++) x.memory().writeWord(SBUF + 24 + 8L * i, f[i]);
        IpcResult r = x.send(to, IpcDescriptor.send(SBUF, false, false), new long[0], Timeout.NEVER);
        assertTrue(r.ok(), r.toString());
    }

    /** An excepter (lthread 2) that collects messages with frames and answers each through {@code answer}. */
    private static ThreadBody excepter(List<IpcResult> got, List<long[]> frames, java.util.function.BiFunction<IpcResult, long[], long[]> answer) {
        return x -> {
            while (true) {
                receiveBuffer(x);
                IpcResult r = x.waitAny(IpcDescriptor.receiveBuffer(RBUF, true), Timeout.NEVER);
                long[] f = frame(x);
                got.add(r);
                frames.add(f);
                long[] reply = answer.apply(r, f);
                if (reply != null) replyFrame(x, r.source(), reply);
            }
        };
    }

    @Test
    void exceptionCarriesTheFrameAndTheReplySetsRegisters() throws Exception {
        try (TestMachine m = machine()) {
            m.run(l4 -> {
                ThreadId me = l4.myself();
                table(l4, TAB, ThreadId.NIL, 0);
                GuestCode c = new GuestCode().lui(GP, (int) (TAB >>> 16)).daddiu(S1, ZERO, 5).daddiu(V1, ZERO, -3).brk()
                        .sd(S1, T_RESULT, GP).sd(V1, T_RESULT2, GP).brk();
                c.writeTo(l4, OTHER);
                List<IpcResult> got = new ArrayList<>();
                List<long[]> frames = new ArrayList<>();
                l4.lthreadExRegs(2, l4.codeAddress(excepter(got, frames, (r, f) -> {
                    if (got.size() > 1) return null;
                    long[] g = f.clone();
                    g[ExceptionFrame.PC] = f[ExceptionFrame.PC] + 4;
                    g[ExceptionFrame.GPR + S1] = 0x1234;
                    return g;
                })), 0xA000, ThreadId.INVALID, ThreadId.INVALID);
                l4.sleep(1000);
                l4.lthreadExRegs(1, OTHER, 0x8000, ThreadId.INVALID, me.withLthread(2));
                await(l4, TAB + T_RESULT, 0x1234, 10);
                assertEquals(-3L, read(l4, TAB + T_RESULT2), "v1 as it was");
                assertEquals(2, got.size(), "two breaks");
                IpcResult r = got.get(0);
                assertTrue(r.ok(), r.toString());
                assertEquals(me.withLthread(1), r.source());
                assertEquals(ExceptionFrame.EXC_BP, ExceptionFrame.excCode(r.word(ExceptionFrame.W_CAUSE)));
                assertEquals(OTHER + 12, r.word(ExceptionFrame.W_EPC), "EPC: the break");
                assertEquals(ExceptionFrame.WORDS, r.word(ExceptionFrame.W_FRAME_WORDS));
                assertEquals(ExceptionFrame.WORDS, r.memoryWords(), "the frame as memory words");
                long[] f = frames.get(0);
                assertEquals(OTHER + 12, f[ExceptionFrame.PC]);
                assertEquals(5L, f[ExceptionFrame.GPR + S1]);
                assertEquals(-3L, f[ExceptionFrame.GPR + V1]);
                assertEquals(TAB, f[ExceptionFrame.GPR + GP]);
                assertEquals(0x8000L, f[ExceptionFrame.GPR + SP]);
                assertEquals(r.word(0), f[ExceptionFrame.CAUSE]);
                assertEquals(OTHER + 24, frames.get(1)[ExceptionFrame.PC], "the second break");
                Tcb t = tcb(m, me.withLthread(1));
                assertEquals(ThreadState.Kind.EXCEPTION, t.state.shown(), "waits for the second reply");
            });
            // l4:threads shows the guest thread's frame IP and SP and its last exception
            String threads = new L4Commands(new Machine() {
                @Override public java.util.Optional<l4.kernel.Kernel> kernel() { return java.util.Optional.of(m.kernel); }
                @Override public String status() { return "running"; }
                @Override public l4.kernel.Kernel reboot(java.time.Duration max) { throw new IllegalStateException(); }
                @Override public l4.kernel.Kernel bootFresh(String arch, java.util.Map<String, Object> options) {
                    throw new IllegalStateException();
                }
            }).threads();
            assertTrue(threads.contains("LAST-EXCEPTION"), threads);
            assertTrue(threads.matches("(?s).*guest +0x44018 +0x8000 +Bp at 0x44018 \\(0x0\\), 2 so far.*"), threads);
            assertTrue(threads.contains("java"), threads);
        }
    }

    /** An alien thread's system call (an L4 number even) goes to the excepter; its reply returns with PC = EPC + 4. */
    @Test
    void alienSyscallIsReflectedAndAnswered() throws Exception {
        try (TestMachine m = machine()) {
            m.run(l4 -> {
                ThreadId me = l4.myself();
                table(l4, TAB, ThreadId.NIL, 0);
                // AT = 0 would be ipc for a thread that is not alien; v0 = 5001 is Linux n64 write
                GuestCode c = new GuestCode().lui(GP, (int) (TAB >>> 16)).daddiu(V0, ZERO, 5001).daddiu(A0, ZERO, 1)
                        .daddiu(AT, ZERO, 0).syscall().sd(V0, T_RESULT, GP).sd(A0, T_RESULT2, GP).brk();
                c.writeTo(l4, OTHER);
                List<IpcResult> got = new ArrayList<>();
                List<long[]> frames = new ArrayList<>();
                l4.lthreadExRegs(2, l4.codeAddress(excepter(got, frames, (r, f) -> {
                    if (ExceptionFrame.excCode(r.word(0)) != ExceptionFrame.EXC_SYS) return null;
                    long[] g = f.clone();
                    g[ExceptionFrame.PC] = r.word(ExceptionFrame.W_EPC) + 4;
                    g[ExceptionFrame.GPR + V0] = 42;
                    g[ExceptionFrame.GPR + A0] = f[ExceptionFrame.GPR + A0] + 1;
                    return g;
                })), 0xA000, ThreadId.INVALID, ThreadId.INVALID);
                l4.sleep(1000);
                l4.lthreadExRegs((int) (1 | AlienFlags.EX_REGS_ALIEN), OTHER, 0x8000, ThreadId.INVALID, me.withLthread(2));
                await(l4, TAB + T_RESULT, 42, 10);
                assertEquals(2L, read(l4, TAB + T_RESULT2));
                IpcResult r = got.get(0);
                assertEquals(ExceptionFrame.EXC_SYS, ExceptionFrame.excCode(r.word(0)));
                assertEquals(OTHER + 16, r.word(ExceptionFrame.W_EPC));
                assertEquals(5001L, frames.get(0)[ExceptionFrame.GPR + V0]);
                assertEquals(ExceptionFrame.EXC_BP, ExceptionFrame.excCode(got.get(1).word(0)));
                assertTrue(tcb(m, me.withLthread(1)).alien);
                // the mark can be taken away again (MIPS's lthread_ex_regs returns no flags word to report it)
                l4.lthreadExRegs((int) (1 | AlienFlags.EX_REGS_NO_ALIEN), -1, -1, ThreadId.INVALID, ThreadId.INVALID);
                assertTrue(!tcb(m, me.withLthread(1)).alien);
            });
        }
    }

    /** task_new marks the new task's first thread alien from outside: its first syscall goes to the excepter. */
    @Test
    void taskNewStartsAnAlienThread() throws Exception {
        try (TestMachine m = machine()) {
            m.run(l4 -> {
                ThreadId me = l4.myself();
                ThreadId sigma0 = ThreadId.of(0, 0, 1, 0, 0);
                table(l4, TAB, ThreadId.NIL, 0);
                GuestCode c = new GuestCode().lui(GP, (int) (TAB >>> 16)).daddiu(V0, ZERO, 5058).daddiu(AT, ZERO, 2)
                        .syscall().sd(V0, T_RESULT, GP).brk();
                c.writeTo(l4, OTHER);
                List<IpcResult> got = new ArrayList<>();
                List<long[]> frames = new ArrayList<>();
                l4.lthreadExRegs(2, l4.codeAddress(excepter(got, frames, (r, f) -> {
                    if (ExceptionFrame.excCode(r.word(0)) != ExceptionFrame.EXC_SYS) return null;
                    long[] g = f.clone();
                    g[ExceptionFrame.PC] = r.word(ExceptionFrame.W_EPC) + 4;
                    g[ExceptionFrame.GPR + V0] = 0;
                    return g;
                })), 0xA000, ThreadId.INVALID, ThreadId.INVALID);
                l4.sleep(1000);
                ThreadId task = l4.taskNew(ThreadId.of(0, me.task(), me.task() + 1, 0, 0), 100 | AlienFlags.TASK_NEW_ALIEN,
                        0x8000, OTHER, sigma0, me.withLthread(2));
                assertTrue(!task.isNil());
                for (int i = 0; i < 20 && got.size() < 2; i++) l4.sleep(2000);
                assertEquals(2, got.size(), "the syscall (AT = 2, id_nearest for a thread that is not alien), then the break");
                assertEquals(ExceptionFrame.EXC_SYS, ExceptionFrame.excCode(got.get(0).word(0)));
                assertEquals(task, got.get(0).source());
                assertEquals(5058L, frames.get(0)[ExceptionFrame.GPR + V0]);
                assertEquals(ExceptionFrame.EXC_BP, ExceptionFrame.excCode(got.get(1).word(0)));
                assertEquals(0L, frames.get(1)[ExceptionFrame.GPR + V0], "v0 as the reply set it");
                assertTrue(tcb(m, task).alien);
                assertEquals(100, tcb(m, task).priority, "the mcp's flag bit is no priority");
            });
        }
    }

    /**
     * A program built from C with libl4 (src/main/guest/examples/nearest.elf) runs as an L4 task:
     * its pages fault in through σ0, its id_nearest stub enters the kernel, and main's value
     * reaches the excepter in a0 with crt0's break.
     */
    @Test
    void cExampleRunsAsAnL4Task() throws Exception {
        byte[] elf = java.nio.file.Files.readAllBytes(java.nio.file.Path.of("src/main/guest/examples/nearest.elf"));
        l4.arch.mips.cpu.ElfImage image = l4.arch.mips.cpu.ElfImage.parse(elf);
        try (TestMachine m = machine()) {
            m.run(l4 -> {
                ThreadId me = l4.myself();
                ThreadId sigma0 = ThreadId.of(0, 0, 1, 0, 0);
                // σ0 of the test machine maps pages 1:1: what this task writes at a virtual address,
                // the new task finds at the same one
                for (l4.arch.mips.cpu.ElfImage.Segment seg : image.segments()) {
                    l4.memory().write(seg.virtualAddress(), seg.data());
                    long bss = seg.memorySize() - seg.data().length;
                    if (bss > 0) l4.memory().write(seg.virtualAddress() + seg.data().length, new byte[(int) bss]);
                }
                List<IpcResult> got = new ArrayList<>();
                List<long[]> frames = new ArrayList<>();
                l4.lthreadExRegs(2, l4.codeAddress(excepter(got, frames, (r, f) -> null)), 0xA000, ThreadId.INVALID, ThreadId.INVALID);
                l4.sleep(1000);
                long faults = m.kernel.stats.pageFaults;
                ThreadId task = l4.taskNew(ThreadId.of(0, me.task(), me.task() + 1, 0, 0), 100, 0x3F0000, image.entry(), sigma0,
                        me.withLthread(2));
                for (int i = 0; i < 20 && got.isEmpty(); i++) l4.sleep(2000);
                assertEquals(1, got.size());
                assertEquals(ExceptionFrame.EXC_BP, ExceptionFrame.excCode(got.get(0).word(0)));
                assertEquals(task, got.get(0).source());
                assertEquals(task.raw() & 0xFF, frames.get(0)[ExceptionFrame.GPR + 4], "main's value: its own id's low bits");
                assertTrue(m.kernel.stats.pageFaults - faults >= 1, "its text faulted in");
            });
        }
    }

    // ---- ex_regs -------------------------------------------------------------------------------

    /** lthread_ex_regs moves a guest thread blocked in IPC to new code, and returns the IP after its syscall. */
    @Test
    void exRegsRestartsABlockedGuestThread() throws Exception {
        try (TestMachine m = machine()) {
            m.run(l4 -> {
                ThreadId me = l4.myself();
                table(l4, TAB, ThreadId.INVALID, 0);
                // receive from the invalid id, forever: blocked
                GuestCode blocked = new GuestCode().lui(GP, (int) (TAB >>> 16)).ld(A0, T_NIL, GP).ld(A1, T_REGS, GP)
                        .ld(A5, T_PARTNER, GP).ld(A2, T_TIMEOUT, GP).l4(0).brk();
                blocked.writeTo(l4, LOOP);
                GuestCode marker = new GuestCode().lui(GP, (int) (TAB >>> 16)).daddiu(S1, ZERO, 77).sd(S1, T_RESULT, GP).brk();
                marker.writeTo(l4, OTHER);
                l4.lthreadExRegs(1, LOOP, 0x8000, ThreadId.INVALID, ThreadId.INVALID);
                l4.sleep(1000);
                Tcb t = tcb(m, me.withLthread(1));
                assertEquals(ThreadState.Kind.RECEIVING, t.state.kind());
                ExRegs old = l4.lthreadExRegs(1, OTHER, 0x7000, ThreadId.INVALID, ThreadId.INVALID);
                assertEquals(LOOP + 28, old.ip(), "after the syscall (7 instructions in)");
                assertEquals(0x8000, old.sp());
                await(l4, TAB + T_RESULT, 77, 10);
                assertNotNull(t.guest);
                assertEquals(0x7000, t.sp());
            });
        }
    }
}
