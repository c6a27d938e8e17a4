package l4.kernel.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import l4.kernel.Kernel;
import l4.kernel.KernelConfig;
import l4.kernel.boot.Machine;
import l4.kernel.testarch.TestArchitecture;
import l4.kernel.testarch.TestMachine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The commands against a real kernel on the test architecture (no OSGi). */
class L4CommandsTest {
    private final List<TestMachine> machines = new ArrayList<>();
    private TestMachine running;
    private L4Commands shell;

    private final class FakeMachine implements Machine {
        @Override public Optional<Kernel> kernel() { return Optional.ofNullable(running).map(m -> m.kernel); }
        @Override public String status() { return running == null ? "halted: test" : "running test"; }
        @Override public Kernel reboot(java.time.Duration max) { throw new IllegalStateException("not in this test"); }
        @Override public String archName() { return "test"; }
        @Override public Kernel bootFresh(String arch, Map<String, Object> options) {
            if (!"test".equals(arch)) throw new IllegalArgumentException("no architecture " + arch + " installed");
            KernelConfig c = new KernelConfig();
            c.archOptions.putAll(options);
            TestMachine m = new TestMachine(new TestArchitecture(), c);
            synchronized (machines) {
                machines.add(m);
            }
            return m.kernel;
        }
    }

    @BeforeEach
    void boot() {
        running = new TestMachine();
        machines.add(running);
        shell = new L4Commands(new FakeMachine());
    }

    @AfterEach
    void halt() throws Exception {
        for (TestMachine m : machines) if (!m.kernel.halted()) m.close();
    }

    @Test
    void tasksAndThreads() {
        String tasks = shell.tasks();
        assertTrue(tasks.contains("sigma0"), tasks);
        assertTrue(tasks.contains("root"), tasks);
        String threads = shell.threads();
        assertTrue(threads.startsWith("THREAD"), threads);
        assertTrue(threads.contains("1.00"), threads);
        assertTrue(shell.threads("1").contains("1.00"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> shell.threads("7ff"));
        assertEquals("l4:threads: no task 0x7ff is active", e.getMessage());
    }

    @Test
    void statsEndWithTheDigest() {
        String s = shell.stats();
        String last = s.substring(s.lastIndexOf('\n') + 1);
        assertTrue(last.matches("trace-digest: [0-9a-f]{16}"), last);
        assertTrue(s.contains("scheduler: "), s);
    }

    /** l4:stats counts the IPCs the fast path took: most of a ping-pong's, none with the fast path off. */
    @Test
    void statsCountTheFastPath() throws Exception {
        shell.pingpong("50", "0", false, false);
        assertTrue(number(shell.stats(), "ipc-fast-path") >= 90, shell.stats());
        KernelConfig off = new KernelConfig();
        off.ipcFastPath = false;
        running.close();
        running = new TestMachine(new TestArchitecture(), off);
        machines.add(running);
        shell.pingpong("50", "0", false, false);
        String s = shell.stats();
        assertEquals(0, number(s, "ipc-fast-path"), s);
        assertTrue(number(s, "ipc") >= 100, s);
    }

    private static long number(String stats, String name) {
        return stats.lines().filter(l -> l.startsWith(name + ": ")).mapToLong(l -> Long.parseLong(l.substring(name.length() + 2)))
                .findFirst().orElseThrow(() -> new AssertionError("no " + name + " in " + stats));
    }

    @Test
    void kip() {
        String k = shell.kip();
        assertTrue(k.startsWith("magic: 0x4b753441 (L4uK)"), k);
        assertTrue(k.contains("\nword-bits: 64\n"), k);
        assertTrue(k.contains("\npage-sizes: 0x401000 (4K 4M)\n"), k);
        assertTrue(k.matches("(?s).*\nclock: [0-9]+ ms\n.*"), k);
        assertTrue(k.endsWith("architecture: test"), k);
    }

    @Test
    void pingpongInterAndIntra() {
        String out = shell.pingpong("50", "20000", false, false);
        assertTrue(out.matches("(?s).*\ncycles-per-ipc: [1-9][0-9]*\nhost-ns-per-roundtrip: [0-9]+"), out);
        String intra = shell.pingpong("50", "0", true, false);
        assertTrue(intra.contains("cycles-per-ipc: "), intra);
        assertThrows(IllegalArgumentException.class, () -> shell.pingpong("0", "0", false, false));
        assertEquals("l4:pingpong: bad warmup '-1'",
                assertThrows(IllegalArgumentException.class, () -> shell.pingpong("10", "-1", false, false)).getMessage());
        assertEquals("l4:pingpong: warmup must be between 0 and 10000000",
                assertThrows(IllegalArgumentException.class, () -> shell.pingpong("10", "20000000", false, false)).getMessage());
        // the launched tasks are gone again
        assertFalse(shell.tasks().contains("pingpong"), shell.tasks());
    }

    @Test
    void pingpongPositionalRoundsAndGuestOnAnotherArchitecture() {
        String out = shell.pingpong("", "0", false, false, "20");
        assertTrue(out.contains(", 20 rounds)\ncycles-per-ipc: "), out);
        assertEquals("l4:pingpong: usage: l4:pingpong [--guest] [--intra] [--warmup N] [ROUNDS | --rounds N]",
                assertThrows(IllegalArgumentException.class, () -> shell.pingpong("10", "0", false, false, "20")).getMessage());
        assertEquals("l4:pingpong: usage: l4:pingpong [--guest] [--intra] [--warmup N] [ROUNDS | --rounds N]",
                assertThrows(IllegalArgumentException.class, () -> shell.pingpong("", "0", false, true, "1", "2")).getMessage());
        assertEquals("l4:pingpong: bad rounds 'x'",
                assertThrows(IllegalArgumentException.class, () -> shell.pingpong("", "0", false, true, "x")).getMessage());
        assertEquals("l4:pingpong: --guest runs MIPS guest code; this machine is test (l4:arch mips switches)",
                assertThrows(IllegalArgumentException.class, () -> shell.pingpong("", "0", false, true, "1000")).getMessage());
    }

    @Test
    void spaceAndMappingAfterAFault() throws Exception {
        running.run(l4 -> l4.memory().readWord(0x300000));
        String sigma0 = shell.space(false, "1");
        assertTrue(sigma0.contains("sigma0 1:1 (root)"), sigma0);
        String tree = shell.mapping(false, "0x300000");
        assertTrue(tree.startsWith("frame 0x300000: 2 mappings\ntask 0x1 va 0x300000 rw\n  task 0x"), tree);
        String dot = shell.mapping(true, "300000");
        assertTrue(dot.startsWith("digraph frame_300000 {") && dot.contains("n0 -> n1;"), dot);
        assertTrue(shell.space(true, "1").startsWith("digraph space_1 {"));
        assertEquals("l4:space: no task 0x7ff is active",
                assertThrows(IllegalArgumentException.class, () -> shell.space(false, "7ff")).getMessage());
    }

    @Test
    void traceShowsIpc() {
        shell.pingpong("5", "0", false, false);
        String t = shell.trace("ipc", "", "10", "show");
        assertTrue(t.startsWith("TIME-US  KIND"), t);
        assertTrue(t.contains(" ipc "), t);
        assertTrue(shell.trace("", "", "50", "off").startsWith("trace recording off"));
        assertTrue(shell.trace("", "", "50", "show").startsWith("(recording is off)"));
        assertThrows(IllegalArgumentException.class, () -> shell.trace("", "", "50", "bogus"));
        assertThrows(IllegalArgumentException.class, () -> shell.trace("nokind", "", "50", "show"));
    }

    @Test
    void irqs() {
        String s = shell.irqs();
        assertTrue(s.startsWith("IRQ"), s);
        assertTrue(s.contains("kernel (timer)"), s);
    }

    @Test
    void costsMeasuredInFreshMachines() {
        String s = shell.costs();
        assertTrue(s.startsWith("# NAME SIMULATED_CYCLES PUBLISHED_CYCLES SOURCE (test)"), s);
        for (String op : PublishedCosts.operations("test")) {
            assertTrue(s.matches("(?s).*\n" + op + " [1-9][0-9]* - -(\n.*)?"), op + " in\n" + s);
        }
        assertEquals("l4:costs: no architecture nope installed",
                assertThrows(IllegalArgumentException.class, () -> shell.costs("nope")).getMessage());
    }

    @Test
    void noMachineIsOneLine() throws Exception {
        running.close();
        running = null;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> shell.stats());
        assertEquals("l4:stats: no machine is running (halted: test)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> shell.arch());
        // the cost model is measured in fresh machines: a halted one does not stop it
        assertTrue(shell.costs().startsWith("# NAME SIMULATED_CYCLES PUBLISHED_CYCLES SOURCE (test)"));
        assertThrows(IllegalArgumentException.class, () -> shell.arch(false, "mips"));
    }

    @Test
    void traceExportWritesChromeTraceEventJson(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        shell.pingpong("50", "0", false, false);
        java.nio.file.Path file = dir.resolve("trace.json");
        String answer = shell.trace("", "", "1000000", "export", file.toString());
        assertTrue(answer.startsWith("wrote "), answer);
        String json = java.nio.file.Files.readString(file);
        assertTrue(json.startsWith("{\"traceEvents\":["), json.substring(0, 40));
        assertTrue(json.contains("\"name\":\"thread_name\""), "a track per thread");
        assertTrue(json.contains("\"ph\":\"s\"") && json.contains("\"ph\":\"f\""), "IPC flows");
        assertTrue(json.contains("\"name\":\"running\""), "CPU slices");
        assertEquals(json.chars().filter(c -> c == '{').count(), json.chars().filter(c -> c == '}').count());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> shell.trace("", "", "50", "export"));
        assertTrue(e.getMessage().contains("l4:trace export FILE"), e.getMessage());
    }

    @Test
    void pingpongStopsWhenItsCallerIsInterrupted() throws Exception {
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                shell.pingpong("10000000", "0", false, false);
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        caller.start();
        Thread.sleep(500);
        caller.interrupt();
        caller.join(20_000);
        assertFalse(caller.isAlive(), "pingpong ended after the interrupt");
        assertTrue(failure.get() != null && failure.get().getMessage().contains("interrupted after"), String.valueOf(failure.get()));
        // the machine is free again: the ping-pong tasks are gone
        assertFalse(shell.tasks().contains("pingpong"), shell.tasks());
    }

    @Test
    void idsListTheActiveTasksAndThreads() {
        assertTrue(shell.ids("tasks").containsAll(List.of("1", "2")), shell.ids("tasks").toString());
        assertFalse(shell.ids("threads").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> shell.ids("frames"));
    }
}
