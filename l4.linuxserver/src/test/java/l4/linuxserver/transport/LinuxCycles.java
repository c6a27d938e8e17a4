package l4.linuxserver.transport;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

import l4.arch.mips.MipsArchitecture;
import l4.kernel.KernelConfig;
import l4.spi.Cost;
import l4.spi.CostModel;
import l4.kernel.testarch.TestMachine;
import l4.linuxserver.colocated.CoLocatedLinux;
import org.junit.jupiter.api.Test;

/**
 * The L4Linux table (SOSP'97) in simulated cycles, MIPS R4600 at 100 MHz: {@code lxbench} (getpid,
 * a one-byte write to /dev/null, a pipe round trip between two processes, fork+exit+wait,
 * fork+execve) through the L4 Linux server on a booted machine, and co-located (the same layer
 * called from the trap, no IPC). A benchmark, not a test: its name keeps it out of the test
 * command; run it with {@code mvn -B -o -pl l4.linuxserver -am verify -Dtest=LinuxCycles
 * -Dsurefire.failIfNoSpecifiedTests=false}. The figures are deterministic.
 */
class LinuxCycles {
    /** System calls per operation in lxbench.c (the pipe round trip counts both processes' calls). */
    private static final Map<String, Integer> CALLS = Map.of("getpid", 1, "write-devnull", 1, "pipe-roundtrip", 4,
            "fork-exit-wait", 3, "fork-execve", 4);

    @Test
    void table() throws Exception {
        byte[] bench;
        try (InputStream in = LinuxCycles.class.getResourceAsStream("/l4/linuxserver/bench/lxbench")) {
            bench = in.readAllBytes();
        }
        byte[] initramfs = CoLocatedLinux.initramfsWith(Map.of("bin/lxbench", bench));
        Map<String, Long> colocated = parse(new CoLocatedLinux(initramfs).shell("/bin/lxbench", 2_000_000_000L).output());
        Map<String, Long> viaL4 = new LinkedHashMap<>();
        try (TestMachine m = new TestMachine(new MipsArchitecture(), new KernelConfig())) {
            m.run(x -> {
                LinuxTransport t = L4TransportTest.transport(x, initramfs);
                LinuxTransport.Job job = t.start("/bin/lxbench");
                t.serveUntil(job::done);
                viaL4.putAll(parse(job.output()));
            });
        }
        // the co-located harness charges the guest's instructions and TLB refills only: a Linux
        // trap's entry and exit (the kernel path with no IPC) are added from the MIPS cost model
        CostModel costs = new MipsArchitecture().costModel(Map.of());
        long trap = costs.cycles(Cost.KERNEL_ENTRY_EXIT) + costs.cycles(Cost.SYSCALL_DISPATCH);
        System.out.println("| operation | system calls | co-located (cycles) | through the L4 server (cycles) | ratio |");
        System.out.println("| --- | ---: | ---: | ---: | ---: |");
        for (String op : viaL4.keySet()) {
            long c = colocated.get(op) / 10 + trap * CALLS.get(op), s = viaL4.get(op) / 10; // ns at 100 MHz
            System.out.printf("| %s | %d | %d | %d | %.1f |%n", op, CALLS.get(op), c, s, (double) s / Math.max(1, c));
        }
    }

    /**
     * Host time per getpid through the L4 server: {@code lxbench g} (100000 getpids) against
     * {@code lxbench x} (the same start and exit, no calls), alternated in one JVM, each in a fresh
     * machine; also guest instructions per host second over the getpid run.
     */
    @Test
    void hostTime() throws Exception {
        byte[] bench;
        try (InputStream in = LinuxCycles.class.getResourceAsStream("/l4/linuxserver/bench/lxbench")) {
            bench = in.readAllBytes();
        }
        byte[] initramfs = CoLocatedLinux.initramfsWith(Map.of("bin/lxbench", bench));
        java.util.List<Long> per = new java.util.ArrayList<>();
        double mips = 0;
        for (int round = 0; round < 7; round++) {
            long[] g = hostRun(initramfs, "/bin/lxbench g"), x = hostRun(initramfs, "/bin/lxbench x");
            if (round >= 2) { // warm-up rounds left out
                per.add((g[0] - x[0]) / 100_000);
                mips = Math.max(mips, (g[1] - x[1]) * 1e3 / (g[0] - x[0]));
            }
        }
        java.util.Collections.sort(per);
        System.out.printf("host ns per getpid through the L4 server: median %d (of %s); guest instructions per host second: %.1f M%n",
                per.get(per.size() / 2), per, mips);
    }

    /** Host ns and guest instructions of one command line through the server in a fresh machine. */
    private static long[] hostRun(byte[] initramfs, String line) throws Exception {
        long[] r = new long[2];
        try (TestMachine m = new TestMachine(new MipsArchitecture(), new KernelConfig())) {
            m.run(x -> {
                LinuxTransport t = L4TransportTest.transport(x, initramfs);
                long i0 = m.kernel.stats.guestInstructions, t0 = System.nanoTime();
                LinuxTransport.Job job = t.start(line);
                t.serveUntil(job::done);
                r[0] = System.nanoTime() - t0;
                r[1] = m.kernel.stats.guestInstructions - i0;
            });
        }
        return r;
    }

    private static Map<String, Long> parse(String out) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length == 2) m.put(f[0], Long.parseLong(f[1]));
        }
        if (m.size() != 5) throw new IllegalStateException("lxbench printed: " + out);
        return m;
    }
}
