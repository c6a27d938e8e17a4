package l4.kernel.user;

import java.util.concurrent.Semaphore;

/**
 * A host thread that runs only while it holds the simulated CPU. Hand-off is a semaphore
 * release to the next coroutine and an acquire on the own one: exactly one coroutine runs, and
 * each hand-off is a happens-before edge for the kernel state it touched.
 */
public final class Coroutine {
    /** Thrown inside a coroutine whose thread was killed or restarted, to unwind its host stack. */
    public static final class Unwind extends Error {
        private static final long serialVersionUID = 1L;

        public Unwind() {
            super("simulated thread unwound", null, false, false);
        }
    }

    private final Semaphore baton = new Semaphore(0);
    private final java.util.concurrent.CompletableFuture<Void> terminated = new java.util.concurrent.CompletableFuture<>();
    private final Thread host;
    private volatile boolean unwinding;
    private boolean started;

    public Coroutine(HostThreads threads, String name, Runnable body) {
        this.host = threads.create(name, () -> {
            try {
                baton.acquireUninterruptibly();
                if (unwinding) return;
                body.run();
            } catch (Unwind expected) {
                // killed or restarted: nothing of the simulation may be touched any more
            } finally {
                terminated.complete(null);
            }
        });
    }

    /** Gives the CPU to this coroutine. */
    public void resume() {
        if (!started) {
            started = true;
            host.start();
        }
        baton.release();
    }

    /** Parks the calling host thread (which must be this coroutine's) until resumed; unwinds if killed meanwhile. */
    public void suspend() {
        baton.acquireUninterruptibly();
        if (unwinding) throw new Unwind();
    }

    /** Marks this coroutine dead and lets its host thread unwind without touching the simulation. */
    public void unwind() {
        unwinding = true;
        if (!started) {
            started = true;
            host.start();
        }
        baton.release();
    }

    /** Marks the running coroutine dead; it unwinds itself by throwing {@link Unwind}. */
    public void markUnwinding() { unwinding = true; }

    public boolean unwinding() { return unwinding; }

    /** Completes when the host thread has ended, whether the body ran or was unwound before it started. */
    public java.util.concurrent.CompletableFuture<Void> terminated() { return terminated; }

    public boolean isCurrentHost() { return Thread.currentThread() == host; }

    public Thread host() { return host; }
}
