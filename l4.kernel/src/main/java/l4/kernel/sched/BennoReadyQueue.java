package l4.kernel.sched;

/** Benno scheduling: only runnable, not running threads are queued; the head of the highest list runs next. */
public final class BennoReadyQueue<T extends Queueable> extends PriorityLists<T> {
    private T running;

    @Override
    public void makeReady(T t) {
        if (t != running) enqueueTail(t);
    }

    @Override
    public void blocked(T t) {
        if (t == running) running = null;
        removeFromAll(t);
    }

    @Override
    public void dispatched(T t) {
        if (running != null && running != t && running.runnable() && !queued(running)) {
            // The previous thread was switched away from without blocking: it keeps its turn at the head.
            enqueueHead(running);
        }
        removeFromAll(t);
        running = t;
    }

    @Override
    public void rotate(T t) {
        if (t == running) running = null;
        super.rotate(t);
    }

    @Override
    public void remove(T t) {
        if (t == running) running = null;
        super.remove(t);
    }

    @Override
    public T pick() {
        T best = firstRunnable(false);
        if (running != null && running.runnable() && running.timeScheduled()
                && (best == null || running.priority() >= best.priority())) {
            return running;
        }
        return best;
    }

    @Override
    public int highestPriority() {
        int q = super.highestPriority();
        return running != null && running.runnable() && running.timeScheduled() ? Math.max(q, running.priority()) : q;
    }

    @Override
    public boolean runnableAbove(int priority) {
        return running != null && running.runnable() && running.timeScheduled() && running.priority() > priority
                || super.runnableAbove(priority);
    }

    @Override
    public String policy() { return "benno"; }

    @Override
    public T running() { return running; }

    @Override
    public void restore(java.util.List<java.util.List<T>> queues, T running) {
        super.restore(queues, running);
        this.running = running;
    }
}
