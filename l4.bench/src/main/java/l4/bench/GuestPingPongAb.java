package l4.bench;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The guest ping-pong ({@link GuestPingPong}) of two builds in one process: each build's
 * {@code l4.kernel} and {@code l4.arch.mips} classes (directories, e.g. copies of their
 * {@code target/classes}) in a child-first class loader of its own with the rest of the class path,
 * each with a machine of its own, and batches of round trips alternating between them in the order
 * A B B A, so that both see the same phases of a shared, loaded machine and neither always goes
 * first ({@link TwoBuilds}). Prints per pair the host ns per round trip and the ratio A/B, then the
 * median ratio (below 1: A is faster). Run it with both sides the same build to see what the
 * harness itself shows.
 *
 * <p>With {@code --both-orders} it then runs as many pairs again with the sides swapped (fresh
 * class loaders and machines, B's built first), its lines prefixed {@code swapped:} (their ratio is
 * B/A), and prints a last line {@code both orders: A/B x}, the two medians combined as
 * √(A/B ÷ B/A), in which a bias toward one side cancels.
 *
 * <p>Each side runs in JVMs of its own, 4 by default ({@code --jvms K}; {@link TwoBuilds#inChildJvms}),
 * the batches alternating between the sides and taking turns among a side's JVMs; {@code --in-process} runs both in this JVM
 * instead, each in its class loader, which favours one side by 5–25 % (BENCHMARKS.md).
 *
 * <p>Usage: {@code GuestPingPongAb PAIRS ROUNDS_PER_BATCH KERNEL_A MIPS_A KERNEL_B MIPS_B [--both-orders] [--in-process] [--jvms K]}.
 */
public final class GuestPingPongAb {
    private GuestPingPongAb() {}

    private static boolean inProcess;
    /** JVMs per side ({@code --jvms K}). */
    private static int jvms = 4;

    public static void main(String[] a) throws Exception {
        boolean bothOrders = false;
        boolean ok = a.length >= 6;
        for (int i = 6; i < a.length; i++) {
            if (a[i].equals("--both-orders")) bothOrders = true;
            else if (a[i].equals("--in-process")) inProcess = true;
            else if (a[i].equals("--jvms") && i + 1 < a.length) jvms = Integer.parseInt(a[++i]);
            else ok = false;
        }
        if (!ok) {
            System.err.println("usage: GuestPingPongAb PAIRS ROUNDS_PER_BATCH KERNEL_A MIPS_A KERNEL_B MIPS_B [--both-orders] [--in-process] [--jvms K]");
            System.exit(2);
        }
        int pairs = Integer.parseInt(a[0]);
        int n = Integer.parseInt(a[1]);
        TwoBuilds.Pairs ab = measure("", pairs, n, a[2], a[3], a[4], a[5]);
        if (bothOrders) {
            TwoBuilds.Pairs ba = measure("swapped: ", pairs, n, a[4], a[5], a[2], a[3]);
            System.out.printf(Locale.ROOT, "both orders: A/B %.3f%n", TwoBuilds.combined(ab.ratio(0.5), ba.ratio(0.5)));
        }
        System.exit(0);
    }

    private static TwoBuilds.Pairs measure(String prefix, int pairs, int n, String kernelA, String mipsA,
            String kernelB, String mipsB) throws Exception {
        String[][] args = {{kernelA, mipsA, Integer.toString(n)}, {kernelB, mipsB, Integer.toString(n)}};
        TwoBuilds.Batch[] sides = inProcess ? new TwoBuilds.Batch[] {side(args[0]), side(args[1])}
                : TwoBuilds.inChildJvms(jvms, GuestPingPongAb.class, args[0], args[1]);
        for (int w = 0; w < 20 * (inProcess ? 1 : jvms); w++) for (var s : sides) s.run(); // warm-up, 20 batches per JVM
        TwoBuilds.Pairs p = TwoBuilds.alternate(sides[0], sides[1], TwoBuilds.count(pairs), (i, va, vb) ->
                System.out.printf(Locale.ROOT, "%spair %d: %.0f ns vs %.0f ns per round trip, ratio A/B %.3f%n", prefix, i, va, vb, va / vb));
        System.out.printf(Locale.ROOT, "%smedian ratio A/B %.3f [quartiles %.3f .. %.3f]; mean ns per round trip A %.0f B %.0f%n",
                prefix, p.ratio(0.5), p.ratio(0.25), p.ratio(0.75), p.meanA(), p.meanB());
        return p;
    }

    /** One side ({@code KERNEL MIPS ROUNDS_PER_BATCH}): its build's machine, set up; a batch is host ns per round trip. */
    static TwoBuilds.Batch side(String[] a) throws Exception {
        List<URL> urls = new ArrayList<>();
        urls.add(Path.of(a[0]).toUri().toURL());
        urls.add(Path.of(a[1]).toUri().toURL());
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (e.isEmpty() || e.contains("l4.kernel") || e.contains("l4.arch.mips")) continue;
            urls.add(Path.of(e).toUri().toURL());
        }
        int n = Integer.parseInt(a[2]);
        ClassLoader l = TwoBuilds.loader(urls, GuestPingPongAb.class.getClassLoader().getParent(), TwoBuilds.L4);
        Class<?> c = l.loadClass(GuestPingPong.class.getName());
        Constructor<?> k = c.getDeclaredConstructor();
        k.setAccessible(true);
        Object machine = k.newInstance();
        Method rounds = c.getDeclaredMethod("rounds", int.class);
        rounds.setAccessible(true);
        return () -> {
            long t0 = System.nanoTime();
            rounds.invoke(machine, n);
            return (System.nanoTime() - t0) / (double) n;
        };
    }
}
