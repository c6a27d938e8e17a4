package l4.arch.mips;

import java.util.BitSet;

/**
 * Hands out the 8-bit ASIDs 1..255 (0 is left to the kernel) lowest-free-first, so the result is
 * deterministic. When all 255 are taken by live spaces the owner recycles them: it flushes the
 * whole TLB and starts a new generation in which every space must get a fresh ASID before it
 * touches the TLB again. A space's ASID is valid only in the generation it was allocated in.
 */
final class AsidAllocator {
    static final int FIRST = 1;
    private final int last;
    private final BitSet used = new BitSet();
    private long generation = 1;

    AsidAllocator(int asidBits) {
        this.last = (1 << asidBits) - 1;
    }

    long generation() { return generation; }

    int capacity() { return last - FIRST + 1; }

    /** The lowest free ASID, or -1 if all are in use (the caller must {@link #recycle()}). */
    int allocate() {
        int a = used.nextClearBit(FIRST);
        if (a > last) return -1;
        used.set(a);
        return a;
    }

    void free(int asid) {
        used.clear(asid);
    }

    /** Forgets every assignment: a new generation begins (the caller has flushed the TLB). */
    void recycle() {
        used.clear();
        generation++;
    }

    int inUse() {
        return used.cardinality();
    }

    /** Machine snapshots: the generation and the ASIDs in use. */
    void save(java.io.DataOutput out) throws java.io.IOException {
        out.writeLong(generation);
        long[] words = used.toLongArray();
        out.writeShort(words.length);
        for (long w : words) out.writeLong(w);
    }

    void load(java.io.DataInput in) throws java.io.IOException {
        generation = in.readLong();
        long[] words = new long[in.readUnsignedShort()];
        for (int i = 0; i < words.length; i++) words[i] = in.readLong();
        used.clear();
        used.or(BitSet.valueOf(words));
    }
}
