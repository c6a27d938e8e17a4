package l4.kernel.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import l4.api.Fpage;
import l4.api.IpcResult;
import l4.api.L4;
import l4.api.ThreadBody;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.kernel.Kernel;
import l4.kernel.boot.Machine;

/**
 * Measures the simulated cycles of kernel operations, each in a fresh machine booted with
 * {@link Machine#bootFresh}: a launched program reads {@code kernel.clock.cycles()} before and
 * after the operation (it runs on a kernel coroutine, where that read is safe). Nothing is
 * computed from the cost constants. Used by {@code l4:costs}; reusable by tests and benchmarks.
 */
public final class CostProbe {
    /** Priority of the probe programs. */
    public static final int PRIORITY = 200;
    public static final int IPC_ROUNDS = 200;
    /** Pages touched for the page-fault average; 4 MiB apart so no fault maps the next page. */
    public static final int FAULTS = 4;
    public static final long FAULT_BASE = 0x200000L;
    public static final long FAULT_STRIDE = 0x400000L;
    /** Pages mapped, then unmapped at once. */
    public static final int UNMAP_PAGES_LOG2 = 4;
    public static final long UNMAP_BASE = 0x1400000L;
    public static final int EX_REGS_CALLS = 16;
    public static final int ID_NEAREST_CALLS = 16;
    public static final int TASK_NEWS = 4;

    private final Machine machine;
    private final long timeoutMillis;
    private final Progress progress;

    /** Told which operation is measured next (1-based step of {@code of}). */
    @FunctionalInterface
    public interface Progress {
        void next(int step, int of, String operation);
    }

    /** @param timeoutMillis how long one probe program may go without a result */
    public CostProbe(Machine machine, long timeoutMillis) {
        this(machine, timeoutMillis, (step, of, operation) -> { });
    }

    public CostProbe(Machine machine, long timeoutMillis, Progress progress) {
        this.machine = machine;
        this.timeoutMillis = timeoutMillis;
        this.progress = progress;
    }

    /** A probe program: does the operation and returns its simulated cycles (per operation). */
    @FunctionalInterface
    public interface Probe {
        long run(Kernel k, L4 l4) throws Exception;
    }

    /**
     * Every operation of {@link PublishedCosts#operations} on {@code arch}: name → cycles, or the
     * error message. An interrupt of the caller ends it with an {@link IllegalStateException}.
     */
    public Map<String, Object> measureAll(String arch) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<String> operations = PublishedCosts.operations(arch);
        for (String op : operations) {
            if (Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("interrupted after " + out.size() + " of " + operations.size() + " measurements");
            }
            progress.next(out.size() + 1, operations.size(), op);
            try {
                out.put(op, measure(arch, op));
            } catch (RuntimeException e) {
                out.put(op, e.getMessage() == null ? e.toString() : e.getMessage());
            }
        }
        return out;
    }

    /** Simulated cycles of one operation, measured in a fresh machine of {@code arch}. */
    public long measure(String arch, String operation) {
        Map<String, Object> options = new LinkedHashMap<>();
        if ("ix86".equals(arch)) options.put("smallSpaces", PublishedCosts.IPC_SMALL.equals(operation));
        switch (operation) {
            case PublishedCosts.IPC_INTER:
            case PublishedCosts.IPC_SMALL:
                return inFresh(arch, options, k -> PingPong.run(k, IPC_ROUNDS, false, PRIORITY, timeoutMillis).cyclesPerIpc());
            case PublishedCosts.IPC_INTRA:
                return inFresh(arch, options, k -> PingPong.run(k, IPC_ROUNDS, true, PRIORITY, timeoutMillis).cyclesPerIpc());
            case PublishedCosts.PAGE_FAULT:
                return inFresh(arch, options, k -> probe(k, "probe-page-fault", CostProbe::pageFault));
            case PublishedCosts.UNMAP:
                return inFresh(arch, options, k -> probe(k, "probe-unmap", CostProbe::unmapPerPage));
            case PublishedCosts.EX_REGS:
                return inFresh(arch, options, k -> probe(k, "probe-ex-regs", CostProbe::exRegs));
            case PublishedCosts.EX_REGS_RESTART:
                return inFresh(arch, options, k -> probe(k, "probe-ex-regs-restart", CostProbe::exRegsRestart));
            case PublishedCosts.ID_NEAREST:
                return inFresh(arch, options, k -> probe(k, "probe-id-nearest", CostProbe::idNearest));
            case PublishedCosts.TASK_NEW:
                return inFresh(arch, options, k -> probe(k, "probe-task-new", CostProbe::taskNew));
            default:
                throw new IllegalArgumentException("unknown operation " + operation);
        }
    }

    private interface InKernel {
        long run(Kernel k);
    }

    private long inFresh(String arch, Map<String, Object> options, InKernel body) {
        Kernel k = machine.bootFresh(arch, options);
        try {
            return body.run(k);
        } finally {
            k.halt();
            try {
                k.stoppedFuture().get(5, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // a machine that does not stop in time is abandoned; its threads are daemons/virtual
            }
        }
    }

    /** Runs {@code p} as a launched program of {@code k} and returns its figure; one-line errors. */
    public long probe(Kernel k, String label, Probe p) {
        CompletableFuture<Long> done = new CompletableFuture<>();
        ThreadBody body = l4 -> {
            try {
                done.complete(p.run(k, l4));
            } catch (Throwable t) {
                done.completeExceptionally(t);
                throw t;
            }
        };
        ThreadId id = PingPong.inspect(k, () -> k.launch(label, body, PRIORITY));
        try {
            return done.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException(label + ": no result within " + timeoutMillis / 1000 + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(label + ": interrupted");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw new IllegalStateException(label + ": " + (c.getMessage() == null ? c.toString() : c.getMessage()));
        } finally {
            PingPong.killAll(k, List.of(id));
        }
    }

    /** First touches of fresh RAM pages (σ0 maps them 1:1): cycles per resolved fault. */
    static long pageFault(Kernel k, L4 l4) {
        long faults0 = k.stats.pageFaults;
        long c0 = k.clock.cycles();
        for (int i = 0; i < FAULTS; i++) l4.memory().readWord(FAULT_BASE + i * FAULT_STRIDE);
        long c1 = k.clock.cycles();
        long faults = k.stats.pageFaults - faults0;
        if (faults <= 0) throw new IllegalStateException("touching fresh pages raised no page fault");
        return (c1 - c0) / faults;
    }

    /** Maps 2^n pages by touching them, then flushes them with fpage_unmap (own pages too): cycles per page. */
    static long unmapPerPage(Kernel k, L4 l4) {
        int pages = 1 << UNMAP_PAGES_LOG2;
        for (int i = 0; i < pages; i++) l4.memory().readWord(UNMAP_BASE + (long) i * 4096);
        int task = l4.myself().task();
        int before = k.task(task).space.pageCount();
        long c0 = k.clock.cycles();
        l4.fpageUnmap(Fpage.of(UNMAP_BASE, 12 + UNMAP_PAGES_LOG2, true), true, true);
        long c1 = k.clock.cycles();
        int removed = before - k.task(task).space.pageCount();
        if (removed <= 0) throw new IllegalStateException("fpage_unmap removed no page");
        return (c1 - c0) / removed;
    }

    /** lthread_ex_regs probes (IP = SP = -1) of a started lthread 1 that waits for messages. */
    static long exRegs(Kernel k, L4 l4) {
        ThreadBody waiter = CostProbe::waitForever;
        l4.lthreadExRegs(1, l4.codeAddress(waiter), 0, ThreadId.INVALID, ThreadId.INVALID);
        l4.threadSwitch(l4.myself().withLthread(1));
        long c0 = k.clock.cycles();
        for (int i = 0; i < EX_REGS_CALLS; i++) l4.lthreadExRegs(1, -1, -1, ThreadId.INVALID, ThreadId.INVALID);
        long c1 = k.clock.cycles();
        return (c1 - c0) / EX_REGS_CALLS;
    }

    /**
     * lthread_ex_regs restarting the running lthread (lthread 1 gives itself a new IP): cycles from
     * the call to the first step of the new code. (Restarting a ready or blocked lthread costs
     * what the call costs, like the probe of {@link #exRegs}.)
     */
    static long exRegsRestart(Kernel k, L4 l4) throws Exception {
        long[] t = new long[3]; // start of the last restart, cycles summed, restarts done
        CompletableFuture<Long> done = new CompletableFuture<>();
        long[] ip = new long[1];
        ThreadBody restarting = x -> {
            if (t[0] != 0) {
                t[1] += k.clock.cycles() - t[0];
                t[2]++;
            }
            if (t[2] == EX_REGS_CALLS) {
                done.complete(t[1] / EX_REGS_CALLS);
                waitForever(x);
            }
            t[0] = k.clock.cycles();
            x.lthreadExRegs(x.myself().lthread(), ip[0], 0, ThreadId.INVALID, ThreadId.INVALID);
        };
        ip[0] = l4.codeAddress(restarting);
        l4.lthreadExRegs(1, ip[0], 0, ThreadId.INVALID, ThreadId.INVALID);
        while (!done.isDone()) l4.sleep(1000);
        return done.get();
    }

    /** id_nearest of a thread in the caller's clan (its own lthread 1): the same-clan case. */
    static long idNearest(Kernel k, L4 l4) {
        ThreadId lthread1 = l4.myself().withLthread(1);
        long c0 = k.clock.cycles();
        for (int i = 0; i < ID_NEAREST_CALLS; i++) l4.idNearest(lthread1);
        long c1 = k.clock.cycles();
        return (c1 - c0) / ID_NEAREST_CALLS;
    }

    /** task_new of fresh active tasks (a waiting body, the caller's pager): cycles per task. */
    static long taskNew(Kernel k, L4 l4) {
        long ip = l4.codeAddress(CostProbe::waitForever);
        ThreadId me = l4.myself();
        ThreadId pager = k.task(me.task()).thread(me.lthread()).pager;
        long total = 0;
        int made = 0;
        for (int n = PingPong.FIRST_TASK; n < ThreadId.MAX_TASKS && made < TASK_NEWS; n++) {
            long c0 = k.clock.cycles();
            ThreadId id = l4.taskNew(ThreadId.of(0, 0, n, 0, 1), 255, 0, ip, pager, ThreadId.NIL);
            long c1 = k.clock.cycles();
            if (id.isNil()) continue;
            total += c1 - c0;
            made++;
        }
        if (made == 0) throw new IllegalStateException("task_new created no task");
        return total / made;
    }

    static void waitForever(L4 l4) {
        while (true) {
            IpcResult r = l4.waitAny(Timeout.NEVER);
            if (r == null) return;
        }
    }

    /** The published-vs-simulated lines of {@code l4:costs}. */
    public static List<String> lines(String arch, Map<String, Object> measured) {
        List<String> out = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Map.Entry<String, Object> e : measured.entrySet()) {
            Object v = e.getValue();
            out.add(PublishedCosts.line(arch, e.getKey(), v instanceof Long ? (Long) v : null));
            if (!(v instanceof Long)) notes.add("# " + e.getKey() + ": " + v);
        }
        out.addAll(notes);
        return out;
    }
}
