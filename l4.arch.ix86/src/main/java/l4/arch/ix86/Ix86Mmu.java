package l4.arch.ix86;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import l4.spi.Cost;
import l4.spi.CostModel;
import l4.spi.CycleSink;
import l4.spi.HardwareMapping;
import l4.spi.Mmu;
import l4.spi.MmuSpace;
import l4.spi.Translation;

/**
 * The ix86 MMU of one machine: per-space two-level page tables walked by the hardware on a TLB
 * miss, one untagged TLB, and optionally small address spaces emulated with segments.
 *
 * <p>Address-space switches ({@link #activate}):
 * <ul>
 * <li>to a large space other than the one whose page directory is loaded: CR3 load, which flushes
 *     every non-global TLB entry; charges ADDRESS_SPACE_SWITCH;</li>
 * <li>to a small space, or back to the large space whose page directory is still loaded (coming
 *     from a small space): segment reload only, no flush; charges SMALL_SPACE_SWITCH. Small spaces
 *     live in a region shared by all page directories, so their TLB entries are global and survive
 *     CR3 loads (as with Pentium Pro global pages; a plain P5 would lose them).</li>
 * </ul>
 * A space is small when small spaces are enabled, all its mappings lie below the slot size and a
 * slot is free; this is decided when the space is activated. A mapping beyond the slot makes it
 * large again at once (if it is running, the kernel must then load its own page directory: a CR3
 * load is charged).
 *
 * <p>Costs: {@link #translate} charges USER_MEMORY_ACCESS for an access that completes and
 * TLB_REFILL for every walk (TLB miss), also for a walk that ends in a fault; a faulting access
 * charges no USER_MEMORY_ACCESS (it is charged when retried). {@link #probe} charges nothing.
 * Invalidations on map/unmap/protect are free here: the kernel prices them in MAP_PER_PAGE and
 * UNMAP_PER_PAGE.
 */
final class Ix86Mmu implements Mmu {
    private static final Logger LOG = LoggerFactory.getLogger(Ix86Mmu.class);

    private final CycleSink clock;
    private final MmuConfig config;
    private final long accessCost;
    private final long refillCost;
    private final long switchCost;
    private final long smallSwitchCost;
    private final Tlb tlb;
    private final Ix86Space[] slots;

    /** The running space ({@link #activeSpace}), unless {@link #activeLoaded}. */
    private Ix86Space active;
    /** The space whose page directory CR3 points to (null: the kernel's own, at boot). */
    private Ix86Space loadedDirectory;
    /**
     * Whether the running space is {@link #loadedDirectory}: a switch that loads CR3 then stores
     * one reference, not two (on the host a reference stored into a long-lived object can cost
     * G1 a fence).
     */
    private boolean activeLoaded;
    private int nextId = 1;

    private long hits, misses, faults, flushes, flushedEntries, invalidatedEntries;
    private long addressSpaceSwitches, smallSpaceSwitches, madeSmall, madeLarge;

    Ix86Mmu(CycleSink clock, MmuConfig config, CostModel costs) {
        if (clock == null) throw new IllegalArgumentException("no cycle sink");
        this.clock = clock;
        this.config = config;
        this.accessCost = costs.cycles(Cost.USER_MEMORY_ACCESS);
        this.refillCost = costs.cycles(Cost.TLB_REFILL);
        this.switchCost = costs.cycles(Cost.ADDRESS_SPACE_SWITCH);
        this.smallSwitchCost = costs.cycles(Cost.SMALL_SPACE_SWITCH);
        this.tlb = new Tlb(config.tlb4k, config.tlb4m);
        this.slots = new Ix86Space[config.slotCount()];
        LOG.debug("ix86 MMU: TLB {}, small spaces {}", config.describeTlb(), config.describeSmallSpaces());
    }

    // ---- Mmu ---------------------------------------------------------------------------------

    @Override
    public MmuSpace createSpace(int taskNumber) {
        return new Ix86Space(this, nextId++, taskNumber);
    }

    @Override
    public void destroySpace(MmuSpace space) {
        Ix86Space s = own(space);
        if (s.destroyed) return;
        invalidatedEntries += tlb.invalidateSpace(s.id);
        releaseSlot(s);
        s.destroyed = true;
        if (activeSpace() == s) active(null);
        if (loadedDirectory == s) loadedDirectory = null; // CR3 falls back to the kernel's directory
    }

    @Override
    public void activate(MmuSpace space) {
        if (space == null) {
            active(null);
            return;
        }
        Ix86Space target = own(space);
        checkAlive(target);
        Ix86Space running = activeSpace();
        if (target == running) return;
        if (config.smallSpaces && !target.isSmall()) tryMakeSmall(target);
        if (target.isSmall() || target == loadedDirectory) {
            // Segment reload only: the target's translations are reachable from the loaded directory.
            if (running != null || target.isSmall()) {
                clock.charge(smallSwitchCost);
                smallSpaceSwitches++;
            }
        } else {
            loadDirectory(target);
        }
        if (target == loadedDirectory) activeLoaded = true;
        else active(target);
    }

    @Override
    public MmuSpace active() {
        return activeSpace();
    }

    private Ix86Space activeSpace() {
        return activeLoaded ? loadedDirectory : active;
    }

    private void active(Ix86Space s) {
        activeLoaded = false;
        active = s;
    }

    @Override
    public Map<String, Long> statistics() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("tlb-hits", hits);
        m.put("tlb-misses", misses);
        m.put("tlb-flushes", flushes);
        m.put("tlb-flushed-entries", flushedEntries);
        m.put("tlb-invalidated-entries", invalidatedEntries);
        m.put("tlb-evictions", tlb.evictions());
        m.put("tlb-4k-used", (long) tlb.smallUsed());
        m.put("tlb-4m-used", (long) tlb.largeUsed());
        m.put("page-faults", faults);
        m.put("address-space-switches", addressSpaceSwitches);
        m.put("small-space-switches", smallSpaceSwitches);
        m.put("small-spaces", (long) smallSpaceCount());
        m.put("spaces-made-small", madeSmall);
        m.put("spaces-made-large", madeLarge);
        return m;
    }

    MmuConfig config() {
        return config;
    }

    // ---- operations of the spaces ------------------------------------------------------------

    void map(Ix86Space s, long va, long pa, int sizeLog2, boolean writable, boolean uncached) {
        checkAlive(s);
        s.tables.map(va, pa, sizeLog2, writable, uncached);
        invalidatedEntries += tlb.invalidate(s.id, va, va + (1L << sizeLog2));
        if (s.isSmall() && va + (1L << sizeLog2) > config.slotBytes()) makeLarge(s);
    }

    void unmap(Ix86Space s, long va, int sizeLog2) {
        checkAlive(s);
        long[] r = range(va, sizeLog2);
        if (r == null) return;
        s.tables.unmap(r[0], r[1]);
        invalidatedEntries += tlb.invalidate(s.id, r[0], r[1]);
    }

    void protect(Ix86Space s, long va, int sizeLog2) {
        checkAlive(s);
        long[] r = range(va, sizeLog2);
        if (r == null) return;
        s.tables.protect(r[0], r[1]);
        invalidatedEntries += tlb.invalidate(s.id, r[0], r[1]);
    }

    Translation translate(Ix86Space s, long va, boolean write) {
        checkAlive(s);
        if (va < 0 || va >= PageDirectory.SPACE_END) return Translation.notMapped();
        Tlb.Entry e = tlb.lookup(s.id, va);
        if (e != null) {
            hits++;
        } else {
            misses++;
            clock.charge(refillCost); // the hardware walks the page directory and table
            PageDirectory.Entry walked = s.tables.lookup(va);
            if (walked == null) {
                faults++;
                return Translation.notMapped();
            }
            e = new Tlb.Entry(s.id, walked.virtualBase, walked.physicalBase, walked.sizeLog2, walked.writable,
                    walked.uncached, s.isSmall());
            tlb.insert(e);
        }
        if (write && !e.writable) {
            faults++;
            return Translation.writeProtected();
        }
        clock.charge(accessCost);
        return Translation.ok(e.physicalBase + (va - e.virtualBase), e.uncached);
    }

    Translation probe(Ix86Space s, long va, boolean write) {
        PageDirectory.Entry e = s.tables.lookup(va);
        if (e == null) return Translation.notMapped();
        if (write && !e.writable) return Translation.writeProtected();
        return Translation.ok(e.physicalBase + (va - e.virtualBase), e.uncached);
    }

    List<HardwareMapping> entries(Ix86Space s) {
        return s.tables.entries();
    }

    // ---- helpers -----------------------------------------------------------------------------

    /** CR3 load: flushes the non-global TLB entries. */
    private void loadDirectory(Ix86Space target) {
        clock.charge(switchCost);
        addressSpaceSwitches++;
        flushes++;
        flushedEntries += tlb.flushNonGlobal();
        loadedDirectory = target;
    }

    private void tryMakeSmall(Ix86Space s) {
        if (!s.tables.nothingAbove(config.slotBytes())) return;
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] == null) {
                // Its translations move to other (global) linear addresses: drop the old ones.
                invalidatedEntries += tlb.invalidateSpace(s.id);
                slots[i] = s;
                s.slot = i;
                madeSmall++;
                return;
            }
        }
    }

    private void makeLarge(Ix86Space s) {
        invalidatedEntries += tlb.invalidateSpace(s.id);
        releaseSlot(s);
        madeLarge++;
        if (s == activeSpace() && loadedDirectory != s) {
            // The running space now needs its own page directory.
            loadDirectory(s);
        }
    }

    private void releaseSlot(Ix86Space s) {
        if (s.slot >= 0) {
            slots[s.slot] = null;
            s.slot = -1;
        }
    }

    private int smallSpaceCount() {
        int n = 0;
        for (Ix86Space s : slots) if (s != null) n++;
        return n;
    }

    /** [start, end) of the 4K pages covering [va, va + 2^sizeLog2) within the 32-bit space; null if empty. */
    private static long[] range(long va, int sizeLog2) {
        if (va < 0 || va >= PageDirectory.SPACE_END || sizeLog2 < 0) return null;
        long end = sizeLog2 >= 33 ? PageDirectory.SPACE_END : Math.min(va + (1L << sizeLog2), PageDirectory.SPACE_END);
        long page = (1L << PageDirectory.SMALL_PAGE) - 1;
        return new long[] {va & ~page, Math.min((end + page) & ~page, PageDirectory.SPACE_END)};
    }

    private Ix86Space own(MmuSpace space) {
        if (!(space instanceof Ix86Space) || ((Ix86Space) space).mmu != this) {
            throw new IllegalArgumentException("space " + space + " does not belong to this MMU");
        }
        return (Ix86Space) space;
    }

    private static void checkAlive(Ix86Space s) {
        if (s.destroyed) throw new IllegalStateException(s + " was destroyed");
    }

    // ---- machine snapshots -------------------------------------------------------------------

    /**
     * Spaces are named by their index in the machine's list; an id of no live space (none should
     * be in the TLB: a destroyed space's entries are invalidated) is kept as -2 - id.
     */
    @Override
    public void saveState(java.io.DataOutput out, List<MmuSpace> spaces) throws java.io.IOException {
        Map<Integer, Integer> index = new java.util.HashMap<>();
        Map<Ix86Space, Integer> position = new java.util.IdentityHashMap<>();
        for (int i = 0; i < spaces.size(); i++) {
            Ix86Space s = own(spaces.get(i));
            index.put(s.id, i);
            position.put(s, i);
        }
        out.writeInt(spaces.size());
        out.writeInt(nextId);
        for (MmuSpace m : spaces) out.writeInt(own(m).slot);
        out.writeInt(slots.length);
        for (Ix86Space s : slots) out.writeInt(s == null ? -1 : position.getOrDefault(s, -1));
        out.writeInt(loadedDirectory == null ? -1 : position.getOrDefault(loadedDirectory, -1));
        tlb.save(out, id -> index.getOrDefault(id, -2 - id));
        for (long c : new long[] {hits, misses, faults, flushes, flushedEntries, invalidatedEntries, addressSpaceSwitches,
                smallSpaceSwitches, madeSmall, madeLarge}) {
            out.writeLong(c);
        }
    }

    @Override
    public void loadState(java.io.DataInput in, List<MmuSpace> spaces) throws java.io.IOException {
        if (in.readInt() != spaces.size()) throw new java.io.IOException("another number of address spaces");
        nextId = Math.max(nextId, in.readInt());
        for (MmuSpace m : spaces) own(m).slot = in.readInt();
        if (in.readInt() != slots.length) throw new java.io.IOException("another number of small-space slots");
        for (int i = 0; i < slots.length; i++) {
            int at = in.readInt();
            slots[i] = at < 0 ? null : own(spaces.get(at));
        }
        int loaded = in.readInt();
        if (activeLoaded) active(loadedDirectory); // the running space stays
        loadedDirectory = loaded < 0 ? null : own(spaces.get(loaded));
        tlb.load(in, i -> i >= 0 ? own(spaces.get(i)).id : -2 - i);
        hits = in.readLong();
        misses = in.readLong();
        faults = in.readLong();
        flushes = in.readLong();
        flushedEntries = in.readLong();
        invalidatedEntries = in.readLong();
        addressSpaceSwitches = in.readLong();
        smallSpaceSwitches = in.readLong();
        madeSmall = in.readLong();
        madeLarge = in.readLong();
    }
}
