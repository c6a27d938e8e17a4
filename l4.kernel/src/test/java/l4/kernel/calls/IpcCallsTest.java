package l4.kernel.calls;

import static l4.kernel.calls.Scenarios.BLOCK;
import static l4.kernel.calls.Scenarios.SIGMA0;
import static l4.kernel.calls.Scenarios.machine;
import static l4.kernel.calls.Scenarios.start;
import static l4.kernel.calls.Scenarios.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import l4.api.ExRegs;
import l4.api.IpcError;
import l4.api.IpcResult;
import l4.api.Nearest;
import l4.api.Schedule;
import l4.api.ThreadBody;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.kernel.KernelConfig.SchedulerPolicy;
import l4.kernel.testarch.TestMachine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** ipc, lthread_ex_regs and the L4/MIPS test-suite scenarios, under both scheduling policies. */
class IpcCallsTest {
    static final ThreadId ROOT = ThreadId.of(1, 1, 2, 0, 1);

    @ParameterizedTest
    @EnumSource(SchedulerPolicy.class)
    void exRegsProbeReturnsOldValuesAndStillResetsIpc(SchedulerPolicy p) throws Exception {
        try (TestMachine m = machine(p)) {
            AtomicInteger receiverCc = new AtomicInteger(-1);
            AtomicInteger blockedOnTargetCc = new AtomicInteger(-1);
            AtomicInteger waitingSenderCc = new AtomicInteger(-1);
            m.run(l4 -> {
                ThreadId me = l4.myself();
                ThreadBody receiver = x -> receiverCc.set(x.receive(me, Timeout.NEVER).cc());
                long ip = l4.codeAddress(receiver);
                l4.lthreadExRegs(1, ip, 0x7000, ThreadId.INVALID, ThreadId.INVALID);
                // lthread 2 sends to lthread 1, which waits for lthread 0 only: it blocks on lthread 1
                start(l4, 2, x -> blockedOnTargetCc.set(x.send(me.withLthread(1), new long[] {1}, Timeout.NEVER).cc()));
                start(l4, 4, BLOCK);
                // lthread 3 waits to send to lthread 4, which never receives
                start(l4, 3, x -> waitingSenderCc.set(x.send(me.withLthread(4), new long[] {1}, Timeout.NEVER).cc()));
                l4.sleep(2000);
                assertEquals(-1, receiverCc.get());
                ExRegs old = l4.lthreadExRegs(1, -1, -1, ThreadId.INVALID, ThreadId.INVALID);
                assertEquals(ip, old.ip());
                assertEquals(0x7000, old.sp());
                assertEquals(SIGMA0, old.pager());
                assertEquals(ThreadId.NIL, old.excepterOrPreempter());
                ExRegs old3 = l4.lthreadExRegs(3, -1, -1, ThreadId.INVALID, ThreadId.INVALID);
                assertEquals(0, old3.sp());
                l4.sleep(2000);
                assertEquals(IpcError.RECEIVE_CANCELLED.code(), receiverCc.get(), "probed receiver");
                assertEquals(IpcError.SEND_CANCELLED.code(), blockedOnTargetCc.get(), "sender blocked on the probed thread");
                assertEquals(IpcError.SEND_CANCELLED.code(), waitingSenderCc.get(), "probed waiting sender");
                // a probe changes nothing
                ExRegs again = l4.lthreadExRegs(1, -1, -1, ThreadId.INVALID, ThreadId.INVALID);
                assertEquals(ip, again.ip());
                assertEquals(0x7000, again.sp());
                // out-of-range lthread: all ones, nothing happens
                ExRegs bad = l4.lthreadExRegs(200, -1, -1, ThreadId.INVALID, ThreadId.INVALID);
                assertEquals(-1L, bad.ip());
            });
        }
    }

    @ParameterizedTest
    @EnumSource(SchedulerPolicy.class)
    void startedLthreadInheritsPagerAndPriority(SchedulerPolicy p) throws Exception {
        try (TestMachine m = machine(p)) {
            AtomicInteger ran = new AtomicInteger();
            m.run(l4 -> {
                ThreadId me = l4.myself();
                assertFalse(l4.threadSchedule(me, Schedule.param(90, 10_000), ThreadId.INVALID).refused());
                ThreadId fakePager = me.withLthread(9);
                l4.lthreadExRegs(0, -1, -1, fakePager, ThreadId.INVALID);
                ThreadId t = start(l4, 5, x -> ran.incrementAndGet());
                ExRegs mine = l4.lthreadExRegs(0, -1, -1, SIGMA0, ThreadId.INVALID);
                assertEquals(fakePager, mine.pager());
                ExRegs probe = l4.lthreadExRegs(5, -1, -1, ThreadId.INVALID, ThreadId.INVALID);
                assertEquals(fakePager, probe.pager());
                Schedule s = l4.threadSchedule(t, Schedule.UNCHANGED, ThreadId.INVALID);
                assertFalse(s.refused(), s.toString());
                assertEquals(90, Schedule.priority(s.oldParam()));
                l4.sleep(1000);
                assertEquals(1, ran.get());
            });
        }
    }

    @ParameterizedTest
    @EnumSource(SchedulerPolicy.class)
    void sendWaitAndClosedReceiveOfAMessageThatArrivedFirst(SchedulerPolicy p) throws Exception {
        try (TestMachine m = machine(p)) {
            AtomicInteger cc1 = new AtomicInteger(-1);
            m.run(l4 -> {
                ThreadId me = l4.myself();
                start(l4, 1, x -> cc1.set(x.send(me, new long[] {11, 12}, Timeout.NEVER).cc()));
                start(l4, 2, x -> x.send(me, new long[] {22}, Timeout.NEVER));
                l4.sleep(3000); // both senders now wait for me
                IpcResult r = l4.receive(me.withLthread(2), Timeout.NEVER);
                assertTrue(r.ok(), r.toString());
                assertEquals(me.withLthread(2), r.source());
                assertEquals(22, r.word(0));
                assertEquals(0, r.word(7), "every IPC delivers all register words");
                r = l4.waitAny(Timeout.NEVER);
                assertTrue(r.ok(), r.toString());
                assertEquals(me.withLthread(1), r.source());
                assertEquals(11, r.word(0));
                assertEquals(12, r.word(1));
                assertFalse(r.deceived() || r.redirected() || r.mapped());
                l4.sleep(1000);
                assertEquals(0, cc1.get());
                // wait: a server loop with reply-and-wait
                start(l4, 3, x -> {
                    IpcResult q = x.waitAny(Timeout.NEVER);
                    while (true) q = x.replyAndWait(q.source(), new long[] {q.word(0) * 2}, Timeout.NEVER);
                });
                for (int i = 1; i < 5; i++) {
                    IpcResult c = l4.call(me.withLthread(3), new long[] {i}, Timeout.NEVER);
                    assertTrue(c.ok(), c.toString());
                    assertEquals(2L * i, c.word(0));
                }
            });
        }
    }

    @ParameterizedTest
    @EnumSource(SchedulerPolicy.class)
    void deceitWithinTheOwnTaskAndFailedChecks(SchedulerPolicy p) throws Exception {
        try (TestMachine m = machine(p)) {
            m.run(l4 -> {
                ThreadId me = l4.myself();
                // decision 1: message arrives before the closed receive naming the virtual sender
                start(l4, 1, x -> x.sendDeceiving(me, me.withLthread(5), new long[] {1}, Timeout.NEVER));
                l4.sleep(2000);
                IpcResult r = l4.receive(me.withLthread(5), Timeout.NEVER);
                assertTrue(r.ok(), r.toString());
                assertTrue(r.deceived(), r.toString());
                assertEquals(me.withLthread(5), r.source());
                // ... and after it
                start(l4, 2, x -> x.sendDeceiving(me, me.withLthread(6), new long[] {2}, Timeout.NEVER));
                r = l4.receive(me.withLthread(6), Timeout.receive(100_000));
                assertTrue(r.ok(), r.toString());
                assertTrue(r.deceived());
                assertEquals(2, r.word(0));
                // decision 2: a failed check sends undeceived, no error (outside sender for an outward message)
                start(l4, 3, x -> x.sendDeceiving(me, SIGMA0, new long[] {3}, Timeout.NEVER));
                r = l4.waitAny(Timeout.receive(100_000));
                assertTrue(r.ok(), r.toString());
                assertFalse(r.deceived(), r.toString());
                assertEquals(me.withLthread(3), r.source());
                // a virtual sender that does not exist
                start(l4, 4, x -> x.sendDeceiving(me, ThreadId.of(0, 0, 77, 0, 1), new long[] {4}, Timeout.NEVER));
                r = l4.waitAny(Timeout.receive(100_000));
                assertTrue(r.ok(), r.toString());
                assertFalse(r.deceived(), r.toString());
                assertEquals(me.withLthread(4), r.source());
            });
        }
    }

    @ParameterizedTest
    @EnumSource(SchedulerPolicy.class)
    void chiefDeceitIsDirectionPreserving(SchedulerPolicy p) throws Exception {
        try (TestMachine m = machine(p)) {
            AtomicReference<ThreadId> bId = new AtomicReference<>();
            AtomicReference<IpcResult> b1 = new AtomicReference<>();
            AtomicReference<IpcResult> b2 = new AtomicReference<>();
            m.run(l4 -> {
                ThreadId me = l4.myself();
                ThreadBody bBody = x -> {
                    b1.set(x.waitAny(Timeout.NEVER));
                    b2.set(x.waitAny(Timeout.NEVER));
                };
                ThreadBody aBody = x -> {
                    ThreadId b = task(x, 0x101, bBody);
                    bId.set(b);
                    x.sendDeceiving(me, b, new long[] {1}, Timeout.NEVER);      // out, inside claim: ok
                    x.sendDeceiving(me, SIGMA0, new long[] {2}, Timeout.NEVER); // out, outside claim: undeceived
                    x.sendDeceiving(b, me, new long[] {3}, Timeout.NEVER);      // in, outside claim: ok
                    x.sendDeceiving(b, b, new long[] {4}, Timeout.NEVER);       // in, inside claim: undeceived
                };
                ThreadId a = task(l4, 0x100, aBody);
                IpcResult r = l4.waitAny(Timeout.receive(100_000));
                assertTrue(r.ok(), r.toString());
                assertTrue(r.deceived(), r.toString());
                assertEquals(bId.get(), r.source());
                r = l4.waitAny(Timeout.receive(100_000));
                assertTrue(r.ok(), r.toString());
                assertFalse(r.deceived(), r.toString());
                assertEquals(a, r.source());
                l4.sleep(3000);
                assertNotNull(b2.get());
                assertTrue(b1.get().ok() && b1.get().deceived(), b1.get().toString());
                assertEquals(me, b1.get().source());
                assertTrue(b2.get().ok() && !b2.get().deceived(), b2.get().toString());
                assertEquals(a, b2.get().source());
            });
        }
    }

    @ParameterizedTest
    @EnumSource(SchedulerPolicy.class)
    void nonExistentPartners(SchedulerPolicy p) throws Exception {
        try (TestMachine m = machine(p)) {
            m.run(l4 -> {
                ThreadId me = l4.myself();
                assertEquals(IpcError.NON_EXISTENT, l4.send(ThreadId.NIL, new long[0], Timeout.NEVER).error());
                ThreadId inactive = ThreadId.of(me.nest(), me.chief(), 0x333, 0, 1);
                assertEquals(IpcError.NON_EXISTENT, l4.send(inactive, new long[0], Timeout.NEVER).error());
                assertEquals(IpcError.NON_EXISTENT, l4.call(inactive, new long[0], Timeout.NEVER).error());
                // decision 10: id_nearest of an inactive task answers as outside: own chief, type 0x04
                Nearest n = l4.idNearest(inactive);
                assertEquals(Nearest.OUTER_CLAN, n.type());
                assertEquals(ROOT, n.id());
                // an inactive lthread of an active task
                assertEquals(IpcError.NON_EXISTENT, l4.send(me.withLthread(77), new long[0], Timeout.NEVER).error());
                // a stale version of an existing task
                assertEquals(IpcError.NON_EXISTENT, l4.send(ThreadId.of(0, 0, 1, 0, 5), new long[0], Timeout.NEVER).error());
            });
        }
    }

    @ParameterizedTest
    @EnumSource(SchedulerPolicy.class)
    void zeroAndFiniteTimeouts(SchedulerPolicy p) throws Exception {
        try (TestMachine m = machine(p)) {
            m.run(l4 -> {
                ThreadId me = l4.myself();
                ThreadId idle = start(l4, 1, BLOCK);
                long t0 = l4.clockMicros();
                assertEquals(IpcError.SEND_TIMEOUT, l4.send(idle, new long[0], Timeout.ZERO).error());
                assertEquals(IpcError.RECEIVE_TIMEOUT, l4.receive(idle, Timeout.ZERO).error());
                assertTrue(l4.clockMicros() - t0 < 100, "zero timeouts never block");
                for (long us : new long[] {1, 999, 1500, 2500, 7000}) {
                    long before = l4.clockMicros();
                    assertEquals(IpcError.SEND_TIMEOUT, l4.send(idle, new long[0], Timeout.send(us)).error());
                    long took = l4.clockMicros() - before;
                    assertTrue(took >= us && took < us + 1100, "send timeout " + us + " took " + took);
                    before = l4.clockMicros();
                    assertEquals(IpcError.RECEIVE_TIMEOUT, l4.receive(idle, Timeout.receive(us)).error());
                    took = l4.clockMicros() - before;
                    assertTrue(took >= us && took < us + 1100, "receive timeout " + us + " took " + took);
                }
                // call: the send succeeds, the receive phase times out
                start(l4, 2, x -> x.waitAny(Timeout.NEVER));
                l4.sleep(1000);
                IpcResult r = l4.call(me.withLthread(2), new long[] {1}, Timeout.of(0, 2000));
                assertEquals(IpcError.RECEIVE_TIMEOUT, r.error(), r.toString());
            });
        }
    }
}
