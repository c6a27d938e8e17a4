package l4.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import l4.arch.ix86.Ix86Architecture;
import l4.arch.mips.MipsArchitecture;
import l4.kernel.Kernel;

/**
 * The ratio of issue 3 measured in one process: batches of L4 IPC round trips (ping-pong between
 * two tasks) alternate with batches of the bare hand-off ({@link BareHandoff}), so both see the
 * same host state. On a shared 2-core host, throughput drifts by tens of percent between phases
 * and JMH measures each benchmark in forks of its own, at different times; alternating batches
 * cancel that drift out of the ratio, and the median of the per-pair ratios is the figure.
 *
 * <p>Usage: {@code IpcRatio [--seconds S] [--warmup S] [--batch N] [--arch ix86|mips] [--guest] [--forks K]};
 * {@code --guest} measures the ping-pong as MIPS guest code ({@link GuestPingPong}: two guest tasks
 * on the kernel's guest runner, no host switch per message) instead of two Java threads.
 *
 * <p>{@code --forks K} makes the same measurement in K fresh JVMs, one after another, and prints
 * each one's ratio and their median (nearest rank; an odd K has a middle one): each JVM compiles
 * the two loops a little differently, and the ratio of one run varies with that by several
 * hundredths (BENCHMARKS.md, session 9).
 */
public final class IpcRatio {
    private static final String PARALLELISM = "jdk.virtualThreadScheduler.parallelism";
    /** How the result line starts; {@code --forks} reads it from each child. */
    private static final String RATIO = "ratio (median of pairs): ";

    private IpcRatio() {}

    public static void main(String[] args) throws Exception {
        // One simulated CPU, one carrier (as ./l4 runs it); must be set before the first virtual thread.
        if (System.getProperty(PARALLELISM) == null) System.setProperty(PARALLELISM, "1");
        int seconds = 20;
        int warmup = 10;
        int batch = 20_000;
        String arch = "ix86";
        boolean guest = false;
        int forks = 0;
        List<String> childArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (option) {
                case "--seconds": seconds = Alternating.positive(args[i], value); i++; break;
                case "--warmup": warmup = Alternating.positive(args[i], value); i++; break;
                case "--batch": batch = Alternating.positive(args[i], value); i++; break;
                case "--arch": arch = value; i++; break;
                case "--guest": guest = true; arch = "mips"; break;
                case "--forks": forks = Alternating.positive(args[i], value); i++; continue;
                default:
                    System.err.println("unknown option " + args[i] + "; usage: IpcRatio [--seconds S] [--warmup S] [--batch N] [--arch ix86|mips] [--guest] [--forks K]");
                    System.exit(2);
            }
            childArgs.add(option);
            if (!"--guest".equals(option)) childArgs.add(value);
        }
        if (!"ix86".equals(arch) && !"mips".equals(arch)) {
            System.err.println("--arch must be ix86 or mips, not " + arch);
            System.exit(2);
        }
        if (forks > 0) {
            System.exit(inForks(forks, childArgs));
        }
        Kernel kernel;
        Alternating.Rounds pingPong;
        if (guest) {
            GuestPingPong g = new GuestPingPong();
            kernel = g.kernel;
            pingPong = g::rounds;
        } else {
            kernel = Machines.boot("mips".equals(arch) ? new MipsArchitecture() : new Ix86Architecture());
            Machines.PingPong p = new Machines.PingPong(kernel);
            pingPong = p::rounds;
        }
        BareHandoff bare = new BareHandoff(kernel.virtualThreads());

        // batches alternate which side runs first, so neither always follows the other
        Alternating.Result result = Alternating.run(pingPong, bare::rounds, null, batch, warmup, seconds);
        List<Double> l4 = result.a();
        List<Double> handoff = result.b();
        List<Double> ratios = result.ratios();
        kernel.halt();
        System.out.printf(Locale.ROOT, "%s%s, %s host threads (%s carriers), JDK %s, %d pairs of %d round trips%n", arch,
                guest ? " guest code" : "",
                kernel.virtualThreads() ? "virtual" : "platform", System.getProperty(PARALLELISM), Runtime.version(),
                ratios.size(), batch);
        System.out.printf(Locale.ROOT, "l4-ipc-roundtrip-ns:  median %.0f  mean %.0f  min %.0f%n", median(l4), mean(l4), Collections.min(l4));
        System.out.printf(Locale.ROOT, "bare-handoff-ns:      median %.0f  mean %.0f  min %.0f%n", median(handoff), mean(handoff), Collections.min(handoff));
        System.out.printf(Locale.ROOT, RATIO + "%.2f  [quartiles %.2f .. %.2f]%n", median(ratios),
                quantile(ratios, 0.25), quantile(ratios, 0.75));
        System.exit(0);
    }

    /** The measurement in {@code forks} child JVMs in turn; prints each one's ratio line and their median. */
    private static int inForks(int forks, List<String> childArgs) throws Exception {
        List<Double> ratios = new ArrayList<>();
        for (int f = 1; f <= forks; f++) {
            List<String> cmd = TwoBuilds.javaCommand(IpcRatio.class.getName());
            cmd.addAll(childArgs);
            Process child = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String ratioLine = null;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith(RATIO)) ratioLine = line;
                }
            }
            if (child.waitFor() != 0 || ratioLine == null) {
                System.err.println("fork " + f + " of " + forks + " ended without a ratio (status " + child.exitValue() + ")");
                return 1;
            }
            double r = Double.parseDouble(ratioLine.substring(RATIO.length()).split(" ")[0]);
            ratios.add(r);
            System.out.printf(Locale.ROOT, "fork %d: %s%n", f, ratioLine);
        }
        System.out.printf(Locale.ROOT, "ratio, median of %d JVMs: %.2f  [%.2f .. %.2f]%n", forks, median(ratios),
                Collections.min(ratios), Collections.max(ratios));
        return 0;
    }

    private static double median(List<Double> v) { return quantile(v, 0.5); }

    private static double quantile(List<Double> v, double q) { return TwoBuilds.quantile(v, q); }

    private static double mean(List<Double> v) { return TwoBuilds.mean(v); }
}
