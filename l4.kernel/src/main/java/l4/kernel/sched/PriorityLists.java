package l4.kernel.sched;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The 256 round-robin lists both scheduling policies share. Each thread remembers the list it
 * sits in and a bitmap remembers which lists are non-empty, so queueing is O(1) and finding the
 * highest priority costs four word scans, as in L4's ready-queue bitmap.
 */
abstract class PriorityLists<T extends Queueable> implements ReadyQueue<T> {
    @SuppressWarnings("unchecked")
    protected final ArrayDeque<T>[] lists = new ArrayDeque[256];
    private final long[] nonEmpty = new long[4];
    protected long operations;

    PriorityLists() {
        for (int i = 0; i < lists.length; i++) lists[i] = new ArrayDeque<>();
    }

    protected boolean queued(T t) {
        return t.queuedIn() >= 0;
    }

    protected void enqueueTail(T t) {
        if (queued(t)) return;
        add(t, false);
    }

    protected void enqueueHead(T t) {
        if (queued(t)) return;
        add(t, true);
    }

    private void add(T t, boolean head) {
        int p = t.priority();
        if (head) lists[p].addFirst(t);
        else lists[p].addLast(t);
        t.queuedIn(p);
        nonEmpty[p >>> 6] |= 1L << (p & 63);
        operations++;
    }

    protected void removeFromAll(T t) {
        int p = t.queuedIn();
        if (p < 0) return;
        lists[p].remove(t);
        t.queuedIn(-1);
        if (lists[p].isEmpty()) nonEmpty[p >>> 6] &= ~(1L << (p & 63));
        operations++;
    }

    @Override
    public void remove(T t) { removeFromAll(t); }

    @Override
    public java.util.List<T> queued(int priority) { return java.util.List.copyOf(lists[priority]); }

    @Override
    public void rotate(T t) {
        removeFromAll(t);
        if (t.runnable()) enqueueTail(t);
    }

    @Override
    public long operations() { return operations; }

    protected T firstRunnable(boolean dropBlocked) { return firstRunnableAbove(dropBlocked, -1); }

    /** As {@link #firstRunnable}, looking only at priorities above {@code floor}. */
    private T firstRunnableAbove(boolean dropBlocked, int floor) {
        for (int w = 3; w >= 0 && w * 64 + 63 > floor; w--) {
            long bits = nonEmpty[w];
            int lowest = floor + 1 - w * 64;
            if (lowest > 0) bits &= -1L << lowest;
            while (bits != 0) {
                int p = w * 64 + 63 - Long.numberOfLeadingZeros(bits);
                bits &= ~(1L << (p & 63));
                Iterator<T> it = lists[p].iterator();
                while (it.hasNext()) {
                    T t = it.next();
                    if (t.runnable()) {
                        if (t.timeScheduled()) return t;
                        continue; // slice 0: stays queued, runs only when someone donates
                    }
                    if (dropBlocked) {
                        it.remove();
                        t.queuedIn(-1);
                        operations++;
                    }
                }
                if (lists[p].isEmpty()) nonEmpty[w] &= ~(1L << (p & 63));
            }
        }
        return null;
    }

    @Override
    public int highestPriority() {
        T t = firstRunnable(false);
        return t == null ? -1 : t.priority();
    }

    @Override
    public boolean runnableAbove(int priority) { return firstRunnableAbove(false, priority) != null; }

    @Override
    public void restore(java.util.List<java.util.List<T>> queues, T running) {
        for (int p = 0; p < lists.length; p++) {
            for (T t : queues.get(p)) {
                if (t.priority() != p) throw new IllegalArgumentException(t + " has priority " + t.priority() + " but is queued at " + p);
                if (queued(t)) throw new IllegalArgumentException(t + " queued twice");
                add(t, false);
            }
        }
    }
}
