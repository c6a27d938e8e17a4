package l4.arch.mips;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The kernel's own per-space page table behind the software-refilled TLB. L4/MIPS used a guarded
 * page table (vm-gpt); this model keeps the same information — non-overlapping entries of one
 * hardware page size each — in a map sorted by virtual base address (unsigned order), so a lookup
 * is "the entry with the greatest base ≤ va, if it covers va" and iteration is naturally ascending
 * and deterministic. The refill handler's walk is priced as TLB_REFILL, not by this structure.
 *
 * Ranges are {@code [first, last]} with {@code last} inclusive so that the top of the 64-bit space
 * needs no special case. All methods return the extent of the entries they changed (or null), so
 * the caller can invalidate exactly the TLB entries that may hold stale copies.
 */
final class PageTable {

    /** One page-table entry: a page of one R4x00 size. */
    static final class Entry {
        final long virtualBase;
        final long physicalBase;
        final int sizeLog2;
        final boolean writable;
        final boolean uncached;

        Entry(long virtualBase, long physicalBase, int sizeLog2, boolean writable, boolean uncached) {
            this.virtualBase = virtualBase;
            this.physicalBase = physicalBase;
            this.sizeLog2 = sizeLog2;
            this.writable = writable;
            this.uncached = uncached;
        }

        long last() { return virtualBase + (1L << sizeLog2) - 1; }

        boolean covers(long va) {
            return Long.compareUnsigned(va, virtualBase) >= 0 && Long.compareUnsigned(va, last()) <= 0;
        }

        long physical(long va) { return physicalBase + (va - virtualBase); }

        @Override
        public String toString() {
            return String.format("pte(0x%x -> 0x%x, 2^%d, %s%s)", virtualBase, physicalBase, sizeLog2,
                    writable ? "rw" : "ro", uncached ? ", uncached" : "");
        }
    }

    /** An inclusive address range. */
    static final class Extent {
        final long first;
        final long last;

        Extent(long first, long last) {
            this.first = first;
            this.last = last;
        }

        Extent union(long f, long l) {
            return new Extent(Long.compareUnsigned(f, first) < 0 ? f : first, Long.compareUnsigned(l, last) > 0 ? l : last);
        }

        static Extent grow(Extent e, long f, long l) {
            return e == null ? new Extent(f, l) : e.union(f, l);
        }
    }

    private final TreeMap<Long, Entry> entries = new TreeMap<>(Long::compareUnsigned);

    Entry lookup(long va) {
        Map.Entry<Long, Entry> floor = entries.floorEntry(va);
        if (floor == null || !floor.getValue().covers(va)) return null;
        return floor.getValue();
    }

    /** The entry starting exactly at {@code base} with exactly this size, or null. */
    Entry exact(long base, int sizeLog2) {
        Entry e = entries.get(base);
        return e != null && e.sizeLog2 == sizeLog2 ? e : null;
    }

    /** Installs {@code e}, first removing (and splitting) whatever overlaps it. */
    Extent install(Entry e) {
        Extent touched = remove(e.virtualBase, e.last());
        entries.put(e.virtualBase, e);
        return Extent.grow(touched, e.virtualBase, e.last());
    }

    /** Removes everything in {@code [first, last]}; a partly covered page is split, its rest stays mapped. */
    Extent remove(long first, long last) {
        Extent touched = null;
        for (Entry e : overlapping(first, last)) {
            entries.remove(e.virtualBase);
            touched = Extent.grow(touched, e.virtualBase, e.last());
            if (Long.compareUnsigned(e.virtualBase, first) < 0) cover(e, e.virtualBase, first - 1, e.writable);
            if (Long.compareUnsigned(e.last(), last) > 0) cover(e, last + 1, e.last(), e.writable);
        }
        return touched;
    }

    /** Makes {@code [first, last]} read-only; a partly covered writable page is split. */
    Extent protect(long first, long last) {
        Extent touched = null;
        for (Entry e : overlapping(first, last)) {
            if (!e.writable) continue;
            entries.remove(e.virtualBase);
            touched = Extent.grow(touched, e.virtualBase, e.last());
            long lo = Long.compareUnsigned(e.virtualBase, first) < 0 ? first : e.virtualBase;
            long hi = Long.compareUnsigned(e.last(), last) > 0 ? last : e.last();
            if (Long.compareUnsigned(e.virtualBase, lo) < 0) cover(e, e.virtualBase, lo - 1, true);
            cover(e, lo, hi, false);
            if (Long.compareUnsigned(e.last(), hi) > 0) cover(e, hi + 1, e.last(), true);
        }
        return touched;
    }

    /** Re-maps {@code [lo, hi]} of {@code e} with the largest aligned hardware pages that fit. */
    private void cover(Entry e, long lo, long hi, boolean writable) {
        long a = lo;
        while (true) {
            int s = R4x00.largestFitting(a, hi);
            entries.put(a, new Entry(a, e.physical(a), s, writable, e.uncached));
            long next = a + (1L << s);
            if (Long.compareUnsigned(next - 1, hi) >= 0 || next == 0) break;
            a = next;
        }
    }

    private List<Entry> overlapping(long first, long last) {
        Long start = entries.floorKey(first);
        if (start == null || !entries.get(start).covers(first)) start = first;
        return new ArrayList<>(entries.subMap(start, true, last, true).values());
    }

    List<Entry> entries() {
        return new ArrayList<>(entries.values());
    }

    int size() {
        return entries.size();
    }

    void clear() {
        entries.clear();
    }
}
