package l4.bench.fuzz;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import l4.api.Fpage;
import l4.api.IpcDescriptor;
import l4.api.IpcResult;
import l4.api.L4;
import l4.api.MsgDope;
import l4.api.ThreadBody;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.kernel.Kernel;
import l4.kernel.KernelConfig;
import l4.kernel.thread.ThreadControl;
import l4.kernel.memory.MappingNode;
import l4.kernel.memory.TreeEntry;
import l4.kernel.object.Task;
import l4.kernel.object.Tcb;
import l4.kernel.object.ThreadState;
import l4.kernel.user.Coroutine;
import l4.sigma0.Sigma0;
import l4.spi.Architecture;
import l4.spi.RegisterFile;
import l4.spi.Syscall;

/**
 * A fuzzer of the system-call interface on a real architecture with the real σ0. The root task
 * is the controller: it starts a victim task and several fuzz tasks, and every period (simulated
 * time) kills and re-creates one fuzz task, checks the mapping database's invariants and checks
 * that the victim's memory is unchanged and reachable by nobody else. Fuzz threads issue raw
 * random registers into every trap and structured calls with plausible ids, fpages and long
 * messages (strings in their own memory); they start more lthreads of their own with ex_regs.
 *
 * <p>Everything happens in simulated time on one simulated CPU, so a seed gives one run; the
 * host only watches for progress (a run that makes none for {@link Settings#hangMillis} is a hang).
 */
public final class SyscallFuzzer {
    /** A run's parameters: the seed, the number of fuzz tasks, the calls to issue, the kill period. */
    public record Settings(long seed, int fuzzTasks, long calls, long periodMicros, long hangMillis) {
        public Settings {
            if (fuzzTasks < 1 || fuzzTasks > 64) throw new IllegalArgumentException("fuzzTasks must be 1..64, not " + fuzzTasks);
            if (calls < 1) throw new IllegalArgumentException("calls must be positive");
        }

        public static Settings of(long seed, long calls) {
            return new Settings(seed, 8, calls, 200_000, 30_000);
        }
    }

    /** What a run found. A good run has no kernel exceptions, no hang and no isolation violation. */
    public record Report(String arch, long seed, long calls, long hostNanos, long kernelExceptions,
                         long invariantChecks, long isolationChecks, long isolationViolations,
                         long recreations, boolean hung, long digest, List<String> failures) {
        public boolean clean() {
            return kernelExceptions == 0 && !hung && isolationViolations == 0 && failures.isEmpty();
        }

        public double callsPerHostSecond() { return hostNanos == 0 ? 0 : calls * 1e9 / hostNanos; }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT,
                    "%s seed %d: %d calls in %.1f s host (%.0f calls/s), %d kernel exceptions, %d invariant checks,"
                            + " %d isolation checks, %d isolation violations, %d re-creations, %s, digest %016x%s",
                    arch, seed, calls, hostNanos / 1e9, callsPerHostSecond(), kernelExceptions, invariantChecks,
                    isolationChecks, isolationViolations, recreations, hung ? "HUNG" : "no hang", digest,
                    failures.isEmpty() ? "" : ", failures: " + failures);
        }
    }

    static final ThreadId SIGMA0 = ThreadId.of(0, 0, 1, 0, 0);
    static final int VICTIM_TASK = 3;
    static final int FIRST_FUZZ_TASK = 4;
    /** Fuzz tasks run at most at this priority (their MCP): they cannot reschedule σ0, the root or the victim. */
    static final int FUZZ_MCP = 100;
    static final long VICTIM_BASE = 0x40_0000L;
    static final int VICTIM_PAGES = 8;
    /**
     * Each task number has a 128 KiB area of its own (σ0 gives a frame to one task only, and maps
     * it 1:1, so tasks touching the same address would fault forever): the send buffer, the
     * receive buffer, string sources, string targets, and a 64 KiB region for map items.
     */
    static final long AREAS = 0x100_0000L;
    static final long AREA_SIZE = 0x2_0000L;
    static final long SEND_BUFFER = 0;
    static final long RECEIVE_BUFFER = 0x1000;
    static final long STRINGS = 0x2000;
    static final long STRING_TARGETS = 0xA000;
    static final long REGION = 0x1_0000L;
    static final int BUFFER_WORDS = 16;
    /** Task numbers a fuzz task may create tasks in (their areas do not meet the fuzz tasks'). */
    static final int FREE_TASKS = 0x40;

    private final Architecture arch;
    private final Settings settings;
    private final AtomicLong calls = new AtomicLong();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean stop;
    private volatile Kernel kernel;
    private long invariantChecks;
    private long isolationChecks;
    private long isolationViolations;
    private long recreations;
    /** Current ids of the fuzz tasks and stale ids of earlier incarnations; touched only on the simulated CPU. */
    private final List<ThreadId> known = new ArrayList<>();
    private final List<ThreadId> stale = new ArrayList<>();

    private SyscallFuzzer(Architecture arch, Settings settings) {
        this.arch = arch;
        this.settings = settings;
    }

    /** Boots a machine on {@code arch} with the real σ0, fuzzes it and reports; never throws for a kernel failure. */
    public static Report run(Architecture arch, Settings settings) throws Exception {
        return new SyscallFuzzer(arch, settings).run();
    }

    private Report run() throws Exception {
        KernelConfig config = new KernelConfig();
        // The controller checks the whole mapping database and the victim's frames in one go:
        // host work without a preemption point that may well take 500 ms on a loaded host. The
        // fuzzer's own watchdog reports a machine that stops making progress.
        config.runawayMillis = 0;
        Kernel k = new Kernel(arch, config);
        kernel = k;
        CompletableFuture<Long> done = new CompletableFuture<>();
        long t0 = System.nanoTime();
        k.boot(new Sigma0()::main, l4 -> controller(k, l4, done));
        boolean hung = false;
        long digest = 0;
        long lastCalls = -1;
        long lastProgress = System.nanoTime();
        while (!done.isDone()) {
            try {
                digest = done.get(1, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException notYet) {
                long c = calls.get();
                if (c != lastCalls) {
                    lastCalls = c;
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > settings.hangMillis() * 1_000_000L) {
                    hung = true;
                    failures.add("no progress for " + settings.hangMillis() + " ms at " + c + " calls: " + threadStates(k)
                            + holderStack(k));
                    break;
                }
            } catch (java.util.concurrent.ExecutionException e) {
                failures.add("controller failed: " + e.getCause());
                break;
            }
        }
        long hostNanos = System.nanoTime() - t0;
        stop = true;
        k.halt();
        try {
            k.stoppedFuture().get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            failures.add("machine did not halt within 10 s");
        }
        long kernelErrors = k.stats.kernelErrors;
        return new Report(arch.name(), settings.seed(), calls.get(), hostNanos, kernelErrors, invariantChecks,
                isolationChecks, isolationViolations, recreations, hung, digest, List.copyOf(failures));
    }

    /** Racy, for a hang report only: the machine is stuck, nobody else touches these. */
    private static String threadStates(Kernel k) {
        StringBuilder b = new StringBuilder();
        for (Task t : k.tasks) {
            if (!t.active || t.threads == null) continue;
            for (Tcb tcb : t.threads) {
                if (tcb.state.is(ThreadState.Kind.INACTIVE)) continue;
                b.append(tcb.id()).append('=').append(tcb.state.label());
                if (tcb.state.partner() != null) b.append("->").append(tcb.state.partner().id());
                b.append(' ');
            }
        }
        return b.toString();
    }

    /** Where the CPU's holder is on its host: a hang report's most useful line. */
    private static String holderStack(Kernel k) {
        Tcb t = k.current();
        Coroutine co = t == null ? null : t.coroutine;
        if (co == null) return "; the CPU is idle";
        StringBuilder b = new StringBuilder("; ").append(t.id()).append(" is at");
        StackTraceElement[] st = co.host().getStackTrace();
        for (int i = 0; i < Math.min(25, st.length); i++) b.append(' ').append(st[i]);
        b.append("; last events:");
        for (var e : k.trace.snapshot(x -> true, 40)) {
            b.append(String.format(" [%s %x->%x %x r%x]", e.kind(), e.from(), e.to(), e.value(), e.result()));
        }
        return b.toString();
    }

    // ---- the controller (root task) ------------------------------------------------------------

    private void controller(Kernel k, L4 l4, CompletableFuture<Long> done) {
        try {
            Random r = new Random(settings.seed());
            ThreadId me = l4.myself();
            ThreadId victim = l4.taskNew(ThreadId.of(0, 0, VICTIM_TASK, 0, 1), 255, 0,
                    l4.codeAddress(victim(me, settings.seed())), SIGMA0, ThreadId.NIL);
            if (victim.isNil()) throw new IllegalStateException("victim task not created");
            known.add(SIGMA0);
            known.add(me);
            known.add(victim);
            IpcResult first = l4.call(victim, new long[l4.messageRegisters()], Timeout.NEVER);
            if (!first.ok() || first.word(0) != 0) throw new IllegalStateException("victim did not start: " + first);
            List<Long> victimFrames = victimFrames(k);
            int slot0 = known.size();
            for (int i = 0; i < settings.fuzzTasks(); i++) {
                ThreadId id = l4.taskNew(ThreadId.of(0, 0, FIRST_FUZZ_TASK + i, 0, 1), FUZZ_MCP, 0,
                        l4.codeAddress(fuzzBody(settings.seed() * 1_000_003L + i)), SIGMA0, ThreadId.NIL);
                if (id.isNil()) throw new IllegalStateException("fuzz task " + i + " not created");
                known.add(id);
            }
            long period = 0;
            while (calls.get() < settings.calls()) {
                l4.sleep(settings.periodMicros());
                period++;
                int slot = slot0 + r.nextInt(settings.fuzzTasks());
                ThreadId old = known.get(slot);
                ThreadId fresh;
                if (period % 5 == 0) {
                    // kill to an inactive task first, then re-create it from there
                    l4.taskNew(old, me.raw(), 0, 0, ThreadId.NIL, ThreadId.NIL);
                }
                fresh = l4.taskNew(old, FUZZ_MCP, 0, l4.codeAddress(fuzzBody(r.nextLong())), SIGMA0, ThreadId.NIL);
                if (fresh.isNil()) {
                    failures.add("re-creating task " + Integer.toHexString(old.task()) + " failed");
                } else {
                    recreations++;
                    stale.add(old);
                    if (stale.size() > 32) stale.remove(0);
                    known.set(slot, fresh);
                }
                checkInvariants(k);
                checkIsolation(k, l4, victim, victimFrames);
            }
            stop = true;
            checkInvariants(k);
            checkIsolation(k, l4, victim, victimFrames);
            done.complete(k.trace.digest());
        } catch (Coroutine.Unwind u) {
            throw u;
        } catch (Throwable e) {
            done.completeExceptionally(e);
        }
        l4.receive(ThreadId.INVALID, Timeout.NEVER);
    }

    private void checkInvariants(Kernel k) {
        invariantChecks++;
        try {
            k.mappings.checkInvariants();
        } catch (AssertionError e) {
            failures.add("mapping database: " + e.getMessage());
        }
        try {
            k.checkIpcInvariants();
        } catch (AssertionError e) {
            failures.add("IPC queues: " + e.getMessage());
        }
    }

    /** The victim's frames, as σ0 gave them (its space is not touched by anyone after this). */
    private static List<Long> victimFrames(Kernel k) {
        List<Long> frames = new ArrayList<>();
        Task v = k.task(VICTIM_TASK);
        for (int p = 0; p < VICTIM_PAGES; p++) {
            MappingNode n = v.space.lookup(VICTIM_BASE + 4096L * p);
            if (n == null) throw new IllegalStateException("victim page " + p + " is not mapped");
            frames.add(n.frame());
        }
        return frames;
    }

    /**
     * The victim's memory: unchanged (the victim checks it itself, and the frames are read
     * physically), and its frames mapped nowhere but in σ0 and the victim.
     */
    private void checkIsolation(Kernel k, L4 l4, ThreadId victim, List<Long> frames) {
        isolationChecks++;
        IpcResult r = l4.call(victim, new long[l4.messageRegisters()], Timeout.of(1_000_000, 1_000_000));
        if (!r.ok() || r.word(0) != 0) violation("victim reports " + r.word(0) + " changed words (" + r + ")");
        Task v = k.task(VICTIM_TASK);
        int wb = arch.wordBits() / 8;
        for (int p = 0; p < frames.size(); p++) {
            long frame = frames.get(p);
            MappingNode n = v.space.lookup(VICTIM_BASE + 4096L * p);
            if (n == null || n.frame() != frame) violation("victim page " + p + " lost or moved");
            for (TreeEntry e : k.mappings.tree(frame)) {
                int owner = e.node().space().taskNumber();
                if (owner != 1 && owner != VICTIM_TASK) violation("victim frame 0x" + Long.toHexString(frame) + " mapped in task " + owner);
            }
            for (int w = 0; w < 4096 / wb; w += 61) {
                long expected = pattern(settings.seed(), p, w, wb);
                if (k.physical.readWord(frame + (long) w * wb, wb) != expected) {
                    violation("victim frame 0x" + Long.toHexString(frame) + " word " + w + " changed");
                    break;
                }
            }
        }
    }

    private void violation(String what) {
        isolationViolations++;
        if (failures.size() < 20) failures.add(what);
    }

    static long pattern(long seed, int page, int word, int wordBytes) {
        long v = (seed * 0x9E3779B97F4A7C15L) ^ ((long) page << 32 | word) * 0xC2B2AE3D27D4EB4FL;
        return wordBytes == 8 ? v : v & 0xFFFF_FFFFL;
    }

    /** Writes its pattern, then on every call from the root answers with the number of changed words. */
    private static ThreadBody victim(ThreadId root, long seed) {
        return l4 -> {
            int wb = l4.wordBytes();
            for (int p = 0; p < VICTIM_PAGES; p++) {
                for (int w = 0; w < 4096 / wb; w++) l4.memory().writeWord(VICTIM_BASE + 4096L * p + (long) w * wb, pattern(seed, p, w, wb));
            }
            long[] reply = new long[l4.messageRegisters()];
            l4.receive(root, Timeout.NEVER);
            while (true) {
                long changed = 0;
                for (int p = 0; p < VICTIM_PAGES; p++) {
                    for (int w = 0; w < 4096 / wb; w += 61) {
                        if (l4.memory().readWord(VICTIM_BASE + 4096L * p + (long) w * wb) != pattern(seed, p, w, wb)) changed++;
                    }
                }
                reply[0] = changed;
                l4.ipc(root, IpcDescriptor.registers(), reply, IpcDescriptor.registers(), root, ThreadId.NIL, Timeout.NEVER);
            }
        };
    }

    // ---- fuzz threads ------------------------------------------------------------------------

    private ThreadBody fuzzBody(long seed) {
        return x -> fuzzLoop(x, new Random(seed), seed);
    }

    private void fuzzLoop(L4 x, Random r, long seed) {
        prepareBuffers(x, r);
        while (!stop) {
            try {
                if (r.nextInt(3) == 0) rawTrap(x, r);
                else structuredCall(x, r, seed);
            } catch (Coroutine.Unwind u) {
                throw u;
            } catch (ThreadControl.AddressError e) {
                // this thread's pager is gone (ex_regs gave it a random one): a user-level failure
            } catch (RuntimeException | Error e) {
                // the kernel counts its own exceptions (stats.kernelErrors); anything else is the fuzzer's
                if (failures.size() < 20) failures.add(x.myself() + ": " + e + " at " + firstFrames(e));
            }
            calls.incrementAndGet();
        }
        x.receive(ThreadId.INVALID, Timeout.NEVER);
    }

    private static String firstFrames(Throwable e) {
        StringBuilder b = new StringBuilder();
        StackTraceElement[] st = e.getStackTrace();
        for (int i = 0; i < Math.min(4, st.length); i++) b.append(st[i]).append(' ');
        return b.toString();
    }

    /** A long-message send buffer and receive buffer with string descriptors into the own memory. */
    static long area(L4 x) {
        return AREAS + (x.myself().task() & 0xFF) * AREA_SIZE;
    }

    private static void prepareBuffers(L4 x, Random r) {
        long a = area(x);
        int wb = x.wordBytes();
        var mem = x.memory();
        mem.writeWord(a + SEND_BUFFER, Fpage.of(a + REGION, 16, true).encode());
        mem.writeWord(a + SEND_BUFFER + wb, MsgDope.of(BUFFER_WORDS, 2));
        mem.writeWord(a + SEND_BUFFER + 2L * wb, MsgDope.of(r.nextInt(BUFFER_WORDS + 4), r.nextInt(4)));
        for (int i = 3; i < 3 + BUFFER_WORDS; i++) mem.writeWord(a + SEND_BUFFER + (long) i * wb, r.nextInt(0x100000));
        long strings = a + SEND_BUFFER + (3L + BUFFER_WORDS) * wb;
        for (int j = 0; j < 2; j++) {
            mem.writeWord(strings + 4L * j * wb, r.nextInt(3 * 4096));
            mem.writeWord(strings + (4L * j + 1) * wb, a + STRINGS + r.nextInt(4 * 4096));
        }
        mem.writeWord(a + RECEIVE_BUFFER, Fpage.of(a + REGION, 12 + r.nextInt(5), true).encode());
        mem.writeWord(a + RECEIVE_BUFFER + wb, MsgDope.of(BUFFER_WORDS, 2));
        long rstrings = a + RECEIVE_BUFFER + (3L + BUFFER_WORDS) * wb;
        for (int j = 0; j < 2; j++) {
            mem.writeWord(rstrings + (4L * j + 2) * wb, r.nextInt(2 * 4096));
            mem.writeWord(rstrings + (4L * j + 3) * wb, a + STRING_TARGETS + r.nextInt(4 * 4096));
        }
        for (int p = 0; p < 4; p++) mem.writeWord(a + REGION + 4096L * p, p);
    }

    private ThreadId plausibleId(Random r, L4 x) {
        switch (r.nextInt(12)) {
            case 0: return ThreadId.NIL;
            case 1: return ThreadId.INVALID;
            case 2: return ThreadId.interrupt(r.nextInt(16));
            case 3: return ThreadId.ofRaw(r.nextLong());
            case 4: return stale.isEmpty() ? ThreadId.NIL : stale.get(r.nextInt(stale.size())).withLthread(r.nextInt(4));
            case 5: return x.myself().withLthread(r.nextInt(6));
            case 6: return ThreadId.of(r.nextInt(3), r.nextInt(8), r.nextInt(0x40), r.nextInt(4), r.nextInt(3));
            default: return known.get(r.nextInt(known.size())).withLthread(r.nextInt(r.nextInt(4) == 0 ? 8 : 2));
        }
    }

    private static long randomWord(Random r, L4 x) {
        switch (r.nextInt(6)) {
            case 0: return r.nextLong();
            case 1: return -1L;
            case 2: return 0;
            case 3: return r.nextInt(64);
            case 4: return area(x) + REGION + 4096L * r.nextInt(16);
            default: return r.nextInt(0x100000);
        }
    }

    /** Every register but IP and SP (Java code does not run from them) random, then one of the system-call traps. */
    private void rawTrap(L4 x, Random r) {
        Kernel k = kernel;
        Tcb self = k.task(x.myself().task()).thread(x.myself().lthread());
        RegisterFile regs = self.registers;
        for (int i = 0; i < regs.count(); i++) {
            if (i == regs.ip() || i == regs.sp()) continue;
            long v = r.nextInt(4) == 0 ? plausibleId(r, x).raw() : randomWord(r, x);
            if (r.nextInt(8) == 0) v = (r.nextInt(16) << 4 | r.nextInt(16)) | (long) r.nextInt(16) << 8 | (long) r.nextInt(16) << 12;
            regs.set(i, v);
        }
        Syscall call = Syscall.values()[r.nextInt(Syscall.values().length)];
        k.rawTrap(x.myself(), k.abi.trapNumber(call));
    }

    private static Timeout timeout(Random r) {
        switch (r.nextInt(6)) {
            case 0: return Timeout.ZERO;
            case 1: return Timeout.of(0, 100 + r.nextInt(100_000));
            default:
                // finite send and receive timeouts (at most ~1 s), finite page-fault timeouts
                int raw = r.nextInt(256) << 24 | r.nextInt(256) << 16 | (1 + r.nextInt(15)) << 12 | (1 + r.nextInt(15)) << 8
                        | (9 + r.nextInt(7)) << 4 | (9 + r.nextInt(7));
                return Timeout.ofRaw(raw);
        }
    }

    private static long sendDescriptor(Random r, long a) {
        switch (r.nextInt(8)) {
            case 0: return IpcDescriptor.NIL;
            case 1: case 2: return IpcDescriptor.registers();
            case 3: return IpcDescriptor.MAP;
            case 4: return IpcDescriptor.DECEIVE;
            case 5: case 6: return a + SEND_BUFFER | r.nextInt(4);
            default: return r.nextLong();
        }
    }

    private static long receiveDescriptor(Random r, long a) {
        switch (r.nextInt(8)) {
            case 0: return IpcDescriptor.NIL;
            case 1: return IpcDescriptor.registers();
            case 2: return IpcDescriptor.OPEN;
            case 3: return IpcDescriptor.receiveWindow(Fpage.of(a + REGION, 12 + r.nextInt(5), true), r.nextBoolean());
            case 4: case 5: return a + RECEIVE_BUFFER | r.nextInt(2);
            case 6: return IpcDescriptor.receiveWindow(Fpage.of(0, 32, true), r.nextBoolean());
            default: return r.nextLong();
        }
    }

    /** A valid fpage of 2^12..2^(maxLog2) bytes inside the 2^maxLog2 bytes at {@code base}. */
    private static long fpage(Random r, long base, int maxLog2) {
        int size = 12 + r.nextInt(maxLog2 - 11);
        return Fpage.of(base + ((r.nextLong() & ((1L << maxLog2) - 1)) >>> size << size), size, r.nextBoolean()).encode();
    }

    private long[] words(Random r, L4 x) {
        long[] w = new long[x.messageRegisters()];
        for (int i = 0; i < w.length; i++) w[i] = randomWord(r, x);
        if (r.nextBoolean() && w.length >= 2) {
            // a map or grant item of the own region
            w[0] = area(x) + REGION + 4096L * r.nextInt(16);
            w[1] = fpage(r, area(x) + REGION, 14) | r.nextInt(2);
        }
        return w;
    }

    private void structuredCall(L4 x, Random r, long seed) {
        switch (r.nextInt(16)) {
            case 0: case 1: case 2: case 3: case 4: case 5:
                x.ipc(plausibleId(r, x), sendDescriptor(r, area(x)), words(r, x), receiveDescriptor(r, area(x)), plausibleId(r, x),
                        plausibleId(r, x), timeout(r));
                break;
            case 6:
                x.idNearest(plausibleId(r, x));
                break;
            case 7: {
                long fp = r.nextInt(4) == 0 ? r.nextLong()
                        : fpage(r, area(x) + REGION, 16);
                long mask = r.nextInt(4) == 0 ? r.nextLong() : (r.nextBoolean() ? 2 : 0) | (r.nextInt(4) == 0 ? 1L << (x.wordBytes() * 8 - 1) : 0);
                x.fpageUnmap(fp, mask);
                break;
            }
            case 8:
                x.threadSwitch(plausibleId(r, x));
                break;
            case 9: {
                long param = r.nextInt(4) == 0 ? -1L
                        : (long) (1 + r.nextInt(255)) << 24 | (long) (1 + r.nextInt(15)) << 20 | r.nextInt(FUZZ_MCP + 20);
                x.threadSchedule(plausibleId(r, x), param, r.nextBoolean() ? ThreadId.INVALID : plausibleId(r, x));
                break;
            }
            case 10: case 11: {
                int lthread = r.nextInt(8) - 1 + (r.nextInt(16) == 0 ? 130 : 0);
                long ip;
                switch (r.nextInt(5)) {
                    case 0: ip = -1L; break;
                    case 1: ip = r.nextLong(); break;
                    case 2: ip = x.codeAddress(IDLE); break;
                    default: ip = x.codeAddress(fuzzBody(seed ^ r.nextLong()));
                }
                if (lthread == x.myself().lthread() && ip != -1L && r.nextInt(4) != 0) ip = -1L;
                ThreadId pager = r.nextBoolean() ? ThreadId.INVALID : r.nextBoolean() ? SIGMA0 : plausibleId(r, x);
                x.lthreadExRegs(lthread, ip, r.nextBoolean() ? -1L : r.nextLong(), pager,
                        r.nextBoolean() ? ThreadId.INVALID : plausibleId(r, x));
                break;
            }
            case 12: {
                if (r.nextInt(4) != 0) break; // task_new is expensive: fewer of them
                long ip = r.nextBoolean() ? x.codeAddress(IDLE) : r.nextBoolean() ? x.codeAddress(fuzzBody(r.nextLong())) : r.nextLong();
                ThreadId pager = r.nextInt(3) == 0 ? ThreadId.NIL : SIGMA0;
                ThreadId dest = r.nextBoolean() ? ThreadId.of(0, 0, FREE_TASKS + r.nextInt(64), 0, r.nextInt(3)) : plausibleId(r, x);
                x.taskNew(dest, r.nextInt(4) == 0 ? r.nextLong() : r.nextInt(FUZZ_MCP + 1), r.nextLong(), ip, pager, plausibleId(r, x));
                break;
            }
            case 13:
                // rewrite the send dope: other word and string counts next time
                x.memory().writeWord(area(x) + SEND_BUFFER + 2L * x.wordBytes(), MsgDope.of(r.nextInt(BUFFER_WORDS + 4), r.nextInt(4)));
                break;
            default:
                x.ipc(plausibleId(r, x), area(x) + SEND_BUFFER, words(r, x), area(x) + RECEIVE_BUFFER, plausibleId(r, x), ThreadId.NIL,
                        Timeout.of(r.nextInt(50_000), r.nextInt(50_000)));
                break;
        }
    }

    static final ThreadBody IDLE = x -> x.receive(ThreadId.INVALID, Timeout.NEVER);
}
