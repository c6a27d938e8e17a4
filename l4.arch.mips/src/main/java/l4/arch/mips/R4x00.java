package l4.arch.mips;

/**
 * Fixed facts of the MIPS R4x00 (R4600 on the UNSW U4600 board) that several parts of the backend
 * share. Sources: MIPS R4000 Microprocessor User's Manual (Heinrich), ch. 4–6; L4/MIPS
 * {@code src/include/kernel/u4600.h}.
 */
final class R4x00 {
    private R4x00() {}

    /** xuseg of the R4x00: 2^40 bytes of user virtual space (SEGBITS = 40). */
    static final int USER_ADDRESS_BITS = 40;

    /** One past the last user virtual address. */
    static final long USER_LIMIT = 1L << USER_ADDRESS_BITS;

    /** Page sizes the PageMask register can select: 4K, 16K, 64K, 256K, 1M, 4M, 16M (ascending). */
    private static final int[] PAGE_SIZES_LOG2 = {12, 14, 16, 18, 20, 22, 24};

    static final int BASE_PAGE_LOG2 = 12;

    /** Joint TLB entries of the R4600 (each maps an even/odd pair of pages). */
    static final int TLB_ENTRIES = 48;

    /** EntryHi ASID field width. */
    static final int ASID_BITS = 8;

    /** The R4600 of the U4600 board the L4/MIPS test logs were taken on. */
    static final long CLOCK_HZ = 100_000_000L;

    /** L4/MIPS kernel tick (reference §8): 1 ms, driven by Count/Compare on IP7. */
    static final long TIMER_TICK_MICROS = 1000L;

    /** The Count register increments every other PClock cycle on the R4x00. */
    static final long COUNT_PER_TICK = CLOCK_HZ / 2 / 1_000_000L * TIMER_TICK_MICROS;

    /**
     * Device memory for σ0's special (uncached) mapping protocol, laid out as on a MIPS Malta board
     * (Malta user's manual; Linux arch/mips/mti-malta): 0x1000_0000–0x17FF_FFFF PCI memory,
     * 0x1800_0000–0x1BDF_FFFF PCI I/O with the ISA ports of the PIIX4 from {@link #ISA_PORT_WINDOW},
     * 0x1BE0_0000 the GT-64120 system controller, 0x1E00_0000 boot flash, 0x1F00_0000 board
     * registers, 0x1FC0_0000 the boot ROM.
     */
    static final long DEVICE_BASE = 0x1000_0000L;
    static final long DEVICE_SIZE = 0x1000_0000L;

    /** Where the GT-64120 maps PCI I/O space, and with it ISA port p, at physical 0x1800_0000 + p. */
    static final long ISA_PORT_WINDOW = 0x1800_0000L;

    static int[] pageSizesLog2() {
        return PAGE_SIZES_LOG2.clone();
    }

    static boolean isPageSize(int sizeLog2) {
        for (int s : PAGE_SIZES_LOG2) {
            if (s == sizeLog2) return true;
        }
        return false;
    }

    /** Largest hardware page size that starts at {@code address} and ends at or before {@code lastInclusive}. */
    static int largestFitting(long address, long lastInclusive) {
        for (int i = PAGE_SIZES_LOG2.length - 1; i >= 0; i--) {
            int s = PAGE_SIZES_LOG2[i];
            long size = 1L << s;
            if ((address & (size - 1)) == 0 && Long.compareUnsigned(address + size - 1, lastInclusive) <= 0
                    && Long.compareUnsigned(address + size - 1, address) >= 0) {
                return s;
            }
        }
        return BASE_PAGE_LOG2;
    }

    /** The PageMask register value selecting a page size: 4K 0x0, 16K 0x6000, ... 16M 0x1FFE000. */
    static long pageMask(int sizeLog2) {
        return ((1L << (sizeLog2 + 1)) - 1) & ~0x1FFFL;
    }
}
