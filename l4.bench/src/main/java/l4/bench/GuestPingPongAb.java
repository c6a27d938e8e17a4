package l4.bench;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The guest ping-pong ({@link GuestPingPong}) of two builds in one process: each build's
 * {@code l4.kernel} and {@code l4.arch.mips} classes (directories, e.g. copies of their
 * {@code target/classes}) in a child-first class loader of its own with the rest of the class path,
 * each with a machine of its own, and batches of round trips alternating between them in the order
 * A B B A, so that both see the same phases of a shared, loaded machine and neither always goes
 * first. Prints per pair the host ns per round trip and the ratio A/B, then the median ratio (below
 * 1: A is faster). Run it with both sides the same build to see what the harness itself shows.
 *
 * <p>Usage: {@code GuestPingPongAb PAIRS ROUNDS_PER_BATCH KERNEL_A MIPS_A KERNEL_B MIPS_B}.
 */
public final class GuestPingPongAb {
    private GuestPingPongAb() {}

    /** Loads every {@code l4.} class itself, from the side's build first, then the shared class path. */
    private static final class ChildFirst extends URLClassLoader {
        ChildFirst(URL[] u, ClassLoader p) { super(u, p); }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null && name.startsWith("l4.")) {
                    try { c = findClass(name); } catch (ClassNotFoundException e) { }
                }
                if (c == null) c = super.loadClass(name, false);
                return c;
            }
        }
    }

    public static void main(String[] a) throws Exception {
        if (a.length != 6) {
            System.err.println("usage: GuestPingPongAb PAIRS ROUNDS_PER_BATCH KERNEL_A MIPS_A KERNEL_B MIPS_B");
            System.exit(2);
        }
        int pairs = Integer.parseInt(a[0]);
        int n = Integer.parseInt(a[1]);
        List<URL> shared = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (e.isEmpty() || e.contains("l4.kernel") || e.contains("l4.arch.mips")) continue;
            shared.add(Path.of(e).toUri().toURL());
        }
        Object[] machines = new Object[2];
        Method[] rounds = new Method[2];
        for (int side = 0; side < 2; side++) {
            List<URL> urls = new ArrayList<>();
            urls.add(Path.of(a[2 + 2 * side]).toUri().toURL());
            urls.add(Path.of(a[3 + 2 * side]).toUri().toURL());
            urls.addAll(shared);
            ClassLoader l = new ChildFirst(urls.toArray(URL[]::new), GuestPingPongAb.class.getClassLoader().getParent());
            Class<?> c = l.loadClass(GuestPingPong.class.getName());
            Constructor<?> k = c.getDeclaredConstructor();
            k.setAccessible(true);
            machines[side] = k.newInstance();
            rounds[side] = c.getDeclaredMethod("rounds", int.class);
            rounds[side].setAccessible(true);
        }
        for (int w = 0; w < 20; w++) for (int side = 0; side < 2; side++) rounds[side].invoke(machines[side], n); // warm-up
        List<Double> ratios = new ArrayList<>();
        double[] sum = new double[2];
        for (int p = 0; p < pairs; p++) {
            double[] v = new double[2];
            int[] order = p % 2 == 0 ? new int[] {0, 1} : new int[] {1, 0};
            for (int side : order) {
                long t0 = System.nanoTime();
                rounds[side].invoke(machines[side], n);
                v[side] = (System.nanoTime() - t0) / (double) n;
                sum[side] += v[side];
            }
            ratios.add(v[0] / v[1]);
            System.out.printf(Locale.ROOT, "pair %d: %.0f ns vs %.0f ns per round trip, ratio A/B %.3f%n", p, v[0], v[1], v[0] / v[1]);
        }
        Collections.sort(ratios);
        System.out.printf(Locale.ROOT, "median ratio A/B %.3f [quartiles %.3f .. %.3f]; mean ns per round trip A %.0f B %.0f%n",
                ratios.get(ratios.size() / 2), ratios.get(ratios.size() / 4), ratios.get(3 * ratios.size() / 4),
                sum[0] / pairs, sum[1] / pairs);
        System.exit(0);
    }
}
