package l4.kernel.calls;

import static l4.kernel.calls.Scenarios.machine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import l4.api.L4;
import l4.api.ThreadBody;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.kernel.KernelConfig;
import l4.kernel.KernelConfig.SchedulerPolicy;
import l4.kernel.ipc.FastPathScenarios;
import l4.kernel.testarch.TestArchitecture;
import l4.kernel.testarch.TestMachine;
import l4.kernel.user.Coroutine;
import org.junit.jupiter.api.Test;

/** Lazy and Benno agree; the trace digest is deterministic; a fuzz of random system calls. */
class DeterminismAndFuzzTest {

    /** The mixed scenario of the fast-path tests; returns what every IPC returned, and the trace digest at the end. */
    static List<String> scenario(SchedulerPolicy p, int rounds, long[] digest) throws Exception {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        try (TestMachine m = machine(p)) {
            m.run(l4 -> FastPathScenarios.mixed(rounds, seen).accept(m, l4));
            digest[0] = m.kernel.inspect(() -> m.kernel.trace.digest(), 5000);
        }
        return seen;
    }

    @Test
    void lazyAndBennoGiveTheSameIpcResults() throws Exception {
        long[] d = new long[1];
        List<String> lazy = scenario(SchedulerPolicy.LAZY, 30, d);
        List<String> benno = scenario(SchedulerPolicy.BENNO, 30, d);
        assertTrue(lazy.size() > 30);
        assertEquals(lazy, benno);
    }

    @Test
    void sameScenarioSameDigestOtherScenarioOtherDigest() throws Exception {
        long[] a = new long[1];
        long[] b = new long[1];
        long[] c = new long[1];
        List<String> ra = scenario(SchedulerPolicy.LAZY, 20, a);
        List<String> rb = scenario(SchedulerPolicy.LAZY, 20, b);
        scenario(SchedulerPolicy.LAZY, 21, c);
        assertEquals(ra, rb);
        assertEquals(a[0], b[0], "same scenario, same digest");
        assertNotEquals(a[0], c[0], "different scenario, different digest");
    }

    // ---- fuzz ----------------------------------------------------------------------------

    static final int FUZZ_TASKS = 4;
    static final int CALLS_PER_TASK = 800;

    static ThreadId randomId(Random r, List<ThreadId> known) {
        switch (r.nextInt(8)) {
            case 0: return ThreadId.NIL;
            case 1: return ThreadId.INVALID;
            case 2: return ThreadId.interrupt(r.nextInt(10));
            case 3: return ThreadId.ofRaw(r.nextLong());
            case 4: return ThreadId.of(r.nextInt(3), r.nextInt(8), r.nextInt(0x200), r.nextInt(4), r.nextInt(3));
            default: return known.get(r.nextInt(known.size())).withLthread(r.nextInt(4));
        }
    }

    static Timeout randomTimeout(Random r) {
        if (r.nextInt(4) == 0) return Timeout.ZERO;
        // finite send and receive timeouts (e in 9..15: at most ~1 s), finite page-fault timeouts
        int raw = r.nextInt(256) << 24 | r.nextInt(256) << 16 | (1 + r.nextInt(15)) << 12 | (1 + r.nextInt(15)) << 8
                | (9 + r.nextInt(7)) << 4 | (9 + r.nextInt(7));
        return Timeout.ofRaw(raw);
    }

    static long randomDescriptor(Random r) {
        switch (r.nextInt(7)) {
            case 0: return -1L;
            case 1: return 0;
            case 2: return r.nextInt(4);
            case 3: return (0x10000L + 8L * r.nextInt(4096)) | r.nextInt(4);
            case 4: return r.nextLong();
            case 5: return (r.nextLong() & ~0x1FFL) | (long) (12 + r.nextInt(30)) << 2 | 2 | r.nextInt(2);
            default: return 0x70000L | r.nextInt(4);
        }
    }

    static final ThreadBody IDLE = x -> x.receive(ThreadId.INVALID, Timeout.NEVER);

    static ThreadBody fuzzer(long seed, List<ThreadId> known, AtomicInteger done, List<String> escaped) {
        return x -> {
            Random r = new Random(seed);
            // a valid long-message buffer, touched once so σ0 maps it
            x.memory().writeWord(0x70000, 0);
            x.memory().writeWord(0x70008, r.nextLong() & 0xFFFFFFFFL);
            x.memory().writeWord(0x70010, r.nextLong() & 0xFFFFFFFFL);
            for (int i = 0; i < CALLS_PER_TASK; i++) {
                try {
                    call(x, r, known);
                } catch (Coroutine.Unwind u) {
                    throw u;
                } catch (RuntimeException | Error e) {
                    escaped.add(x.myself() + " call " + i + ": " + e);
                }
            }
            done.incrementAndGet();
            x.receive(ThreadId.INVALID, Timeout.NEVER);
        };
    }

    static void call(L4 x, Random r, List<ThreadId> known) {
        long[] words = new long[8];
        for (int w = 0; w < 8; w++) words[w] = r.nextInt(3) == 0 ? r.nextLong() : r.nextInt(0x100000);
        switch (r.nextInt(10)) {
            case 0: case 1: case 2: case 3:
                x.ipc(randomId(r, known), randomDescriptor(r), words, randomDescriptor(r), randomId(r, known),
                        randomId(r, known), randomTimeout(r));
                break;
            case 4:
                x.idNearest(randomId(r, known));
                break;
            case 5:
                x.fpageUnmap(r.nextBoolean() ? r.nextLong() : (0x10000L * r.nextInt(64)) | 12 << 2 | 2,
                        r.nextBoolean() ? r.nextLong() : 2);
                break;
            case 6:
                x.threadSwitch(randomId(r, known));
                break;
            case 7: {
                long param = r.nextInt(4) == 0 ? -1L
                        : (long) (1 + r.nextInt(255)) << 24 | (long) (1 + r.nextInt(15)) << 20 | r.nextInt(256);
                x.threadSchedule(randomId(r, known), param, r.nextBoolean() ? ThreadId.INVALID : randomId(r, known));
                break;
            }
            case 8: {
                int lthread = r.nextInt(12) - 1 + (r.nextInt(10) == 0 ? 130 : 0);
                long ip = lthread == 0 || r.nextInt(3) == 0 ? -1L : r.nextBoolean() ? x.codeAddress(IDLE) : r.nextLong();
                ThreadId pager = lthread == 0 || r.nextBoolean() ? ThreadId.INVALID : randomId(r, known);
                x.lthreadExRegs(lthread, ip, r.nextLong(), pager, r.nextBoolean() ? ThreadId.INVALID : randomId(r, known));
                break;
            }
            default:
                if (r.nextInt(3) != 0) break; // task_new is expensive: fewer of them
                long ip = r.nextBoolean() ? x.codeAddress(IDLE) : r.nextLong();
                ThreadId pager = r.nextInt(3) == 0 ? ThreadId.NIL : Scenarios.SIGMA0;
                ThreadId dest = r.nextBoolean() ? ThreadId.of(0, 0, 0x300 + r.nextInt(64), 0, 1 + r.nextInt(3)) : randomId(r, known);
                x.taskNew(dest, r.nextLong(), r.nextLong(), ip, pager, randomId(r, known));
                break;
        }
    }

    static long fuzz(long seed) throws Exception { return fuzz(seed, true); }

    /** The fuzz, with the kernel's IPC fast path on or off; returns the trace digest. */
    static long fuzz(long seed, boolean fastPath) throws Exception {
        AtomicInteger done = new AtomicInteger();
        List<String> escaped = Collections.synchronizedList(new ArrayList<>());
        KernelConfig config = new KernelConfig();
        config.ipcFastPath = fastPath;
        try (TestMachine m = new TestMachine(new TestArchitecture(), config)) {
            m.run(l4 -> {
                List<ThreadId> known = new ArrayList<>();
                known.add(Scenarios.SIGMA0);
                known.add(IpcCallsTest.ROOT);
                known.add(l4.myself());
                for (int i = 0; i < FUZZ_TASKS; i++) known.add(ThreadId.of(l4.myself().nest() + 1, l4.myself().task(), 0x200 + i, 0, 1));
                for (int i = 0; i < FUZZ_TASKS; i++) {
                    ThreadId t = l4.taskNew(known.get(3 + i), 255, 0, l4.codeAddress(fuzzer(seed * 31 + i, known, done, escaped)),
                            Scenarios.SIGMA0, ThreadId.NIL);
                    assertEquals(known.get(3 + i), t);
                }
                for (int i = 0; i < 2000 && done.get() < FUZZ_TASKS; i++) l4.sleep(100_000);
                assertEquals(FUZZ_TASKS, done.get(), "every fuzz task finished its calls");
                for (int i = 0; i < FUZZ_TASKS; i++) l4.taskNew(known.get(3 + i), l4.myself().raw(), 0, 0, ThreadId.NIL, ThreadId.NIL);
            });
            assertEquals(List.of(), escaped, "exceptions escaped from system calls");
            String broken = m.kernel.inspect(() -> {
                try {
                    m.kernel.mappings.checkInvariants();
                    return null;
                } catch (AssertionError e) {
                    return e.toString();
                }
            }, 5000);
            assertNull(broken);
            return m.kernel.inspect(() -> m.kernel.trace.digest(), 5000);
        }
    }
    /** Seed 42 by default; {@code -Dfuzz.seed=N} tries another. */
    @Test
    void fuzzedSystemCallsKeepTheKernelConsistentAndDeterministic() throws Exception {
        long a = fuzz(Long.getLong("fuzz.seed", 42));
        long b = fuzz(Long.getLong("fuzz.seed", 42));
        assertEquals(a, b, "same seed, same digest");
    }

    /** The fuzz's random IPCs (every kind the fast path must leave to the generic path) with the fast path off: the same digest. */
    @Test
    void fuzzedSystemCallsSameDigestWithoutTheIpcFastPath() throws Exception {
        long seed = Long.getLong("fuzz.seed", 42);
        assertEquals(fuzz(seed, true), fuzz(seed, false), "same seed, same digest with and without the fast path");
    }
}
