package l4.kernel.memory;

import java.util.Map;
import java.util.TreeMap;

import l4.spi.MmuSpace;

import l4.spi.Cost;
import l4.spi.CostModel;

/** A memory subsystem on test doubles: memory, database, a cycle counter and spaces by task number. */
final class Machine {
    static final long MAP = 10;
    static final long UNMAP_BASE = 1000;
    static final long UNMAP_PAGE = 3;
    static final int[] IX86_SIZES = {12, 22};
    static final int[] MIPS_SIZES = {12, 14, 16, 18, 20, 22, 24};

    final PhysicalMemory memory;
    final FlatMmu mmu = new FlatMmu();
    final MappingDatabase db;
    final Map<Integer, AddressSpace> spaces = new TreeMap<>();
    long cycles;

    static final CostModel COSTS = new CostModel() {
        @Override
        public long cycles(Cost cost) {
            switch (cost) {
                case MAP_PER_PAGE: return MAP;
                case UNMAP_BASE: return UNMAP_BASE;
                case UNMAP_PER_PAGE: return UNMAP_PAGE;
                default: return 1;
            }
        }

        @Override
        public String source(Cost cost) {
            return "test";
        }
    };

    Machine(long memoryBytes, int[] pageSizes) {
        memory = new PhysicalMemory(memoryBytes);
        db = new MappingDatabase(memory, pageSizes, c -> cycles += c, COSTS);
        db.initSigma0(space(0));
    }

    Machine() {
        this(16L << 20, IX86_SIZES);
    }

    AddressSpace space(int task) {
        return spaces.computeIfAbsent(task, t -> new AddressSpace(t, mmu.createSpace(t)));
    }

    AddressSpace sigma0() {
        return space(0);
    }

    /** Replaces a task's space by a fresh one (the task was killed and its number reused). */
    AddressSpace respawn(int task) {
        AddressSpace old = spaces.remove(task);
        if (old != null) mmu.destroySpace(old.mmu());
        return space(task);
    }

    FlatMmuSpace flat(int task) {
        MmuSpace s = space(task).mmu();
        return (FlatMmuSpace) s;
    }

    /** Maps 2^size bytes from {@code from} at {@code src} to {@code to} at {@code dst} (equal sizes, hot spot 0). */
    MapOutcome map(int from, long src, int size, int to, long dst, boolean writable) {
        return db.map(space(from), l4.api.Fpage.of(src, size, writable), 0, space(to), l4.api.Fpage.of(dst, size, true), false);
    }

    MapOutcome grant(int from, long src, int size, int to, long dst, boolean writable) {
        return db.map(space(from), l4.api.Fpage.of(src, size, writable), 0, space(to), l4.api.Fpage.of(dst, size, true), true);
    }

    /** The frame the task's page at {@code va} translates to, or -1 if not mapped. */
    long frameOf(int task, long va) {
        var t = space(task).mmu().probe(va, false);
        return t.ok() ? t.physical() : -1;
    }

    boolean writable(int task, long va) {
        return space(task).mmu().probe(va, true).ok();
    }
}
