package l4.kernel.calls;

import static l4.kernel.calls.LongIpcFaultsTest.clientTask;
import static l4.kernel.calls.LongIpcFaultsTest.report;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import l4.api.ConditionCode;
import l4.api.Fpage;
import l4.api.IoFpage;
import l4.api.IpcDescriptor;
import l4.api.IpcResult;
import l4.api.L4;
import l4.api.ThreadBody;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.kernel.KernelConfig;
import l4.kernel.hardware.IoDevice;
import l4.kernel.io.IoPortDatabase;
import l4.kernel.testarch.TestArchitecture;
import l4.kernel.testarch.TestMachine;
import org.junit.jupiter.api.Test;

/** ix86 I/O ports: faults to the pager, map/grant of I/O fpages, recursive revocation, the port bus. */
class IoPortsTest {
    static final long WINDOW = IpcDescriptor.receiveWindow(Fpage.wholeSpace(32, true), false);
    /** A task number no task uses: as a pager it means "no pager". */
    static final ThreadId NO_PAGER = ThreadId.of(0, 0, 0x7F0, 0, 1);

    static TestMachine ioMachine() {
        return new TestMachine(new TestArchitecture(32, 2, false, true), new KernelConfig());
    }

    static int task(ThreadId t) { return t.task(); }

    /**
     * Gets {@code fp}'s ports from σ0 by touching each: every in faults to the caller's pager, the
     * test machine's σ0, which maps the faulting port (the test task is not in σ0's clan, so it
     * cannot ask σ0 directly).
     */
    static void acquire(L4 l4, IoFpage fp) {
        for (int p = fp.port(); p <= fp.end(); p++) l4.ioRead(p, 1);
    }

    /** A device decoding 8 ports from {@code base}: reads give port ^ 0x5A5A, writes are recorded. */
    static final class Recorder implements IoDevice {
        final int base;
        final List<long[]> writes = new ArrayList<>();

        Recorder(int base) { this.base = base; }

        @Override public int base() { return base; }
        @Override public int count() { return 8; }
        @Override public long read(int port, int width) { return port ^ 0x5A5A; }
        @Override public void write(int port, int width, long value) { writes.add(new long[] {port, width, value}); }
    }

    /** A σ0-like pager thread: records each fault (w0, w1) and answers it with a map item of the faulting I/O fpage. */
    static ThreadBody ioPager(List<long[]> faults) {
        return p -> {
            IpcResult r = p.waitAny(Timeout.NEVER);
            while (true) {
                faults.add(new long[] {r.word(0), r.word(1)});
                IoFpage fp = IoFpage.decode(r.word(0));
                long[] reply = fp.isNil() ? new long[] {0, 0} : new long[] {0, fp.encode()};
                r = p.ipc(r.source(), fp.isNil() ? 0 : IpcDescriptor.MAP, reply, IpcDescriptor.OPEN, ThreadId.NIL, ThreadId.NIL,
                        Timeout.of(0, Timeout.INFINITE));
                if (!r.ok()) r = p.waitAny(Timeout.NEVER);
            }
        };
    }

    @Test
    void sigma0ResolvesIoFaults() throws Exception {
        try (TestMachine m = ioMachine()) {
            m.run(l4 -> {
                long faults = m.kernel.stats.pageFaults;
                assertEquals(0xFF, l4.ioRead(0x60, 1), "unclaimed port");
                assertEquals(faults + 1, m.kernel.stats.pageFaults, "one I/O fault, resolved by σ0");
                assertTrue(m.kernel.ioPorts.has(task(l4.myself()), 0x60));
                assertFalse(m.kernel.ioPorts.has(task(l4.myself()), 0x61));
                assertEquals(0xFFFF, l4.ioRead(0x60, 2), "unclaimed port, 16 bits");
                assertEquals(faults + 2, m.kernel.stats.pageFaults);
                assertEquals(0xFFFF, l4.ioRead(0x60, 2));
                assertEquals(faults + 2, m.kernel.stats.pageFaults, "no fault for held ports");
            });
        }
    }

    @Test
    void ioFpageEncoding() {
        IoFpage fp = IoFpage.of(0x3F8, 3);
        assertEquals(0xF000_0000L | 0x3F8L << 12 | 3 << 2, fp.encode());
        assertEquals(fp, IoFpage.decode(fp.encode()));
        assertTrue(IoFpage.isIoFpage(fp.encode()));
        assertEquals(8, fp.ports());
        assertEquals(0x3FF, fp.end());
        assertTrue(IoFpage.decode(fp.granting().encode()).grant());
        assertTrue(IoFpage.decode(0xF000_0000L | 0x3F9L << 12 | 3 << 2).isNil(), "misaligned");
        assertTrue(IoFpage.decode(0xF000_0000L | 17 << 2).isNil(), "too large");
        assertTrue(IoFpage.decode(0xF000_0100L).isNil(), "bits 8-11");
        assertTrue(IoFpage.decode(0xE000_0000L).isNil(), "no marker");
        assertFalse(IoFpage.isIoFpage(0x1_F000_0000L));
        assertEquals(0xF000_0000L | 16 << 2, IoFpage.of(0, 16).encode());
        assertThrows(IllegalArgumentException.class, () -> IoFpage.of(1, 1));
        assertThrows(IllegalArgumentException.class, () -> IoFpage.of(0, 17));
    }

    @Test
    void databaseMapGrantUnmapKill() {
        IoPortDatabase db = new IoPortDatabase(16, 1);
        IoFpage all16 = IoFpage.of(0x100, 4);
        assertEquals(16, db.map(1, 3, all16, false));
        assertEquals(4, db.map(3, 4, IoFpage.of(0x100, 2), false));
        assertEquals(2, db.map(4, 5, IoFpage.of(0x100, 1), true)); // grant: 5 takes 4's place
        assertFalse(db.has(4, 0x100));
        assertTrue(db.has(4, 0x102));
        assertEquals(3, db.parent(5, 0x100));
        assertEquals(0, db.map(6, 7, all16, false), "6 has nothing to give");
        db.checkInvariants();
        assertEquals(4, db.unmap(3, IoFpage.of(0x100, 2), false)); // 5 (0x100,0x101), 4 (0x102,0x103)
        assertTrue(db.has(3, 0x100));
        assertFalse(db.has(5, 0x100));
        assertFalse(db.has(4, 0x102));
        db.checkInvariants();
        db.map(3, 4, all16, false);
        assertEquals(32, db.deleteTask(3));
        assertEquals(0, db.ports(4).cardinality());
        assertEquals(0, db.unmap(1, all16, true), "σ0 keeps its ports");
        assertTrue(db.has(1, 0x100));
        db.checkInvariants();
    }

    @Test
    void faultDrivenAccessThroughAPagerAndTheBus() throws Exception {
        try (TestMachine m = ioMachine()) {
            Recorder uart = new Recorder(0x3F8);
            m.kernel.portBus.attach(uart);
            List<long[]> faults = new ArrayList<>();
            AtomicLong clientIp = new AtomicLong();
            m.run(l4 -> {
                ThreadId me = l4.myself();
                // the pager thread's ports come from σ0 through the σ0 protocol
                acquire(l4, IoFpage.of(0x3F8, 3));
                acquire(l4, IoFpage.of(0x60, 2));
                assertTrue(m.kernel.ioPorts.has(task(me), 0x3FF));
                ThreadId pager = Scenarios.start(l4, 1, ioPager(faults));
                ThreadBody client = c -> {
                    c.ioWrite(0x3F8, 1, 0x41);
                    long v = c.ioRead(0x3FA, 2); // two ports: two faults
                    long floating = c.ioRead(0x60, 4); // four faults; nothing decodes these ports
                    c.ioWrite(0x3F8, 1, 0x142); // the low byte only
                    c.send(me, new long[] {v, floating}, Timeout.NEVER);
                };
                clientIp.set(l4.codeAddress(client));
                ThreadId c = clientTask(l4, 0x150, pager, client);
                IpcResult r = report(l4, c);
                assertEquals(0x3FA ^ 0x5A5A, r.word(0), "the device answers the read");
                assertEquals(0xFFFF_FFFFL, r.word(1), "unclaimed ports read all ones");
                assertTrue(m.kernel.ioPorts.has(0x150, 0x3FB));
                assertFalse(m.kernel.ioPorts.has(0x150, 0x3FC), "only the faulting ports were given");
                m.kernel.ioPorts.checkInvariants();
            });
            assertEquals(7, faults.size(), "0x3F8, 0x3FA, 0x3FB, 0x60..0x63");
            assertEquals(IoFpage.of(0x3F8, 0).encode(), faults.get(0)[0]);
            assertEquals(clientIp.get(), faults.get(0)[1], "w1 = IP");
            assertEquals(IoFpage.of(0x3FA, 0).encode(), faults.get(1)[0]);
            assertEquals(IoFpage.of(0x3FB, 0).encode(), faults.get(2)[0]);
            assertEquals(IoFpage.of(0x63, 0).encode(), faults.get(6)[0]);
            assertEquals(2, uart.writes.size());
            assertEquals(List.of(0x3F8L, 1L, 0x41L), List.of(uart.writes.get(0)[0], uart.writes.get(0)[1], uart.writes.get(0)[2]));
            assertEquals(0x42L, uart.writes.get(1)[2]);
        }
    }

    @Test
    void mapGrantAndRecursiveRevocationBetweenTasks() throws Exception {
        try (TestMachine m = ioMachine()) {
            m.run(l4 -> {
                ThreadId me = l4.myself();
                int t = task(me);
                IoPortDatabase db = m.kernel.ioPorts;
                acquire(l4, IoFpage.of(0x100, 4));
                // b: receives 16 ports by map, reads one, maps 4 of them to d and grants 4 others to c
                ThreadId c = clientTask(l4, 0x161, NO_PAGER, x -> {
                    IpcResult r = x.waitAny(WINDOW, Timeout.NEVER);
                    x.send(me, new long[] {r.cc(), x.ioRead(0x108, 1)}, Timeout.NEVER);
                });
                ThreadId d = clientTask(l4, 0x162, NO_PAGER, x -> {
                    IpcResult r = x.waitAny(WINDOW, Timeout.NEVER);
                    x.send(me, new long[] {r.cc(), x.ioRead(0x100, 1)}, Timeout.NEVER);
                });
                ThreadId b = clientTask(l4, 0x160, NO_PAGER, x -> {
                    IpcResult r = x.waitAny(WINDOW, Timeout.NEVER);
                    long v = x.ioRead(0x10F, 1);
                    x.send(d, IpcDescriptor.MAP, new long[] {0, IoFpage.of(0x100, 2).encode()}, Timeout.NEVER);
                    x.send(c, IpcDescriptor.MAP, new long[] {0, IoFpage.of(0x108, 2).granting().encode()}, Timeout.NEVER);
                    x.send(me, new long[] {r.cc(), v}, Timeout.NEVER);
                });
                IpcResult s = l4.send(b, IpcDescriptor.MAP, new long[] {0, IoFpage.of(0x100, 4).encode()}, Timeout.send(1_000_000));
                assertTrue(s.ok(), s.toString());
                IpcResult rb = report(l4, b);
                assertTrue((rb.word(0) & ConditionCode.MAPPED) != 0, "b: m bit");
                assertEquals(0xFF, rb.word(1));
                IpcResult rd = report(l4, d);
                assertTrue((rd.word(0) & ConditionCode.MAPPED) != 0, "d: m bit");
                assertEquals(0xFF, rd.word(1));
                IpcResult rc = report(l4, c);
                assertTrue((rc.word(0) & ConditionCode.MAPPED) != 0, "c: m bit");
                assertEquals(0xFF, rc.word(1));
                // map: both keep; grant: b lost 0x108..0x10B, c has them from me
                assertTrue(db.has(t, 0x100) && db.has(0x160, 0x100) && db.has(0x162, 0x100));
                assertFalse(db.has(0x160, 0x108));
                assertTrue(db.has(0x161, 0x108));
                assertEquals(t, db.parent(0x161, 0x108), "the grantee takes the granter's place");
                assertEquals(0x160, db.parent(0x162, 0x100));
                db.checkInvariants();
                // revoke 0x100..0x107 from what I passed on: b and, recursively, d lose them; c keeps 0x108..
                l4.fpageUnmap(IoFpage.of(0x100, 3), false);
                assertTrue(db.has(t, 0x100));
                assertFalse(db.has(0x160, 0x100));
                assertFalse(db.has(0x162, 0x100), "derived access revoked recursively");
                assertTrue(db.has(0x160, 0x10C));
                assertTrue(db.has(0x161, 0x108));
                db.checkInvariants();
                // with the own bit I lose them too, and everything derived
                l4.fpageUnmap(IoFpage.of(0x100, 4), true);
                assertFalse(db.has(t, 0x10F));
                assertFalse(db.has(0x160, 0x10C));
                assertFalse(db.has(0x161, 0x108));
                assertTrue(db.has(1, 0x100), "σ0 keeps its ports");
                db.checkInvariants();
                // σ0 gives them out again; killing the receiver removes what derives from it
                acquire(l4, IoFpage.of(0x100, 4));
                ThreadId e = clientTask(l4, 0x163, NO_PAGER, Scenarios.BLOCK);
                ThreadId f = clientTask(l4, 0x164, NO_PAGER, Scenarios.BLOCK);
                l4.sleep(1000);
                m.kernel.ioPorts.map(t, 0x163, IoFpage.of(0x100, 4), false);
                m.kernel.ioPorts.map(0x163, 0x164, IoFpage.of(0x100, 4), false);
                assertFalse(l4.taskNew(e, 0, 0, 0, ThreadId.NIL, ThreadId.NIL).isNil(), "kill e");
                assertFalse(db.has(0x163, 0x100));
                assertFalse(db.has(0x164, 0x100), "f's ports derived from e");
                assertTrue(db.has(t, 0x100));
                db.checkInvariants();
                assertFalse(f.isNil());
            });
        }
    }

    @Test
    void noPortsOnTheArchitectureOrNoPagerIsAnException() throws Exception {
        try (TestMachine m = new TestMachine()) { // memory-mapped devices
            m.run(l4 -> {
                ThreadId me = l4.myself();
                assertThrows(RuntimeException.class, () -> l4.ioRead(0x60, 1));
                long ip = l4.codeAddress(x -> x.ioWrite(0x60, 1, 0));
                l4.lthreadExRegs(1, ip, 0, ThreadId.INVALID, me);
                IpcResult r = l4.receive(me.withLthread(1), Timeout.receive(100_000));
                assertTrue(r.ok(), r.toString());
                assertEquals(10 << 2, r.word(0), "program exception");
            });
        }
        try (TestMachine m = ioMachine()) {
            m.run(l4 -> {
                ThreadId me = l4.myself();
                long ip = l4.codeAddress(x -> x.ioRead(0x80, 1));
                l4.lthreadExRegs(1, ip, 0, NO_PAGER, me);
                IpcResult r = l4.receive(me.withLthread(1), Timeout.receive(100_000));
                assertTrue(r.ok(), r.toString());
                assertEquals(10 << 2, r.word(0), "program exception: the I/O fault had no pager");
                assertThrows(RuntimeException.class, () -> l4.ioRead(0x80, 3), "bad width");
                assertThrows(RuntimeException.class, () -> l4.ioRead(0xFFFF, 2), "beyond the port space");
            });
        }
    }
}
