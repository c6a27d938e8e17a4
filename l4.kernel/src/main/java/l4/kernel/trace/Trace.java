package l4.kernel.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The kernel's event trace: a bounded ring for display (recording can be switched off) and a
 * digest over every event since boot, which is the determinism check: the same configuration
 * and input give the same digest.
 */
public final class Trace {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private final TraceEvent[] ring;
    private int head;
    private int size;
    private long seq;
    private long digest = FNV_OFFSET;
    private boolean recording = true;

    public Trace(int capacity) {
        ring = new TraceEvent[Math.max(16, capacity)];
    }

    public void record(long cycles, long micros, TraceEvent.Kind kind, long from, long to, long value, int result) {
        seq++;
        digest = mix(mix(mix(mix(mix(mix(digest, cycles), kind.ordinal()), from), to), value), result);
        if (!recording) return;
        ring[head] = new TraceEvent(seq, cycles, micros, kind, from, to, value, result);
        head = (head + 1) % ring.length;
        if (size < ring.length) size++;
    }

    private static long mix(long h, long v) {
        for (int i = 0; i < 8; i++) {
            h ^= (v >>> (8 * i)) & 0xFF;
            h *= FNV_PRIME;
        }
        return h;
    }

    public long digest() { return digest; }

    public long events() { return seq; }

    public boolean recording() { return recording; }

    public void recording(boolean on) { recording = on; }

    /** The recorded events, oldest first, that match {@code filter}; at most {@code limit} newest. */
    public List<TraceEvent> snapshot(Predicate<TraceEvent> filter, int limit) {
        List<TraceEvent> all = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            TraceEvent e = ring[(head - size + i + ring.length) % ring.length];
            if (filter.test(e)) all.add(e);
        }
        return all.size() > limit ? new ArrayList<>(all.subList(all.size() - limit, all.size())) : all;
    }

    public void clear() {
        head = 0;
        size = 0;
        java.util.Arrays.fill(ring, null);
    }
}
