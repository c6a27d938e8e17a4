package l4.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import l4.arch.mips.MipsGuestMemory;
import l4.arch.mips.cpu.GuestCpu;
import l4.arch.mips.cpu.GuestException;
import l4.arch.mips.cpu.GuestState;
import l4.arch.mips.cpu.InstructionCosts;

/**
 * Guest instructions per host second of the MIPS guest CPU on a CPU-bound program (the sieve of
 * {@code src/main/guest/sieve.c}, a static freestanding Linux n64 binary), with the R4x00 MMU
 * model translating every fetch page, load and store, beside the same binary's wall time under
 * {@code qemu-mips64el} in the same process. Each simulator run counts only the instructions after
 * the first {@code --warmup-instructions} (JIT warm-up); qemu is timed as a whole process.
 *
 * <p>Usage: {@code GuestMips [--runs N] [--warmup-instructions N] [--no-qemu] [--no-host-caches] [--no-translation] [FILE]}.
 */
public final class GuestMips {
    private static final int SYS_WRITE = 5001, SYS_EXIT = 5058, SYS_EXIT_GROUP = 5205;
    /** Cycles per run of the CPU, as the kernel's runner gives it up to the next tick (the instruction budget unlimited). */
    private static final long SLICE = 10_000_000L;

    private GuestMips() {}

    /** One run's figures. */
    record Result(long instructions, long cycles, long measuredInstructions, long measuredNanos, long measuredCpuNanos,
            String output) {
        double mips() {
            return measuredInstructions * 1e3 / measuredNanos;
        }

        double cpuMips() {
            return measuredInstructions * 1e3 / measuredCpuNanos;
        }
    }

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        int runs = 3;
        long warmup = 500_000_000L;
        boolean qemu = true;
        boolean caches = true;
        boolean translation = true;
        String file = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs": runs = Integer.parseInt(args[++i]); break;
                case "--warmup-instructions": warmup = Long.parseLong(args[++i]); break;
                case "--no-qemu": qemu = false; break;
                case "--no-host-caches": caches = false; break;
                case "--no-translation": translation = false; break;
                default:
                    if (args[i].startsWith("--")) {
                        System.err.println("unknown option " + args[i]
                                + "; usage: GuestMips [--runs N] [--warmup-instructions N] [--no-qemu] [--no-host-caches] [--no-translation] [FILE]");
                        System.exit(2);
                    }
                    file = args[i];
            }
        }
        byte[] elf = file != null ? Files.readAllBytes(Path.of(file)) : resource("guest/sieve.elf");
        System.out.printf(Locale.ROOT, "java %s, host caches %s, block translation %s%n", System.getProperty("java.version"),
                caches ? "on" : "off", caches && translation ? "on" : "off");
        List<Double> sim = new ArrayList<>();
        List<Double> simCpu = new ArrayList<>();
        List<Double> host = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            Result res = run(elf, warmup, caches, translation);
            long total = System.nanoTime() - t0;
            sim.add(res.mips());
            simCpu.add(res.cpuMips());
            host.add(total / 1e9);
            System.out.printf(Locale.ROOT, "simulator run %d: %d instructions, %d simulated cycles (%.3f s at 100 MHz), "
                    + "after the first %d M: %.1f M guest instructions per wall second, %.1f M per CPU second of the thread; "
                    + "%.2f s in all%n", r + 1, res.instructions, res.cycles, res.cycles / 1e8, warmup / 1_000_000,
                    res.mips(), res.cpuMips(), total / 1e9);
            if (r == 0) System.out.print(res.output);
        }
        System.out.printf(Locale.ROOT, "guest-mips (median): %.1f per wall second, %.1f per CPU second%n", median(sim),
                median(simCpu));
        if (qemu) {
            Path tmp = Files.createTempFile("guest", ".elf");
            try {
                Files.write(tmp, elf);
                tmp.toFile().setExecutable(true);
                List<Double> q = new ArrayList<>();
                for (int r = 0; r < runs; r++) {
                    long t0 = System.nanoTime();
                    Process p = new ProcessBuilder("qemu-mips64el", tmp.toString()).redirectErrorStream(true).start();
                    p.getInputStream().readAllBytes();
                    if (p.waitFor() != 0) throw new IOException("qemu-mips64el failed: exit " + p.exitValue());
                    q.add((System.nanoTime() - t0) / 1e9);
                }
                double qs = median(q), ss = median(host);
                System.out.printf(Locale.ROOT, "qemu-mips64el (median of %d): %.2f s; simulator (median, whole run): %.2f s; "
                        + "simulator/qemu time ratio %.1f%n", runs, qs, ss, ss / qs);
            } catch (IOException e) {
                System.out.println("qemu-mips64el not run: " + e.getMessage());
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
    }

    private static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = GuestMips.class.getResourceAsStream(name)) {
            if (in == null) throw new IOException("missing resource " + name);
            return in.readAllBytes();
        }
    }

    /** Loads and runs {@code elf} to its exit, serving write and exit. */
    static Result run(byte[] elf, long warmup, boolean caches, boolean translation) {
        GuestLoad load = GuestLoad.of(elf);
        MipsGuestMemory memory = load.memory();
        GuestState state = load.state();
        GuestCpu cpu = new GuestCpu(InstructionCosts.r4600(memory.hitCycles()));
        cpu.setHostCaches(caches);
        cpu.setTranslation(translation);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long instructions = 0, cycles = 0, measuredFrom = -1, t0 = 0, c0 = 0;
        while (true) {
            GuestCpu.Stop stop = cpu.run(state, memory, Long.MAX_VALUE, SLICE);
            instructions += cpu.lastInstructions();
            cycles += cpu.lastCycles();
            if (measuredFrom < 0 && instructions >= warmup) {
                measuredFrom = instructions;
                t0 = System.nanoTime();
                c0 = THREADS.getCurrentThreadCpuTime();
            }
            if (stop == GuestCpu.Stop.BUDGET) continue;
            GuestException e = state.lastException();
            long[] r = state.gpr;
            if (e.code() != GuestException.SYS) throw new IllegalStateException("guest exception " + e);
            if (r[2] == SYS_WRITE) {
                for (long i = 0; i < r[6]; i++) {
                    int b = load.byteAt(r[5] + i);
                    if (b < 0) throw new IllegalStateException("write() from an unmapped address");
                    out.write(b);
                }
                r[2] = r[6];
                r[7] = 0;
            } else if (r[2] == SYS_EXIT || r[2] == SYS_EXIT_GROUP) {
                long end = System.nanoTime();
                long cpuEnd = THREADS.getCurrentThreadCpuTime();
                if (measuredFrom < 0) throw new IllegalStateException("program ended after " + instructions
                        + " instructions, before the warm-up of " + warmup);
                return new Result(instructions, cycles, instructions - measuredFrom, end - t0, cpuEnd - c0,
                        out.toString());
            } else {
                throw new IllegalStateException("system call " + r[2] + " not served");
            }
            state.jump(e.epc() + 4);
        }
    }
}
