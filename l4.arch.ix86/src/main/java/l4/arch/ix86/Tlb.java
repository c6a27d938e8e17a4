package l4.arch.ix86;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Pentium data TLB: untagged, with separate entry sets for 4 KiB and 4 MiB pages (P54C:
 * 64 and 8 entries). The real sets are 4-way set associative with pseudo-LRU; this model keeps
 * each set fully associative with exact LRU, which changes only which entry is evicted.
 *
 * <p>The hardware has no address-space tags. The model still records which space installed an
 * entry (so that a lookup for space B never hits an entry of space A): this is equivalent to the
 * real TLB because every CR3 load flushes all non-global entries. Entries of small spaces live at
 * linear addresses in the small-space region that every page directory shares, so they are
 * marked global and survive the flush.
 */
final class Tlb {
    static final class Entry {
        final int space;
        final long virtualBase;
        final long physicalBase;
        final int sizeLog2;
        final boolean writable;
        final boolean uncached;
        final boolean global;

        Entry(int space, long virtualBase, long physicalBase, int sizeLog2, boolean writable, boolean uncached,
              boolean global) {
            this.space = space;
            this.virtualBase = virtualBase;
            this.physicalBase = physicalBase;
            this.sizeLog2 = sizeLog2;
            this.writable = writable;
            this.uncached = uncached;
            this.global = global;
        }

        boolean overlaps(long start, long end) {
            return virtualBase < end && virtualBase + (1L << sizeLog2) > start;
        }
    }

    private final LruSet small;
    private final LruSet large;
    private long evictions;

    Tlb(int smallEntries, int largeEntries) {
        if (smallEntries < 1 || largeEntries < 1) {
            throw new IllegalArgumentException("TLB sizes must be positive: " + smallEntries + " x 4K, " + largeEntries + " x 4M");
        }
        small = new LruSet(smallEntries);
        large = new LruSet(largeEntries);
    }

    /** The entry translating {@code va} for {@code space}, marked most recently used; null on a miss. */
    Entry lookup(int space, long va) {
        Entry e = small.get(key(space, va >>> PageDirectory.SMALL_PAGE));
        if (e == null) e = large.get(key(space, va >>> PageDirectory.LARGE_PAGE));
        return e;
    }

    void insert(Entry e) {
        LruSet set = e.sizeLog2 == PageDirectory.LARGE_PAGE ? large : small;
        set.put(key(e.space, e.virtualBase >>> e.sizeLog2), e);
    }

    /** What a CR3 load does: drops every non-global entry. Returns how many were dropped. */
    int flushNonGlobal() {
        return removeIf(small, null, 0, 0, true) + removeIf(large, null, 0, 0, true);
    }

    /** invlpg over a range of one space's addresses. */
    int invalidate(int space, long start, long end) {
        return removeIf(small, space, start, end, false) + removeIf(large, space, start, end, false);
    }

    /** Drops every entry of one space (destroyed, or moved into or out of the small-space region). */
    int invalidateSpace(int space) {
        return invalidate(space, 0, Long.MAX_VALUE);
    }

    int smallUsed() { return small.size(); }

    int largeUsed() { return large.size(); }

    int smallCapacity() { return small.capacity; }

    int largeCapacity() { return large.capacity; }

    long evictions() { return evictions; }

    private static int removeIf(LruSet set, Integer space, long start, long end, boolean nonGlobal) {
        int removed = 0;
        for (Iterator<Entry> it = set.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            boolean drop = nonGlobal ? !e.global : e.space == space && e.overlaps(start, end);
            if (drop) {
                it.remove();
                removed++;
            }
        }
        return removed;
    }

    private static long key(int space, long pageNumber) {
        return (long) space << 32 | pageNumber;
    }

    /**
     * One entry set with LRU replacement (access-ordered map evicting its eldest entry). Inside a
     * LinkedHashMap subclass the simple name Entry means the inherited LinkedHashMap.Entry (javac 25
     * reports the clash), so the TLB entry is named Tlb.Entry here.
     */
    private final class LruSet extends LinkedHashMap<Long, Tlb.Entry> {
        private static final long serialVersionUID = 1L;
        final int capacity;

        LruSet(int capacity) {
            super(capacity * 2, 0.75f, true);
            this.capacity = capacity;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Tlb.Entry> eldest) {
            if (size() > capacity) {
                evictions++;
                return true;
            }
            return false;
        }
    }

    // ---- machine snapshots -------------------------------------------------------------------

    /** Both sets, least recently used first; an entry's owner as {@code spaceIndex} numbers it. */
    void save(java.io.DataOutput out, java.util.function.IntUnaryOperator spaceIndex) throws java.io.IOException {
        out.writeLong(evictions);
        for (LruSet set : new LruSet[] {small, large}) {
            out.writeInt(set.size());
            for (Entry e : set.values()) {
                out.writeInt(spaceIndex.applyAsInt(e.space));
                out.writeLong(e.virtualBase);
                out.writeLong(e.physicalBase);
                out.writeByte(e.sizeLog2);
                out.writeBoolean(e.writable);
                out.writeBoolean(e.uncached);
                out.writeBoolean(e.global);
            }
        }
    }

    void load(java.io.DataInput in, java.util.function.IntUnaryOperator spaceId) throws java.io.IOException {
        evictions = in.readLong();
        for (LruSet set : new LruSet[] {small, large}) {
            set.clear();
            int n = in.readInt();
            if (n > set.capacity) throw new java.io.IOException("TLB geometry differs");
            for (int i = 0; i < n; i++) {
                Entry e = new Entry(spaceId.applyAsInt(in.readInt()), in.readLong(), in.readLong(), in.readByte(),
                        in.readBoolean(), in.readBoolean(), in.readBoolean());
                set.put(key(e.space, e.virtualBase >>> e.sizeLog2), e);
            }
        }
    }
}
