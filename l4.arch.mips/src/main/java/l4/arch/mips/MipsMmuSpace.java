package l4.arch.mips;

import java.util.ArrayList;
import java.util.List;

import l4.spi.HardwareMapping;
import l4.spi.MmuSpace;
import l4.spi.Translation;

/**
 * One address space: its kernel page table and its ASID in the shared TLB. Accesses go through the
 * TLB first; a miss (or a matching pair whose half is invalid) runs the kernel's refill, which
 * loads both pages of the even/odd pair from the page table if they are mapped with the same size.
 * Every change of the page table invalidates the TLB entries of this ASID that overlap it.
 */
final class MipsMmuSpace implements MmuSpace {
    /** The guest CPU's view of this space (one per space, made by the machine's {@link MipsUserCpu}). */
    MipsGuestMemory guestView;

    final MipsMmu mmu;
    final int taskNumber;
    final PageTable table = new PageTable();
    int asid;
    long asidGeneration;
    boolean destroyed;

    MipsMmuSpace(MipsMmu mmu, int taskNumber) {
        this.mmu = mmu;
        this.taskNumber = taskNumber;
    }

    private static boolean inUserSpace(long va) {
        return va >= 0 && va < R4x00.USER_LIMIT;
    }

    @Override
    public void map(long virtualAddress, long physicalAddress, int sizeLog2, boolean writable, boolean uncached) {
        if (!R4x00.isPageSize(sizeLog2)) {
            throw new IllegalArgumentException("2^" + sizeLog2 + " is no R4x00 page size");
        }
        long mask = (1L << sizeLog2) - 1;
        if ((virtualAddress & mask) != 0 || (physicalAddress & mask) != 0) {
            throw new IllegalArgumentException(String.format("page 0x%x -> 0x%x not aligned to 2^%d",
                    virtualAddress, physicalAddress, sizeLog2));
        }
        if (!inUserSpace(virtualAddress) || virtualAddress + mask >= R4x00.USER_LIMIT) {
            throw new IllegalArgumentException(String.format("page 0x%x outside the 2^40-byte user space", virtualAddress));
        }
        if (destroyed) throw new IllegalStateException("space of task " + taskNumber + " is destroyed");
        PageTable.Extent touched = table.install(
                new PageTable.Entry(virtualAddress, physicalAddress, sizeLog2, writable, uncached));
        mmu.invalidate(this, touched);
    }

    /** [va, va + 2^s) widened to whole 4K pages; s ≥ 64 is the whole space. */
    private static long first(long va, int sizeLog2) {
        return sizeLog2 >= 64 ? 0 : va & ~0xFFFL;
    }

    private static long last(long va, int sizeLog2) {
        if (sizeLog2 >= 64) return -1L;
        long end = va + (1L << Math.max(sizeLog2, 0)) - 1;
        if (Long.compareUnsigned(end, va) < 0) return -1L; // wraps past the top
        return end | 0xFFFL;
    }

    @Override
    public void unmap(long virtualAddress, int sizeLog2) {
        mmu.invalidate(this, table.remove(first(virtualAddress, sizeLog2), last(virtualAddress, sizeLog2)));
    }

    @Override
    public void protect(long virtualAddress, int sizeLog2) {
        mmu.invalidate(this, table.protect(first(virtualAddress, sizeLog2), last(virtualAddress, sizeLog2)));
    }

    @Override
    public Translation translate(long virtualAddress, boolean write) {
        int outcome = access(virtualAddress, write, true);
        mmu.charge(accessCharge);
        switch (outcome) {
            case ACCESS_OK: return Translation.ok(accessPhysical, accessUncached);
            case ACCESS_WRITE_PROTECTED: return Translation.writeProtected();
            default: return Translation.notMapped();
        }
    }

    static final int ACCESS_OK = 0;
    static final int ACCESS_NOT_MAPPED = 1;
    static final int ACCESS_WRITE_PROTECTED = 2;

    /** Results of the last {@link #access}: physical address, cache attribute, cycles it costs. */
    long accessPhysical;
    boolean accessUncached;
    long accessCharge;

    /**
     * One access through the TLB as the hardware and the kernel's refill handler do it, with its
     * price left in {@link #accessCharge} for the caller to charge. {@code chargeAccess} false is an
     * instruction fetch, whose cycle is the issue cycle of the instruction itself.
     */
    int access(long virtualAddress, boolean write, boolean chargeAccess) {
        long accessCycles = chargeAccess ? mmu.accessCycles : 0;
        accessCharge = 0;
        if (!inUserSpace(virtualAddress)) return ACCESS_NOT_MAPPED; // an address error, not a TLB event
        if (destroyed) return ACCESS_NOT_MAPPED;
        int a = mmu.asidOf(this);
        Tlb tlb = mmu.tlb;
        tlb.tick();
        int index = tlb.probe(a, virtualAddress);
        if (index >= 0) {
            Tlb.Entry e = tlb.get(index);
            Tlb.Half h = e.half(virtualAddress);
            if (h.valid) {
                if (!write || h.dirty) {
                    mmu.hits++;
                    accessCharge = accessCycles;
                    accessPhysical = h.physicalBase + (virtualAddress - e.halfBase(virtualAddress));
                    accessUncached = h.uncached;
                    return ACCESS_OK;
                }
                // TLB Modified exception: the kernel consults its page table.
                mmu.modified++;
                PageTable.Entry pte = table.lookup(virtualAddress);
                if (pte == null || !pte.writable) {
                    accessCharge = accessCycles;
                    return ACCESS_WRITE_PROTECTED;
                }
            }
            // VPN2 matches but this half is invalid (TLB Invalid), or a stale read-only copy:
            // handled by the same kernel refill as a miss.
        }
        mmu.misses++;
        accessCharge = mmu.refillCycles;
        PageTable.Entry pte = table.lookup(virtualAddress);
        if (pte == null) return ACCESS_NOT_MAPPED;
        tlb.refill(pairFor(a, pte));
        mmu.refills++;
        accessCharge += accessCycles;
        if (write && !pte.writable) return ACCESS_WRITE_PROTECTED;
        accessPhysical = pte.physical(virtualAddress);
        accessUncached = pte.uncached;
        return ACCESS_OK;
    }

    /** The TLB entry for the even/odd pair around {@code pte}; the buddy only if mapped with the same size. */
    private Tlb.Entry pairFor(int a, PageTable.Entry pte) {
        int s = pte.sizeLog2;
        long pairBase = pte.virtualBase & ~((2L << s) - 1);
        PageTable.Entry even = table.exact(pairBase, s);
        PageTable.Entry odd = table.exact(pairBase + (1L << s), s);
        return new Tlb.Entry(a, pairBase, s, Tlb.Half.of(even), Tlb.Half.of(odd));
    }

    @Override
    public Translation probe(long virtualAddress, boolean write) {
        if (!inUserSpace(virtualAddress)) return Translation.notMapped();
        PageTable.Entry pte = table.lookup(virtualAddress);
        if (pte == null) return Translation.notMapped();
        if (write && !pte.writable) return Translation.writeProtected();
        return Translation.ok(pte.physical(virtualAddress), pte.uncached);
    }

    @Override
    public List<HardwareMapping> entries() {
        List<HardwareMapping> list = new ArrayList<>(table.size());
        for (PageTable.Entry e : table.entries()) {
            list.add(new HardwareMapping(e.virtualBase, e.physicalBase, e.sizeLog2, e.writable, e.uncached));
        }
        return list;
    }

    @Override
    public int tag() {
        return mmu.hasAsid(this) ? asid : -1;
    }

    @Override
    public String toString() {
        return "mips-space(task " + taskNumber + ", asid " + tag() + ")";
    }
}
