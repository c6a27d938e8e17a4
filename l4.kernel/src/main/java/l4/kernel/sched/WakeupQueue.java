package l4.kernel.sched;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Timeouts as the L4/MIPS calendar queue of the seed notes: a "soon" list checked every tick, a
 * "late" list moved into soon every 16 ticks and a "late-late" list moved into late every 1024
 * ticks, so a tick touches only the wakeups that are near. A wakeup happens at the first tick at
 * or after its deadline, never earlier.
 */
public final class WakeupQueue<T extends Schedulable> {
    public static final int LATE_PERIOD = 16;
    public static final int LATE_LATE_PERIOD = 1024;

    private final Set<T> soon = new LinkedHashSet<>();
    private final Set<T> late = new LinkedHashSet<>();
    private final Set<T> lateLate = new LinkedHashSet<>();
    private final Map<T, Long> deadlineTick = new IdentityHashMap<>();
    private long scanned;

    /** Arms {@code t} to wake at tick {@code tick} (replacing an earlier arming); {@code now} is the last handled tick. */
    public void add(T t, long tick, long now) {
        remove(t);
        deadlineTick.put(t, tick);
        if (tick < nextMultiple(now, LATE_PERIOD)) soon.add(t);
        else if (tick < nextMultiple(now, LATE_LATE_PERIOD)) late.add(t);
        else lateLate.add(t);
    }

    public boolean remove(T t) {
        if (deadlineTick.isEmpty()) return false; // the common case on the IPC fast path
        if (deadlineTick.remove(t) == null) return false;
        return soon.remove(t) || late.remove(t) || lateLate.remove(t);
    }

    public boolean armed(T t) { return deadlineTick.containsKey(t); }

    public long deadline(T t) {
        Long d = deadlineTick.get(t);
        return d == null ? -1 : d;
    }

    /** Handles tick {@code tick}: migrates the lists when due and returns the threads whose time has come, in deadline then id order. */
    public List<T> expire(long tick) {
        if (tick % LATE_LATE_PERIOD == 0) migrate(lateLate, late, tick + LATE_LATE_PERIOD);
        if (tick % LATE_PERIOD == 0) migrate(late, soon, tick + LATE_PERIOD);
        List<T> due = new ArrayList<>();
        for (T t : soon) {
            scanned++;
            if (deadlineTick.get(t) <= tick) due.add(t);
        }
        due.sort(Comparator.comparingLong((T t) -> deadlineTick.get(t)).thenComparingLong(Schedulable::order));
        for (T t : due) remove(t);
        return due;
    }

    private void migrate(Set<T> from, Set<T> to, long before) {
        List<T> moving = new ArrayList<>();
        for (T t : from) {
            scanned++;
            if (deadlineTick.get(t) < before) moving.add(t);
        }
        for (T t : moving) {
            from.remove(t);
            to.add(t);
        }
    }

    /** After the clock skipped ticks (idle), files every entry afresh relative to tick {@code now}. */
    public void refile(long now) {
        List<T> all = new ArrayList<>(deadlineTick.keySet());
        all.sort(Comparator.comparingLong(Schedulable::order));
        for (T t : all) add(t, deadlineTick.get(t), now);
    }

    /** The earliest armed tick, or -1 (for the idle loop). */
    public long earliest() {
        long min = -1;
        for (long d : deadlineTick.values()) if (min < 0 || d < min) min = d;
        return min;
    }

    public int size() { return deadlineTick.size(); }

    /** Entries examined so far: the cost the three lists keep small. */
    public long scanned() { return scanned; }

    public int soonSize() { return soon.size(); }
    public int lateSize() { return late.size(); }
    public int lateLateSize() { return lateLate.size(); }

    private static long nextMultiple(long now, int period) {
        return (now / period + 1) * period;
    }

    // ---- snapshots -----------------------------------------------------------------------------

    /** The three lists in their order (soon, late, late-late), for a machine snapshot. */
    public List<List<T>> lists() {
        return List.of(new ArrayList<>(soon), new ArrayList<>(late), new ArrayList<>(lateLate));
    }

    /** Sets the lists from a snapshot: {@code lists} as {@link #lists} gives them, each thread's tick. */
    public void restore(List<List<T>> lists, java.util.function.ToLongFunction<T> tick, long scannedSoFar) {
        soon.clear();
        late.clear();
        lateLate.clear();
        deadlineTick.clear();
        List<Set<T>> into = List.of(soon, late, lateLate);
        for (int i = 0; i < 3; i++) {
            for (T t : lists.get(i)) {
                if (deadlineTick.put(t, tick.applyAsLong(t)) != null) throw new IllegalArgumentException(t + " armed twice");
                into.get(i).add(t);
            }
        }
        scanned = scannedSoFar;
    }
}
