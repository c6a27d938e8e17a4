package l4.sigma0;

import java.util.List;

/**
 * Physical memory as the kernel info page describes it: RAM from 0 up to {@code size}, minus the
 * reserved regions (kernel memory, the KIP frame). {@code kipValid} is false when the info page
 * had no magic; σ0 then hands out nothing.
 */
record MemoryLayout(long size, List<Region> reserved, boolean kipValid) {
    static final long PAGE = 4096;

    /** A reserved physical range [start, start + length). */
    record Region(long start, long length) {
        boolean contains(long address) {
            return Long.compareUnsigned(address - start, length) < 0;
        }
    }

    MemoryLayout {
        reserved = List.copyOf(reserved);
    }

    static final MemoryLayout NONE = new MemoryLayout(0, List.of(), false);

    static long pageOf(long address) {
        return address & ~(PAGE - 1);
    }

    boolean isRam(long address) {
        return Long.compareUnsigned(address, size) < 0;
    }

    boolean isReserved(long address) {
        for (Region r : reserved) {
            if (r.contains(address)) return true;
        }
        return false;
    }

    /** RAM that σ0 may give away: in memory and not reserved. */
    boolean isAvailable(long address) {
        return isRam(address) && !isReserved(address);
    }
}
