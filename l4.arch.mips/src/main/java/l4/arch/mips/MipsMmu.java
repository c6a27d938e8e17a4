package l4.arch.mips;

import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import l4.spi.Cost;
import l4.spi.CostModel;
import l4.spi.CycleSink;
import l4.spi.Mmu;
import l4.spi.MmuSpace;

/**
 * The R4x00 MMU of one machine: one ASID-tagged, software-refilled TLB shared by all address
 * spaces, each of which has its own kernel page table ({@link MipsMmuSpace}).
 * <ul>
 * <li>{@link #activate} only makes the space's ASID current (ADDRESS_SPACE_SWITCH, no flush).</li>
 * <li>ASIDs are given out lazily, when a space first touches the TLB; with more than 255 spaces
 *     in use the whole TLB is flushed and all ASIDs recycled (counted, priced TLB_FLUSH).</li>
 * <li>Translations charge USER_MEMORY_ACCESS for an access that completes and TLB_REFILL for each
 *     miss (the kernel's refill handler), also when the refill finds no mapping.</li>
 * </ul>
 * All state is per instance and unlocked: the kernel calls it only while holding the simulated CPU (see {@link l4.spi.Mmu}).
 */
final class MipsMmu implements Mmu {
    private static final Logger LOG = LoggerFactory.getLogger(MipsMmu.class);

    /** Option key for the price of flushing the whole TLB on ASID rollover (not a generic {@link Cost}). */
    static final String TLB_FLUSH_OPTION = "TLB_FLUSH";
    /**
     * L4/MIPS tlb.S flush loop: per entry mtc0 Index, an unmatchable EntryHi, tlbwi and the loop
     * branch, about 5 cycles, × 48 entries.
     */
    static final long DEFAULT_TLB_FLUSH = 5L * R4x00.TLB_ENTRIES;

    private final CycleSink clock;
    final long accessCycles;
    final long refillCycles;
    final long switchCycles;
    final long flushCycles;

    final Tlb tlb = new Tlb(R4x00.TLB_ENTRIES, 0);
    private final AsidAllocator asids = new AsidAllocator(R4x00.ASID_BITS);
    private MipsMmuSpace active;
    private int liveSpaces;

    /** TLB hits the model translated itself; {@link #hits()} adds those the guest CPU's host caches took. */
    long hits;
    long misses, refills, modified, invalidations, flushes, switches, asidAllocations, rollovers;
    /** {@code tlb.counters.hits} when {@link #hits} was last set from a snapshot. */
    private long hostHitsBase;

    /** Every TLB hit, the model's own and the host caches'. */
    long hits() {
        return hits + tlb.counters.hits - hostHitsBase;
    }

    MipsMmu(CycleSink clock, CostModel costs, Map<String, ?> options) {
        this.clock = clock;
        this.accessCycles = costs.cycles(Cost.USER_MEMORY_ACCESS);
        this.refillCycles = costs.cycles(Cost.TLB_REFILL);
        this.switchCycles = costs.cycles(Cost.ADDRESS_SPACE_SWITCH);
        this.flushCycles = CycleOptions.read(options, TLB_FLUSH_OPTION).orElse(DEFAULT_TLB_FLUSH);
    }

    void charge(long cycles) {
        if (cycles > 0 && clock != null) clock.charge(cycles);
    }

    @Override
    public MmuSpace createSpace(int taskNumber) {
        liveSpaces++;
        return new MipsMmuSpace(this, taskNumber);
    }

    private MipsMmuSpace own(MmuSpace space) {
        if (!(space instanceof MipsMmuSpace) || ((MipsMmuSpace) space).mmu != this) {
            throw new IllegalArgumentException("space " + space + " does not belong to this MIPS MMU");
        }
        return (MipsMmuSpace) space;
    }

    @Override
    public void destroySpace(MmuSpace space) {
        MipsMmuSpace s = own(space);
        if (s.destroyed) return;
        if (hasAsid(s)) {
            invalidations += tlb.invalidateAsid(s.asid); // L4/MIPS: tlb_flush_asid, then asid_free
            asids.free(s.asid);
        }
        s.asid = 0;
        s.destroyed = true;
        s.table.clear();
        liveSpaces--;
        if (active == s) active = null;
    }

    @Override
    public void activate(MmuSpace space) {
        if (space == active) return;
        if (space == null) {
            active = null;
            return;
        }
        MipsMmuSpace s = own(space);
        if (s.destroyed) throw new IllegalStateException("activating destroyed space of task " + s.taskNumber);
        asidOf(s);
        switches++;
        charge(switchCycles);
        active = s;
    }

    @Override
    public MmuSpace active() {
        return active;
    }

    boolean hasAsid(MipsMmuSpace s) {
        return s.asid != 0 && s.asidGeneration == asids.generation();
    }

    /** The space's ASID in the current generation, allocating one (and recycling all if none is left). */
    int asidOf(MipsMmuSpace s) {
        if (hasAsid(s)) return s.asid;
        int a = asids.allocate();
        if (a < 0) {
            tlb.flushAll();
            asids.recycle();
            flushes++;
            rollovers++;
            charge(flushCycles);
            LOG.debug("mips: all {} ASIDs in use, TLB flushed, generation {}", asids.capacity(), asids.generation());
            a = asids.allocate();
        }
        asidAllocations++;
        s.asid = a;
        s.asidGeneration = asids.generation();
        return a;
    }

    /** Invalidates the TLB entries of {@code s} overlapping an extent the page table changed. */
    void invalidate(MipsMmuSpace s, PageTable.Extent extent) {
        if (extent != null && hasAsid(s)) invalidations += tlb.invalidate(s.asid, extent.first, extent.last);
    }

    @Override
    public Map<String, Long> statistics() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("tlb-hits", hits());
        m.put("tlb-misses", misses);
        m.put("tlb-refills", refills);
        m.put("tlb-modified", modified);
        m.put("tlb-invalidations", invalidations);
        m.put("tlb-flushes", flushes);
        m.put("tlb-valid-entries", (long) tlb.occupied());
        m.put("asid-switches", switches);
        m.put("asid-allocations", asidAllocations);
        m.put("asid-rollovers", rollovers);
        m.put("asids-in-use", (long) asids.inUse());
        m.put("spaces", (long) liveSpaces);
        return m;
    }

    // ---- machine snapshots -----------------------------------------------------------------

    @Override
    public void saveState(java.io.DataOutput out, java.util.List<MmuSpace> spaces) throws java.io.IOException {
        out.writeInt(spaces.size());
        for (MmuSpace m : spaces) {
            MipsMmuSpace s = own(m);
            out.writeShort(s.asid);
            out.writeLong(s.asidGeneration);
        }
        asids.save(out);
        tlb.save(out);
        out.writeInt(liveSpaces);
        for (long c : new long[] {hits(), misses, refills, modified, invalidations, flushes, switches, asidAllocations, rollovers}) {
            out.writeLong(c);
        }
    }

    @Override
    public void loadState(java.io.DataInput in, java.util.List<MmuSpace> spaces) throws java.io.IOException {
        if (in.readInt() != spaces.size()) throw new java.io.IOException("another number of address spaces");
        for (MmuSpace m : spaces) {
            MipsMmuSpace s = own(m);
            s.asid = in.readUnsignedShort();
            s.asidGeneration = in.readLong();
        }
        asids.load(in);
        tlb.load(in);
        liveSpaces = in.readInt();
        hits = in.readLong();
        hostHitsBase = tlb.counters.hits;
        misses = in.readLong();
        refills = in.readLong();
        modified = in.readLong();
        invalidations = in.readLong();
        flushes = in.readLong();
        switches = in.readLong();
        asidAllocations = in.readLong();
        rollovers = in.readLong();
    }
}
