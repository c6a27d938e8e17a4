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
 * <p>Each side runs in JVMs of its own, 4 by default ({@code --jvms K}; {@link TwoBuilds#inChildJvms}),
 * the slices alternating between the sides and taking turns among a side's JVMs; {@code --in-process} runs both in this JVM
 * instead, each in its class loader, which favours one side (BENCHMARKS.md).
 *
 * <p>Usage: {@code GuestMipsAb ELF PAIRS INSTRUCTIONS_PER_SLICE CLASSES_A CLASSES_B [--both-orders] [--in-process] [--jvms K]}.
 */
public final class GuestMipsAb {
    private GuestMipsAb() {}

    private static final String SIDE = "l4.bench.GuestMipsAbSide";
    /** Loaded with each build's side: it builds that build's MMU and memory. */
    private static final String LOAD = "l4.bench.GuestLoad";
    private static final Predicate<String> OWN = name -> name.startsWith("l4.arch.mips") || name.equals(SIDE) || name.equals(LOAD);

    private static boolean inProcess;
    /** JVMs per side ({@code --jvms K}). */
    private static int jvms = 4;

    public static void main(String[] a) throws Exception {
        boolean bothOrders = false;
        boolean ok = a.length >= 5;
        for (int i = 5; i < a.length; i++) {
            if (a[i].equals("--both-orders")) bothOrders = true;
            else if (a[i].equals("--in-process")) inProcess = true;
            else if (a[i].equals("--jvms") && i + 1 < a.length) jvms = Integer.parseInt(a[++i]);
            else ok = false;
        }
        if (!ok) {
            System.err.println("usage: GuestMipsAb ELF PAIRS INSTRUCTIONS_PER_SLICE CLASSES_A CLASSES_B [--both-orders] [--in-process] [--jvms K]");
            System.exit(2);
        }
        String elf = a[0];
        int pairs = Integer.parseInt(a[1]);
        long n = Long.parseLong(a[2]);
        TwoBuilds.Pairs ab = measure("", elf, pairs, n, a[3], a[4]);
        if (bothOrders) {
            TwoBuilds.Pairs ba = measure("swapped: ", elf, pairs, n, a[4], a[3]);
            System.out.printf(Locale.ROOT, "both orders: A/B %.3f%n", TwoBuilds.combined(ab.ratio(0.5), ba.ratio(0.5)));
        }
    }

    private static TwoBuilds.Pairs measure(String prefix, String elf, int pairs, long n, String classesA, String classesB)
            throws Exception {
        String[][] args = {{elf, classesA, Long.toString(n)}, {elf, classesB, Long.toString(n)}};
        TwoBuilds.Batch[] runs = inProcess ? new TwoBuilds.Batch[] {side(args[0]), side(args[1])}
                : TwoBuilds.inChildJvms(jvms, GuestMipsAb.class, args[0], args[1]);
        for (int w = 0; w < 3 * (inProcess ? 1 : jvms); w++) for (var r : runs) r.run(); // warm-up, 3 slices per JVM
        TwoBuilds.Pairs p = TwoBuilds.alternate(runs[0], runs[1], TwoBuilds.count(pairs), (i, va, vb) ->
                System.out.printf(Locale.ROOT, "%spair %d: %.3f ns vs %.3f ns per instruction (%.0f vs %.0f M/s), ratio A/B %.3f%n",
                        prefix, i, va, vb, 1e3 / va, 1e3 / vb, va / vb));
        System.out.printf(Locale.ROOT, "%smedian ratio A/B %.3f [quartiles %.3f .. %.3f]; mean M/s A %.1f B %.1f%n", prefix, p.ratio(0.5), p.ratio(0.25), p.ratio(0.75), 1e3 / p.meanA(), 1e3 / p.meanB());
        return p;
    }

    /** One side ({@code ELF CLASSES INSTRUCTIONS_PER_SLICE}): its build's CPU with the program loaded; a batch is CPU ns per instruction. */
    static TwoBuilds.Batch side(String[] a) throws Exception {
        byte[] elf = Files.readAllBytes(Path.of(a[0]));
        long n = Long.parseLong(a[2]);
        URL self = GuestMipsAb.class.getProtectionDomain().getCodeSource().getLocation();
        ClassLoader l = TwoBuilds.loader(List.of(Path.of(a[1]).toUri().toURL(), self), GuestMipsAb.class.getClassLoader(), OWN);
        Class<?> c = l.loadClass(SIDE);
        c.getMethod("setup", byte[].class).invoke(null, (Object) elf);
        Method run = c.getMethod("run", long.class);
        return () -> (double) run.invoke(null, n);
    }
}
