package l4.kernel.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongUnaryOperator;
import java.util.function.Predicate;

/**
 * The kernel's event trace: a bounded ring for display (recording can be switched off) and a
 * digest over every event since boot, which is the determinism check: the same configuration
 * and input give the same digest.
 *
 * <p>The ring is one {@code long[]} with a fixed stride per event, so recording an event writes
 * one or two cache lines, and builds {@link TraceEvent}s only when someone looks
 * ({@link #snapshot}): every IPC records two events, and an object (or eight parallel arrays)
 * per event was a visible part of the host time of an IPC round trip.
 */
public final class Trace {
    // The primes of xxHash64; the digest starts from the first.
    private static final long P1 = 0x9E3779B185EBCA87L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P4 = 0x85EBCA77C2B2AE63L;

    private static final TraceEvent.Kind[] KINDS = TraceEvent.Kind.values();

    // Slot layout of one event in the ring.
    private static final int SEQ = 0, CYCLES = 1, FROM = 2, TO = 3, VALUE = 4, KIND_RESULT = 5;
    private static final int STRIDE = 8;

    private final long[] ring;
    /** An event's simulated µs from its cycle, computed when the ring is read (a 64-bit division per event is not free). */
    private final LongUnaryOperator microsOf;
    private final int capacity;
    private int head;
    private int size;
    private long seq;
    private long digest = P1;
    private boolean recording = true;

    /** {@code microsOf}: the simulated µs at a cycle count (the machine's clock, fixed). */
    public Trace(int capacity, LongUnaryOperator microsOf) {
        this.capacity = Math.max(16, capacity);
        this.microsOf = microsOf;
        this.ring = new long[this.capacity * STRIDE];
    }

    public void record(long cycles, TraceEvent.Kind kind, long from, long to, long value, int result) {
        seq++;
        long kindResult = (long) kind.ordinal() << 32 | (result & 0xFFFF_FFFFL);
        digest = mix(mix(mix(mix(mix(digest, cycles), kindResult), from), to), value);
        if (!recording) return;
        int at = head * STRIDE;
        ring[at + SEQ] = seq;
        ring[at + CYCLES] = cycles;
        ring[at + FROM] = from;
        ring[at + TO] = to;
        ring[at + VALUE] = value;
        ring[at + KIND_RESULT] = kindResult;
        if (++head == capacity) head = 0;
        if (size < capacity) size++;
    }

    /**
     * One accumulator round of xxHash64 per field: every bit of the field and of the digest so far
     * reaches the result, and the serial chain through the digest is a rotate, a multiply and an
     * add. (A byte-wise FNV-1a over the same 48 bytes cost ≈ 35 ns per event, a tenth of an IPC.)
     */
    static long mix(long h, long v) {
        h ^= Long.rotateLeft(v * P2, 31) * P1;
        return Long.rotateLeft(h, 27) * P1 + P4;
    }

    public long digest() { return digest; }

    public long events() { return seq; }

    public boolean recording() { return recording; }

    public void recording(boolean on) { recording = on; }

    /** The recorded events, oldest first, that match {@code filter}; at most {@code limit} newest. */
    public List<TraceEvent> snapshot(Predicate<TraceEvent> filter, int limit) {
        List<TraceEvent> all = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            int at = ((head - size + i + capacity) % capacity) * STRIDE;
            long kindResult = ring[at + KIND_RESULT];
            TraceEvent e = new TraceEvent(ring[at + SEQ], ring[at + CYCLES], microsOf.applyAsLong(ring[at + CYCLES]),
                    KINDS[(int) (kindResult >>> 32)], ring[at + FROM], ring[at + TO], ring[at + VALUE], (int) kindResult);
            if (filter.test(e)) all.add(e);
        }
        return all.size() > limit ? new ArrayList<>(all.subList(all.size() - limit, all.size())) : all;
    }

    public void clear() {
        head = 0;
        size = 0;
    }

    /** Sets the event count and digest from a machine snapshot; the ring starts empty. */
    public void restore(long events, long digestSoFar) {
        seq = events;
        digest = digestSoFar;
        clear();
    }
}
