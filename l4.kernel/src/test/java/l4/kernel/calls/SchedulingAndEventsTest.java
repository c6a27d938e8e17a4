package l4.kernel.calls;

import static l4.kernel.calls.Scenarios.BLOCK;
import static l4.kernel.calls.Scenarios.machine;
import static l4.kernel.calls.Scenarios.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import l4.api.IpcError;
import l4.api.IpcResult;
import l4.api.Schedule;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.kernel.KernelConfig.SchedulerPolicy;
import l4.kernel.testarch.TestMachine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Interrupts, thread_schedule, thread_switch and user exceptions. */
class SchedulingAndEventsTest {

    @ParameterizedTest
    @EnumSource(SchedulerPolicy.class)
    void interruptAttachDeliverDetach(SchedulerPolicy p) throws Exception {
        try (TestMachine m = machine(p)) {
            AtomicInteger attach = new AtomicInteger(-1);
            AtomicInteger second = new AtomicInteger(-1);
            AtomicReference<IpcResult> delivered = new AtomicReference<>();
            AtomicInteger detach = new AtomicInteger(-1);
            AtomicInteger third = new AtomicInteger(-1);
            ThreadId irq = ThreadId.interrupt(3);
            m.run(l4 -> {
                start(l4, 1, x -> {
                    attach.set(x.receive(irq, Timeout.ZERO).cc());
                    delivered.set(x.receive(irq, Timeout.NEVER));
                    detach.set(x.receive(ThreadId.NIL, Timeout.ZERO).cc());
                    x.receive(ThreadId.INVALID, Timeout.NEVER);
                });
                l4.sleep(1000);
                start(l4, 2, x -> second.set(x.receive(irq, Timeout.ZERO).cc()));
                l4.sleep(1000);
                assertEquals(IpcError.RECEIVE_TIMEOUT.code(), attach.get(), "attach succeeds with 0x20");
                assertEquals(IpcError.NON_EXISTENT.code(), second.get(), "second attacher");
                assertEquals(IpcError.NON_EXISTENT, l4.receive(ThreadId.interrupt(7), Timeout.ZERO).error(), "the kernel keeps the timer");
                m.kernel.interrupts.raise(3);
                l4.sleep(1000);
                IpcResult r = delivered.get();
                assertNotNull(r, "interrupt delivered");
                assertTrue(r.ok(), r.toString());
                assertEquals(irq, r.source());
                for (int i = 0; i < 8; i++) assertEquals(0, r.word(i));
                assertEquals(IpcError.RECEIVE_TIMEOUT.code(), detach.get());
                // after the detach another thread may attach
                start(l4, 3, x -> third.set(x.receive(irq, Timeout.ZERO).cc()));
                l4.sleep(1000);
                assertEquals(IpcError.RECEIVE_TIMEOUT.code(), third.get());
            });
        }
    }

    @ParameterizedTest
    @EnumSource(SchedulerPolicy.class)
    void threadScheduleMcpChecksAndResults(SchedulerPolicy p) throws Exception {
        try (TestMachine m = machine(p)) {
            AtomicReference<Schedule> childOwn = new AtomicReference<>();
            AtomicReference<Schedule> childRaise = new AtomicReference<>();
            AtomicReference<Schedule> childOnParent = new AtomicReference<>();
            m.run(l4 -> {
                ThreadId me = l4.myself();
                // a child task with mcp 50: its thread runs at min(100, 50)
                ThreadId c = l4.taskNew(ThreadId.of(0, 0, 0x150, 0, 1), 50, 0, l4.codeAddress(x -> {
                    childRaise.set(x.threadSchedule(x.myself(), Schedule.param(200, 10_000), ThreadId.INVALID));
                    childOwn.set(x.threadSchedule(x.myself(), Schedule.param(40, 10_000), ThreadId.INVALID));
                    childOnParent.set(x.threadSchedule(me, Schedule.param(40, 10_000), ThreadId.INVALID));
                    x.receive(ThreadId.INVALID, Timeout.NEVER);
                }), Scenarios.SIGMA0, ThreadId.NIL);
                assertFalse(c.isNil());
                l4.sleep(2000);
                assertNotNull(childOnParent.get());
                assertTrue(childRaise.get().refused(), "new priority above the mcp");
                assertEquals(0xFFFFFFFFL, childRaise.get().oldParam() & 0xFFFFFFFFL);
                assertFalse(childOwn.get().refused());
                assertEquals(50, Schedule.priority(childOwn.get().oldParam()));
                assertTrue(childOnParent.get().refused(), "dest priority 100 above the mcp 50");
                Schedule s = l4.threadSchedule(c, Schedule.UNCHANGED, ThreadId.INVALID);
                assertEquals(40, Schedule.priority(s.oldParam()));
                assertEquals(2, Schedule.state(s.oldParam()), "receiving");
                assertTrue(s.cpuMicros() >= 0);
                assertEquals(100, Schedule.priority(l4.threadSchedule(me, Schedule.UNCHANGED, ThreadId.INVALID).oldParam()));
                // a sending thread: state 1 and its partner
                ThreadId idle = start(l4, 1, BLOCK);
                ThreadId sender = start(l4, 2, x -> x.send(idle, new long[0], Timeout.NEVER));
                l4.sleep(1000);
                s = l4.threadSchedule(sender, Schedule.param(60, 5000), ThreadId.INVALID);
                assertEquals(1, Schedule.state(s.oldParam()));
                assertEquals(idle, s.partner());
                assertEquals(100, Schedule.priority(s.oldParam()));
                s = l4.threadSchedule(sender, Schedule.UNCHANGED, ThreadId.INVALID);
                assertEquals(60, Schedule.priority(s.oldParam()));
                assertTrue(Schedule.sliceMicros(s.oldParam()) >= 5000);
                // a sleeping thread reports its remaining wakeup time
                ThreadId sleeper = start(l4, 3, x -> x.sleep(50_000));
                l4.sleep(1000);
                s = l4.threadSchedule(sleeper, Schedule.UNCHANGED, ThreadId.INVALID);
                assertTrue(s.wakeupMicros() > 40_000 && s.wakeupMicros() <= 50_000, s.wakeupMicros() + " µs");
                // non-existent dest: refused
                assertTrue(l4.threadSchedule(ThreadId.of(0, 0, 0x444, 0, 1), Schedule.UNCHANGED, ThreadId.INVALID).refused());
                assertTrue(l4.threadSchedule(ThreadId.NIL, Schedule.UNCHANGED, ThreadId.INVALID).refused());
            });
        }
    }

    @ParameterizedTest
    @EnumSource(SchedulerPolicy.class)
    void threadSwitchYieldsAndDonates(SchedulerPolicy p) throws Exception {
        try (TestMachine m = machine(p)) {
            AtomicInteger sameRan = new AtomicInteger();
            AtomicInteger lowRan = new AtomicInteger();
            m.run(l4 -> {
                ThreadId same = start(l4, 1, x -> sameRan.incrementAndGet());
                assertEquals(0, sameRan.get(), "same priority: no preemption");
                l4.threadSwitch(ThreadId.NIL);
                assertEquals(1, sameRan.get(), "yield lets the equal-priority thread run");
                ThreadId low = start(l4, 2, x -> lowRan.incrementAndGet());
                assertFalse(l4.threadSchedule(low, Schedule.param(10, 10_000), ThreadId.INVALID).refused());
                l4.threadSwitch(ThreadId.NIL);
                assertEquals(0, lowRan.get(), "a yield never runs a lower-priority thread");
                l4.threadSwitch(low);
                assertEquals(1, lowRan.get(), "donation runs the lower-priority thread");
                assertFalse(same.isNil());
                l4.threadSwitch(ThreadId.of(0, 0, 0x555, 0, 1)); // non-existent: a plain yield
            });
        }
    }

    @ParameterizedTest
    @EnumSource(SchedulerPolicy.class)
    void userExceptionReachesTheExcepter(SchedulerPolicy p) throws Exception {
        try (TestMachine m = machine(p)) {
            AtomicInteger recovered = new AtomicInteger();
            m.run(l4 -> {
                ThreadId me = l4.myself();
                long ip = l4.codeAddress(x -> {
                    throw new IllegalStateException("user bug");
                });
                l4.lthreadExRegs(1, ip, 0, ThreadId.INVALID, me);
                IpcResult r = l4.receive(me.withLthread(1), Timeout.receive(100_000));
                assertTrue(r.ok(), r.toString());
                assertEquals(10 << 2, r.word(0), "cause: program exception");
                assertEquals(ip, r.word(1), "EPC");
                // resume it elsewhere with ex_regs
                l4.lthreadExRegs(1, l4.codeAddress(x -> recovered.incrementAndGet()), -1, ThreadId.INVALID, ThreadId.INVALID);
                l4.sleep(1000);
                assertEquals(1, recovered.get());
                // an address error carries the bad address
                long bad = 1L << 41;
                long ip2 = l4.codeAddress(x -> x.memory().readWord(bad));
                l4.lthreadExRegs(2, ip2, 0, ThreadId.INVALID, me);
                r = l4.receive(me.withLthread(2), Timeout.receive(100_000));
                assertTrue(r.ok(), r.toString());
                assertEquals(4 << 2, r.word(0));
                assertEquals(bad, r.word(2));
                // a reply resumes it at its IP: it faults again
                r = l4.ipc(me.withLthread(2), 0, new long[0], 0, me.withLthread(2), ThreadId.NIL, Timeout.of(100_000, 100_000));
                assertTrue(r.ok(), r.toString());
                assertEquals(bad, r.word(2));
                // the kernel and the other threads go on
                assertTrue(l4.sleep(10).error() == IpcError.RECEIVE_TIMEOUT);
            });
        }
    }
}
