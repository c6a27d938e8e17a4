package l4.bench;

import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The IPC round trip between two Java threads of two builds in one process: each build's l4
 * classes (its class path: the bench classes and the module jars) in a child-first class loader
 * of its own, each with a bench machine of its own, batches alternating A B B A so that both see
 * the same phases of a shared host and neither always runs first ({@link TwoBuilds}). Prints the
 * median of the per-pair ratios A/B (below 1: A is faster); with the same build on both sides it
 * shows the harness's own bias.
 *
 * <p>With {@code --both-orders} it then measures again, as long, with the sides swapped (fresh
 * class loaders and machines, B's built first), prints that run's line prefixed {@code swapped:}
 * (its ratio is B/A), and a last line {@code both orders: A/B x}, the two medians combined as
 * √(A/B ÷ B/A), in which a bias toward one side cancels.
 *
 * <p>Each side runs in JVMs of its own, 4 by default ({@code --jvms K}; {@link TwoBuilds#inChildJvms}),
 * the batches alternating between the sides and taking turns among a side's JVMs; {@code --in-process} runs both in this JVM
 * instead, each in its class loader, which favours one side by several percent (BENCHMARKS.md).
 *
 * <p>{@code --jvm-a OPTIONS} and {@code --jvm-b OPTIONS} (space-separated) add JVM options to one
 * side's JVMs only (they follow their build when the sides are swapped): the same build on both
 * sides, one with a JIT option, measures what the option does.
 *
 * <p>Usage: {@code IpcAb CLASSPATH_A CLASSPATH_B [--arch ix86|mips] [--seconds S] [--warmup S] [--batch N] [--both-orders] [--in-process] [--jvms K] [--jvm-a OPTIONS] [--jvm-b OPTIONS]}.
 */
public final class IpcAb {
    private static final String PARALLELISM = "jdk.virtualThreadScheduler.parallelism";
    private static final String SIDE = "l4.bench.IpcAbSide";
    private static final String USAGE =
            "usage: IpcAb CLASSPATH_A CLASSPATH_B [--arch ix86|mips] [--seconds S] [--warmup S] [--batch N] [--both-orders] [--in-process] [--jvms K]"
            + " [--jvm-a OPTIONS] [--jvm-b OPTIONS]";

    private IpcAb() {}

    private static boolean inProcess;
    /** JVMs per side ({@code --jvms K}). */
    private static int jvms = 4;
    /** Each side's own JVM options ({@code --jvm-a}, {@code --jvm-b}). */
    private static List<String> jvmA = List.of();
    private static List<String> jvmB = List.of();

    public static void main(String[] args) throws Exception {
        if (System.getProperty(PARALLELISM) == null) System.setProperty(PARALLELISM, "1");
        if (args.length < 2) {
            System.err.println(USAGE);
            System.exit(2);
        }
        String arch = "ix86";
        int seconds = 30;
        int warmup = 10;
        int batch = 20_000;
        boolean bothOrders = false;
        for (int i = 2; i < args.length; i++) {
            if (args[i].equals("--both-orders")) {
                bothOrders = true;
                continue;
            }
            if (args[i].equals("--in-process")) {
                inProcess = true;
                continue;
            }
            if (i + 1 >= args.length) break;
            switch (args[i]) {
                case "--arch": arch = args[++i]; break;
                case "--seconds": seconds = Integer.parseInt(args[++i]); break;
                case "--warmup": warmup = Integer.parseInt(args[++i]); break;
                case "--batch": batch = Integer.parseInt(args[++i]); break;
                case "--jvms": jvms = Integer.parseInt(args[++i]); break;
                case "--jvm-a": jvmA = List.of(args[++i].trim().split("\\s+")); break;
                case "--jvm-b": jvmB = List.of(args[++i].trim().split("\\s+")); break;
                default: System.err.println("unknown option " + args[i]); System.exit(2);
            }
        }
        if (inProcess && (!jvmA.isEmpty() || !jvmB.isEmpty())) {
            System.err.println("--jvm-a and --jvm-b need the sides in JVMs of their own, not --in-process");
            System.exit(2);
        }
        TwoBuilds.Pairs ab = measure(args[0], args[1], jvmA, jvmB, arch, seconds, warmup, batch);
        print("", arch, batch, ab);
        if (bothOrders) {
            TwoBuilds.Pairs ba = measure(args[1], args[0], jvmB, jvmA, arch, seconds, warmup, batch);
            print("swapped: ", arch, batch, ba);
            System.out.printf(Locale.ROOT, "both orders: A/B %.3f%n", TwoBuilds.combined(ab.ratio(0.5), ba.ratio(0.5)));
        }
        System.exit(0);
    }

    private static TwoBuilds.Pairs measure(String cpA, String cpB, List<String> optionsA, List<String> optionsB, String arch,
                                           int seconds, int warmup, int batch) throws Exception {
        String[][] args = {{cpA, arch, Integer.toString(batch)}, {cpB, arch, Integer.toString(batch)}};
        TwoBuilds.Batch[] sides = inProcess ? new TwoBuilds.Batch[] {side(args[0]), side(args[1])}
                : TwoBuilds.inChildJvms(jvms, IpcAb.class, args[0], args[1], optionsA, optionsB);
        int perSide = inProcess ? 1 : jvms;
        for (int j = 0; j < 2 * perSide; j++) for (var s : sides) s.run(); // every side set up (its JVMs start in parallel)
        long warmEnd = System.nanoTime() + warmup * 1_000_000_000L * perSide; // S seconds per JVM of a side
        while (System.nanoTime() < warmEnd) for (var s : sides) s.run();
        return TwoBuilds.alternate(sides[0], sides[1], TwoBuilds.forSeconds(seconds), null);
    }

    /** One side ({@code CLASSPATH ARCH BATCH}): its build's bench machine, set up; a batch is host ns per round trip. */
    static TwoBuilds.Batch side(String[] a) throws Exception {
        if (System.getProperty(PARALLELISM) == null) System.setProperty(PARALLELISM, "1");
        List<URL> urls = new ArrayList<>();
        for (String p : a[0].split(File.pathSeparator)) if (p.contains("l4.") || p.endsWith("classes")) urls.add(new File(p).toURI().toURL());
        Class<?> c = TwoBuilds.loader(urls, IpcAb.class.getClassLoader(), TwoBuilds.L4).loadClass(SIDE);
        c.getMethod("setup", String.class).invoke(null, a[1]);
        Method rounds = c.getMethod("rounds", int.class);
        int batch = Integer.parseInt(a[2]);
        return () -> (double) rounds.invoke(null, batch);
    }

    private static void print(String prefix, String arch, int batch, TwoBuilds.Pairs p) {
        System.out.printf(Locale.ROOT, "%s%s, JDK %s, %d pairs of %d round trips: A median %.0f ns, B median %.0f ns; "
                + "ratio A/B median %.3f [quartiles %.3f .. %.3f]%n", prefix, arch, Runtime.version(), p.size(), batch,
                p.a(0.5), p.b(0.5), p.ratio(0.5), p.ratio(0.25), p.ratio(0.75));
    }
}
