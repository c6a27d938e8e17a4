package l4.kernel.calls;

import static l4.kernel.calls.LongIpcFaultsTest.SILENT;
import static l4.kernel.calls.LongIpcFaultsTest.clientTask;
import static l4.kernel.calls.LongIpcFaultsTest.pager;
import static l4.kernel.calls.LongIpcFaultsTest.query;
import static l4.kernel.calls.LongIpcFaultsTest.report;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import l4.api.ConditionCode;
import l4.api.Fpage;
import l4.api.IpcDescriptor;
import l4.api.IpcError;
import l4.api.IpcResult;
import l4.api.L4;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.kernel.testarch.TestMachine;
import org.junit.jupiter.api.Test;

/** Grant items (decision 8) and mapping over an occupied page (decision 9), between tasks. */
class GrantTest {
    static final long WINDOW_BASE = 0x100000;
    static final long WINDOW = IpcDescriptor.receiveWindow(Fpage.of(WINDOW_BASE, 20, true), false);

    static void mapTo(L4 l4, ThreadId to, Fpage fp) {
        IpcResult s = l4.send(to, IpcDescriptor.MAP, new long[] {0, fp.encode()}, Timeout.send(1_000_000));
        assertTrue(s.ok(), s.toString());
    }

    @Test
    void grantMovesThePageAndKeepsDerivedMappings() throws Exception {
        try (TestMachine m = new TestMachine()) {
            m.run(l4 -> {
                ThreadId me = l4.myself();
                long x = 0x600000;
                l4.memory().writeWord(x, 0xABCDL);
                ThreadId pager = Scenarios.start(l4, 1, pager(me, Map.of()));
                // d gets a mapping derived from the granter's page, r gets the page granted
                ThreadId d = Scenarios.task(l4, 0x160, c -> {
                    IpcResult r = c.waitAny(WINDOW, Timeout.NEVER);
                    c.send(me, new long[] {r.cc(), c.memory().readWord(WINDOW_BASE)}, Timeout.NEVER);
                    c.receive(me, Timeout.NEVER); // go
                    c.send(me, new long[] {c.memory().readWord(WINDOW_BASE), 0}, Timeout.NEVER);
                });
                ThreadId r = Scenarios.task(l4, 0x161, c -> {
                    IpcResult q = c.waitAny(WINDOW, Timeout.NEVER);
                    c.send(me, new long[] {q.cc(), c.memory().readWord(WINDOW_BASE)}, Timeout.NEVER);
                });
                // the granter's page comes from its pager (a thread of this task, page x 1:1)
                ThreadId g = clientTask(l4, 0x162, pager, c -> {
                    long v = c.memory().readWord(x);
                    mapTo(c, d, Fpage.of(x, 12, true));
                    mapTo(c, r, Fpage.of(x, 12, true).granting());
                    long again = c.memory().readWord(x); // lost: faults to its pager, which maps x anew
                    c.send(me, new long[] {v, again}, Timeout.NEVER);
                });
                IpcResult rd = report(l4, d);
                assertTrue((rd.word(0) & ConditionCode.MAPPED) != 0, "d: m bit");
                assertEquals(0xABCDL, rd.word(1), "d reads the mapped page");
                IpcResult rr = report(l4, r);
                assertTrue((rr.word(0) & ConditionCode.MAPPED) != 0, "r: m bit");
                assertEquals(0xABCDL, rr.word(1), "r reads the granted page");
                IpcResult rg = report(l4, g);
                assertEquals(0xABCDL, rg.word(0));
                assertEquals(0xABCDL, rg.word(1));
                long[] q0 = query(l4, pager, 0);
                long[] q1 = query(l4, pager, 1);
                assertEquals(x, q0[1] & ~0xFFFL, "the granter's last fault is on the granted page");
                assertEquals(2, q1[1], "the granter faulted on x again after the grant");
                // the mapping derived before the grant still shows the frame
                l4.memory().writeWord(x, 0xBEEFL);
                assertTrue(l4.send(d, new long[] {0, 0}, Timeout.send(1_000_000)).ok());
                assertEquals(0xBEEFL, report(l4, d).word(0), "derived mapping still valid after the grant");
            });
            assertTrue(m.kernel.inspect(() -> {
                m.kernel.mappings.checkInvariants();
                // the granter holds x again (from its pager), the grantee and the derived mapping still hold the frame
                var space = m.kernel.task(0x161).space.mmu();
                var t = space.translate(WINDOW_BASE, false);
                var td = m.kernel.task(0x160).space.mmu().translate(WINDOW_BASE, false);
                return t.ok() && td.ok() && t.physical() == td.physical();
            }, 5000));
        }
    }

    @Test
    void mappingOverAnOccupiedPageReplacesItAndRightsNeverExceedTheSource() throws Exception {
        try (TestMachine m = new TestMachine()) {
            m.run(l4 -> {
                ThreadId me = l4.myself();
                long a = 0x700000, b = 0x701000;
                l4.memory().writeWord(a, 0xAAAAL);
                l4.memory().writeWord(b, 0xBBBBL);
                ThreadId pager = Scenarios.start(l4, 1, pager(me, Map.of(WINDOW_BASE, SILENT)));
                ThreadId c = clientTask(l4, 0x163, pager, x -> {
                    for (int i = 0; i < 3; i++) {
                        IpcResult q = x.waitAny(WINDOW, Timeout.NEVER);
                        x.send(me, new long[] {q.cc(), x.memory().readWord(WINDOW_BASE)}, Timeout.NEVER);
                    }
                    x.memory().writeWord(WINDOW_BASE, 7); // read-only: faults to the (silent) pager
                    x.send(me, new long[] {0xBAD, 0}, Timeout.NEVER);
                });
                mapTo(l4, c, Fpage.of(a, 12, true));
                assertEquals(0xAAAAL, report(l4, c).word(1));
                // over the occupied page, read-only: the old page is gone, b is seen
                mapTo(l4, c, Fpage.of(b, 12, false));
                assertEquals(0xBBBBL, report(l4, c).word(1), "old data no longer visible");
                // b becomes read-only for this task too; then a writable map of it: still read-only
                l4.fpageUnmap(Fpage.of(b, 12, false), false, true);
                mapTo(l4, c, Fpage.of(b, 12, true));
                IpcResult third = report(l4, c);
                assertEquals(0xBBBBL, third.word(1));
                // the client's write must fault
                long[] q0 = new long[2];
                for (int i = 0; i < 50; i++) {
                    q0 = query(l4, pager, 0);
                    if (q0[0] > 0) break;
                    l4.sleep(1000);
                }
                assertEquals(1, q0[0], "one fault: the write");
                assertEquals(WINDOW_BASE | 2, q0[1], "a write fault on the read-only page");
                IpcResult none = l4.receive(c, Timeout.receive(5000));
                assertEquals(IpcError.RECEIVE_TIMEOUT, none.error(), "the client never got past its write");
                assertEquals(0xBBBBL, l4.memory().readWord(b), "b unchanged");
                assertEquals(0xAAAAL, l4.memory().readWord(a), "a untouched by the overmap");
            });
            assertTrue(m.kernel.inspect(() -> { m.kernel.mappings.checkInvariants(); return true; }, 5000));
        }
    }
}
