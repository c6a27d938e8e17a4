package l4.kernel.sched;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import l4.kernel.KernelConfig;
import l4.kernel.testarch.TestArchitecture;
import l4.kernel.testarch.TestMachine;
import org.junit.jupiter.api.Test;

/**
 * Pacing: a paced machine's simulated time never runs ahead of host time, also while the shell
 * looks at it. An inspection wakes the idle loop; the loop answers it and then waits out the rest
 * of the way to its next tick instead of jumping there.
 */
class PacingTest {
    static final long SLEEP_MICROS = 300_000;

    @Test
    void simulatedTimeDoesNotRunAheadOfHostTimeWhileInspected() throws Exception {
        KernelConfig config = new KernelConfig();
        config.pacing = true;
        try (TestMachine m = new TestMachine(new TestArchitecture(), config)) {
            AtomicBoolean sleeping = new AtomicBoolean(true);
            Thread inspector = new Thread(() -> {
                while (sleeping.get()) {
                    try {
                        m.kernel.inspect(() -> m.kernel.clock.cycles(), 5_000);
                        Thread.sleep(0, 200_000);
                    } catch (Exception e) {
                        return;
                    }
                }
            }, "inspector");
            AtomicLong simulated = new AtomicLong();
            long[] host = new long[1];
            m.run(l4 -> {
                long from = l4.clockMicros();
                long start = System.nanoTime();
                inspector.start();
                l4.sleep(SLEEP_MICROS);
                host[0] = (System.nanoTime() - start) / 1_000;
                simulated.set(l4.clockMicros() - from);
                sleeping.set(false);
            });
            inspector.join(5_000);
            assertTrue(simulated.get() >= SLEEP_MICROS, "slept " + simulated.get() + " us");
            assertTrue(host[0] >= simulated.get() - 2_000,
                    "simulated " + simulated.get() + " us passed in " + host[0] + " us of host time");
        }
    }
}
