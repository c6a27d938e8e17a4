package l4.bench;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The IPC round trip between two Java threads of two builds in one process: each build's l4
 * classes (its class path: the bench classes and the module jars) in a child-first class loader
 * of its own, each with a bench machine of its own, batches alternating A B B A so that both see
 * the same phases of a shared host and neither always runs first. Prints the median of the
 * per-pair ratios A/B (below 1: A is faster); with the same build on both sides it shows the
 * harness's own bias.
 *
 * <p>Usage: {@code IpcAb CLASSPATH_A CLASSPATH_B [--arch ix86|mips] [--seconds S] [--warmup S] [--batch N]}.
 */
public final class IpcAb {
    private static final String PARALLELISM = "jdk.virtualThreadScheduler.parallelism";
    private static final String SIDE = "l4.bench.IpcAbSide";

    private IpcAb() {}

    private static final class ChildFirst extends URLClassLoader {
        ChildFirst(URL[] u, ClassLoader p) { super(u, p); }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null && name.startsWith("l4.")) {
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

    public static void main(String[] args) throws Exception {
        if (System.getProperty(PARALLELISM) == null) System.setProperty(PARALLELISM, "1");
        if (args.length < 2) {
            System.err.println("usage: IpcAb CLASSPATH_A CLASSPATH_B [--arch ix86|mips] [--seconds S] [--warmup S] [--batch N]");
            System.exit(2);
        }
        String arch = "ix86";
        int seconds = 30;
        int warmup = 10;
        int batch = 20_000;
        for (int i = 2; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--arch": arch = args[i + 1]; break;
                case "--seconds": seconds = Integer.parseInt(args[i + 1]); break;
                case "--warmup": warmup = Integer.parseInt(args[i + 1]); break;
                case "--batch": batch = Integer.parseInt(args[i + 1]); break;
                default: System.err.println("unknown option " + args[i]); System.exit(2);
            }
        }
        List<java.lang.reflect.Method> sides = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            List<URL> urls = new ArrayList<>();
            for (String p : args[i].split(File.pathSeparator)) if (p.contains("l4.") || p.endsWith("classes")) urls.add(new File(p).toURI().toURL());
            ClassLoader l = new ChildFirst(urls.toArray(new URL[0]), IpcAb.class.getClassLoader());
            Class<?> c = l.loadClass(SIDE);
            c.getMethod("setup", String.class).invoke(null, arch);
            sides.add(c.getMethod("rounds", int.class));
        }
        long warmEnd = System.nanoTime() + warmup * 1_000_000_000L;
        while (System.nanoTime() < warmEnd) for (var m : sides) m.invoke(null, batch);
        List<Double> ratios = new ArrayList<>();
        List<Double> as = new ArrayList<>();
        List<Double> bs = new ArrayList<>();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        for (int p = 0; System.nanoTime() < end; p++) {
            double a;
            double b;
            if (p % 2 == 0) {
                a = (double) sides.get(0).invoke(null, batch);
                b = (double) sides.get(1).invoke(null, batch);
            } else {
                b = (double) sides.get(1).invoke(null, batch);
                a = (double) sides.get(0).invoke(null, batch);
            }
            as.add(a);
            bs.add(b);
            ratios.add(a / b);
        }
        System.out.printf(Locale.ROOT, "%s, JDK %s, %d pairs of %d round trips: A median %.0f ns, B median %.0f ns; "
                + "ratio A/B median %.3f [quartiles %.3f .. %.3f]%n", arch, Runtime.version(), ratios.size(), batch,
                q(as, 0.5), q(bs, 0.5), q(ratios, 0.5), q(ratios, 0.25), q(ratios, 0.75));
        System.exit(0);
    }

    private static double q(List<Double> v, double q) {
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        return s.get((int) Math.min(s.size() - 1, Math.round(q * (s.size() - 1))));
    }
}
