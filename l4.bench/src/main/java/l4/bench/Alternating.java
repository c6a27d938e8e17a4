package l4.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Two variants of a hand-off measured batch by batch in one process, alternating which runs
 * first, so both see the same phases of a shared host: the per-pair ratios a/b and their median
 * are the result (the way {@code HandoffFrames} and {@code HandoffBase} compare a variant with
 * {@link BareHandoff}). Also checks the numeric options these tools and {@code IpcRatio} take.
 */
final class Alternating {
    private Alternating() {}

    /** Runs {@code n} round trips and returns when they are done. */
    interface Rounds {
        void rounds(int n) throws Exception;
    }

    /** Nanoseconds per round trip of each pair's two batches, and their ratios a/b. */
    record Result(List<Double> a, List<Double> b, List<Double> ratios) {
        double medianA() { return TwoBuilds.quantile(a, 0.5); }

        double medianB() { return TwoBuilds.quantile(b, 0.5); }

        /** The median of the per-pair ratios and its quartiles, as the tools print them. */
        String ratio() {
            return String.format(java.util.Locale.ROOT, "%.3f [quartiles %.3f .. %.3f]", TwoBuilds.quantile(ratios, 0.5),
                    TwoBuilds.quantile(ratios, 0.25), TwoBuilds.quantile(ratios, 0.75));
        }
    }

    /**
     * Warms both up for {@code warmupSeconds}, then measures pairs for {@code seconds}.
     * {@code aOverhead} (or null) is work that batch a includes but should not be counted: it
     * runs alone after each pair, and its time is taken off a's.
     */
    static Result run(Rounds a, Rounds b, Rounds aOverhead, int batch, int warmupSeconds, int seconds) throws Exception {
        long warmEnd = System.nanoTime() + warmupSeconds * 1_000_000_000L;
        while (System.nanoTime() < warmEnd) {
            a.rounds(batch);
            b.rounds(batch);
            if (aOverhead != null) aOverhead.rounds(batch);
        }
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        boolean aFirst = true;
        while (System.nanoTime() < end) {
            double x;
            double y;
            if (aFirst) {
                x = nanosPerRound(a, batch);
                y = nanosPerRound(b, batch);
            } else {
                y = nanosPerRound(b, batch);
                x = nanosPerRound(a, batch);
            }
            if (aOverhead != null) x -= nanosPerRound(aOverhead, batch);
            aFirst = !aFirst;
            xs.add(x);
            ys.add(y);
            ratios.add(x / y);
        }
        return new Result(xs, ys, ratios);
    }

    static double nanosPerRound(Rounds r, int n) throws Exception {
        long t0 = System.nanoTime();
        r.rounds(n);
        return (System.nanoTime() - t0) / (double) n;
    }

    /** A positive whole number for {@code option}, or the tool exits with a one-line message (status 2). */
    static int positive(String option, String value) {
        try {
            int v = Integer.parseInt(value);
            if (v > 0) return v;
        } catch (NumberFormatException e) {
            // the message below says what is wrong
        }
        System.err.println(option + " needs a positive whole number" + (value == null ? " after it" : ", not " + value));
        System.exit(2);
        return 0;
    }

    /** As {@link #positive}, where 0 means "none". */
    static int notNegative(String option, String value) {
        return "0".equals(value) ? 0 : positive(option, value);
    }
}
