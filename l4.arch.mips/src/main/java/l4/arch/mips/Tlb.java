package l4.arch.mips;

import l4.arch.mips.cpu.TlbCounters;

/**
 * The R4x00 joint TLB: 48 entries, each mapping an even/odd pair of pages of one size (PageMask),
 * tagged with an 8-bit ASID (EntryHi). Each half has its own EntryLo: PFN, valid, dirty (= writable)
 * and cache attribute. The global bit is not modelled: user spaces never use it.
 *
 * Replacement is the hardware's {@code tlbwr}: the entry named by the Random register, which
 * counts down from 47 to Wired (0 here: the simulated kernel wires nothing) and wraps. Random
 * decrements with every executed instruction on the real CPU; here it decrements once per
 * translated access ({@link #tick()}), which keeps the simulation deterministic.
 *
 * An invalid entry is {@code null} (the kernel writes an unmatchable VPN2 in hardware).
 */
final class Tlb {

    /** One EntryLo: a page of the pair. */
    static final class Half {
        static final Half INVALID = new Half(false, 0, false, false);

        final boolean valid;
        final long physicalBase;
        final boolean dirty;
        final boolean uncached;

        Half(boolean valid, long physicalBase, boolean dirty, boolean uncached) {
            this.valid = valid;
            this.physicalBase = physicalBase;
            this.dirty = dirty;
            this.uncached = uncached;
        }

        static Half of(PageTable.Entry e) {
            return e == null ? INVALID : new Half(true, e.physicalBase, e.writable, e.uncached);
        }
    }

    /** EntryHi (VPN2, ASID) + PageMask + EntryLo0/EntryLo1. */
    static final class Entry {
        final int asid;
        final long pairBase;
        final int sizeLog2;
        final Half even;
        final Half odd;

        Entry(int asid, long pairBase, int sizeLog2, Half even, Half odd) {
            this.asid = asid;
            this.pairBase = pairBase;
            this.sizeLog2 = sizeLog2;
            this.even = even;
            this.odd = odd;
        }

        long pairLast() { return pairBase + (2L << sizeLog2) - 1; }

        boolean matches(int asid, long va) {
            return this.asid == asid && (va >>> (sizeLog2 + 1)) == (pairBase >>> (sizeLog2 + 1));
        }

        boolean overlaps(int asid, long first, long last) {
            return this.asid == asid && Long.compareUnsigned(pairBase, last) <= 0
                    && Long.compareUnsigned(pairLast(), first) >= 0;
        }

        Half half(long va) {
            return ((va >>> sizeLog2) & 1) == 0 ? even : odd;
        }

        long halfBase(long va) {
            return va & ~((1L << sizeLog2) - 1);
        }

        @Override
        public String toString() {
            return String.format("tlb(asid %d, vpn2 0x%x, pagemask 0x%x, lo0 %s, lo1 %s)", asid, pairBase,
                    R4x00.pageMask(sizeLog2), lo(even), lo(odd));
        }

        private static String lo(Half h) {
            if (!h.valid) return "-";
            return String.format("0x%x%s%s", h.physicalBase, h.dirty ? " D" : "", h.uncached ? " UC" : "");
        }
    }

    private final Entry[] entries;
    private final int wired;
    private int random;
    /**
     * The generation, counting every change of an entry so that host-side caches of translations
     * know when they are stale, and the TLB hits those caches took.
     */
    final TlbCounters counters = new TlbCounters();
    /** The part of {@code counters.hits} that {@link #random} reflects. */
    private long hitsInRandom;

    Tlb(int size, int wired) {
        if (size <= 0 || wired < 0 || wired >= size) throw new IllegalArgumentException("bad TLB geometry");
        this.entries = new Entry[size];
        this.wired = wired;
        this.random = size - 1; // the reset value of Random is the highest index
    }

    int size() { return entries.length; }

    int random() {
        foldHits();
        return random;
    }

    /** Random as if each host-cache hit since the last read had ticked it. */
    private void foldHits() {
        long n = counters.hits - hitsInRandom;
        if (n != 0) {
            hitsInRandom = counters.hits;
            advance(n);
        }
    }

    /** One executed access: Random counts down to Wired and wraps to the top. */
    void tick() {
        random = random <= wired ? entries.length - 1 : random - 1;
    }

    /** {@code n} executed accesses at once: the same Random as {@code n} calls of {@link #tick()}. */
    void advance(long n) {
        if (n <= 0) return;
        int span = entries.length - wired;
        int steps = n < span ? (int) n : (int) (n % span);
        int r = random - steps;
        random = r < wired ? r + span : r;
    }

    Entry get(int index) { return entries[index]; }

    /** {@code tlbp}: the index of the entry matching va under asid, or -1. */
    int probe(int asid, long va) {
        for (int i = 0; i < entries.length; i++) {
            Entry e = entries[i];
            if (e != null && e.matches(asid, va)) return i;
        }
        return -1;
    }

    /**
     * Writes a refilled entry. The kernel must never leave two entries matching one address (the
     * R4x00 would shut its TLB down), so an entry of another page size overlapping the new pair is
     * probed and overwritten ({@code tlbp} + {@code tlbwi}); otherwise {@code tlbwr} at Random.
     */
    int refill(Entry e) {
        int slot = -1;
        for (int i = 0; i < entries.length; i++) {
            Entry old = entries[i];
            if (old != null && old.overlaps(e.asid, e.pairBase, e.pairLast())) {
                if (slot < 0) slot = i;
                entries[i] = null;
            }
        }
        if (slot < 0) slot = random();
        entries[slot] = e;
        counters.generation++;
        return slot;
    }

    /** Invalidates every entry of {@code asid} whose pair overlaps {@code [first, last]}; returns how many. */
    int invalidate(int asid, long first, long last) {
        counters.generation++;
        int n = 0;
        for (int i = 0; i < entries.length; i++) {
            if (entries[i] != null && entries[i].overlaps(asid, first, last)) {
                entries[i] = null;
                n++;
            }
        }
        return n;
    }

    int invalidateAsid(int asid) {
        counters.generation++;
        int n = 0;
        for (int i = 0; i < entries.length; i++) {
            if (entries[i] != null && entries[i].asid == asid) {
                entries[i] = null;
                n++;
            }
        }
        return n;
    }

    void flushAll() {
        counters.generation++;
        java.util.Arrays.fill(entries, null);
    }

    int occupied() {
        int n = 0;
        for (Entry e : entries) {
            if (e != null) n++;
        }
        return n;
    }

    /** Machine snapshots: Random and every entry (index order), EntryHi, PageMask and both EntryLos. */
    void save(java.io.DataOutput out) throws java.io.IOException {
        out.writeShort(random());
        out.writeShort(entries.length);
        for (Entry e : entries) {
            out.writeBoolean(e != null);
            if (e == null) continue;
            out.writeShort(e.asid);
            out.writeLong(e.pairBase);
            out.writeByte(e.sizeLog2);
            saveHalf(out, e.even);
            saveHalf(out, e.odd);
        }
    }

    private static void saveHalf(java.io.DataOutput out, Half h) throws java.io.IOException {
        out.writeBoolean(h.valid);
        out.writeLong(h.physicalBase);
        out.writeBoolean(h.dirty);
        out.writeBoolean(h.uncached);
    }

    void load(java.io.DataInput in) throws java.io.IOException {
        int r = in.readUnsignedShort();
        int n = in.readUnsignedShort();
        if (n != entries.length || r < wired || r >= n) throw new java.io.IOException("TLB geometry differs");
        random = r;
        hitsInRandom = counters.hits; // the hits before the load are in the Random it saved
        for (int i = 0; i < n; i++) {
            entries[i] = !in.readBoolean() ? null
                    : new Entry(in.readUnsignedShort(), in.readLong(), in.readByte(), loadHalf(in), loadHalf(in));
        }
        counters.generation++;
    }

    private static Half loadHalf(java.io.DataInput in) throws java.io.IOException {
        boolean valid = in.readBoolean();
        long base = in.readLong();
        boolean dirty = in.readBoolean();
        boolean uncached = in.readBoolean();
        return valid ? new Half(true, base, dirty, uncached) : Half.INVALID;
    }
}
