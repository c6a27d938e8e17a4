package l4.bench;

import java.util.ArrayList;
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
        long rounds = 0;
        int touchKb = 0;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--base": base = args[i + 1]; break;
                case "--seconds": seconds = Integer.parseInt(args[i + 1]); break;
                case "--warmup": warmup = Integer.parseInt(args[i + 1]); break;
                case "--batch": batch = Integer.parseInt(args[i + 1]); break;
                case "--only": only = args[i + 1]; break;
                case "--rounds": rounds = Long.parseLong(args[i + 1]); break;
                case "--touch": touchKb = Integer.parseInt(args[i + 1]); break;
                default:
                    System.err.println("usage: HandoffBase [--base none|cold|warm] [--touch KB] [--seconds S] [--warmup S] [--batch N]"
                            + " [--only bare|based|l4 --rounds N]");
                    System.exit(2);
            }
        }
        if (base.equals("warm")) warmBase();
        if (only != null) {
            Rounds side = switch (only) {
                case "bare" -> new BareHandoff(true)::rounds;
                case "based" -> new Based(!base.equals("none"), touchKb)::rounds;
                case "l4" -> new Machines.PingPong(Machines.boot(new Ix86Architecture()))::rounds;
                default -> throw new IllegalArgumentException("--only bare|based|l4, not " + only);
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
        long warmEnd = System.nanoTime() + warmup * 1_000_000_000L;
        while (System.nanoTime() < warmEnd) {
            based.rounds(batch);
            bare.rounds(batch);
            if (touchKb > 0) alone.rounds(batch);
        }
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        boolean basedFirst = true;
        while (System.nanoTime() < end) {
            double a, b;
            if (basedFirst) {
                a = time(based::rounds, batch);
                b = time(bare::rounds, batch);
            } else {
                b = time(bare::rounds, batch);
                a = time(based::rounds, batch);
            }
            if (touchKb > 0) a -= time(alone::rounds, batch);
            basedFirst = !basedFirst;
            x.add(a);
            y.add(b);
            ratios.add(a / b);
        }
        if (touchKb > 0) System.out.printf(Locale.ROOT, "touching %d KB per thread between hand-offs (its own time, measured alone, subtracted)%n", touchKb);
        System.out.printf(Locale.ROOT, "base %s, JDK %s, %d pairs of %d round trips: based median %.0f ns, bare median %.0f ns;"
                + " ratio based/bare median %.3f [quartiles %.3f .. %.3f]%n", base, Runtime.version(), ratios.size(), batch,
                TwoBuilds.quantile(x, 0.5), TwoBuilds.quantile(y, 0.5), TwoBuilds.quantile(ratios, 0.5),
                TwoBuilds.quantile(ratios, 0.25), TwoBuilds.quantile(ratios, 0.75));
        System.exit(0);
    }

    private interface Rounds {
        void rounds(int n) throws Exception;
    }

    private static double time(Rounds r, int n) throws Exception {
        long t0 = System.nanoTime();
        r.rounds(n);
        return (System.nanoTime() - t0) / (double) n;
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
