package l4.arch.ix86;

import java.util.ArrayList;
import java.util.List;

import l4.spi.HardwareMapping;

/**
 * The ix86 two-level page table of one address space: a page directory of 1024 entries, each
 * empty, a 4 MiB PSE entry, or a pointer to a page table of 1024 entries for 4 KiB pages. This is
 * what the simulated hardware walks on a TLB miss; it knows nothing about the TLB.
 *
 * <p>Entries are kept in the hardware's format: frame address | PCD (0x10) | R/W (2) | P (1).
 * Physical addresses are not truncated to 32 bits (a wrong address should show, not alias).
 */
final class PageDirectory {
    static final int SMALL_PAGE = 12;
    static final int LARGE_PAGE = 22;
    static final int ENTRIES = 1024;
    /** End of the 32-bit linear address space. */
    static final long SPACE_END = 1L << 32;

    static final long PRESENT = 0x1;
    static final long WRITABLE = 0x2;
    static final long UNCACHED = 0x10;
    private static final long FLAGS = 0xFFF;

    /** PSE entries; 0 where the directory entry is empty or points to a page table. */
    private final long[] largeEntries = new long[ENTRIES];
    /** Page tables; null where the directory entry is empty or a PSE entry. */
    private final long[][] tables = new long[ENTRIES][];

    /** One present entry as the walk finds it. */
    static final class Entry {
        final long virtualBase;
        final long physicalBase;
        final int sizeLog2;
        final boolean writable;
        final boolean uncached;

        Entry(long virtualBase, long raw, int sizeLog2) {
            this.virtualBase = virtualBase;
            this.physicalBase = raw & ~FLAGS;
            this.sizeLog2 = sizeLog2;
            this.writable = (raw & WRITABLE) != 0;
            this.uncached = (raw & UNCACHED) != 0;
        }
    }

    static long encode(long physical, boolean writable, boolean uncached) {
        return physical | PRESENT | (writable ? WRITABLE : 0) | (uncached ? UNCACHED : 0);
    }

    /** Installs one 4 KiB or 4 MiB page, replacing whatever covered that range. */
    void map(long va, long pa, int sizeLog2, boolean writable, boolean uncached) {
        if (sizeLog2 != SMALL_PAGE && sizeLog2 != LARGE_PAGE) {
            throw new IllegalArgumentException("ix86 has no 2^" + sizeLog2 + " pages (only 2^12 and 2^22)");
        }
        long size = 1L << sizeLog2;
        if (va < 0 || va + size > SPACE_END) {
            throw new IllegalArgumentException(String.format("virtual address 0x%x outside the 32-bit space", va));
        }
        if ((va & (size - 1)) != 0 || (pa & (size - 1)) != 0 || pa < 0) {
            throw new IllegalArgumentException(String.format("page 0x%x -> 0x%x not aligned to 2^%d", va, pa, sizeLog2));
        }
        int i = (int) (va >>> LARGE_PAGE);
        long entry = encode(pa, writable, uncached);
        if (sizeLog2 == LARGE_PAGE) {
            tables[i] = null; // a PSE entry replaces the whole page table
            largeEntries[i] = entry;
        } else {
            if (largeEntries[i] != 0) split(i);
            if (tables[i] == null) tables[i] = new long[ENTRIES];
            tables[i][pteIndex(va)] = entry;
        }
    }

    /** The entry translating {@code va}, or null: the hardware walk. */
    Entry lookup(long va) {
        if (va < 0 || va >= SPACE_END) return null;
        int i = (int) (va >>> LARGE_PAGE);
        long large = largeEntries[i];
        if (large != 0) return new Entry((long) i << LARGE_PAGE, large, LARGE_PAGE);
        long[] table = tables[i];
        if (table == null) return null;
        long pte = table[pteIndex(va)];
        return pte == 0 ? null : new Entry(va & ~((1L << SMALL_PAGE) - 1), pte, SMALL_PAGE);
    }

    /** Removes everything in [start, end) (page aligned), splitting PSE entries only partly covered. */
    void unmap(long start, long end) {
        apply(start, end, true);
    }

    /** Makes [start, end) read-only, splitting writable PSE entries only partly covered. */
    void protect(long start, long end) {
        apply(start, end, false);
    }

    private void apply(long start, long end, boolean remove) {
        if (start >= end) return;
        for (int i = (int) (start >>> LARGE_PAGE); i <= (int) ((end - 1) >>> LARGE_PAGE); i++) {
            long dirStart = (long) i << LARGE_PAGE;
            long dirEnd = dirStart + (1L << LARGE_PAGE);
            boolean whole = start <= dirStart && end >= dirEnd;
            if (whole) {
                if (remove) {
                    largeEntries[i] = 0;
                    tables[i] = null;
                } else {
                    largeEntries[i] &= ~WRITABLE;
                    long[] table = tables[i];
                    if (table != null) for (int j = 0; j < ENTRIES; j++) table[j] &= ~WRITABLE;
                }
                continue;
            }
            if (largeEntries[i] != 0) {
                if (!remove && (largeEntries[i] & WRITABLE) == 0) continue; // already read-only: keep it whole
                split(i);
            }
            long[] table = tables[i];
            if (table == null) continue;
            int from = pteIndex(Math.max(start, dirStart));
            int to = pteIndex(Math.min(end, dirEnd) - 1);
            for (int j = from; j <= to; j++) {
                table[j] = remove ? 0 : table[j] & ~WRITABLE;
            }
            if (remove && isEmpty(table)) tables[i] = null;
        }
    }

    /** Replaces the PSE entry at {@code i} by a page table of 1024 equivalent 4 KiB entries. */
    private void split(int i) {
        long large = largeEntries[i];
        long base = large & ~FLAGS;
        long flags = large & FLAGS;
        long[] table = new long[ENTRIES];
        for (int j = 0; j < ENTRIES; j++) table[j] = (base + ((long) j << SMALL_PAGE)) | flags;
        largeEntries[i] = 0;
        tables[i] = table;
    }

    /** True when nothing is mapped at or above {@code limit} (a multiple of 4 MiB). */
    boolean nothingAbove(long limit) {
        for (int i = (int) Math.min(ENTRIES, limit >>> LARGE_PAGE); i < ENTRIES; i++) {
            if (largeEntries[i] != 0 || tables[i] != null) return false;
        }
        return true;
    }

    List<HardwareMapping> entries() {
        List<HardwareMapping> list = new ArrayList<>();
        for (int i = 0; i < ENTRIES; i++) {
            long dirBase = (long) i << LARGE_PAGE;
            if (largeEntries[i] != 0) {
                list.add(mapping(new Entry(dirBase, largeEntries[i], LARGE_PAGE)));
            } else if (tables[i] != null) {
                long[] table = tables[i];
                for (int j = 0; j < ENTRIES; j++) {
                    if (table[j] != 0) list.add(mapping(new Entry(dirBase + ((long) j << SMALL_PAGE), table[j], SMALL_PAGE)));
                }
            }
        }
        return list;
    }

    private static HardwareMapping mapping(Entry e) {
        return new HardwareMapping(e.virtualBase, e.physicalBase, e.sizeLog2, e.writable, e.uncached);
    }

    private static int pteIndex(long va) {
        return (int) (va >>> SMALL_PAGE) & (ENTRIES - 1);
    }

    private static boolean isEmpty(long[] table) {
        for (long e : table) if (e != 0) return false;
        return true;
    }
}
