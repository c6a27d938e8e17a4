package l4.kernel.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import l4.api.Schedule;
import l4.api.ThreadId;
import l4.kernel.KernelConfig;
import l4.kernel.KernelConfig.SchedulerPolicy;
import l4.kernel.testarch.TestArchitecture;
import l4.kernel.testarch.TestMachine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Time slice 0: the thread is ready but runs only on time donated to it (thread_switch). */
class DonatedTimeTest {

    @ParameterizedTest
    @EnumSource(SchedulerPolicy.class)
    void aZeroSliceThreadRunsOnlyOnDonatedTime(SchedulerPolicy policy) throws Exception {
        KernelConfig config = new KernelConfig();
        config.scheduler = policy;
        AtomicInteger steps = new AtomicInteger();
        try (TestMachine m = new TestMachine(new TestArchitecture(), config)) {
            m.run(l4 -> {
                ThreadId worker = l4.myself().withLthread(1);
                l4.lthreadExRegs(1, l4.codeAddress(x -> {
                    while (true) {
                        steps.incrementAndGet();
                        x.compute(1000);
                    }
                }), 0, ThreadId.INVALID, ThreadId.INVALID);
                int priority = Schedule.priority(l4.threadSchedule(worker, -1L, ThreadId.INVALID).oldParam());
                Schedule s = l4.threadSchedule(worker, Schedule.param(priority, 0), ThreadId.INVALID);
                assertFalse(s.refused(), s.toString());
                l4.sleep(5000); // the CPU is free, but nobody donates: the worker must not run
                assertEquals(0, steps.get(), "a slice-0 thread ran on its own");
                l4.threadSwitch(worker); // donate the rest of our slice
                assertTrue(steps.get() > 0, "the donated time was not used");
            });
        }
    }
}
