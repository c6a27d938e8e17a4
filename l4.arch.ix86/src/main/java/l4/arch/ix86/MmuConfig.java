package l4.arch.ix86;

import java.util.Map;

/**
 * The MMU options of one machine, read from the ConfigAdmin options map.
 * <ul>
 * <li>{@code smallSpaces} (default false): emulate small address spaces with segments.</li>
 * <li>{@code smallSpaceSizeMiB} (default 16): size of one small-space slot, a power of two from 4
 *     to 512 MiB (a multiple of 4 MiB because the slots share page-directory entries). A space whose
 *     mappings all lie below this size is small while a slot is free.</li>
 * <li>{@code tlbEntries4K} (default 64) and {@code tlbEntries4M} (default 8): the Pentium (P54C)
 *     data TLB.</li>
 * </ul>
 * The small-space region that all hardware address spaces share is {@value #SMALL_SPACE_REGION_MIB}
 * MiB, so there are region / slot size slots (32 with the default 16 MiB).
 */
final class MmuConfig {
    static final String SMALL_SPACES = "smallSpaces";
    static final String SMALL_SPACE_SIZE_MIB = "smallSpaceSizeMiB";
    static final String TLB_4K = "tlbEntries4K";
    static final String TLB_4M = "tlbEntries4M";

    static final long DEFAULT_SLOT_MIB = 16;
    static final int DEFAULT_TLB_4K = 64;
    static final int DEFAULT_TLB_4M = 8;
    /** The model's shared small-space region (a model choice; L4/x86 reserved a region of this order). */
    static final long SMALL_SPACE_REGION_MIB = 512;

    final boolean smallSpaces;
    final long slotMiB;
    final int tlb4k;
    final int tlb4m;

    MmuConfig(Map<String, Object> options) {
        smallSpaces = Options.flag(options, SMALL_SPACES, false);
        slotMiB = Options.number(options, SMALL_SPACE_SIZE_MIB, DEFAULT_SLOT_MIB);
        if (slotMiB < 4 || slotMiB > SMALL_SPACE_REGION_MIB || Long.bitCount(slotMiB) != 1) {
            throw new IllegalArgumentException("option " + SMALL_SPACE_SIZE_MIB + " = " + slotMiB
                    + ": must be a power of two from 4 to " + SMALL_SPACE_REGION_MIB);
        }
        tlb4k = positive(Options.number(options, TLB_4K, DEFAULT_TLB_4K), TLB_4K);
        tlb4m = positive(Options.number(options, TLB_4M, DEFAULT_TLB_4M), TLB_4M);
    }

    long slotBytes() {
        return slotMiB << 20;
    }

    int slotCount() {
        return smallSpaces ? (int) (SMALL_SPACE_REGION_MIB / slotMiB) : 0;
    }

    String describeSmallSpaces() {
        return smallSpaces
                ? "on, " + slotMiB + " MiB slots, " + slotCount() + " slots in a " + SMALL_SPACE_REGION_MIB + " MiB region"
                : "off";
    }

    String describeTlb() {
        return tlb4k + " x 4K + " + tlb4m + " x 4M entries, LRU, untagged (flushed by a CR3 load)";
    }

    private static int positive(long v, String key) {
        if (v < 1 || v > 65536) throw new IllegalArgumentException("option " + key + " = " + v + " outside 1..65536");
        return (int) v;
    }
}
