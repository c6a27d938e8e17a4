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
 * <p>Usage: {@code GuestPingPongAb PAIRS ROUNDS_PER_BATCH KERNEL_A MIPS_A KERNEL_B MIPS_B [--both-orders]}.
 */
public final class GuestPingPongAb {
    private GuestPingPongAb() {}

    public static void main(String[] a) throws Exception {
        boolean bothOrders = a.length == 7 && a[6].equals("--both-orders");
        if (a.length != 6 && !bothOrders) {
            System.err.println("usage: GuestPingPongAb PAIRS ROUNDS_PER_BATCH KERNEL_A MIPS_A KERNEL_B MIPS_B [--both-orders]");
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
        List<URL> shared = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (e.isEmpty() || e.contains("l4.kernel") || e.contains("l4.arch.mips")) continue;
            shared.add(Path.of(e).toUri().toURL());
        }
        String[][] builds = {{kernelA, mipsA}, {kernelB, mipsB}};
        TwoBuilds.Batch[] sides = new TwoBuilds.Batch[2];
        for (int side = 0; side < 2; side++) {
            List<URL> urls = new ArrayList<>();
            urls.add(Path.of(builds[side][0]).toUri().toURL());
            urls.add(Path.of(builds[side][1]).toUri().toURL());
            urls.addAll(shared);
            ClassLoader l = TwoBuilds.loader(urls, GuestPingPongAb.class.getClassLoader().getParent(), TwoBuilds.L4);
            Class<?> c = l.loadClass(GuestPingPong.class.getName());
            Constructor<?> k = c.getDeclaredConstructor();
            k.setAccessible(true);
            Object machine = k.newInstance();
            Method rounds = c.getDeclaredMethod("rounds", int.class);
            rounds.setAccessible(true);
            sides[side] = () -> {
                long t0 = System.nanoTime();
                rounds.invoke(machine, n);
                return (System.nanoTime() - t0) / (double) n;
            };
        }
        for (int w = 0; w < 20; w++) for (var s : sides) s.run(); // warm-up
        TwoBuilds.Pairs p = TwoBuilds.alternate(sides[0], sides[1], TwoBuilds.count(pairs), (i, va, vb) ->
                System.out.printf(Locale.ROOT, "%spair %d: %.0f ns vs %.0f ns per round trip, ratio A/B %.3f%n", prefix, i, va, vb, va / vb));
        System.out.printf(Locale.ROOT, "%smedian ratio A/B %.3f [quartiles %.3f .. %.3f]; mean ns per round trip A %.0f B %.0f%n",
                prefix, p.ratio(0.5), p.ratio(0.25), p.ratio(0.75), p.meanA(), p.meanB());
        return p;
    }
}
