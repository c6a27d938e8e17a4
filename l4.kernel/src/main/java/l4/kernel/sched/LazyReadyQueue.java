package l4.kernel.sched;

/** Lazy scheduling: a thread that blocks stays queued; the dispatcher drops it when it meets it. */
public final class LazyReadyQueue<T extends Queueable> extends PriorityLists<T> {
    @Override
    public void makeReady(T t) { enqueueTail(t); }

    @Override
    public void blocked(T t) {
        // Nothing: that is the point of lazy scheduling (an IPC that blocks and unblocks quickly costs no queue work).
    }

    @Override
    public void dispatched(T t) {
        // The running thread stays at its place in the queue.
    }

    @Override
    public T pick() { return firstRunnable(true); }

    @Override
    public String policy() { return "lazy"; }
}
