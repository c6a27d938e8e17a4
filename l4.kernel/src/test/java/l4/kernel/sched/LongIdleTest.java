package l4.kernel.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import l4.api.Timeout;
import l4.kernel.testarch.TestMachine;
import org.junit.jupiter.api.Test;

/**
 * An idle machine skips to its next wakeup in one step however far away it is. Each of 500
 * receive timeouts of 18 hours (L4's longest, 255·4^14 µs, is about 19) ends at its own tick with
 * every tick on the way counted, all within the harness's 20 s of host time; walked tick by tick,
 * one such timeout held the idle loop for about 2 s here (deaf to the shell meanwhile), all of
 * them for many minutes.
 */
class LongIdleTest {
    static final long HOURS_18_MICROS = 18L * 3600 * 1_000_000;
    static final int SLEEPS = 500;

    @Test
    void timeoutsHoursAwayEndAtTheirTickWithEveryTickCounted() throws Exception {
        try (TestMachine m = new TestMachine()) {
            long requested = Timeout.receive(HOURS_18_MICROS).receiveMicros();
            long tickMicros = m.kernel.clock.microsFor(m.kernel.clock.tickCycles());
            long[] slept = new long[SLEEPS];
            long ticksBefore = m.kernel.inspect(() -> m.kernel.clock.ticks(), 5_000);
            long[] total = new long[1];
            m.run(l4 -> {
                long start = l4.clockMicros();
                for (int i = 0; i < SLEEPS; i++) {
                    long from = l4.clockMicros();
                    l4.sleep(HOURS_18_MICROS);
                    slept[i] = l4.clockMicros() - from;
                }
                total[0] = l4.clockMicros() - start;
            });
            long ticks = m.kernel.inspect(() -> m.kernel.clock.ticks(), 5_000) - ticksBefore;
            assertTrue(requested > HOURS_18_MICROS / 2, "the timeout's encoding: " + requested + " us");
            for (int i = 0; i < SLEEPS; i++) {
                assertTrue(slept[i] >= requested && slept[i] <= requested + 2 * tickMicros,
                        "sleep " + i + ": asked for " + requested + " us, slept " + slept[i] + " us");
            }
            assertEquals(total[0] / tickMicros, ticks, 1.0, "ticks handled on the way");
        }
    }
}
