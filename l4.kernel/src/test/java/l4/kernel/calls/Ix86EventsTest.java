package l4.kernel.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import l4.api.IpcResult;
import l4.api.L4;
import l4.api.Schedule;
import l4.api.ThreadBody;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.kernel.KernelConfig;
import l4.kernel.testarch.TestArchitecture;
import l4.kernel.testarch.TestMachine;
import org.junit.jupiter.api.Test;

/** The ix86 event model: exceptions reflected through the thread's own vector table, preempters. */
class Ix86EventsTest {
    static final long STACK_TOP = 0x80000;
    static final long TABLE = 0x60000;

    private static TestMachine machine(boolean ix86) {
        return new TestMachine(new TestArchitecture(32, 2, ix86), new KernelConfig());
    }

    @Test
    void exceptionIsReflectedToTheVectorTableWithTheFramePushed() throws Exception {
        AtomicLong frameEip = new AtomicLong(-1);
        AtomicLong frameCs = new AtomicLong(-1);
        AtomicLong handlerSp = new AtomicLong(-1);
        ThreadBody handler = l4 -> {
            long sp = l4.stackPointer();
            handlerSp.set(sp);
            frameEip.set(l4.memory().readWord(sp));
            frameCs.set(l4.memory().readWord(sp + 4));
        };
        try (TestMachine m = machine(true)) {
            m.run(l4 -> {
                long faultingIp = l4.codeAddress(x -> {
                    throw new IllegalStateException("invalid opcode");
                });
                // vector 10 (the test architecture's program exception) -> handler
                for (int v = 0; v < 16; v++) l4.memory().writeWord(TABLE + 4L * v, 0);
                l4.memory().writeWord(TABLE + 40, l4.codeAddress(handler));
                l4.memory().writeWord(STACK_TOP - 4, 0); // touch the stack page
                ThreadBody worker = x -> {
                    assertTrue(x.loadVectorTable(TABLE, 16));
                    x.lthreadExRegs(x.myself().lthread(), faultingIp, -1, ThreadId.INVALID, ThreadId.INVALID);
                };
                l4.lthreadExRegs(1, l4.codeAddress(worker), STACK_TOP, ThreadId.INVALID, ThreadId.INVALID);
                for (int i = 0; i < 50 && handlerSp.get() < 0; i++) l4.sleep(1000);
                assertEquals(STACK_TOP - 12, handlerSp.get(), "three words pushed: EFLAGS, CS, EIP");
                assertEquals(faultingIp, frameEip.get(), "EIP of the faulting code is lowest on the stack");
                assertEquals(0x1B, frameCs.get());
            });
        }
    }

    @Test
    void withoutAVectorTableTheThreadStops() throws Exception {
        try (TestMachine m = machine(true)) {
            m.run(l4 -> {
                l4.lthreadExRegs(1, l4.codeAddress(x -> { throw new IllegalStateException("boom"); }), STACK_TOP,
                        ThreadId.INVALID, ThreadId.INVALID);
                l4.sleep(2000);
                // a stopped thread is never deleted: a send to it finds no receiver
                IpcResult r = l4.send(l4.myself().withLthread(1), new long[2], Timeout.of(0, 0));
                assertFalse(r.ok());
            });
        }
    }

    @Test
    void vectorTablesAreAnIx86Thing() throws Exception {
        try (TestMachine m = machine(false)) {
            m.run(l4 -> assertFalse(l4.loadVectorTable(TABLE, 16)));
        }
    }

    @Test
    void thePreempterHearsSpAndIpWhenTheSliceEnds() throws Exception {
        AtomicLong heardSp = new AtomicLong(-1);
        AtomicLong heardIp = new AtomicLong(-1);
        try (TestMachine m = machine(true)) {
            m.run(l4 -> {
                ThreadId me = l4.myself();
                ThreadBody spinner = x -> {
                    while (true) x.compute(5_000);
                };
                long spinnerIp = l4.codeAddress(spinner);
                // lthread 2: a spinner whose internal preempter is us (lthread 0); lthread 3 another
                // spinner, so that the end of lthread 2's slice really hands the CPU away
                l4.lthreadExRegs(3, spinnerIp, 0x5000, ThreadId.INVALID, ThreadId.INVALID);
                l4.lthreadExRegs(2, spinnerIp, 0x4000, ThreadId.INVALID, me);
                IpcResult r = l4.waitAny(Timeout.receive(100_000));
                assertTrue(r.ok(), r.toString());
                assertEquals(me.withLthread(2), r.source());
                heardSp.set(r.word(0));
                heardIp.set(r.word(1));
                l4.send(r.source(), new long[2], Timeout.of(0, 0));
                Schedule s = l4.threadSchedule(me.withLthread(2), -1L, ThreadId.INVALID);
                assertFalse(s.refused());
                assertEquals(spinnerIp, heardIp.get());
                assertEquals(0x4000, heardSp.get());
            });
        }
    }

    /** A thread restarted while its preempter holds its preemption RPC is preempted (and heard) again. */
    @Test
    void aThreadRestartedInItsPreemptionRpcIsPreemptedAgain() throws Exception {
        try (TestMachine m = machine(true)) {
            m.run(l4 -> {
                ThreadId me = l4.myself();
                ThreadBody spinner = x -> {
                    while (true) x.compute(5_000);
                };
                long spinnerIp = l4.codeAddress(spinner);
                l4.lthreadExRegs(3, spinnerIp, 0x5000, ThreadId.INVALID, ThreadId.INVALID);
                l4.lthreadExRegs(2, spinnerIp, 0x4000, ThreadId.INVALID, me);
                IpcResult first = l4.waitAny(Timeout.receive(100_000));
                assertTrue(first.ok(), first.toString());
                assertEquals(me.withLthread(2), first.source());
                // no reply: restart lthread 2 while it waits in the RPC, with a new stack
                l4.lthreadExRegs(2, spinnerIp, 0x6000, ThreadId.INVALID, ThreadId.INVALID);
                IpcResult second = l4.waitAny(Timeout.receive(100_000));
                assertTrue(second.ok(), second.toString());
                assertEquals(me.withLthread(2), second.source());
                assertEquals(0x6000, second.word(0));
                assertEquals(spinnerIp, second.word(1));
            });
        }
    }
}
