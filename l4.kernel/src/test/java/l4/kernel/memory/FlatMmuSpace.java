package l4.kernel.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import l4.spi.HardwareMapping;
import l4.spi.MmuSpace;
import l4.spi.Translation;

/**
 * Test double of a page table: 4 KiB entries in a sorted map. A superpage install is split into
 * 4 KiB entries at once, so partial unmap/protect needs no special case. Records installs
 * (to check superpage decisions) and counts calls (to check the database does O(1) MMU work per page).
 */
public final class FlatMmuSpace implements MmuSpace {
    public record Entry(long physical, boolean writable, boolean uncached) { }

    /** One call of {@link #map}: what the database asked the hardware for. */
    public record Install(long virtualAddress, long physicalAddress, int sizeLog2, boolean writable) { }

    private static final long PAGE = 4096;

    final int task;
    final TreeMap<Long, Entry> table = new TreeMap<>(Long::compareUnsigned);
    final List<Install> installs = new ArrayList<>();
    long mapCalls;
    long unmapCalls;
    long protectCalls;
    long translations;

    public FlatMmuSpace(int task) {
        this.task = task;
    }

    @Override
    public void map(long va, long pa, int sizeLog2, boolean writable, boolean uncached) {
        if (sizeLog2 < 12 || ((va | pa) & ((1L << sizeLog2) - 1)) != 0) {
            throw new IllegalArgumentException(String.format("misaligned install 0x%x -> 0x%x 2^%d", va, pa, sizeLog2));
        }
        mapCalls++;
        installs.add(new Install(va, pa, sizeLog2, writable));
        for (long i = 0; i < 1L << (sizeLog2 - 12); i++) {
            table.put(va + i * PAGE, new Entry(pa + i * PAGE, writable, uncached));
        }
    }

    @Override
    public void unmap(long va, int sizeLog2) {
        unmapCalls++;
        range(va, sizeLog2).clear();
    }

    @Override
    public void protect(long va, int sizeLog2) {
        protectCalls++;
        for (Map.Entry<Long, Entry> e : range(va, sizeLog2).entrySet()) {
            e.setValue(new Entry(e.getValue().physical(), false, e.getValue().uncached()));
        }
    }

    private Map<Long, Entry> range(long va, int sizeLog2) {
        long last = va + (sizeLog2 >= 64 ? -1L : (1L << sizeLog2) - 1);
        return table.subMap(va, true, last, true);
    }

    @Override
    public Translation translate(long va, boolean write) {
        translations++;
        return probe(va, write);
    }

    @Override
    public Translation probe(long va, boolean write) {
        Entry e = table.get(va & ~(PAGE - 1));
        if (e == null) return Translation.notMapped();
        if (write && !e.writable()) return Translation.writeProtected();
        return Translation.ok(e.physical() + (va & (PAGE - 1)), e.uncached());
    }

    @Override
    public List<HardwareMapping> entries() {
        List<HardwareMapping> out = new ArrayList<>();
        table.forEach((va, e) -> out.add(new HardwareMapping(va, e.physical(), 12, e.writable(), e.uncached())));
        return out;
    }

    @Override
    public int tag() {
        return task;
    }

    /** Plants an entry behind the database's back (to prove the checker notices). */
    void corrupt(long va, long pa, boolean writable) {
        table.put(va, new Entry(pa, writable, false));
    }
}
