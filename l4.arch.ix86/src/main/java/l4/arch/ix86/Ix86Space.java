package l4.arch.ix86;

import java.util.List;

import l4.spi.HardwareMapping;
import l4.spi.MmuSpace;
import l4.spi.Translation;

/**
 * One L4 address space on ix86: its page directory, plus its small-space slot while it is small.
 * All work that touches the TLB or the clock is done by the owning {@link Ix86Mmu}.
 */
final class Ix86Space implements MmuSpace {
    final Ix86Mmu mmu;
    /** Unique per MMU, never reused: what the TLB model records as an entry's owner. */
    final int id;
    final int taskNumber;
    final PageDirectory tables = new PageDirectory();
    /** Small-space slot number, -1 while large. Guarded by the MMU's lock. */
    int slot = -1;
    boolean destroyed;

    Ix86Space(Ix86Mmu mmu, int id, int taskNumber) {
        this.mmu = mmu;
        this.id = id;
        this.taskNumber = taskNumber;
    }

    boolean isSmall() {
        return slot >= 0;
    }

    @Override
    public void map(long virtualAddress, long physicalAddress, int sizeLog2, boolean writable, boolean uncached) {
        mmu.map(this, virtualAddress, physicalAddress, sizeLog2, writable, uncached);
    }

    @Override
    public void unmap(long virtualAddress, int sizeLog2) {
        mmu.unmap(this, virtualAddress, sizeLog2);
    }

    @Override
    public void protect(long virtualAddress, int sizeLog2) {
        mmu.protect(this, virtualAddress, sizeLog2);
    }

    @Override
    public Translation translate(long virtualAddress, boolean write) {
        return mmu.translate(this, virtualAddress, write);
    }

    @Override
    public Translation probe(long virtualAddress, boolean write) {
        return mmu.probe(this, virtualAddress, write);
    }

    @Override
    public List<HardwareMapping> entries() {
        return mmu.entries(this);
    }

    @Override
    public int tag() {
        return slot;
    }

    @Override
    public String toString() {
        return "ix86 space of task " + taskNumber + (slot >= 0 ? " (small space " + slot + ")" : "");
    }
}
