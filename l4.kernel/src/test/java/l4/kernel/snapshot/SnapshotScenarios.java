package l4.kernel.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.util.Arrays;
import l4.api.IpcDescriptor;
import l4.api.L4;
import l4.api.MsgDope;
import l4.api.ThreadBody;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.kernel.Kernel;
import l4.kernel.KernelConfig;
import l4.kernel.object.Tcb;
import l4.kernel.object.ThreadState;
import l4.kernel.object.Transfer;
import l4.kernel.testarch.TestMachine;
import l4.spi.Architecture;
import org.junit.jupiter.api.Test;

/**
 * Machine snapshots, shared by every backend (as {@code V2Fidelity} is): each
 * {@code l4.arch.*} module runs them on its real MMU, interrupt controller and cost model.
 */
public abstract class SnapshotScenarios {
    /** The interrupt line the scenarios attach to: ISA IRQ 3 on both PCs, a plain line on the test architecture. */
    static final int LINE = 3;

    /** The architecture under test (a new instance per call is fine). */
    protected abstract Architecture arch();

    /** Pacing on, so that timeouts of tens of simulated ms are still armed when the test pauses the machine. */
    static KernelConfig config() {
        KernelConfig c = new KernelConfig();
        c.pacing = true;
        return c;
    }

    // ---- the scenario ----------------------------------------------------------------------------

    private static ThreadId start(L4 l4, int n, ThreadBody body) {
        l4.lthreadExRegs(n, l4.codeAddress(body), 0x8000 + n * 0x1000L, ThreadId.INVALID, ThreadId.INVALID);
        return l4.myself().withLthread(n);
    }

    /**
     * Threads that each make one blocking call and then end, so that a machine imported with
     * their code ended continues exactly as the original: a sleeper, a closed receive that times
     * out, two senders queued at a receiver that waits for someone else (one with a timeout, one
     * without), an interrupt handler waiting for its line. Memory written on a few pages gives
     * the test task σ0's mappings.
     */
    static void blockedThreads(L4 l4) {
        for (int i = 0; i < 4; i++) l4.memory().writeWord(0x40000 + i * 0x1000L + 8 * i, 0x1234_5678L + i);
        ThreadId me = l4.myself();
        ThreadId sleeper = me.withLthread(1);
        ThreadId queuedWithTimeout = me.withLthread(3);
        ThreadId receiver = me.withLthread(4);
        start(l4, 1, x -> x.sleep(30_000));
        start(l4, 2, x -> x.receive(queuedWithTimeout, Timeout.receive(50_000)));
        start(l4, 3, x -> x.send(receiver, new long[x.messageRegisters()], Timeout.send(40_000)));
        start(l4, 4, x -> x.receive(sleeper, Timeout.receive(60_000)));
        start(l4, 5, x -> x.send(receiver, new long[] {7, 8}, Timeout.NEVER));
        start(l4, 6, x -> {
            x.receive(ThreadId.interrupt(LINE), Timeout.ZERO); // attach
            x.receive(ThreadId.interrupt(LINE), Timeout.receive(70_000));
        });
        l4.sleep(1000); // the lthreads block before the test pauses the machine
    }

    /** The string of the long IPCs; longer than the part of a page before each fault. */
    public static final byte[] TEXT = ("a long message paused in the middle of its copy while its pager keeps silent, then exported,"
            + " imported and continued").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** Buffers of the long-IPC scenario, all in the test task (σ0 maps the pages it touches 1:1). */
    static final long SEND_A = 0x50000, RECV_A = 0x51000, RECV_STR_A = 0x52FD0;
    static final long SEND_B = 0x54000, RECV_B = 0x55000, SEND_STR_B = 0x56FE0, RECV_STR_B = 0x58000;
    /** p = 5: 4^10 µs, about a second: the copies still wait when the test pauses the machine. */
    static final int P5 = 5;

    /**
     * Two long IPCs with a string, each waiting in the middle of its copy for a pager that keeps
     * silent (it receives from nobody), so that their page-fault timeouts end them: A's string
     * crosses into an untouched page of the receiver (the fault RPC runs in the receiver's name,
     * bounded by the sender's p_s), B's string comes from a page the sender never touched (the
     * RPC in the copier's own name, bounded by the receiver's p_r). Every thread ends after its
     * one call, so an import with Java code ended continues exactly.
     */
    static void longIpcsWaitingForPagers(L4 l4) {
        ThreadId me = l4.myself();
        int mr = l4.messageRegisters();
        ThreadId silent = start(l4, 1, x -> x.receive(ThreadId.INVALID, Timeout.NEVER));
        ThreadId receiverA = me.withLthread(2);
        ThreadId receiverB = me.withLthread(4);
        ThreadId senderB = me.withLthread(5);
        // A: sent from mapped pages into a string slot whose second half is on an untouched page
        sendBuffer(l4, SEND_A, SEND_A + 0x800, TEXT.length);
        l4.memory().write(SEND_A + 0x800, TEXT);
        receiveBuffer(l4, RECV_A, RECV_STR_A, 256);
        l4.memory().writeWord(RECV_STR_A - 0x10, 0); // the page before the slot's page boundary
        // B: the sender's string starts on a touched page and goes on on one nobody touched
        sendBuffer(l4, SEND_B, SEND_STR_B, TEXT.length);
        l4.memory().write(SEND_STR_B, Arrays.copyOf(TEXT, 0x20));
        receiveBuffer(l4, RECV_B, RECV_STR_B, 256);
        l4.memory().writeWord(RECV_STR_B + 0x200, 0); // the receiver's slot is mapped; 0x57000 is not
        l4.lthreadExRegs(2, l4.codeAddress(x -> x.receive(me.withLthread(3), IpcDescriptor.receiveBuffer(RECV_A, false), Timeout.NEVER)),
                0x8000 + 2 * 0x1000L, silent, ThreadId.INVALID);
        start(l4, 3, x -> x.send(receiverA, IpcDescriptor.send(SEND_A, false, false), new long[mr],
                Timeout.NEVER.withPagefault(P5, 0)));
        start(l4, 4, x -> x.receive(senderB, IpcDescriptor.receiveBuffer(RECV_B, false), Timeout.NEVER.withPagefault(0, P5)));
        l4.lthreadExRegs(5, l4.codeAddress(x -> x.send(receiverB, IpcDescriptor.send(SEND_B, false, false), new long[mr], Timeout.NEVER)),
                0x8000 + 5 * 0x1000L, silent, ThreadId.INVALID);
        // A wakeup well before the page-fault timeouts: an idle machine that the test's pause
        // request wakes jumps to its next wakeup first, and this one is it.
        start(l4, 6, x -> x.sleep(100_000));
        l4.sleep(2000); // both copies reach their faults before the test pauses the machine
    }

    /** A send buffer at {@code buf}: the message registers' worth of words, one string of {@code len} bytes at {@code str}. */
    public static void sendBuffer(L4 x, long buf, long str, int len) {
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

    /** A receive buffer at {@code buf}: the message registers' worth of words, one string slot of {@code size} bytes at {@code str}. */
    public static void receiveBuffer(L4 x, long buf, long str, int size) {
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

    // ---- helpers ---------------------------------------------------------------------------------

    static void pause(Kernel k) throws Exception {
        long before = k.debugger.pauses();
        k.post(() -> k.debugger.pause("test", k.clock.cycles(), k.trace.events()));
        long end = System.nanoTime() + 10_000_000_000L;
        while (!(k.debugger.paused() && k.debugger.pauses() > before)) {
            if (System.nanoTime() > end) throw new AssertionError("the machine did not pause");
            Thread.sleep(1);
        }
    }

    /** Waits until {@code k} is paused (an imported machine started paused pauses by itself). */
    static void awaitPaused(Kernel k) throws Exception {
        long end = System.nanoTime() + 10_000_000_000L;
        while (!k.debugger.paused()) {
            if (System.nanoTime() > end) throw new AssertionError("the machine did not pause");
            Thread.sleep(1);
        }
    }

    static void resume(Kernel k) {
        k.post(() -> k.debugger.resume(0));
    }

    static byte[] export(Kernel k) throws SnapshotException {
        return SnapshotFiles.take(k, 10_000).bytes();
    }

    /** Runs {@code k} until every thread waits for outside input, then pauses it and exports it. */
    static byte[] settle(Kernel k) throws Exception {
        resume(k);
        Thread.sleep(20);
        assertTrue(k.awaitQuiescent(20_000), "the machine did not settle");
        pause(k);
        return export(k);
    }

    private static void stop(Kernel k) throws Exception {
        k.halt();
        k.stoppedFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** A paused machine in the middle of {@link #blockedThreads}, with an interrupt raised while paused. */
    private TestMachine pausedScenario() throws Exception {
        TestMachine m = new TestMachine(arch(), config());
        m.run(SnapshotScenarios::blockedThreads);
        pause(m.kernel);
        m.kernel.interrupts.raise(LINE);
        m.kernel.inspect(() -> null, 5000); // the raise has run in the paused machine
        return m;
    }

    // ---- tests -----------------------------------------------------------------------------------

    @Test
    void exportImportExportGivesTheSameBytes() throws Exception {
        try (TestMachine m = pausedScenario()) {
            byte[] first = export(m.kernel);
            assertArrayEquals(first, export(m.kernel), "exporting changes nothing");
            SnapshotReader.Imported imported = SnapshotReader.read(first, arch(), config(), JavaThreads.END_CODE);
            Kernel copy = imported.kernel();
            try {
                assertArrayEquals(first, SnapshotWriter.write(copy), "imported, not started");
                copy.startImported(true);
                awaitPaused(copy);
                assertArrayEquals(first, export(copy), "imported, started paused");
                assertEquals(m.kernel.inspect(() -> m.kernel.mmu.statistics(), 5000), copy.inspect(() -> copy.mmu.statistics(), 5000),
                        "the MMU model's TLB and counters");
                copy.inspect(() -> {
                    copy.checkIpcInvariants();
                    copy.mappings.checkInvariants();
                    return null;
                }, 5000);
            } finally {
                stop(copy);
            }
        }
    }

    @Test
    void anImportedMachineContinuesExactlyAsTheOriginal() throws Exception {
        try (TestMachine m = pausedScenario()) {
            Kernel original = m.kernel;
            byte[] snapshot = export(original);
            assertWaitsAreInIt(original);
            SnapshotReader.Imported imported = SnapshotReader.read(snapshot, arch(), config(), JavaThreads.END_CODE);
            Kernel copy = imported.kernel();
            try {
                assertTrue(imported.notes().stream().anyMatch(n -> n.contains("finishes its IPC")), imported.notes().toString());
                copy.startImported(true);
                awaitPaused(copy);
                byte[] originalAfter = settle(original);
                byte[] copyAfter = settle(copy);
                assertEquals(Long.toHexString(original.trace.digest()), Long.toHexString(copy.trace.digest()), "trace digest");
                assertEquals(original.clock.cycles(), copy.clock.cycles(), "simulated time");
                assertTrue(original.trace.events() > 0 && copy.trace.events() > SnapshotReaderFields.events(snapshot),
                        "the continuation did something");
                assertArrayEquals(originalAfter, copyAfter, "the whole kernel state after the continuation");
                assertNotEquals(Arrays.hashCode(snapshot), Arrays.hashCode(copyAfter));
            } finally {
                stop(copy);
            }
        }
    }

    /**
     * A machine paused while two long IPCs wait for their pagers in the middle of their string
     * copies: export, import, export gives the same bytes; the imported transfers hold the
     * cursors (part of each string copied, the faulting side, the fault RPC's record shared with
     * the faulter's state); the copiers and receivers finish their calls from data (none is
     * stopped), and both machines end alike once the page-fault timeouts have ended the copies:
     * same digest, time, whole state, and the same bytes received.
     */
    @Test
    void longIpcsWaitingForTheirPagersContinueExactlyAfterAnImport() throws Exception {
        try (TestMachine m = new TestMachine(arch(), config())) {
            m.run(SnapshotScenarios::longIpcsWaitingForPagers);
            Kernel original = m.kernel;
            pause(original);
            int task = original.inspect(() -> {
                for (var t : original.tasks) if (t.active && t.number > 2 && t.threads[3].state.transfer() != null) return t.number;
                return -1;
            }, 5000);
            assertTrue(task > 0, "the scenario's copies are in progress");
            assertCopiesWait(original, task, true);
            byte[] snapshot = export(original);
            SnapshotReader.Imported imported = SnapshotReader.read(snapshot, arch(), config(), JavaThreads.END_CODE);
            Kernel copy = imported.kernel();
            try {
                assertArrayEquals(snapshot, SnapshotWriter.write(copy), "export, import, export: the same bytes");
                assertCopiesWait(copy, task, false); // not started: nothing runs
                assertTrue(imported.notes().stream().noneMatch(n -> n.contains("stopped")), imported.notes().toString());
                for (int lthread : new int[] {2, 3, 4, 5}) {
                    String id = copy.task(task).thread(lthread).id().toString();
                    assertTrue(imported.notes().stream().anyMatch(n -> n.contains(id) && n.contains("finishes its IPC")), imported.notes().toString());
                }
                copy.startImported(true);
                awaitPaused(copy);
                byte[] originalAfter = settle(original);
                byte[] copyAfter = settle(copy);
                assertEquals(Long.toHexString(original.trace.digest()), Long.toHexString(copy.trace.digest()), "trace digest");
                assertEquals(original.clock.cycles(), copy.clock.cycles(), "simulated time");
                for (Kernel k : new Kernel[] {original, copy}) {
                    byte[] got = new byte[0x30];
                    k.physical.read(RECV_STR_A, got, 0, got.length);
                    assertArrayEquals(Arrays.copyOf(TEXT, 0x30), got, "A's string up to its fault, received");
                    k.physical.read(RECV_STR_B, got, 0, 0x20);
                    assertArrayEquals(Arrays.copyOf(TEXT, 0x20), Arrays.copyOf(got, 0x20), "B's string up to its fault, received");
                    assertEquals(ThreadState.Kind.STOPPED, k.task(task).thread(3).state.kind(), "A's sender ended after its call");
                }
                assertArrayEquals(originalAfter, copyAfter, "the whole kernel state after the continuation");
            } finally {
                stop(copy);
            }
        }
    }

    /** Both copies wait in the middle of their strings: A for a fault in the receiver's space, B in the copier's own. */
    private static void assertCopiesWait(Kernel k, int task, boolean started) throws Exception {
        java.util.concurrent.Callable<String> check = () -> {
            try {
                Tcb[] t = k.task(task).threads;
                Transfer a = t[3].state.transfer();
                assertTrue(a != null && a.waitsForFault() && a.faulter == t[2], "A waits for the receiver's fault: " + t[3].state);
                assertTrue(a.offset == 0x30 && a.stringsDone == 0, "A is in the middle of its string: " + a.offset);
                assertTrue(t[2].state.saved() == a.faultRpc && a.faultRpc.transfer() == a, "A's fault record is the receiver's, and holds the transfer");
                assertTrue(t[2].state.transfer() == a, "the receiver shares A");
                Transfer b = t[4].state.transfer();
                assertTrue(b != null && b.waitsForFault() && b.faulter == t[5] && b.sender == t[5], "B waits for the copier's own fault: " + t[5].state);
                assertTrue(b.offset == 0x20 && b.stringsDone == 0, "B is in the middle of its string: " + b.offset);
                assertTrue(t[5].state.saved() == b.faultRpc && b.faultRpc.transfer() == b, "B's fault record is the copier's");
                return null;
            } catch (Throwable e) {
                return String.valueOf(e);
            }
        };
        String wrong = started ? k.inspect(check, 5000) : check.call();
        if (wrong != null) throw new AssertionError(wrong);
    }

    /** The scenario's waits are what the snapshot holds: senders queued with and without timeout, armed wakeups, a pending line. */
    private static void assertWaitsAreInIt(Kernel k) throws Exception {
        k.inspect(() -> {
            Tcb receiver = null;
            for (var t : k.tasks) if (t.active && t.threads[6].state.is(ThreadState.Kind.RECEIVING) && t.number > 2) receiver = t.threads[4];
            assertTrue(receiver != null, "the scenario's task");
            assertEquals(2, receiver.senders.size(), "two senders queued");
            assertTrue(k.wakeupQueue().size() >= 4, "timeouts armed: " + k.wakeupQueue().size());
            assertTrue(k.pic.pending(LINE) || k.interrupts.pendingLine(LINE), "interrupt pending");
            return null;
        }, 5000);
    }

    @Test
    void javaThreadsAreRefusedByNameUnlessTheirCodeMayEnd() throws Exception {
        try (TestMachine m = pausedScenario()) {
            byte[] snapshot = export(m.kernel);
            SnapshotException e = assertThrows(SnapshotException.class,
                    () -> SnapshotReader.read(snapshot, arch(), config(), JavaThreads.REFUSE));
            assertTrue(e.getMessage().contains("whose code is Java"), e.getMessage());
            assertTrue(e.getMessage().contains(ThreadId.of(0, 0, 1, 0, 0).toString()), "names σ0: " + e.getMessage());
            assertTrue(!e.getMessage().contains("\n"), "one line");
        }
    }

    @Test
    void aRunningMachineIsNotExported() throws Exception {
        try (TestMachine m = new TestMachine(arch(), config())) {
            m.kernel.awaitQuiescent(10_000);
            SnapshotException e = assertThrows(SnapshotException.class, () -> export(m.kernel));
            assertTrue(e.getMessage().startsWith("the machine is running: l4:pause"), e.getMessage());
        }
    }

    @Test
    void badFilesGetOneLineErrors() throws Exception {
        byte[] good;
        try (TestMachine m = new TestMachine(arch(), config())) {
            m.kernel.awaitQuiescent(10_000);
            pause(m.kernel);
            good = export(m.kernel);
        }
        assertError("not an L4 machine snapshot", "hello, world".getBytes());
        assertError("not an L4 machine snapshot", new byte[0]);
        byte[] v3 = good.clone();
        v3[SnapshotFormat.MAGIC.length + 1] = 3;
        assertError("snapshot format version 3; this kernel reads version 2", v3);
        byte[] v1 = good.clone();
        v1[SnapshotFormat.MAGIC.length + 1] = 1;
        assertError("snapshot format version 1, whose transfers lack the copy's cursors; this kernel reads version 2", v1);
        assertError("the snapshot's machine is vax, this one is " + arch().name() + " (l4:arch vax first)", withArch(good, "vax"));
        assertError("truncated snapshot", Arrays.copyOf(good, good.length / 2));
        assertError("truncated snapshot", Arrays.copyOf(good, good.length - 3));
        byte[] longer = Arrays.copyOf(good, good.length + 5);
        assertError("bytes after its end", longer);
        byte[] wrongSection = good.clone();
        int mach = SnapshotFormat.MAGIC.length + 2 + 2 + arch().name().length();
        wrongSection[mach] = 'X';
        assertError("expected section MACH, found XACH", wrongSection);
    }

    /** Damaged files: every import either fails with one line or gives a kernel whose invariants hold. */
    @Test
    void damagedSnapshotsAreRefusedWithOneLine() throws Exception {
        byte[] good;
        try (TestMachine m = pausedScenario()) {
            good = export(m.kernel);
        }
        java.util.Random random = new java.util.Random(12);
        int refused = 0;
        for (int i = 0; i < 60; i++) {
            byte[] bad = good.clone();
            int header = SnapshotFormat.MAGIC.length + 4 + arch().name().length();
            for (int f = 0; f <= i % 3; f++) {
                // mostly the kernel state in front of the memory frames, where every byte means something
                int limit = i % 4 == 0 ? bad.length : Math.min(bad.length, 64 * 1024);
                int at = header + random.nextInt(limit - header);
                bad[at] = (byte) (bad[at] ^ (1 << random.nextInt(8)));
            }
            try {
                SnapshotReader.read(bad, arch(), config(), JavaThreads.END_CODE).kernel().halt();
            } catch (SnapshotException e) {
                refused++;
                assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
            }
        }
        assertTrue(refused > 0, "some damage is noticed");
    }

    private void assertError(String expected, byte[] data) {
        SnapshotException e = assertThrows(SnapshotException.class, () -> SnapshotReader.read(data, arch(), config(), JavaThreads.END_CODE));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    /** The snapshot with another architecture name in its header. */
    private byte[] withArch(byte[] good, String name) throws Exception {
        int at = SnapshotFormat.MAGIC.length + 2;
        int oldLength = 2 + arch().name().length();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(good, 0, at);
        new DataOutputStream(b).writeUTF(name);
        b.write(good, at + oldLength, good.length - at - oldLength);
        return b.toByteArray();
    }

    /** Reads fields of a snapshot the tests compare against. */
    static final class SnapshotReaderFields {
        /** The trace's event count (section TRCE). */
        static long events(byte[] snapshot) throws Exception {
            java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(snapshot));
            in.skipBytes(SnapshotFormat.MAGIC.length + 2);
            in.readUTF();
            while (true) {
                int tag = in.readInt();
                int length = in.readInt();
                if (tag == SnapshotFormat.tag("TRCE")) return in.readLong();
                in.skipBytes(length);
            }
        }
    }
}
