package l4.loader.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The numbers of l4:exec on a booted MIPS machine with the real σ0, beside qemu-mips64el in the
 * same run: guest instructions per host second on sieve (after the first 500 M instructions), the
 * same binary's time under qemu; host time of a guest-to-guest IPC round trip (pingpong's marks);
 * page faults per host second through σ0 (faults' marks). Not a test: run by hand, see BENCHMARKS.md.
 *
 * <p>Usage: {@code ExecBench [SIEVE_ROUNDS [PINGPONG_ROUNDS [FAULT_PAGES [PINGPONG_RUNS]]]]}.
 */
public final class ExecBench {
    private ExecBench() {}

    public static void main(String[] args) throws Exception {
        String sieveRounds = args.length > 0 ? args[0] : "2000";
        String rounds = args.length > 1 ? args[1] : "200000";
        String pages = args.length > 2 ? args[2] : "4096";
        String warmup = "20000";
        // Runs of the whole program before the measured one: the JIT compiles the guest IPC path
        // during the first run, and each mark (an IPC to the loader, a Java thread) sends the code
        // compiled without that path back to the interpreter, so a first run's marks measure that.
        int passes = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        System.out.printf(Locale.ROOT, "java %s%n", System.getProperty("java.version"));
        try (MipsMachine m = new MipsMachine()) {
            Exec.Report r = m.exec("sieve", sieveRounds);
            System.out.println("== l4:exec sieve " + sieveRounds);
            System.out.println(r.format());
            System.out.printf(Locale.ROOT, "host seconds (whole run): %.2f%n", r.outcome().run().hostNanos() / 1e9);
        }
        Path tmp = Files.createTempFile("sieve", ".elf");
        try {
            Files.write(tmp, Programs.binary("sieve"));
            tmp.toFile().setExecutable(true);
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder("qemu-mips64el", tmp.toString(), sieveRounds).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            int rc = p.waitFor();
            System.out.printf(Locale.ROOT, "== qemu-mips64el sieve %s: %.2f s, exit %d%n%s", sieveRounds, (System.nanoTime() - t0) / 1e9, rc, out);
        } catch (java.io.IOException e) {
            System.out.println("qemu-mips64el not run: " + e.getMessage());
        } finally {
            Files.deleteIfExists(tmp);
        }
        for (int pass = 1; pass <= passes; pass++) {
            try (MipsMachine m = new MipsMachine()) {
                Exec.Report r = m.exec("pingpong", rounds, warmup);
                Outcome.Counters c = r.outcome().between(1, 2);
                long n = Long.parseLong(rounds);
                System.out.println("== l4:exec pingpong " + rounds + " " + warmup + " (run " + pass + " of " + passes + " in this process)");
                System.out.printf(Locale.ROOT, "cycles-per-ipc: %d%nguest-instructions-per-roundtrip: %.1f%nhost-ns-per-roundtrip: %d%n",
                        Math.round(c.cycles() / (2.0 * n)), c.guestInstructions() / (double) n, Math.round(c.hostNanos() / (double) n));
            }
        }
        try (MipsMachine m = new MipsMachine()) {
            Exec.Report r = m.exec("faults", pages);
            Outcome.Counters c = r.outcome().between(1, 2);
            System.out.println("== l4:exec faults " + pages);
            System.out.print(new String(r.outcome().output()));
            System.out.printf(Locale.ROOT, "page faults %d in %.3f s: %.0f per host second; %d cycles per fault%n", c.pageFaults(),
                    c.hostNanos() / 1e9, c.pageFaults() / (c.hostNanos() / 1e9), c.cycles() / Math.max(1, c.pageFaults()));
        }
    }
}
