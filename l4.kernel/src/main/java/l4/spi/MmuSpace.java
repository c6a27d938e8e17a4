package l4.spi;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One address space as the MMU model sees it: its page table (ix86: page directory and tables;
 * MIPS: the kernel's page table behind the software-refilled TLB, tagged with an ASID).
 * Sizes are hardware page sizes of the architecture; the kernel never asks which. Called only
 * while the caller holds the simulated CPU, like {@link Mmu}.
 */
@ProviderType
public interface MmuSpace {
    /** Installs (or replaces) one page of a supported hardware size. */
    void map(long virtualAddress, long physicalAddress, int sizeLog2, boolean writable, boolean uncached);

    /** Removes whatever covers [va, va + 2^sizeLog2); splits superpages that are only partly covered. */
    void unmap(long virtualAddress, int sizeLog2);

    /** Downgrades [va, va + 2^sizeLog2) to read-only. */
    void protect(long virtualAddress, int sizeLog2);

    /** Translates one access, charging TLB hits, misses and refills to the machine's clock. */
    Translation translate(long virtualAddress, boolean write);

    /** Looks up without touching the TLB or the clock (for the kernel's own bookkeeping and the shell). */
    Translation probe(long virtualAddress, boolean write);

    /** The page-table entries, ascending by virtual address. */
    List<HardwareMapping> entries();

    /** ASID, small-space number or -1, for display. */
    int tag();
}
