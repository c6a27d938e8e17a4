package l4.arch.mips;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static l4.arch.mips.GuestCode.*;
import static l4.arch.mips.GuestThreadsTest.*;

import java.util.Arrays;
import l4.api.IpcDescriptor;
import l4.api.L4;
import l4.api.MsgDope;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.kernel.Kernel;
import l4.kernel.KernelConfig;
import l4.kernel.object.Tcb;
import l4.kernel.object.ThreadState;
import l4.kernel.object.Transfer;
import l4.kernel.snapshot.JavaThreads;
import l4.kernel.snapshot.SnapshotFiles;
import l4.kernel.snapshot.SnapshotReader;
import l4.kernel.snapshot.SnapshotScenarios;
import l4.kernel.snapshot.SnapshotWriter;
import l4.kernel.testarch.TestMachine;
import org.junit.jupiter.api.Test;

/**
 * Snapshots of guest threads: two tasks of MIPS machine code calling each other, paused in the
 * middle of their ping-pong, exported, imported into a fresh kernel; both machines run the rest
 * of the ping-pong, and end with the same trace digest, the same time and the same kernel state.
 * A guest thread is data only, so nothing of it is lost (its FPU, HI/LO and delay slot included).
 */
class GuestSnapshotTest {
    static final int ROUNDS = 20_000;

    /** ping and pong in two new tasks; the Java thread that starts them ends, the guests go on. */
    static void start(L4 l4, ThreadId[] tasks) {
        ThreadId me = l4.myself();
        ThreadId sigma0 = ThreadId.of(0, 0, 1, 0, 0);
        GuestThreadsTest.pong(GuestThreadsTest.PONG_TAB).writeTo(l4, GuestThreadsTest.PONG);
        GuestThreadsTest.table(l4, GuestThreadsTest.PONG_TAB, ThreadId.NIL, 0);
        tasks[0] = l4.taskNew(ThreadId.of(0, me.task(), me.task() + 1, 0, 0), 100, 0x8000, GuestThreadsTest.PONG, sigma0, ThreadId.NIL);
        GuestThreadsTest.ping(GuestThreadsTest.PING_TAB).writeTo(l4, GuestThreadsTest.PING);
        GuestThreadsTest.table(l4, GuestThreadsTest.PING_TAB, tasks[0], ROUNDS);
        tasks[1] = l4.taskNew(ThreadId.of(0, me.task(), me.task() + 2, 0, 0), 100, 0x8000, GuestThreadsTest.PING, sigma0, ThreadId.NIL);
    }

    // ---- a long IPC waiting for a slow guest pager in the middle of its string ----------------

    static final long RBUF = 0xA2000, RSTR = 0xA2FD0, SBUF = 0xB0000, SSTR = 0xB0800;
    /** The pager's table beyond GuestThreadsTest's fields: whom it sleeps on, how long, its reply's descriptor and timeout. */
    static final int P_SLEEP_FROM = 64, P_SLEEP = 72, P_MAP = 80, P_REPLY = 88, R_DESC = 64;
    /** How long the pager sleeps before each reply (simulated µs; with pacing, about as long on the host). */
    static final long PAGER_SLEEP = 300_000;

    /**
     * A guest pager that takes its time: waits for a fault, sleeps, then maps the faulting page
     * 1:1 from its own task (hot spot and a 4 KiB fpage) and waits for the next fault.
     */
    static GuestCode slowPager(long tab) {
        GuestCode c = new GuestCode().lui(GP, (int) (tab >>> 16)).ld(A0, T_NIL, GP).ld(A1, T_OPEN, GP).ld(A2, T_TIMEOUT, GP).l4(0);
        int loop = c.here();
        c.move(T0, V1).dsrl(T1, S0, 12).dsll(T1, T1, 12)
                .ld(A0, T_NIL, GP).ld(A1, T_REGS, GP).ld(A5, P_SLEEP_FROM, GP).ld(A2, P_SLEEP, GP).l4(0)
                .move(A4, T0).move(S0, T1).daddiu(S1, T1, (int) (l4.api.Fpage.of(0, 12, true).encode()))
                .daddiu(S2, ZERO, 0).ld(A0, P_MAP, GP).ld(A1, T_OPEN, GP).ld(A2, P_REPLY, GP).l4(0);
        return c.beq(ZERO, ZERO, loop);
    }

    /** Receives one long message from its table's partner into RBUF, stores the result dope, breaks. */
    static GuestCode longReceiver(long tab) {
        return new GuestCode().lui(GP, (int) (tab >>> 16)).ld(A0, T_NIL, GP).ld(A1, R_DESC, GP).ld(A5, T_PARTNER, GP)
                .ld(A2, T_TIMEOUT, GP).l4(0).sd(V0, T_RESULT, GP).brk();
    }

    /**
     * Guest threads only: a guest sender (in the test task, σ0-mapped) sends a string to a guest
     * receiver in a new task whose pager is a slow guest pager; the receiver's string slot crosses
     * into a page it does not have yet. Returns the sender's thread.
     */
    static ThreadId longIpcThroughASlowPager(L4 l4) {
        ThreadId me = l4.myself();
        var mem = l4.memory();
        table(l4, PONG_TAB, ThreadId.NIL, 0);
        mem.writeWord(PONG_TAB + P_SLEEP_FROM, ThreadId.INVALID.raw());
        mem.writeWord(PONG_TAB + P_SLEEP, Timeout.receive(PAGER_SLEEP).raw() & 0xFFFFFFFFL);
        mem.writeWord(PONG_TAB + P_MAP, IpcDescriptor.MAP);
        mem.writeWord(PONG_TAB + P_REPLY, Timeout.of(0, Timeout.INFINITE).raw() & 0xFFFFFFFFL);
        slowPager(PONG_TAB).writeTo(l4, SERVER);
        l4.lthreadExRegs(2, SERVER, 0x8800, ThreadId.INVALID, ThreadId.INVALID);
        ThreadId pager = me.withLthread(2);
        // the receiver's pages as the pager gives them: this task's, 1:1 (each touched here first)
        SnapshotScenarios.receiveBuffer(l4, RBUF, RSTR, 256);
        mem.writeWord(RBUF + 0x1000 + 0x800, 0);
        ThreadId sender = me.withLthread(1);
        table(l4, TAB, sender, 0);
        mem.writeWord(TAB + R_DESC, IpcDescriptor.receiveBuffer(RBUF, false));
        longReceiver(TAB).writeTo(l4, PONG);
        ThreadId receiver = l4.taskNew(ThreadId.of(0, me.task(), me.task() + 1, 0, 0), 100, 0x9000, PONG, pager, ThreadId.NIL);
        assertTrue(!receiver.isNil(), "receiver task");
        SnapshotScenarios.sendBuffer(l4, SBUF, SSTR, SnapshotScenarios.TEXT.length);
        mem.write(SSTR, SnapshotScenarios.TEXT);
        table(l4, PING_TAB, receiver, SBUF);
        GuestThreadsTest.sender(PING_TAB).writeTo(l4, OTHER);
        l4.lthreadExRegs(1, OTHER, 0x8000, ThreadId.INVALID, ThreadId.INVALID);
        return sender;
    }

    /**
     * A machine of guest threads paused while a long IPC waits for its slow pager in the middle of
     * the string: export, import, export gives the same bytes, and both machines go on alike —
     * the pager's reply, the rest of the string, the receiver's result — to the same digest, time
     * and state, with the whole string received.
     */
    @Test
    void aLongIpcWaitingForASlowGuestPagerContinuesExactlyAfterAnImport() throws Exception {
        KernelConfig config = new KernelConfig();
        config.pacing = true; // the pager's sleep takes host time: the test pauses the machine inside it
        try (TestMachine m = new TestMachine(new MipsArchitecture(), config)) {
            ThreadId[] sender = new ThreadId[1];
            m.run(l4 -> sender[0] = longIpcThroughASlowPager(l4));
            Kernel original = m.kernel;
            Tcb copier = original.task(sender[0].task()).thread(sender[0].lthread());
            // The check and the pause in one kernel-context step: the machine pauses before
            // anything else runs (the pager, woken when its sleep ends, has not replied yet).
            long end = System.nanoTime() + 20_000_000_000L;
            while (!original.debugger.paused()) {
                if (System.nanoTime() > end) throw new AssertionError("the copy never waited in the middle of the string: " + copier.state);
                original.post(() -> {
                    if (waitsInTheString(copier)) original.debugger.pause("test", original.clock.cycles(), original.trace.events());
                });
                Thread.sleep(1);
            }
            awaitPaused(original);
            assertTrue(waitsInTheString(copier), "paused while the copy waits for the pager: " + copier.state);
            byte[] snapshot = SnapshotFiles.take(original, 10_000).bytes();

            SnapshotReader.Imported imported = SnapshotReader.read(snapshot, new MipsArchitecture(), config, JavaThreads.END_CODE);
            Kernel copy = imported.kernel();
            try {
                assertArrayEquals(snapshot, SnapshotWriter.write(copy), "export, import, export: the same bytes");
                Tcb copiedCopier = copy.task(sender[0].task()).thread(sender[0].lthread());
                assertTrue(waitsInTheString(copiedCopier), "the imported copy waits at the same cursor: " + copiedCopier.state);
                assertTrue(copiedCopier.guest != null && copiedCopier.coroutine == null, "a guest copier is data only");
                copy.startImported(true);
                awaitPaused(copy);
                byte[] originalAfter = settle(original);
                byte[] copyAfter = settle(copy);
                assertEquals(Long.toHexString(original.trace.digest()), Long.toHexString(copy.trace.digest()), "trace digest");
                assertEquals(original.clock.cycles(), copy.clock.cycles(), "simulated time");
                assertEquals(original.stats.guestInstructions, copy.stats.guestInstructions, "guest instructions");
                for (Kernel k : new Kernel[] {original, copy}) {
                    byte[] got = new byte[SnapshotScenarios.TEXT.length];
                    k.physical.read(RSTR, got, 0, got.length);
                    assertArrayEquals(SnapshotScenarios.TEXT, got, "the whole string received");
                    byte[] dope = new byte[8];
                    k.physical.read(TAB + T_RESULT, dope, 0, 8);
                    long v0 = java.nio.ByteBuffer.wrap(dope).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
                    assertEquals(0, v0 & 0xF0, "the receiver's result: no error");
                    assertEquals(1, MsgDope.strings(v0), "one string received");
                }
                assertArrayEquals(originalAfter, copyAfter, "the whole kernel state, memory and TLB included");
            } finally {
                copy.halt();
                copy.stoppedFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
    }

    /** The copier's transfer waits for the receiver's fault 0x30 bytes into the string (the slot's second page). */
    private static boolean waitsInTheString(Tcb copier) {
        Transfer tr = copier.state.transfer();
        return tr != null && tr.waitsForFault() && tr.faulter == tr.receiver && tr.offset == 0x30 && tr.stringsDone == 0;
    }

    private static void pause(Kernel k) throws Exception {
        long before = k.debugger.pauses();
        k.post(() -> k.debugger.pause("test", k.clock.cycles(), k.trace.events()));
        long end = System.nanoTime() + 10_000_000_000L;
        while (!(k.debugger.paused() && k.debugger.pauses() > before)) {
            if (System.nanoTime() > end) throw new AssertionError("the machine did not pause");
            Thread.sleep(1);
        }
    }

    private static void awaitPaused(Kernel k) throws Exception {
        long end = System.nanoTime() + 10_000_000_000L;
        while (!k.debugger.paused()) {
            if (System.nanoTime() > end) throw new AssertionError("the machine did not pause");
            Thread.sleep(1);
        }
    }

    /** Runs until every thread waits for outside input (ping broke off, pong waits), then pauses and exports. */
    private static byte[] settle(Kernel k) throws Exception {
        k.post(() -> k.debugger.resume(0));
        Thread.sleep(20);
        assertTrue(k.awaitQuiescent(60_000), "the machine did not settle");
        pause(k);
        return SnapshotFiles.take(k, 10_000).bytes();
    }

    @Test
    void guestThreadsContinueExactlyAfterAnImport() throws Exception {
        try (TestMachine m = new TestMachine(new MipsArchitecture(), new KernelConfig())) {
            ThreadId[] tasks = new ThreadId[2];
            m.run(l4 -> start(l4, tasks));
            Kernel original = m.kernel;
            Tcb ping = original.task(tasks[1].task()).thread(0);
            long end = System.nanoTime() + 20_000_000_000L;
            while (original.stats.guestInstructions < 1000 && System.nanoTime() < end) Thread.sleep(1);
            pause(original);
            assertTrue(ping.guest != null && !ping.state.is(ThreadState.Kind.STOPPED), "ping is in the middle of its rounds: " + ping.state);
            long roundsDone = ping.registers.get(MipsRegisterFile.S8);
            assertTrue(roundsDone > 0 && roundsDone < ROUNDS, "rounds so far: " + roundsDone);
            byte[] snapshot = SnapshotFiles.take(original, 10_000).bytes();

            SnapshotReader.Imported imported = SnapshotReader.read(snapshot, new MipsArchitecture(), new KernelConfig(), JavaThreads.END_CODE);
            Kernel copy = imported.kernel();
            try {
                assertArrayEquals(snapshot, SnapshotWriter.write(copy), "export, import, export: the same bytes");
                Tcb copiedPing = copy.task(tasks[1].task()).thread(0);
                assertTrue(copiedPing.guest != null && copiedPing.coroutine == null, "a guest thread is data only");
                copy.startImported(true);
                awaitPaused(copy);
                byte[] originalAfter = settle(original);
                byte[] copyAfter = settle(copy);
                assertEquals(ThreadState.Kind.STOPPED, copiedPing.state.kind(), "ping ran its rounds to its break");
                assertEquals(ROUNDS, copiedPing.registers.get(MipsRegisterFile.S8), "every round");
                assertEquals(Long.toHexString(original.trace.digest()), Long.toHexString(copy.trace.digest()), "trace digest");
                assertEquals(original.clock.cycles(), copy.clock.cycles(), "simulated time");
                assertEquals(original.stats.guestInstructions, copy.stats.guestInstructions, "guest instructions");
                assertArrayEquals(originalAfter, copyAfter, "the whole kernel state, memory and TLB included");
            } finally {
                copy.halt();
                copy.stoppedFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
    }
}
