package l4.kernel.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

import l4.spi.MmuSpace;

/**
 * The memory side of one task: its hardware page table and its mapping nodes by virtual page.
 * Sparse (a sorted map), so a 2^40-byte MIPS space costs only what is mapped. Addresses are
 * ordered unsigned. User data is not read here: the kernel translates through {@link #mmu()}
 * and then accesses {@link PhysicalMemory}.
 */
public final class AddressSpace {
    private final int taskNumber;
    private final MmuSpace mmu;
    final TreeMap<Long, MappingNode> pages = new TreeMap<>(Long::compareUnsigned);

    public AddressSpace(int taskNumber, MmuSpace mmu) {
        this.taskNumber = taskNumber;
        this.mmu = Objects.requireNonNull(mmu);
    }

    public int taskNumber() { return taskNumber; }

    public MmuSpace mmu() { return mmu; }

    /** The mapping of the page containing {@code virtualAddress}, or null. */
    public MappingNode lookup(long virtualAddress) {
        return pages.get(virtualAddress & ~(long) (PhysicalMemory.FRAME_SIZE - 1));
    }

    /** Number of mapped 4 KiB pages. */
    public int pageCount() { return pages.size(); }

    /** All mappings, ascending by virtual address. */
    public List<MappingNode> nodes() {
        return new ArrayList<>(pages.values());
    }

    /** Mappings with first ≤ va ≤ last (unsigned, inclusive), ascending; a snapshot. */
    public List<MappingNode> nodes(long first, long last) {
        if (Long.compareUnsigned(first, last) > 0) return new ArrayList<>();
        return new ArrayList<>(pages.subMap(first, true, last, true).values());
    }

    @Override
    public String toString() {
        return "space(task " + taskNumber + ", " + pages.size() + " pages)";
    }
}
