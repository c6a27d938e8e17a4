package l4.linuxserver.sys;

import java.util.function.IntSupplier;

/**
 * Linux's load averages ({@code kernel/sched/loadavg.c}): every {@link #INTERVAL_NANOS} each of
 * the three decays towards the number of runnable threads, {@code load = load·e + active·(1 − e)}
 * in 11-bit fixed point with e = exp(−5 s / 1, 5 and 15 min), rounded up while it rises.
 *
 * <p>Samples are taken when asked ({@link #advance}), before anything changes which threads are
 * runnable: every sample point since the last call then saw the same count, the one asked for.
 */
final class LoadAverage {
    static final int FSHIFT = 11;
    static final long FIXED_1 = 1L << FSHIFT;
    /** exp(−5/60), exp(−5/300), exp(−5/900) in fixed point (Linux's EXP_1, EXP_5, EXP_15). */
    private static final long[] DECAY = {1884, 2014, 2037};
    /** Linux's LOAD_FREQ: 5 s and one tick, so that the samples do not beat with 5-second timers. */
    static final long INTERVAL_NANOS = 5_000_000_000L + Calls.TICK_NANOS;
    /**
     * More samples than this with one count leave every average at that count: the slowest one
     * moves by at least one unit per sample once within 187 units of it, and gets there from
     * 256 threads' distance in under 1 700 samples. So a long quiet stretch costs at most this many steps.
     */
    private static final long SETTLED = 4096;

    private final long[] load = new long[3];
    private long nextSample = INTERVAL_NANOS;

    /** Takes the samples due by {@code now}, each with {@code active} runnable threads. */
    void advance(long now, IntSupplier active) {
        if (now < nextSample) return;
        long due = (now - nextSample) / INTERVAL_NANOS + 1;
        nextSample += due * INTERVAL_NANOS;
        long a = active.getAsInt() * FIXED_1;
        for (long n = Math.min(due, SETTLED); n > 0; n--) {
            for (int i = 0; i < 3; i++) load[i] = decay(load[i], DECAY[i], a);
        }
    }

    private static long decay(long load, long e, long active) {
        long next = load * e + active * (FIXED_1 - e);
        if (active >= load) next += FIXED_1 - 1;
        return next / FIXED_1;
    }

    /** The 1, 5 and 15 minute averages in fixed point ({@link #FSHIFT} fraction bits). */
    long[] fixedPoint() {
        return load.clone();
    }

    /** /proc/loadavg's three figures: rounded to hundredths, as {@code fs/proc/loadavg.c} prints them. */
    String text() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            long x = load[i] + FIXED_1 / 200;
            if (i > 0) b.append(' ');
            b.append(x >> FSHIFT).append('.');
            long hundredths = ((x & (FIXED_1 - 1)) * 100) >> FSHIFT;
            if (hundredths < 10) b.append('0');
            b.append(hundredths);
        }
        return b.toString();
    }
}
