package l4.kernel.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import l4.api.ConditionCode;
import l4.api.IpcResult;
import l4.api.L4;
import l4.api.ThreadBody;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.kernel.Kernel;

/**
 * The classic L4 ping-pong benchmark inside a running machine: a launched program starts a pong
 * thread (in a second task, or as lthread 1 of its own task) and exchanges short register IPCs
 * with it; simulated cycles are read from the kernel clock inside the program (it runs on a
 * kernel coroutine, so that is safe) and host time with {@link System#nanoTime()}.
 */
public final class PingPong {
    /**
     * Default warm-up round trips before the measured ones: the first dispatches and switches, and
     * enough calls for the JIT to start compiling the IPC path. A fixed count, not a time, so
     * that the trace (and its digest) is the same in every run.
     */
    public static final int WARMUP = 20_000;
    /** First task number tried for the pong task. */
    public static final int FIRST_TASK = 0x100;

    /** Measured result of {@code rounds} round trips. */
    public record Result(int rounds, long cycles, long hostNanos) {
        /** Simulated cycles per one-way IPC: two IPCs per round trip. */
        public long cyclesPerIpc() { return rounds == 0 ? 0 : Math.round(cycles / (2.0 * rounds)); }

        public long hostNanosPerRoundTrip() { return rounds == 0 ? 0 : Math.round(hostNanos / (double) rounds); }
    }

    private PingPong() {}

    /** Told how many round trips (warm-up included) are done, while the benchmark runs. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (done, total) -> { };

        void report(long done, long total);
    }

    /** How often the waiting caller looks at the progress. */
    static final long PROGRESS_MILLIS = 2000;
    /** The ping thread publishes its count (and looks for a cancel) once per this many round trips. */
    static final int CHECK_EVERY = 1024;

    /** Shared between the waiting caller and the ping program. */
    private static final class Control {
        volatile long done;
        volatile boolean cancelled;
    }

    /**
     * Runs the benchmark; the caller is a host thread outside the machine. Kills the launched
     * task(s) afterwards. Errors are {@link IllegalStateException}s with a one-line message.
     */
    public static Result run(Kernel k, int rounds, boolean intra, int priority, long stallMillis) {
        return run(k, rounds, WARMUP, intra, priority, stallMillis, Progress.NONE);
    }

    /** {@link #run(Kernel, int, int, boolean, int, long, Progress)} without progress reports. */
    public static Result run(Kernel k, int rounds, int warmup, boolean intra, int priority, long stallMillis) {
        return run(k, rounds, warmup, intra, priority, stallMillis, Progress.NONE);
    }

    /**
     * {@link #run(Kernel, int, boolean, int, long)} with {@code warmup} unmeasured round trips
     * first. There is no limit on the whole run: it fails only when no round trip completes for
     * {@code stallMillis}. An interrupt of the caller (Ctrl-C in the shell) stops the ping thread
     * and ends the run with an error that says how far it got.
     */
    public static Result run(Kernel k, int rounds, int warmup, boolean intra, int priority, long stallMillis,
                             Progress progress) {
        CompletableFuture<Result> done = new CompletableFuture<>();
        List<ThreadId> launched = new ArrayList<>();
        Control control = new Control();
        ThreadBody pong = PingPong::pong;
        ThreadBody ping = l4 -> {
            try {
                ping(k, l4, pong, rounds, warmup, intra, launched, control, done);
            } catch (Throwable t) {
                done.completeExceptionally(t);
                throw t;
            }
        };
        // a halt (reboot, swap) ends the wait at once instead of after the timeout
        k.stoppedFuture().whenComplete((v, t) -> done.completeExceptionally(new IllegalStateException("the machine halted")));
        long total = (long) rounds + warmup;
        try {
            k.awaitQuiescent(2000); // a machine still booting would make the trace host-timing dependent
            ThreadId id = inspect(k, () -> k.launch(intra ? "pingpong-intra" : "pingpong", ping, priority));
            synchronized (launched) {
                launched.add(0, id);
            }
            return await(done, control, total, stallMillis, progress);
        } catch (InterruptedException e) {
            control.cancelled = true;
            try {
                done.get(PROGRESS_MILLIS, TimeUnit.MILLISECONDS); // the ping thread sees the cancel
            } catch (Exception stopped) {
                // cancelled, failed or still running: the tasks are killed below in any case
            }
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted after " + control.done + " of " + total + " round trips");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw new IllegalStateException(c.getMessage() == null ? c.toString() : c.getMessage());
        } finally {
            control.cancelled = true;
            List<ThreadId> kill;
            synchronized (launched) {
                kill = new ArrayList<>(launched);
            }
            boolean interrupted = Thread.interrupted(); // the kills wait on the machine
            killAll(k, kill);
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    private static Result await(CompletableFuture<Result> done, Control control, long total, long stallMillis,
                                Progress progress) throws InterruptedException, ExecutionException {
        long last = -1;
        long lastChange = System.nanoTime();
        while (true) {
            try {
                return done.get(PROGRESS_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                long now = System.nanoTime();
                long count = control.done;
                if (count != last) {
                    last = count;
                    lastChange = now;
                    progress.report(count, total);
                } else if (now - lastChange > TimeUnit.MILLISECONDS.toNanos(stallMillis)) {
                    control.cancelled = true;
                    throw new IllegalStateException("no round trip for " + stallMillis / 1000 + " s (stuck after "
                            + count + " of " + total + ")");
                }
            }
        }
    }

    /** Kills launched tasks, newest first; quietly does nothing on a halted machine. */
    static void killAll(Kernel k, List<ThreadId> tasks) {
        for (int i = tasks.size() - 1; i >= 0; i--) {
            ThreadId t = tasks.get(i);
            if (k.halted()) return;
            try {
                k.inspect(() -> {
                    k.kill(t);
                    return null;
                }, 2000);
            } catch (RuntimeException | TimeoutException ignored) {
                // the machine went away or the task died already
            }
        }
    }

    static <T> T inspect(Kernel k, java.util.concurrent.Callable<T> q) {
        try {
            return k.inspect(q, 2000);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the machine did not answer within 2 s");
        }
    }

    private static void ping(Kernel k, L4 l4, ThreadBody pong, int rounds, int warmup, boolean intra, List<ThreadId> launched,
                             Control control, CompletableFuture<Result> done) {
        long ip = l4.codeAddress(pong);
        ThreadId me = l4.myself();
        ThreadId partner;
        if (intra) {
            l4.lthreadExRegs(1, ip, 0, ThreadId.INVALID, ThreadId.INVALID);
            partner = me.withLthread(1);
        } else {
            partner = startTask(k, l4, ip);
            if (partner == null) {
                done.completeExceptionally(new IllegalStateException("no free task number for the pong task"));
                return;
            }
            synchronized (launched) {
                launched.add(partner);
            }
        }
        long[] words = new long[Math.min(2, l4.messageRegisters())];
        for (int i = 0; i < warmup; i++) {
            if (i % CHECK_EVERY == 0 && cancelled(control, i, done)) return;
            check(l4.call(partner, words, Timeout.NEVER));
        }
        long host0 = System.nanoTime();
        long c0 = k.clock.cycles();
        for (int i = 0; i < rounds; i++) {
            // the check reads host memory only: the trace and the simulated time stay the same
            if (i % CHECK_EVERY == 0 && cancelled(control, (long) warmup + i, done)) return;
            words[0] = i;
            check(l4.call(partner, words, Timeout.NEVER));
        }
        control.done = (long) warmup + rounds;
        long c1 = k.clock.cycles();
        long host1 = System.nanoTime();
        done.complete(new Result(rounds, c1 - c0, host1 - host0));
    }

    private static boolean cancelled(Control control, long done, CompletableFuture<Result> result) {
        control.done = done;
        if (!control.cancelled) return false;
        result.cancel(false);
        return true;
    }

    /**
     * Starts a task running {@code ip} with the caller's pager in a number the root task hands
     * over (from {@link #FIRST_TASK} upward); null if none is free. When the launched task is
     * killed, its clan dies with it and the numbers go back to the root task.
     */
    static ThreadId startTask(Kernel k, L4 l4, long ip) {
        ThreadId me = l4.myself();
        ThreadId pager = k.task(me.task()).thread(me.lthread()).pager;
        ThreadId number = k.giveTaskNumber(me, FIRST_TASK);
        if (number == null) return null;
        ThreadId id = l4.taskNew(number, 255, 0, ip, pager, ThreadId.NIL);
        return id.isNil() ? null : id;
    }

    private static void check(IpcResult r) {
        if (!r.ok()) throw new IllegalStateException("ipc failed: " + ConditionCode.describe(r.cc()));
    }

    /** Answers every message with the same words, forever. */
    static void pong(L4 l4) {
        IpcResult r = l4.waitAny(Timeout.NEVER);
        while (true) {
            if (!r.ok()) {
                r = l4.waitAny(Timeout.NEVER);
                continue;
            }
            r = l4.replyAndWait(r.source(), r.words(), Timeout.NEVER);
        }
    }
}
