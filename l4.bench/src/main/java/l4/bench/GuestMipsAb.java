package l4.bench;

import java.lang.reflect.Method;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The guest CPU of two builds in one process: each build's {@code l4.arch.mips} classes (a
 * directory, e.g. a copy of {@code l4.arch.mips/target/classes}) in a child-first class loader of
 * its own, and slices of the sieve alternating between them A B B A, so that both see the same
 * phases of a shared machine and neither always runs first ({@link TwoBuilds}); prints per pair the
 * CPU ns per guest instruction and the ratio A/B, then the median ratio (below 1: A is faster).
 *
 * <p>With {@code --both-orders} it then runs as many pairs again with the sides swapped (fresh
 * class loaders, B's set up first), its lines prefixed {@code swapped:} (their ratio is B/A), and
 * prints a last line {@code both orders: A/B x}, the two medians combined as √(A/B ÷ B/A), in which
 * a bias toward one side cancels.
 *
 * <p>Usage: {@code GuestMipsAb ELF PAIRS INSTRUCTIONS_PER_SLICE CLASSES_A CLASSES_B [--both-orders]}.
 */
public final class GuestMipsAb {
    private GuestMipsAb() {}

    private static final String SIDE = "l4.bench.GuestMipsAbSide";
    /** Loaded with each build's side: it builds that build's MMU and memory. */
    private static final String LOAD = "l4.bench.GuestLoad";
    private static final Predicate<String> OWN = name -> name.startsWith("l4.arch.mips") || name.equals(SIDE) || name.equals(LOAD);

    public static void main(String[] a) throws Exception {
        boolean bothOrders = a.length == 6 && a[5].equals("--both-orders");
        if (a.length != 5 && !bothOrders) {
            System.err.println("usage: GuestMipsAb ELF PAIRS INSTRUCTIONS_PER_SLICE CLASSES_A CLASSES_B [--both-orders]");
            System.exit(2);
        }
        byte[] elf = Files.readAllBytes(Path.of(a[0]));
        int pairs = Integer.parseInt(a[1]);
        long n = Long.parseLong(a[2]);
        TwoBuilds.Pairs ab = measure("", elf, pairs, n, a[3], a[4]);
        if (bothOrders) {
            TwoBuilds.Pairs ba = measure("swapped: ", elf, pairs, n, a[4], a[3]);
            System.out.printf(Locale.ROOT, "both orders: A/B %.3f%n", TwoBuilds.combined(ab.ratio(0.5), ba.ratio(0.5)));
        }
    }

    private static TwoBuilds.Pairs measure(String prefix, byte[] elf, int pairs, long n, String classesA, String classesB)
            throws Exception {
        String[] dirs = {classesA, classesB};
        TwoBuilds.Batch[] runs = new TwoBuilds.Batch[2];
        URL self = GuestMipsAb.class.getProtectionDomain().getCodeSource().getLocation();
        for (int i = 0; i < 2; i++) {
            ClassLoader l = TwoBuilds.loader(List.of(Path.of(dirs[i]).toUri().toURL(), self), GuestMipsAb.class.getClassLoader(), OWN);
            Class<?> c = l.loadClass(SIDE);
            c.getMethod("setup", byte[].class).invoke(null, (Object) elf);
            Method run = c.getMethod("run", long.class);
            runs[i] = () -> (double) run.invoke(null, n);
        }
        for (int w = 0; w < 3; w++) for (var r : runs) r.run(); // warm-up
        TwoBuilds.Pairs p = TwoBuilds.alternate(runs[0], runs[1], TwoBuilds.count(pairs), (i, va, vb) ->
                System.out.printf(Locale.ROOT, "%spair %d: %.3f ns vs %.3f ns per instruction (%.0f vs %.0f M/s), ratio A/B %.3f%n",
                        prefix, i, va, vb, 1e3 / va, 1e3 / vb, va / vb));
        System.out.printf(Locale.ROOT, "%smedian ratio A/B %.3f; mean M/s A %.1f B %.1f%n", prefix, p.ratio(0.5), 1e3 / p.meanA(), 1e3 / p.meanB());
        return p;
    }
}
