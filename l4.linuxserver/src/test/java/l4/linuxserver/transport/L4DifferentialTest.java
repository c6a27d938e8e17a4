package l4.linuxserver.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import l4.arch.mips.MipsArchitecture;
import l4.kernel.KernelConfig;
import l4.kernel.testarch.TestMachine;
import l4.linuxserver.colocated.CoLocatedLinux;
import l4.linuxserver.colocated.DifferentialTest;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The whole differential suite through the real L4 transport, compared with the same qemu golden
 * files as {@link DifferentialTest}: busybox's processes are L4 tasks whose system calls and
 * exceptions reach the Linux server as exception IPC and whose page faults reach it as page-fault
 * IPC; signals to running processes go through each task's signal thread.
 *
 * <p>Each case boots a machine of its own with a server of its own, so that it starts from the
 * initramfs as unpacked at boot (as qemu's cases start from a fresh root) and its trace depends
 * on the case alone. Booting is cheap beside the guest code (the suite's time is that of a few
 * cases that compute); the cases in {@link #TWICE} run twice and must give the same trace
 * digest. {@code -Dl4.linuxserver.l4Cases=4,38,...} runs only those cases.
 */
class L4DifferentialTest {
    /**
     * Cases run twice, digests compared: killed background jobs, a job interrupted while it
     * computes, threads. The second run translates guest code at the threshold given here (1:
     * every block on its first entry; 0: none), which must change nothing simulated.
     */
    private static final Map<String, Integer> TWICE = Map.of("31", 1, "87", 0, "106", 1, "111", 0);
    /** Host-time bound of one case: the longest takes about 10 s on an idle core. */
    private static final int CASE_SECONDS = 180;
    private static byte[] initramfs;

    @TestFactory
    Stream<DynamicTest> throughL4() throws IOException {
        if (initramfs == null) initramfs = CoLocatedLinux.initramfsWith(DifferentialTest.programs());
        List<DynamicTest> tests = new ArrayList<>();
        for (DifferentialTest.Case c : selected()) {
            tests.add(DynamicTest.dynamicTest(c.id() + ": " + c.line(), () -> {
                Run first = run(c.line(), TWICE.containsKey(c.id()), null);
                assertEquals(DifferentialTest.normalise(c.output()), DifferentialTest.normalise(first.output), "output of " + c.line());
                assertEquals(c.status(), first.status, "status of " + c.line());
                assertTrue(first.exceptions > 0 && first.pageFaults > 0, first.counters);
                if (TWICE.containsKey(c.id())) {
                    int threshold = TWICE.get(c.id());
                    Run again = run(c.line(), true, threshold);
                    assertEquals(first.output, again.output, "output of the second run (translation threshold " + threshold + ")");
                    assertEquals(first.digest, again.digest, "trace digests of two runs (the second at translation threshold " + threshold + ")");
                }
            }));
        }
        return tests.stream();
    }

    private static List<DifferentialTest.Case> selected() throws IOException {
        String picked = System.getProperty("l4.linuxserver.l4Cases");
        if (picked == null || picked.isBlank()) return DifferentialTest.cases();
        List<DifferentialTest.Case> cases = new ArrayList<>();
        for (String n : picked.split(",")) {
            DifferentialTest.Case c = DifferentialTest.load(Integer.parseInt(n.trim()));
            if (c == null) throw new IOException("no differential case " + n.trim());
            cases.add(c);
        }
        return cases;
    }

    private record Run(String output, int status, long exceptions, long pageFaults, String counters, long digest) {}

    /**
     * {@code line} on a freshly booted machine; with {@code digest}, the trace digest once the
     * machine is quiescent; a {@code translationThreshold} other than null sets the guest CPU's.
     */
    private static Run run(String line, boolean digest, Integer translationThreshold) throws Exception {
        Run[] result = new Run[1];
        KernelConfig config = new KernelConfig();
        if (translationThreshold != null) config.archOptions.put("guestTranslationThreshold", translationThreshold);
        try (TestMachine m = new TestMachine(new MipsArchitecture(), config)) {
            m.run(l4 -> {
                LinuxTransport t = L4TransportTest.transport(l4, initramfs);
                LinuxTransport.Job job = t.start(line);
                t.serveUntil(job::done);
                result[0] = new Run(job.output(), job.status(), t.exceptions(), t.pageFaults(), t.counters(), 0);
            }, CASE_SECONDS);
            if (!digest) return result[0];
            m.kernel.awaitQuiescent(3000);
            long d = m.kernel.inspect(() -> m.kernel.trace.digest(), 5000);
            Run r = result[0];
            return new Run(r.output, r.status, r.exceptions, r.pageFaults, r.counters, d);
        }
    }
}
