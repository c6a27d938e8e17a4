package l4.bench;

import java.net.*;
import java.nio.file.*;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The guest CPU of two builds in one process: each build's {@code l4.arch.mips} classes (a
 * directory, e.g. a copy of {@code l4.arch.mips/target/classes}) in a child-first class loader of
 * its own, and slices of the sieve alternating between them, so that both see the same phases of
 * a shared machine; prints per pair the CPU ns per guest instruction and the ratio A/B, then the
 * median ratio (below 1: A is faster).
 *
 * <p>Usage: {@code GuestMipsAb ELF PAIRS INSTRUCTIONS_PER_SLICE CLASSES_A CLASSES_B}.
 */
public final class GuestMipsAb {
    private GuestMipsAb() {}

    private static final String SIDE = "l4.bench.GuestMipsAbSide";
    /** Loaded with each build's side: it builds that build's MMU and memory. */
    private static final String LOAD = "l4.bench.GuestLoad";

    private static final class ChildFirst extends URLClassLoader {
        ChildFirst(URL[] u, ClassLoader p) { super(u, p); }
        @Override protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null && (name.startsWith("l4.arch.mips") || name.equals(SIDE) || name.equals(LOAD))) {
                    try { c = findClass(name); } catch (ClassNotFoundException e) { }
                }
                if (c == null) c = super.loadClass(name, false);
                return c;
            }
        }
    }

    public static void main(String[] a) throws Exception {
        if (a.length != 5) {
            System.err.println("usage: GuestMipsAb ELF PAIRS INSTRUCTIONS_PER_SLICE CLASSES_A CLASSES_B");
            System.exit(2);
        }
        byte[] elf = Files.readAllBytes(Path.of(a[0]));
        int pairs = Integer.parseInt(a[1]);
        long n = Long.parseLong(a[2]);
        List<java.lang.reflect.Method> runs = new ArrayList<>();
        for (int i = 3; i < a.length; i++) {
            URL self = GuestMipsAb.class.getProtectionDomain().getCodeSource().getLocation();
            ClassLoader l = new ChildFirst(new URL[] {Path.of(a[i]).toUri().toURL(), self}, GuestMipsAb.class.getClassLoader());
            Class<?> c = l.loadClass(SIDE);
            c.getMethod("setup", byte[].class).invoke(null, (Object) elf);
            runs.add(c.getMethod("run", long.class));
        }
        for (int w = 0; w < 3; w++) for (var m : runs) m.invoke(null, n); // warm-up
        List<Double> ratios = new ArrayList<>();
        double[] sum = new double[runs.size()];
        for (int p = 0; p < pairs; p++) {
            double[] v = new double[runs.size()];
            for (int k = 0; k < runs.size(); k++) { v[k] = (double) runs.get(k).invoke(null, n); sum[k] += v[k]; }
            ratios.add(v[0] / v[1]);
            System.out.printf(Locale.ROOT, "pair %d: %.3f ns vs %.3f ns per instruction (%.0f vs %.0f M/s), ratio A/B %.3f%n", p, v[0], v[1], 1e3 / v[0], 1e3 / v[1], v[0] / v[1]);
        }
        Collections.sort(ratios);
        System.out.printf(Locale.ROOT, "median ratio A/B %.3f; mean M/s A %.1f B %.1f%n", ratios.get(ratios.size() / 2), 1e3 * pairs / sum[0], 1e3 * pairs / sum[1]);
    }
}
