package l4.kernel.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The kernel's event trace: a bounded ring for display (recording can be switched off) and a
 * digest over every event since boot, which is the determinism check: the same configuration
 * and input give the same digest.
 *
 * <p>The ring keeps its fields in parallel primitive arrays and builds {@link TraceEvent}s only
 * when someone looks ({@link #snapshot}): every IPC records two events, and allocating an object
 * per event was a visible part of the host time of an IPC round trip.
 */
public final class Trace {
    // The primes of xxHash64; the digest starts from the first.
    private static final long P1 = 0x9E3779B185EBCA87L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P4 = 0x85EBCA77C2B2AE63L;

    private static final TraceEvent.Kind[] KINDS = TraceEvent.Kind.values();

    // The ring, one array per field; slot i holds one event.
    private final long[] seqs;
    private final long[] cycleStamps;
    private final long[] microStamps;
    private final byte[] kinds;
    private final long[] froms;
    private final long[] tos;
    private final long[] values;
    private final int[] results;
    private int head;
    private int size;
    private long seq;
    private long digest = P1;
    private boolean recording = true;

    public Trace(int capacity) {
        int n = Math.max(16, capacity);
        seqs = new long[n];
        cycleStamps = new long[n];
        microStamps = new long[n];
        kinds = new byte[n];
        froms = new long[n];
        tos = new long[n];
        values = new long[n];
        results = new int[n];
    }

    public void record(long cycles, long micros, TraceEvent.Kind kind, long from, long to, long value, int result) {
        seq++;
        digest = mix(mix(mix(mix(mix(mix(digest, cycles), kind.ordinal()), from), to), value), result);
        if (!recording) return;
        seqs[head] = seq;
        cycleStamps[head] = cycles;
        microStamps[head] = micros;
        kinds[head] = (byte) kind.ordinal();
        froms[head] = from;
        tos[head] = to;
        values[head] = value;
        results[head] = result;
        if (++head == seqs.length) head = 0;
        if (size < seqs.length) size++;
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
            int j = (head - size + i + seqs.length) % seqs.length;
            TraceEvent e = new TraceEvent(seqs[j], cycleStamps[j], microStamps[j], KINDS[kinds[j]], froms[j], tos[j],
                    values[j], results[j]);
            if (filter.test(e)) all.add(e);
        }
        return all.size() > limit ? new ArrayList<>(all.subList(all.size() - limit, all.size())) : all;
    }

    public void clear() {
        head = 0;
        size = 0;
    }
}
