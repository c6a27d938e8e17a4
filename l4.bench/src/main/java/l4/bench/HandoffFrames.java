package l4.bench;

import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import l4.kernel.user.HostThreads;

/**
 * What the frames between a coroutine's loop and its park cost the virtual-thread hand-off: the
 * bare hand-off ({@link BareHandoff}) alternates, batch by batch in one process, with the same
 * hand-off made one frame deeper, in a method C2 does not inline (its bytecode is above the
 * inlining limit for hot methods), either with a small frame ({@code --frame small}: one value
 * live across the park) or a big one ({@code --frame big}: 48 values live across the park, which
 * C2 keeps in spill slots of the frame). At every park the continuation copies the frames above
 * its base off the carrier's stack, and back at every unpark; this measures what an extra frame
 * adds to that. Prints the median of the per-pair ratios framed/bare.
 *
 * <p>Usage: {@code HandoffFrames [--frame small|mid|big] [--seconds S] [--warmup S] [--batch N]}.
 */
public final class HandoffFrames {
    private static final String PARALLELISM = "jdk.virtualThreadScheduler.parallelism";

    private HandoffFrames() {}

    public static void main(String[] args) throws Exception {
        if (System.getProperty(PARALLELISM) == null) System.setProperty(PARALLELISM, "1");
        int seconds = 20;
        int warmup = 8;
        int batch = 20_000;
        String frame = "big";
        for (int i = 0; i < args.length; i += 2) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--frame": frame = value; break;
                case "--seconds": seconds = Alternating.positive(args[i], value); break;
                case "--warmup": warmup = Alternating.positive(args[i], value); break;
                case "--batch": batch = Alternating.positive(args[i], value); break;
                default:
                    System.err.println("usage: HandoffFrames [--frame small|mid|big] [--seconds S] [--warmup S] [--batch N]");
                    System.exit(2);
            }
        }
        int kind = switch (String.valueOf(frame)) {
            case "small" -> 0;
            case "mid" -> 1;
            case "big" -> 2;
            default -> {
                System.err.println("--frame must be small, mid or big, not " + frame);
                System.exit(2);
                yield -1;
            }
        };
        BareHandoff bare = new BareHandoff(true);
        Framed framed = new Framed(kind);
        Alternating.Result r = Alternating.run(framed::rounds, bare::rounds, null, batch, warmup, seconds);
        System.out.printf(Locale.ROOT, "%s frame, JDK %s, %d pairs of %d round trips: framed median %.0f ns, bare median %.0f ns;"
                + " ratio framed/bare median %s; sink %d%n", frame, Runtime.version(),
                r.ratios().size(), batch, r.medianA(), r.medianB(), r.ratio(), framed.sink);
        System.exit(0);
    }

    /** {@link BareHandoff} with each acquire one non-inlined frame deeper. */
    private static final class Framed {
        private final Semaphore ping = new Semaphore(0);
        private final Semaphore pong = new Semaphore(0);
        private final LinkedBlockingQueue<Object[]> batches = new LinkedBlockingQueue<>();
        private final long[] values = new long[64];
        volatile long sink;

        @SuppressWarnings("unchecked")
        Framed(int kind) {
            for (int i = 0; i < values.length; i++) values[i] = i * 0x9E3779B97F4A7C15L;
            HostThreads threads = new HostThreads(true);
            Thread partner = threads.create("framed-partner", () -> {
                long s = 0;
                while (true) {
                    s += kind == 2 ? bigWait(ping, values) : kind == 1 ? midWait(ping, values) : smallWait(ping, values);
                    pong.release();
                    if (s == 42) sink = s;
                }
            });
            Thread driver = threads.create("framed-driver", () -> {
                try {
                    long s = 0;
                    while (true) {
                        Object[] b = batches.take();
                        int n = (Integer) b[0];
                        for (int i = 0; i < n; i++) {
                            ping.release();
                            s += kind == 2 ? bigWait(pong, values) : kind == 1 ? midWait(pong, values) : smallWait(pong, values);
                        }
                        sink = s;
                        ((CompletableFuture<Void>) b[1]).complete(null);
                    }
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                }
            });
            partner.start();
            driver.start();
        }

        void rounds(int n) throws Exception {
            CompletableFuture<Void> done = new CompletableFuture<>();
            batches.add(new Object[] {n, done});
            done.get(60, TimeUnit.SECONDS);
        }
    }

    /** One value live across the park; the bytecode is long enough that C2 does not inline it. */
    static long smallWait(Semaphore s, long[] v) {
        long a = v[0] + v[1] + v[2] + v[3] + v[4] + v[5] + v[6] + v[7] + v[8] + v[9] + v[10] + v[11] + v[12] + v[13] + v[14] + v[15]
                + v[16] + v[17] + v[18] + v[19] + v[20] + v[21] + v[22] + v[23] + v[24] + v[25] + v[26] + v[27] + v[28] + v[29]
                + v[30] + v[31] + v[32] + v[33] + v[34] + v[35] + v[36] + v[37] + v[38] + v[39] + v[40] + v[41] + v[42] + v[43]
                + v[44] + v[45] + v[46] + v[47] + v[48] + v[49] + v[50] + v[51] + v[52] + v[53] + v[54] + v[55] + v[56] + v[57];
        s.acquireUninterruptibly();
        return a;
    }

    /**
     * 12 values live across the park, as many as the binding's IPC frame has slots (C2 gives
     * {@code JavaBinding.ipc} 128 bytes); padded past the inlining limit.
     */
    static long midWait(Semaphore s, long[] v) {
        long a0 = v[0], a1 = v[1], a2 = v[2], a3 = v[3], a4 = v[4], a5 = v[5], a6 = v[6], a7 = v[7];
        long a8 = v[8], a9 = v[9], a10 = v[10], a11 = v[11];
        long pad = v[12] + v[13] + v[14] + v[15] + v[16] + v[17] + v[18] + v[19] + v[20] + v[21] + v[22] + v[23] + v[24] + v[25]
                + v[26] + v[27] + v[28] + v[29] + v[30] + v[31] + v[32] + v[33] + v[34] + v[35] + v[36] + v[37] + v[38] + v[39]
                + v[40] + v[41] + v[42] + v[43] + v[44] + v[45] + v[46] + v[47] + v[48] + v[49] + v[50] + v[51] + v[52] + v[53];
        a0 += pad;
        s.acquireUninterruptibly();
        return a0 ^ a1 ^ a2 ^ a3 ^ a4 ^ a5 ^ a6 ^ a7 ^ a8 ^ a9 ^ a10 ^ a11;
    }

    /** 48 values read before the park and used after it: C2 must keep them in the frame (a load may not move across the call). */
    static long bigWait(Semaphore s, long[] v) {
        long a0 = v[0], a1 = v[1], a2 = v[2], a3 = v[3], a4 = v[4], a5 = v[5], a6 = v[6], a7 = v[7];
        long a8 = v[8], a9 = v[9], a10 = v[10], a11 = v[11], a12 = v[12], a13 = v[13], a14 = v[14], a15 = v[15];
        long a16 = v[16], a17 = v[17], a18 = v[18], a19 = v[19], a20 = v[20], a21 = v[21], a22 = v[22], a23 = v[23];
        long a24 = v[24], a25 = v[25], a26 = v[26], a27 = v[27], a28 = v[28], a29 = v[29], a30 = v[30], a31 = v[31];
        long a32 = v[32], a33 = v[33], a34 = v[34], a35 = v[35], a36 = v[36], a37 = v[37], a38 = v[38], a39 = v[39];
        long a40 = v[40], a41 = v[41], a42 = v[42], a43 = v[43], a44 = v[44], a45 = v[45], a46 = v[46], a47 = v[47];
        s.acquireUninterruptibly();
        return a0 ^ a1 ^ a2 ^ a3 ^ a4 ^ a5 ^ a6 ^ a7 ^ a8 ^ a9 ^ a10 ^ a11 ^ a12 ^ a13 ^ a14 ^ a15
                ^ a16 ^ a17 ^ a18 ^ a19 ^ a20 ^ a21 ^ a22 ^ a23 ^ a24 ^ a25 ^ a26 ^ a27 ^ a28 ^ a29 ^ a30 ^ a31
                ^ a32 ^ a33 ^ a34 ^ a35 ^ a36 ^ a37 ^ a38 ^ a39 ^ a40 ^ a41 ^ a42 ^ a43 ^ a44 ^ a45 ^ a46 ^ a47;
    }
}
