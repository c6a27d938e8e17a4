package l4.kernel.calls;

import static l4.kernel.calls.Scenarios.BLOCK;
import static l4.kernel.calls.Scenarios.SIGMA0;
import static l4.kernel.calls.Scenarios.machine;
import static l4.kernel.calls.Scenarios.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import l4.api.IpcError;
import l4.api.IpcResult;
import l4.api.Nearest;
import l4.api.ThreadBody;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.kernel.KernelConfig.SchedulerPolicy;
import l4.kernel.testarch.TestMachine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** task_new (create, replace, inactive, refusal, recursive kill), clan redirection and id_nearest. */
class TasksAndClansTest {
    static final ThreadBody ECHO = l4 -> {
        IpcResult r = l4.waitAny(Timeout.NEVER);
        while (true) r = l4.replyAndWait(r.source(), new long[] {r.word(0) + 1}, Timeout.NEVER);
    };

    @ParameterizedTest
    @EnumSource(SchedulerPolicy.class)
    void taskNewCreateReplaceInactiveAndRefuse(SchedulerPolicy p) throws Exception {
        try (TestMachine m = machine(p)) {
            AtomicReference<ThreadId> aClaimsOwned = new AtomicReference<>();
            AtomicReference<ThreadId> aClaimsFree = new AtomicReference<>();
            m.run(l4 -> {
                ThreadId me = l4.myself();
                ThreadId a = task(l4, 0x100, ECHO);
                assertFalse(a.isNil());
                assertEquals(0x100, a.task());
                assertEquals(me.task(), a.chief());
                assertEquals(me.nest() + 1, a.nest());
                assertEquals(6, l4.call(a, new long[] {5}, Timeout.NEVER).word(0));
                // replace (only the chief may): a new version, the old id is gone
                ThreadId a2 = l4.taskNew(ThreadId.of(0, 0, 0x100, 0, 2), 255, 0, l4.codeAddress(ECHO), SIGMA0, ThreadId.NIL);
                assertFalse(a2.isNil());
                assertEquals(2, a2.version());
                assertEquals(IpcError.NON_EXISTENT, l4.send(a, new long[0], Timeout.NEVER).error());
                assertEquals(8, l4.call(a2, new long[] {7}, Timeout.NEVER).word(0));
                // inactive: nil pager; the number stays owned, sends fail with 0x10
                ThreadId i = l4.taskNew(ThreadId.of(0, 0, 0x102, 0, 1), me.raw(), 0, 0, ThreadId.NIL, ThreadId.NIL);
                assertFalse(i.isNil());
                assertEquals(IpcError.NON_EXISTENT, l4.send(i, new long[0], Timeout.NEVER).error());
                // refusals
                assertTrue(l4.taskNew(ThreadId.NIL, 255, 0, l4.codeAddress(BLOCK), SIGMA0, ThreadId.NIL).isNil());
                assertTrue(l4.taskNew(ThreadId.INVALID, 255, 0, l4.codeAddress(BLOCK), SIGMA0, ThreadId.NIL).isNil());
                assertTrue(l4.taskNew(SIGMA0, 255, 0, l4.codeAddress(BLOCK), SIGMA0, ThreadId.NIL).isNil());
                assertTrue(l4.taskNew(ThreadId.of(0, 0, 2, 0, 1), 255, 0, l4.codeAddress(BLOCK), SIGMA0, ThreadId.NIL).isNil());
                assertTrue(l4.taskNew(me, 255, 0, l4.codeAddress(BLOCK), SIGMA0, ThreadId.NIL).isNil(), "a task is not its own chief");
                // decision 7: a non-chief may not task_new an owned number, but may claim a never-active one
                ThreadId b = task(l4, 0x103, x -> {
                    aClaimsOwned.set(task(x, 0x102, BLOCK));
                    aClaimsFree.set(task(x, 0x104, BLOCK));
                    x.receive(ThreadId.INVALID, Timeout.NEVER);
                });
                l4.sleep(3000);
                assertNotNull(aClaimsFree.get());
                assertTrue(aClaimsOwned.get().isNil(), "0x102 is owned by its chief");
                assertFalse(aClaimsFree.get().isNil(), "0x104 was never active");
                assertEquals(0x103, aClaimsFree.get().chief());
                assertTrue(task(l4, 0x104, BLOCK).isNil(), "0x104 is owned by task 0x103 now");
                assertFalse(b.isNil());
            });
        }
    }

    @ParameterizedTest
    @EnumSource(SchedulerPolicy.class)
    void killingAChiefKillsItsClanRecursively(SchedulerPolicy p) throws Exception {
        try (TestMachine m = machine(p)) {
            AtomicReference<ThreadId> b = new AtomicReference<>();
            AtomicReference<ThreadId> c = new AtomicReference<>();
            m.run(l4 -> {
                ThreadId me = l4.myself();
                ThreadId a = task(l4, 0x110, x -> {
                    b.set(task(x, 0x111, y -> {
                        c.set(task(y, 0x112, BLOCK));
                        y.receive(ThreadId.INVALID, Timeout.NEVER);
                    }));
                    x.receive(ThreadId.INVALID, Timeout.NEVER);
                });
                l4.sleep(3000);
                assertNotNull(c.get());
                assertEquals(new Nearest(Nearest.INNER_CLAN, a).toString(), l4.idNearest(b.get()).toString());
                assertEquals(new Nearest(Nearest.INNER_CLAN, a).toString(), l4.idNearest(c.get()).toString());
                // kill a: task_new on it with a nil pager
                ThreadId dead = l4.taskNew(a, me.raw(), 0, 0, ThreadId.NIL, ThreadId.NIL);
                assertFalse(dead.isNil());
                for (ThreadId t : new ThreadId[] {a, b.get(), c.get()}) {
                    assertEquals(IpcError.NON_EXISTENT, l4.send(t, new long[0], Timeout.ZERO).error(), t.toString());
                    assertEquals(Nearest.OUTER_CLAN, l4.idNearest(t).type());
                }
                // their numbers are inactive tasks owned by the killer
                ThreadId again = task(l4, 0x112, BLOCK);
                assertFalse(again.isNil());
                assertEquals(me.task(), again.chief());
            });
            for (int n : new int[] {0x110, 0x111}) {
                boolean active = m.kernel.inspect(() -> m.kernel.task(n).active, 5000);
                assertFalse(active, "task " + n);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SchedulerPolicy.class)
    void clanRedirectionAndIdNearest(SchedulerPolicy p) throws Exception {
        try (TestMachine m = machine(p)) {
            AtomicReference<ThreadId> a1 = new AtomicReference<>();
            AtomicReference<IpcResult> first = new AtomicReference<>();
            AtomicReference<IpcResult> second = new AtomicReference<>();
            AtomicReference<IpcResult> a1Send = new AtomicReference<>();
            AtomicReference<Nearest> a1Nearest = new AtomicReference<>();
            AtomicReference<ThreadId> sHolder = new AtomicReference<>();
            m.run(l4 -> {
                ThreadId me = l4.myself();
                ThreadId s = task(l4, 0x121, BLOCK);
                sHolder.set(s);
                ThreadId a = task(l4, 0x120, x -> {
                    a1.set(task(x, 0x122, y -> {
                        a1Nearest.set(y.idNearest(sHolder.get()));
                        a1Send.set(y.send(sHolder.get(), new long[] {5, 6}, Timeout.NEVER));
                        y.receive(ThreadId.INVALID, Timeout.NEVER);
                    }));
                    first.set(x.waitAny(Timeout.NEVER));
                    second.set(x.waitAny(Timeout.NEVER));
                });
                l4.sleep(3000);
                // a1 -> s: outside a1's clan, goes to a1's chief a with r, i and the intended destination
                IpcResult r = first.get();
                assertNotNull(r);
                assertTrue(r.ok(), r.toString());
                assertTrue(r.redirected(), r.toString());
                assertTrue(r.fromInnerClan(), r.toString());
                assertEquals(a1.get(), r.source());
                assertEquals(s, r.intendedDestination());
                assertEquals(5, r.word(0));
                assertEquals(6, r.word(1));
                assertTrue(a1Send.get().ok(), a1Send.get().toString());
                assertEquals(Nearest.OUTER_CLAN, a1Nearest.get().type());
                assertEquals(a, a1Nearest.get().id());
                // id_nearest from here
                Nearest n = l4.idNearest(a1.get());
                assertEquals(Nearest.INNER_CLAN, n.type());
                assertEquals(a, n.id());
                n = l4.idNearest(a);
                assertEquals(Nearest.SAME_CLAN, n.type());
                assertEquals(a, n.id());
                n = l4.idNearest(ThreadId.NIL);
                assertEquals(Nearest.SAME_CLAN, n.type());
                assertEquals(me, n.id());
                n = l4.idNearest(SIGMA0);
                assertEquals(Nearest.OUTER_CLAN, n.type());
                assertEquals(IpcCallsTest.ROOT, n.id());
                // me -> a1: into a sub-clan, goes to its chief a (r, not i)
                IpcResult sent = l4.send(a1.get(), new long[] {9}, Timeout.NEVER);
                assertTrue(sent.ok(), sent.toString());
                l4.sleep(1000);
                r = second.get();
                assertNotNull(r);
                assertTrue(r.ok() && r.redirected() && !r.fromInnerClan(), r.toString());
                assertEquals(me, r.source());
                assertEquals(a1.get(), r.intendedDestination());
                assertEquals(9, r.word(0));
            });
        }
    }
}
