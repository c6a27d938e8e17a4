package l4.bench;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * What the tools that compare two builds in one process ({@link IpcAb}, {@link GuestMipsAb},
 * {@link GuestPingPongAb}) share: a child-first class loader per build, batches alternating
 * A B B A so that neither side always goes first, and the statistics of the per-pair ratios
 * A/B (median and quartiles by closest rank: the value at rank {@code round(q·(n−1))} of the
 * sorted list).
 *
 * <p>Every one of these tools shows a bias toward one side of a few percent with the same build
 * on both sides (BENCHMARKS.md), so a comparison is run in both orders, once with the build under
 * test as A and once as B, and the two medians are combined as {@link #combined √(A/B ÷ B/A)},
 * in which a factor that favours one side cancels.
 */
public final class TwoBuilds {
    private TwoBuilds() {}

    /** The usual choice of classes a side loads itself: every {@code l4.} class. */
    public static final Predicate<String> L4 = name -> name.startsWith("l4.");

    /**
     * A class loader that loads the classes {@code own} accepts from {@code urls} first (those
     * not found there from the parent), and every other class from the parent.
     */
    public static ClassLoader loader(List<URL> urls, ClassLoader parent, Predicate<String> own) {
        return new ChildFirst(urls.toArray(URL[]::new), parent, own);
    }

    private static final class ChildFirst extends URLClassLoader {
        private final Predicate<String> own;

        ChildFirst(URL[] urls, ClassLoader parent, Predicate<String> own) {
            super(urls, parent);
            this.own = own;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null && own.test(name)) {
                    try {
                        c = findClass(name);
                    } catch (ClassNotFoundException e) {
                        // not in this build: the parent's
                    }
                }
                if (c == null) c = super.loadClass(name, false);
                return c;
            }
        }
    }

    /** One batch of one side: returns its measure (e.g. ns per round trip). */
    @FunctionalInterface
    public interface Batch {
        double run() throws Exception;
    }

    /** Told of every pair as it completes (numbered from 0). */
    @FunctionalInterface
    public interface PairListener {
        void pair(int p, double a, double b);
    }

    /**
     * Runs pairs of batches while {@code more} says so (asked before each pair), A then B in even
     * pairs and B then A in odd ones (A B B A ...), and returns the measures.
     */
    public static Pairs alternate(Batch a, Batch b, BooleanSupplier more, PairListener listener) throws Exception {
        Pairs pairs = new Pairs();
        for (int p = 0; more.getAsBoolean(); p++) {
            double va;
            double vb;
            if (p % 2 == 0) {
                va = a.run();
                vb = b.run();
            } else {
                vb = b.run();
                va = a.run();
            }
            pairs.add(va, vb);
            if (listener != null) listener.pair(p, va, vb);
        }
        return pairs;
    }

    /** {@code more} for {@link #alternate}: true for the first {@code n} calls. */
    public static BooleanSupplier count(int n) {
        int[] left = {n};
        return () -> left[0]-- > 0;
    }

    /** {@code more} for {@link #alternate}: true until {@code seconds} from now. */
    public static BooleanSupplier forSeconds(double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        return () -> System.nanoTime() < end;
    }

    /** The measures of the pairs: A's, B's and their ratios A/B. */
    public static final class Pairs {
        private final List<Double> a = new ArrayList<>();
        private final List<Double> b = new ArrayList<>();
        private final List<Double> ratios = new ArrayList<>();

        public void add(double va, double vb) {
            a.add(va);
            b.add(vb);
            ratios.add(va / vb);
        }

        public int size() { return ratios.size(); }

        /** The quantile {@code q} of the ratios A/B (0.5: the median). */
        public double ratio(double q) { return quantile(ratios, q); }

        public double a(double q) { return quantile(a, q); }

        public double b(double q) { return quantile(b, q); }

        public double meanA() { return mean(a); }

        public double meanB() { return mean(b); }
    }

    /** The quantile {@code q} (0..1) by closest rank: the value at rank {@code round(q·(n−1))} of the sorted values. */
    public static double quantile(List<Double> values, double q) {
        if (values.isEmpty()) throw new IllegalArgumentException("no values");
        List<Double> s = new ArrayList<>(values);
        Collections.sort(s);
        return s.get((int) Math.min(s.size() - 1, Math.round(q * (s.size() - 1))));
    }

    static double mean(List<Double> values) {
        double sum = 0;
        for (double v : values) sum += v;
        return sum / values.size();
    }

    /**
     * The two orders combined: {@code √(ab ÷ ba)}, where {@code ab} is the median A/B with the
     * build under test as A and {@code ba} the median A/B of the run with it as B; a factor that
     * favours one side (the same in both runs) cancels.
     */
    public static double combined(double ab, double ba) {
        return Math.sqrt(ab / ba);
    }
}
