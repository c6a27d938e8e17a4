package l4.kernel.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TraceTest {
    private static final TraceEvent.Kind IPC = TraceEvent.Kind.IPC;

    private static long digestOf(long[][] events) {
        Trace t = new Trace(16, c -> c / 100);
        for (long[] e : events) t.record(e[0], TraceEvent.Kind.values()[(int) e[1]], e[2], e[3], e[4], (int) e[5]);
        return t.digest();
    }

    @Test
    void sameEventsGiveTheSameDigest() {
        long[][] events = {{100, IPC.ordinal(), 7, 9, 42, 0}, {250, IPC.ordinal(), 9, 7, 43, 0x40}};
        assertEquals(digestOf(events), digestOf(events));
    }

    @Test
    void everyBitOfEveryDigestedFieldChangesTheDigest() {
        long[] base = {1000, IPC.ordinal(), 0x0123_4567_89AB_CDEFL, 0x0FED_CBA9_8765_4321L, 77, 0x10};
        Set<Long> seen = new HashSet<>();
        seen.add(digestOf(new long[][] {base}));
        int variants = 1;
        for (int field : new int[] {0, 2, 3, 4, 5}) {
            int bits = field == 5 ? 32 : 64;
            for (int bit = 0; bit < bits; bit++) {
                long[] e = base.clone();
                e[field] ^= 1L << bit;
                seen.add(digestOf(new long[][] {e}));
                variants++;
            }
        }
        for (int kind = 0; kind < TraceEvent.Kind.values().length; kind++) {
            if (kind == IPC.ordinal()) continue;
            long[] e = base.clone();
            e[1] = kind;
            seen.add(digestOf(new long[][] {e}));
            variants++;
        }
        assertEquals(variants, seen.size(), "two different events gave the same digest");
    }

    @Test
    void orderOfEventsMatters() {
        long[] a = {100, IPC.ordinal(), 7, 9, 42, 0};
        long[] b = {100, IPC.ordinal(), 9, 7, 42, 0};
        assertNotEquals(digestOf(new long[][] {a, b}), digestOf(new long[][] {b, a}));
    }

    @Test
    void recordingOffStillDigestsButKeepsNoEvents() {
        Trace on = new Trace(16, c -> c / 100);
        Trace off = new Trace(16, c -> c / 100);
        off.recording(false);
        for (Trace t : List.of(on, off)) t.record(5, IPC, 1, 2, 3, 0);
        assertEquals(on.digest(), off.digest());
        assertEquals(1, off.events());
        assertEquals(0, off.snapshot(e -> true, 10).size());
        assertEquals(1, on.snapshot(e -> true, 10).size());
    }

    @Test
    void everyFieldComesBackFromTheRing() {
        Trace t = new Trace(16, c -> c / 100);
        t.record(123_456_789_012L, TraceEvent.Kind.PAGE_FAULT, -1L, Long.MIN_VALUE, 0xDEAD_BEEFL, -5);
        TraceEvent e = t.snapshot(x -> true, 1).get(0);
        assertEquals(1, e.seq());
        assertEquals(123_456_789_012L, e.cycles());
        assertEquals(1_234_567_890L, e.micros()); // from the cycle, by the clock the trace was given
        assertEquals(TraceEvent.Kind.PAGE_FAULT, e.kind());
        assertEquals(-1L, e.from());
        assertEquals(Long.MIN_VALUE, e.to());
        assertEquals(0xDEAD_BEEFL, e.value());
        assertEquals(-5, e.result());
    }

    @Test
    void theRingKeepsTheNewestEventsInOrder() {
        Trace t = new Trace(16, c -> c / 100);
        for (int i = 0; i < 40; i++) t.record(i, IPC, i, 0, 0, 0);
        List<TraceEvent> kept = t.snapshot(e -> true, 100);
        assertEquals(16, kept.size());
        assertEquals(24, kept.get(0).from());
        assertEquals(39, kept.get(15).from());
        assertEquals(3, t.snapshot(e -> true, 3).size());
        assertEquals(39, t.snapshot(e -> true, 3).get(2).from());
    }
}
