package l4.arch.mips;

import java.util.function.LongFunction;

import l4.arch.mips.cpu.GuestMemory;
import l4.arch.mips.cpu.TlbCounters;
import l4.spi.MmuSpace;

/**
 * One address space of the R4x00 MMU model as the guest CPU sees it: every translation goes through
 * the space's ASID in the machine's joint TLB and the kernel's refill from its page table, exactly
 * as {@link MmuSpace#translate} does, but the price is handed to the CPU instead of the clock (the
 * CPU charges its whole run at once). RAM behind a physical address comes from {@code frames}
 * (frame number → its 4 KiB, or null where no RAM is: a bus error).
 */
public final class MipsGuestMemory implements GuestMemory {
    private final MipsMmuSpace space;
    private final LongFunction<byte[]> frames;

    private MipsGuestMemory(MipsMmuSpace space, LongFunction<byte[]> frames) {
        this.space = space;
        this.frames = frames;
    }

    /** The CPU's view of {@code space}, which must come from a MIPS MMU. */
    public static MipsGuestMemory of(MmuSpace space, LongFunction<byte[]> frames) {
        if (!(space instanceof MipsMmuSpace)) throw new IllegalArgumentException(space + " is no MIPS address space");
        return new MipsGuestMemory((MipsMmuSpace) space, frames);
    }

    @Override
    public int translate(long virtualAddress, boolean write, boolean fetch, Frame out) {
        if (virtualAddress < 0 || virtualAddress >= R4x00.USER_LIMIT) {
            out.cycles = 0;
            return ADDRESS_ERROR;
        }
        int outcome = space.access(virtualAddress, write, !fetch);
        out.cycles = space.accessCharge;
        switch (outcome) {
            case MipsMmuSpace.ACCESS_OK: {
                byte[] bytes = frames.apply(space.accessPhysical >>> R4x00.BASE_PAGE_LOG2);
                if (bytes == null) return BUS_ERROR;
                out.bytes = bytes;
                return OK;
            }
            case MipsMmuSpace.ACCESS_WRITE_PROTECTED: return WRITE_PROTECTED;
            default: return NOT_MAPPED;
        }
    }

    @Override
    public TlbCounters counters() {
        return space.mmu.tlb.counters;
    }

    @Override
    public long hitCycles() {
        return space.mmu.accessCycles;
    }
}
