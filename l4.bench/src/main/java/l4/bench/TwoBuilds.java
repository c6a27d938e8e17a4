package l4.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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
 * <p>Two builds in one JVM are not treated alike: with the same build on both sides the side whose
 * classes were set up at a given rank in the process ran 5–25 % faster or slower than the other
 * (BENCHMARKS.md, "the A/B harness's side bias"), an effect of the order in which the JIT meets
 * each loader's copy of the same code that neither alternating the batches nor swapping the sides
 * removes. So each side now runs by default in JVMs of its own, 4 a side ({@link #inChildJvms}),
 * started with the parent's JVM options and class path, and the parent alternates the batches
 * between the sides as before: each build is alone in its JVM, as it would be in use, and both still
 * see the same phases of the shared host. The tools' {@code --in-process} option keeps the old way
 * (one class loader per side in the tool's own JVM). A comparison can still be run in both
 * orders, once with the build under test as A and once as B, the two medians combined as
 * {@link #combined √(A/B ÷ B/A)}, in which a factor that favours one side cancels.
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

    /**
     * One side in a JVM of its own: starts {@code java} (the running one, with this JVM's input
     * arguments and class path) on {@link #main} with {@code tool}'s name and {@code sideArgs}; the
     * child calls {@code tool}'s {@code static TwoBuilds.Batch side(String[] args)} to set its side
     * up, then runs a batch each time the returned {@link Batch} asks for one and sends back the
     * measure. The child ends when this JVM closes its input (on exit) or on {@link Batch} errors.
     * The first {@code run} waits for the child's set-up, so two children set up in parallel.
     */
    public static Batch inChildJvm(Class<?> tool, String... sideArgs) throws IOException {
        return inChildJvm(List.of(), tool, sideArgs);
    }

    /** {@link #inChildJvm(Class, String...)} with {@code jvmOptions} added to the child's JVM options (after this JVM's). */
    public static Batch inChildJvm(List<String> jvmOptions, Class<?> tool, String... sideArgs) throws IOException {
        List<String> cmd = javaCommand(jvmOptions, TwoBuilds.class.getName());
        cmd.add(tool.getName());
        cmd.addAll(Arrays.asList(sideArgs));
        Process child = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Runtime.getRuntime().addShutdownHook(new Thread(child::destroy));
        BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        Writer out = child.outputWriter(StandardCharsets.UTF_8);
        boolean[] ready = {false};
        return () -> {
            if (!ready[0]) {
                expect(in, READY);
                ready[0] = true;
            }
            out.write("run\n");
            out.flush();
            return Double.parseDouble(expect(in, null));
        };
    }

    /** The command that runs {@code mainClass} in a JVM like this one (its options, class path and carrier count). */
    public static List<String> javaCommand(String mainClass) {
        return javaCommand(List.of(), mainClass);
    }

    private static List<String> javaCommand(List<String> jvmOptions, String mainClass) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(
                System.getProperty("java.home") + "/bin/java"));
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!arg.startsWith("-agentlib:jdwp")) cmd.add(arg);
        }
        cmd.addAll(jvmOptions);
        String parallelism = System.getProperty(PARALLELISM);
        if (parallelism != null) cmd.add("-D" + PARALLELISM + "=" + parallelism);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        return cmd;
    }

    /**
     * The two sides, each in {@code jvms} JVMs of its own ({@link #inChildJvm}), started in the
     * order A B B A A B ... so that neither side's JVMs all start first. Each returned batch runs
     * its side's JVMs in turn, moving to the next JVM every second call: in {@link #alternate}
     * pairs {@code 2j} (A first) and {@code 2j+1} (B first) both use JVM {@code j mod jvms} of each
     * side, so every JVM is measured in both positions. A JVM's JIT compiles the same code a little
     * better or worse by chance (the same build measured 0.95–1.03 against itself with one JVM a
     * side), and taking turns averages that luck over the JVMs.
     */
    public static Batch[] inChildJvms(int jvms, Class<?> tool, String[] sideA, String[] sideB) throws IOException {
        return inChildJvms(jvms, tool, sideA, sideB, List.of(), List.of());
    }

    /**
     * {@link #inChildJvms(int, Class, String[], String[])} with JVM options of each side's own
     * ({@code jvmA}, {@code jvmB}), e.g. to compare one build with and without a JIT option.
     */
    public static Batch[] inChildJvms(int jvms, Class<?> tool, String[] sideA, String[] sideB, List<String> jvmA, List<String> jvmB)
            throws IOException {
        if (jvms < 1) throw new IllegalArgumentException("jvms " + jvms);
        Batch[][] each = new Batch[2][jvms];
        for (int i = 0; i < jvms; i++) {
            int first = i % 2;
            each[first][i] = inChildJvm(first == 0 ? jvmA : jvmB, tool, first == 0 ? sideA : sideB);
            each[1 - first][i] = inChildJvm(first == 0 ? jvmB : jvmA, tool, first == 0 ? sideB : sideA);
        }
        return new Batch[] {rotating(2, each[0]), rotating(2, each[1])};
    }

    /** A batch that runs {@code batches} in turn, moving to the next every {@code calls} calls. */
    static Batch rotating(int calls, Batch... batches) {
        long[] n = {0};
        return () -> batches[(int) (n[0]++ / calls % batches.length)].run();
    }

    private static final String PARALLELISM = "jdk.virtualThreadScheduler.parallelism";
    private static final String READY = "ready";

    private static String expect(BufferedReader in, String what) throws IOException {
        String line = in.readLine();
        if (line == null) throw new IOException("the side's JVM ended (its error output is above)");
        if (what != null && !line.equals(what)) throw new IOException("the side's JVM said: " + line);
        return line;
    }

    /**
     * The child JVM of {@link #inChildJvm}: {@code TOOL_CLASS SIDE_ARGS...}. Sets the side up,
     * says {@code ready}, then answers each {@code run} line on its input with the batch's measure;
     * anything else the side prints goes to the error output.
     */
    public static void main(String[] args) throws Exception {
        PrintStream protocol = System.out;
        System.setOut(System.err);
        Method side = Class.forName(args[0]).getDeclaredMethod("side", String[].class);
        side.setAccessible(true);
        Batch batch = (Batch) side.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        protocol.println(READY);
        protocol.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null && line.equals("run"); ) {
            protocol.println(batch.run());
            protocol.flush();
        }
        System.exit(0);
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
