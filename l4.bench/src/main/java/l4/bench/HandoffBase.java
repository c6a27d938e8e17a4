package l4.bench;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import l4.arch.ix86.Ix86Architecture;
import l4.kernel.user.HostThreads;

/**
 * What the frames BELOW a coroutine's loop cost the virtual-thread hand-off: the bare hand-off
 * ({@link BareHandoff}) alternates, batch by batch in one process, with the same hand-off whose
 * two loops run under the base an L4 Java thread's loop runs under (a lambda with
 * try/catch/finally as {@code Coroutine}'s, a lambda, a method with a try/catch loop as
 * {@code ThreadControl.run}, a lambda: seven frames with the lambdas' own {@code run}s). Each
 * base frame is entered once per thread, so it stays interpreted ({@code --base cold}), unless
 * the same methods were called often enough before for the JIT to compile them
 * ({@code --base warm}); {@code --base none} runs the loops directly (the harness's own bias).
 * Prints the median of the per-pair ratios based/bare.
 *
 * <p>{@code --touch KB}: each of the two loops also writes KB of its own memory (one word per
 * cache line) before it hands off, a stand-in for the kernel's work between an L4 thread's
 * unpark and park; the touching's own time, measured alone on the main thread, is subtracted
 * from each based batch, so the ratio shows what the touching adds to the hand-off itself.
 *
 * <p>{@code --only bare|based|l4 --rounds N} runs one side alone for N round trips after a
 * warm-up of as many and exits: for counting per round trip what the JVM does (e.g. with uprobes on the
 * continuation's freeze and thaw, by the difference of two runs with different N).
 *
 * <p>Usage: {@code HandoffBase [--base none|cold|warm] [--touch KB] [--seconds S] [--warmup S] [--batch N] [--only bare|based|l4 --rounds N]}.
 */
public final class HandoffBase {
    private static final String PARALLELISM = "jdk.virtualThreadScheduler.parallelism";

    private HandoffBase() {}

    public static void main(String[] args) throws Exception {
        if (System.getProperty(PARALLELISM) == null) System.setProperty(PARALLELISM, "1");
        int seconds = 20;
        int warmup = 8;
        int batch = 20_000;
        String base = "cold";
        String only = null;
        int rounds = 0;
        int touchKb = 0;
        for (int i = 0; i < args.length; i += 2) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--base": base = value; break;
                case "--seconds": seconds = Alternating.positive(args[i], value); break;
                case "--warmup": warmup = Alternating.positive(args[i], value); break;
                case "--batch": batch = Alternating.positive(args[i], value); break;
                case "--only": only = value; break;
                case "--rounds": rounds = Alternating.positive(args[i], value); break;
                case "--touch": touchKb = Alternating.notNegative(args[i], value); break;
                default: usage();
            }
        }
        if (!List.of("none", "cold", "warm").contains(String.valueOf(base))) usage();
        if (only != null && (!List.of("bare", "based", "l4").contains(only) || rounds == 0)) usage();
        if (base.equals("warm")) warmBase();
        if (only != null) {
            Alternating.Rounds side = switch (only) {
                case "bare" -> new BareHandoff(true)::rounds;
                case "based" -> new Based(!base.equals("none"), touchKb)::rounds;
                default -> new Machines.PingPong(Machines.boot(new Ix86Architecture()))::rounds;
            };
            for (long done = 0; done < rounds; done += batch) side.rounds(batch);
            long t0 = System.nanoTime();
            for (long done = 0; done < rounds; done += batch) side.rounds(batch);
            System.out.printf(Locale.ROOT, "%s alone: %d round trips, %.0f ns each%n", only, rounds,
                    (System.nanoTime() - t0) / (double) rounds);
            System.exit(0);
        }
        BareHandoff bare = new BareHandoff(true);
        Based based = new Based(!base.equals("none"), touchKb);
        Toucher alone = new Toucher(touchKb);
        Alternating.Result r = Alternating.run(based::rounds, bare::rounds, touchKb > 0 ? alone::rounds : null, batch, warmup, seconds);
        if (touchKb > 0) System.out.printf(Locale.ROOT, "touching %d KB per thread between hand-offs (its own time, measured alone, subtracted)%n", touchKb);
        System.out.printf(Locale.ROOT, "base %s, JDK %s, %d pairs of %d round trips: based median %.0f ns, bare median %.0f ns;"
                + " ratio based/bare median %s%n", base, Runtime.version(), r.ratios().size(), batch, r.medianA(), r.medianB(), r.ratio());
        System.exit(0);
    }

    private static void usage() {
        System.err.println("usage: HandoffBase [--base none|cold|warm] [--touch KB] [--seconds S] [--warmup S] [--batch N]"
                + " [--only bare|based|l4 --rounds N]");
        System.exit(2);
    }

    /** Calls the base's methods with a body that returns at once, until the JIT has compiled them. */
    private static void warmBase() throws InterruptedException {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Runnable nothing = () -> { };
        for (int i = 0; i < 200_000; i++) wrap(nothing, done).run();
        Thread.sleep(2000); // let the compiler queue drain
    }

    /** Thrown to unwind a base, as {@code Coroutine.Unwind} (never thrown here). */
    private static final class Unwind extends Error {
        private static final long serialVersionUID = 1L;
    }

    private static volatile boolean unwinding;

    /** {@code loop} under the L4 thread's base: Coroutine's lambda, ThreadControl's lambda and its run loop, a body lambda. */
    static Runnable wrap(Runnable loop, CompletableFuture<Void> terminated) {
        Runnable control = () -> controlRun(loop);
        return () -> {
            try {
                if (unwinding) return;
                control.run();
            } catch (Unwind expected) {
                // as Coroutine's: nothing to do
            } finally {
                terminated.complete(null);
            }
        };
    }

    /** The shape of {@code ThreadControl.run}: the body in a loop that catches what the body throws. */
    static void controlRun(Runnable loop) {
        Runnable body = () -> loop.run();
        while (true) {
            try {
                if (body == null) throw new IllegalStateException("no code");
                body.run();
                break;
            } catch (Unwind u) {
                throw u;
            } catch (Throwable ex) {
                if (unwinding) throw new Unwind();
                if (ex instanceof IllegalStateException) break;
                body = () -> { };
            }
        }
        if (unwinding) return;
        terminated++;
    }

    private static int terminated;

    /** Writes one word in each 64-byte line of {@code data}: a stand-in for the kernel's work between two hand-offs. */
    static void touch(long[] data) {
        for (int i = 0; i < data.length; i += 8) data[i]++;
    }

    /** The touching alone, both threads' share of a round trip, on the calling (platform) thread. */
    private static final class Toucher {
        private final long[] a;
        private final long[] b;

        Toucher(int kb) {
            a = new long[kb * 128];
            b = new long[kb * 128];
        }

        void rounds(int n) {
            for (int i = 0; i < n; i++) {
                touch(a);
                touch(b);
            }
        }
    }

    /**
     * {@link BareHandoff}'s two loops, each started under the L4 thread's base (or directly),
     * each touching {@code touchKb} KB of its own before it hands off (none if 0).
     */
    private static final class Based {
        private final Semaphore ping = new Semaphore(0);
        private final Semaphore pong = new Semaphore(0);
        private final LinkedBlockingQueue<Object[]> batches = new LinkedBlockingQueue<>();

        @SuppressWarnings("unchecked")
        Based(boolean underBase, int touchKb) {
            long[] partnerData = new long[touchKb * 128];
            long[] driverData = new long[touchKb * 128];
            HostThreads threads = new HostThreads(true);
            Runnable partnerLoop = () -> {
                while (true) {
                    ping.acquireUninterruptibly();
                    touch(partnerData);
                    pong.release();
                }
            };
            Runnable driverLoop = () -> {
                try {
                    while (true) {
                        Object[] b = batches.take();
                        int n = (Integer) b[0];
                        for (int i = 0; i < n; i++) {
                            touch(driverData);
                            ping.release();
                            pong.acquireUninterruptibly();
                        }
                        ((CompletableFuture<Void>) b[1]).complete(null);
                    }
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                }
            };
            CompletableFuture<Void> terminated = new CompletableFuture<>();
            threads.create("based-partner", underBase ? wrap(partnerLoop, terminated) : partnerLoop).start();
            threads.create("based-driver", underBase ? wrap(driverLoop, terminated) : driverLoop).start();
        }

        void rounds(int n) throws Exception {
            CompletableFuture<Void> done = new CompletableFuture<>();
            batches.add(new Object[] {n, done});
            done.get(60, TimeUnit.SECONDS);
        }
    }
}
