package l4.kernel.hardware;

import java.util.PriorityQueue;
import l4.hardware.DeviceTimer;

/**
 * Device events on the simulated time line: each runs at the first preemption point (or idle
 * step) at or after its cycle, in the order of cycle then scheduling. Machine context only.
 */
public final class DeviceTimers {
    private final PriorityQueue<Event> queue = new PriorityQueue<>();
    private long sequence;

    private static final class Event implements DeviceTimer, Comparable<Event> {
        final long due;
        final long seq;
        final Runnable action;
        boolean pending = true;

        Event(long due, long seq, Runnable action) {
            this.due = due;
            this.seq = seq;
            this.action = action;
        }

        @Override
        public void cancel() { pending = false; }

        @Override
        public boolean pending() { return pending; }

        @Override
        public int compareTo(Event o) {
            int c = Long.compare(due, o.due);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    public DeviceTimer schedule(long dueCycle, Runnable action) {
        Event e = new Event(dueCycle, sequence++, action);
        queue.add(e);
        return e;
    }

    /** The cycle of the earliest pending event, or {@link Long#MAX_VALUE}. */
    public long next() {
        Event e;
        while ((e = queue.peek()) != null && !e.pending) queue.poll();
        return e == null ? Long.MAX_VALUE : e.due;
    }

    public boolean due(long now) {
        Event e = queue.peek();
        return e != null && e.due <= now;
    }

    /** Runs every event due at {@code now}; an action may schedule more (run in turn if already due). */
    public void runDue(long now, java.util.function.Consumer<RuntimeException> failed) {
        Event e;
        while ((e = queue.peek()) != null && e.due <= now) {
            queue.poll();
            if (!e.pending) continue;
            e.pending = false;
            try {
                e.action.run();
            } catch (RuntimeException ex) {
                failed.accept(ex);
            }
        }
    }

    public void clear() {
        for (Event e : queue) e.pending = false;
        queue.clear();
    }
}
