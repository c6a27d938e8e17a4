package l4.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import l4.kernel.user.HostThreads;

/**
 * The baseline of the IPC benchmarks: the hand-off the kernel uses between two coroutines
 * (a semaphore release to the partner and an acquire on the own one, between two host threads of
 * the kind the kernel would use), with nothing else. Batches are driven from a host thread of
 * its own, as the L4 ping-pong batches are, so both pay the same batch hand-over.
 */
final class BareHandoff {
    private final Semaphore ping = new Semaphore(0);
    private final Semaphore pong = new Semaphore(0);
    private final LinkedBlockingQueue<Batch> batches = new LinkedBlockingQueue<>();
    private final Thread partner;
    private final Thread driver;

    private record Batch(int rounds, CompletableFuture<Void> done) {}

    BareHandoff(boolean virtualThreads) {
        HostThreads threads = new HostThreads(virtualThreads);
        partner = threads.create("handoff-partner", () -> {
            while (true) {
                ping.acquireUninterruptibly();
                pong.release();
            }
        });
        driver = threads.create("handoff-driver", () -> {
            try {
                while (true) {
                    Batch b = batches.take();
                    for (int i = 0; i < b.rounds(); i++) {
                        ping.release();
                        pong.acquireUninterruptibly();
                    }
                    b.done().complete(null);
                }
            } catch (InterruptedException stop) {
                Thread.currentThread().interrupt();
            }
        });
        partner.start();
        driver.start();
    }

    /** Runs {@code n} round trips and returns when they are done. */
    void rounds(int n) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        batches.add(new Batch(n, done));
        done.get(60, TimeUnit.SECONDS);
    }
}
