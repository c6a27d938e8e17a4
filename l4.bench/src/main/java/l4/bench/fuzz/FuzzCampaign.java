package l4.bench.fuzz;

import l4.arch.ix86.Ix86Architecture;
import l4.arch.mips.MipsArchitecture;
import l4.spi.Architecture;

/**
 * The long fuzz campaign: {@link SyscallFuzzer} on ix86 and MIPS with fixed seeds, one line of
 * figures per run. Exit status 0 when every run was clean (no kernel exception, no hang, no
 * isolation violation), 1 otherwise.
 *
 * <p>Usage: {@code FuzzCampaign [--calls N] [--seed S] [--runs R] [--arch ix86|mips|both]}:
 * R runs of N calls each per architecture, seeds S, S+1, ...
 */
public final class FuzzCampaign {
    private FuzzCampaign() {}

    public static void main(String[] args) throws Exception {
        // the kernel logs every user exception at INFO; the campaign wants only warnings and errors
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        long calls = 10_000_000;
        long seed = 1;
        int runs = 1;
        String arch = "both";
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            try {
                switch (args[i]) {
                    case "--calls": calls = Long.parseLong(value); i++; break;
                    case "--seed": seed = Long.parseLong(value); i++; break;
                    case "--runs": runs = Integer.parseInt(value); i++; break;
                    case "--arch": arch = value; i++; break;
                    default: usage("unknown option " + args[i]);
                }
            } catch (NumberFormatException | NullPointerException e) {
                usage("bad value for " + args[i]);
            }
        }
        if (!arch.equals("both") && !arch.equals("ix86") && !arch.equals("mips")) usage("--arch must be ix86, mips or both");
        System.out.printf("JDK %s, %d cores, %d run(s) of %d calls per architecture%n", Runtime.version(),
                Runtime.getRuntime().availableProcessors(), runs, calls);
        boolean clean = true;
        for (String a : arch.equals("both") ? new String[] {"ix86", "mips"} : new String[] {arch}) {
            long total = 0;
            double nanos = 0;
            for (int r = 0; r < runs; r++) {
                Architecture architecture = a.equals("mips") ? new MipsArchitecture() : new Ix86Architecture();
                SyscallFuzzer.Report report = SyscallFuzzer.run(architecture, SyscallFuzzer.Settings.of(seed + r, calls));
                System.out.println(report);
                clean &= report.clean();
                total += report.calls();
                nanos += report.hostNanos();
            }
            System.out.printf(java.util.Locale.ROOT, "%s total: %d calls, %.0f calls per host second%n", a, total, total * 1e9 / nanos);
        }
        System.out.println(clean ? "clean" : "FAILED");
        System.exit(clean ? 0 : 1);
    }

    private static void usage(String why) {
        System.err.println(why + "; usage: FuzzCampaign [--calls N] [--seed S] [--runs R] [--arch ix86|mips|both]");
        System.exit(2);
    }
}
