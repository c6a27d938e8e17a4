package l4.linuxserver.sys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The load averages against Linux's fixed-point arithmetic (kernel/sched/loadavg.c, fs/proc/loadavg.c). */
class LoadAverageTest {
    private static final long SAMPLE = LoadAverage.INTERVAL_NANOS;

    @Test
    void noSampleBeforeTheFirstIntervalEnds() {
        LoadAverage l = new LoadAverage();
        l.advance(SAMPLE - 1, () -> 5);
        assertEquals("0.00 0.00 0.00", l.text());
    }

    /** One sample of three runnable threads: 492, 102 and 33 in 11-bit fixed point. */
    @Test
    void oneSampleMovesEachAverageByItsDecay() {
        LoadAverage l = new LoadAverage();
        l.advance(SAMPLE, () -> 3);
        assertArrayEquals(new long[] {492, 102, 33}, l.fixedPoint());
        assertEquals("0.24 0.05 0.02", l.text());
    }

    /** A minute of one busy thread: 1 - 1/e for the 1-minute average, as on Linux. */
    @Test
    void aMinuteOfOneThreadReadsAsLinuxShowsIt() {
        LoadAverage l = new LoadAverage();
        for (int i = 1; i <= 12; i++) l.advance(i * SAMPLE, () -> 1);
        assertEquals("0.63 0.18 0.06", l.text());
        LoadAverage once = new LoadAverage();
        once.advance(12 * SAMPLE + SAMPLE / 2, () -> 1); // twelve samples due at once: the same
        assertArrayEquals(l.fixedPoint(), once.fixedPoint());
    }

    @Test
    void theAveragesDecayWhenNothingRuns() {
        LoadAverage l = new LoadAverage();
        l.advance(SAMPLE, () -> 3);
        l.advance(13 * SAMPLE, () -> 0);
        assertEquals("0.09 0.04 0.01", l.text());
    }

    /** A long stretch with one count settles every average on it, and costs a bounded number of steps. */
    @Test
    void aLongStretchSettlesOnItsCount() {
        LoadAverage l = new LoadAverage();
        l.advance(SAMPLE * 100_000_000L, () -> 256);
        assertArrayEquals(new long[] {256 * 2048, 256 * 2048, 256 * 2048}, l.fixedPoint());
        assertEquals("256.00 256.00 256.00", l.text());
        l.advance(SAMPLE * 200_000_000L, () -> 0);
        assertEquals("0.00 0.00 0.00", l.text());
    }
}
