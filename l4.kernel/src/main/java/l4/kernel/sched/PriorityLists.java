package l4.kernel.sched;

import java.util.ArrayDeque;
import java.util.Iterator;

/** The 256 round-robin lists both scheduling policies share. */
abstract class PriorityLists<T extends Schedulable> implements ReadyQueue<T> {
    @SuppressWarnings("unchecked")
    protected final ArrayDeque<T>[] lists = new ArrayDeque[256];
    protected long operations;

    PriorityLists() {
        for (int i = 0; i < lists.length; i++) lists[i] = new ArrayDeque<>();
    }

    protected boolean queued(T t) {
        return lists[t.priority()].contains(t);
    }

    protected void enqueueTail(T t) {
        ArrayDeque<T> l = lists[t.priority()];
        if (!l.contains(t)) {
            l.addLast(t);
            operations++;
        }
    }

    protected void removeFromAll(T t) {
        for (ArrayDeque<T> l : lists) {
            if (l.remove(t)) operations++;
        }
    }

    @Override
    public void remove(T t) { removeFromAll(t); }

    @Override
    public void rotate(T t) {
        removeFromAll(t);
        if (t.runnable()) enqueueTail(t);
    }

    @Override
    public long operations() { return operations; }

    protected T firstRunnable(boolean dropBlocked) {
        for (int p = 255; p >= 0; p--) {
            Iterator<T> it = lists[p].iterator();
            while (it.hasNext()) {
                T t = it.next();
                if (t.runnable()) return t;
                if (dropBlocked) {
                    it.remove();
                    operations++;
                }
            }
        }
        return null;
    }

    @Override
    public int highestPriority() {
        T t = firstRunnable(false);
        return t == null ? -1 : t.priority();
    }
}
