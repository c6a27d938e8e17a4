package l4.arch.mips;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import l4.api.L4;
import l4.api.ThreadId;
import l4.kernel.Kernel;
import l4.kernel.KernelConfig;
import l4.kernel.object.Tcb;
import l4.kernel.object.ThreadState;
import l4.kernel.snapshot.JavaThreads;
import l4.kernel.snapshot.SnapshotFiles;
import l4.kernel.snapshot.SnapshotReader;
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
