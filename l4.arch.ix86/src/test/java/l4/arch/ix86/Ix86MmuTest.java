package l4.arch.ix86;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import l4.spi.HardwareMapping;
import l4.spi.Mmu;
import l4.spi.MmuSpace;
import l4.spi.Translation;

class Ix86MmuTest {
    // Independent copies of the default prices (checked against the cost model in one test below).
    static final long ACCESS = 1, REFILL = 20, SWITCH = 24, SMALL_SWITCH = 12;

    static final long K4 = 1L << 12, M4 = 1L << 22;

    private long cycles;
    private final Ix86Architecture arch = new Ix86Architecture();

    private Mmu mmu(Map<String, Object> options) {
        cycles = 0;
        return arch.createMmu(c -> cycles += c, options);
    }

    private Mmu mmu() {
        return mmu(Map.of());
    }

    private long charged(Runnable r) {
        long before = cycles;
        r.run();
        return cycles - before;
    }

    private static long stat(Mmu mmu, String key) {
        return mmu.statistics().get(key);
    }

    @Test
    void defaultPricesAreTheOnesThisTestAssumes() {
        PentiumCostModel m = new PentiumCostModel();
        assertEquals(ACCESS, m.cycles(l4.spi.Cost.USER_MEMORY_ACCESS));
        assertEquals(REFILL, m.cycles(l4.spi.Cost.TLB_REFILL));
        assertEquals(SWITCH, m.cycles(l4.spi.Cost.ADDRESS_SPACE_SWITCH));
        assertEquals(SMALL_SWITCH, m.cycles(l4.spi.Cost.SMALL_SPACE_SWITCH));
    }

    @Test
    void translatesFourKilobytePages() {
        Mmu mmu = mmu();
        MmuSpace s = mmu.createSpace(5);
        s.map(0x0804_8000L, 0x0012_3000L, 12, true, false);
        Translation t = s.translate(0x0804_8ABCL, false);
        assertTrue(t.ok());
        assertEquals(0x0012_3ABCL, t.physical());
        assertFalse(t.uncached());
        assertEquals(Translation.Fault.NOT_MAPPED, s.translate(0x0804_9000L, false).fault());
        assertEquals(Translation.Fault.NOT_MAPPED, s.translate(0x0804_7FFFL, false).fault());
    }

    @Test
    void translatesSuperpagesAndReportsUncached() {
        Mmu mmu = mmu();
        MmuSpace s = mmu.createSpace(5);
        s.map(0x4000_0000L, 0xC00_0000L, 22, false, true);
        Translation t = s.translate(0x403F_FFFFL, false);
        assertTrue(t.ok());
        assertEquals(0xC3F_FFFFL, t.physical());
        assertTrue(t.uncached());
        assertEquals(Translation.Fault.NOT_MAPPED, s.translate(0x4040_0000L, false).fault());
        List<HardwareMapping> e = s.entries();
        assertEquals(1, e.size());
        assertEquals(22, e.get(0).sizeLog2());
        assertEquals(0x4000_0000L, e.get(0).virtualAddress());
        assertEquals(0xC00_0000L, e.get(0).physicalAddress());
        assertFalse(e.get(0).writable());
        assertTrue(e.get(0).uncached());
    }

    @Test
    void writeToReadOnlyPageIsWriteProtected() {
        Mmu mmu = mmu();
        MmuSpace s = mmu.createSpace(1);
        s.map(0x1000, 0x5000, 12, false, false);
        assertTrue(s.translate(0x1004, false).ok());
        assertEquals(Translation.Fault.WRITE_PROTECTED, s.translate(0x1004, true).fault());
        assertEquals(Translation.Fault.WRITE_PROTECTED, s.probe(0x1004, true).fault());
    }

    @Test
    void protectDowngradesToReadOnly() {
        Mmu mmu = mmu();
        MmuSpace s = mmu.createSpace(1);
        s.map(0x1000, 0x5000, 12, true, false);
        assertTrue(s.translate(0x1000, true).ok()); // now cached in the TLB as writable
        s.protect(0x1000, 12);
        assertEquals(Translation.Fault.WRITE_PROTECTED, s.translate(0x1000, true).fault(), "stale TLB entry used");
        assertTrue(s.translate(0x1000, false).ok());
    }

    @Test
    void partialUnmapSplitsSuperpageKeepingTheRest() {
        Mmu mmu = mmu();
        MmuSpace s = mmu.createSpace(1);
        s.map(0x0040_0000L, 0x0080_0000L, 22, true, false);
        assertTrue(s.translate(0x0040_5000L, false).ok()); // superpage entry in the TLB
        s.unmap(0x0040_5000L, 12);
        assertEquals(Translation.Fault.NOT_MAPPED, s.translate(0x0040_5000L, false).fault());
        assertEquals(Translation.Fault.NOT_MAPPED, s.translate(0x0040_5FFFL, false).fault());
        Translation before = s.translate(0x0040_4FFFL, true);
        Translation after = s.translate(0x0040_6000L, true);
        assertTrue(before.ok());
        assertTrue(after.ok());
        assertEquals(0x0080_4FFFL, before.physical());
        assertEquals(0x0080_6000L, after.physical());
        List<HardwareMapping> e = s.entries();
        assertEquals(1023, e.size());
        for (HardwareMapping m : e) {
            assertEquals(12, m.sizeLog2());
            assertEquals(m.virtualAddress() + 0x40_0000L, m.physicalAddress());
            assertTrue(m.writable());
        }
        for (int i = 1; i < e.size(); i++) assertTrue(e.get(i - 1).virtualAddress() < e.get(i).virtualAddress());
    }

    @Test
    void partialProtectSplitsWritableSuperpage() {
        Mmu mmu = mmu();
        MmuSpace s = mmu.createSpace(1);
        s.map(0, 0x0040_0000L, 22, true, false);
        s.protect(0x0010_0000L, 20); // 1 MiB of the 4 MiB
        assertTrue(s.translate(0x000F_F000L, true).ok());
        assertEquals(Translation.Fault.WRITE_PROTECTED, s.translate(0x0010_0000L, true).fault());
        assertEquals(Translation.Fault.WRITE_PROTECTED, s.translate(0x001F_FFFFL, true).fault());
        assertTrue(s.translate(0x0020_0000L, true).ok());
        long readOnly = s.entries().stream().filter(m -> !m.writable()).count();
        assertEquals(256, readOnly);
        assertEquals(1024, s.entries().size());
    }

    @Test
    void unmapLargerThanEntriesRemovesEverythingInside() {
        Mmu mmu = mmu();
        MmuSpace s = mmu.createSpace(1);
        s.map(0x0000_1000L, 0x1000, 12, true, false);
        s.map(0x0040_0000L, 0x40_0000L, 22, true, false);
        s.map(0x0080_0000L, 0x2000, 12, true, false);
        s.unmap(0, 23); // [0, 8 MiB)
        assertEquals(1, s.entries().size());
        assertEquals(0x0080_0000L, s.entries().get(0).virtualAddress());
        s.unmap(0, 32); // whole space
        assertTrue(s.entries().isEmpty());
    }

    @Test
    void mappingSmallPageIntoSuperpageSplitsIt() {
        Mmu mmu = mmu();
        MmuSpace s = mmu.createSpace(1);
        s.map(0, 0x40_0000L, 22, true, false);
        s.map(0x3000, 0x9_9000L, 12, false, false);
        assertEquals(0x9_9123L, s.translate(0x3123, false).physical());
        assertEquals(0x40_4000L, s.translate(0x4000, false).physical());
        assertEquals(1024, s.entries().size());
        s.map(0, 0x80_0000L, 22, true, false); // superpage replaces the page table again
        assertEquals(1, s.entries().size());
        assertEquals(0x80_3123L, s.translate(0x3123, false).physical());
    }

    @Test
    void rejectsIllegalMappingsAndIsRobustBeyond32Bits() {
        Mmu mmu = mmu();
        MmuSpace s = mmu.createSpace(1);
        assertThrows(IllegalArgumentException.class, () -> s.map(0x1000, 0x1000, 13, true, false));
        assertThrows(IllegalArgumentException.class, () -> s.map(0x1000, 0x1000, 22, true, false));
        assertThrows(IllegalArgumentException.class, () -> s.map(0x1_0000_0000L, 0x1000, 12, true, false));
        long before = cycles;
        assertEquals(Translation.Fault.NOT_MAPPED, s.translate(0x1_0000_0000L, false).fault());
        assertEquals(Translation.Fault.NOT_MAPPED, s.translate(-4096, false).fault());
        assertEquals(Translation.Fault.NOT_MAPPED, s.probe(0x1_0000_0000L, false).fault());
        assertEquals(before, cycles);
        s.unmap(0x1_0000_0000L, 12); // ignored
        s.protect(0x1_0000_0000L, 12);
    }

    @Test
    void tlbMissChargesWalkAndHitChargesAccessOnly() {
        Mmu mmu = mmu();
        MmuSpace s = mmu.createSpace(1);
        s.map(0x1000, 0x5000, 12, true, false);
        mmu.activate(s);
        assertEquals(REFILL + ACCESS, charged(() -> s.translate(0x1000, false)));
        assertEquals(ACCESS, charged(() -> s.translate(0x1FFC, true)));
        assertEquals(1, stat(mmu, "tlb-misses"));
        assertEquals(1, stat(mmu, "tlb-hits"));
        // a walk that finds nothing still costs the walk, but no access
        assertEquals(REFILL, charged(() -> s.translate(0x9000, false)));
        assertEquals(0, charged(() -> s.probe(0x1000, false)));
        assertEquals(1, stat(mmu, "page-faults"));
    }

    @Test
    void activatingAnotherSpaceFlushesAndCharges() {
        Mmu mmu = mmu();
        MmuSpace a = mmu.createSpace(1);
        MmuSpace b = mmu.createSpace(2);
        a.map(0x1000, 0x5000, 12, true, false);
        b.map(0x1000, 0x7000, 12, true, false);
        assertEquals(SWITCH, charged(() -> mmu.activate(a)));
        assertSame(a, mmu.active());
        s(a, 0x1000, 0x5000);
        assertEquals(ACCESS, charged(() -> a.translate(0x1000, false)));
        assertEquals(0, charged(() -> mmu.activate(a)), "re-activating the active space is free");
        assertEquals(SWITCH, charged(() -> mmu.activate(b)));
        assertEquals(REFILL + ACCESS, charged(() -> s(b, 0x1000, 0x7000)), "same address, other space: miss");
        assertEquals(SWITCH, charged(() -> mmu.activate(a)));
        assertEquals(REFILL + ACCESS, charged(() -> s(a, 0x1000, 0x5000)), "flushed by the switch");
        assertEquals(3, stat(mmu, "tlb-flushes"));
        assertEquals(3, stat(mmu, "address-space-switches"));
        assertEquals(0, stat(mmu, "small-space-switches"));
    }

    private static void s(MmuSpace space, long va, long pa) {
        Translation t = space.translate(va, false);
        assertTrue(t.ok());
        assertEquals(pa, t.physical());
    }

    @Test
    void tlbEvictsLeastRecentlyUsedPerPageSize() {
        Mmu mmu = mmu(Map.of("tlbEntries4K", 4, "tlbEntries4M", "2"));
        MmuSpace s = mmu.createSpace(1);
        mmu.activate(s);
        for (int i = 0; i < 5; i++) s.map(i * K4, 0x10_0000L + i * K4, 12, true, false);
        for (int i = 0; i < 3; i++) s.map(0x4000_0000L + i * M4, i * M4, 22, true, false);
        for (int i = 0; i < 4; i++) s.translate(i * K4, false); // fill 4K set: 0,1,2,3
        s.translate(0, false);                                   // 0 most recent; LRU is 1
        s.translate(4 * K4, false);                              // evicts page 1
        assertEquals(4, stat(mmu, "tlb-4k-used"));
        assertEquals(ACCESS, charged(() -> s.translate(0, false)));
        assertEquals(REFILL + ACCESS, charged(() -> s.translate(1 * K4, false)), "LRU entry was evicted");
        // the 4M set is separate: two superpages fit beside the 4K entries
        s.translate(0x4000_0000L, false);
        s.translate(0x4000_0000L + M4, false);
        assertEquals(ACCESS, charged(() -> s.translate(0x4000_0000L, false)));
        assertEquals(2, stat(mmu, "tlb-4m-used"));
        s.translate(0x4000_0000L + 2 * M4, false); // evicts the LRU superpage (the second)
        assertEquals(REFILL + ACCESS, charged(() -> s.translate(0x4000_0000L + M4, false)));
        assertEquals(4, stat(mmu, "tlb-4k-used"));
    }

    @Test
    void unmapInvalidatesTlb() {
        Mmu mmu = mmu();
        MmuSpace s = mmu.createSpace(1);
        mmu.activate(s);
        s.map(0x1000, 0x5000, 12, true, false);
        assertTrue(s.translate(0x1000, false).ok());
        s.unmap(0x1000, 12);
        assertEquals(Translation.Fault.NOT_MAPPED, s.translate(0x1000, false).fault());
        s.map(0x1000, 0x6000, 12, true, false);
        assertEquals(0x6000, s.translate(0x1000, false).physical());
        s.map(0x1000, 0x7000, 12, true, false); // replaced while cached
        assertEquals(0x7000, s.translate(0x1000, false).physical());
    }

    @Test
    void spacesAreIndependentAndMachinesDoNotShareState() {
        Mmu one = mmu();
        Mmu two = arch.createMmu(c -> { }, Map.of());
        MmuSpace a = one.createSpace(3);
        MmuSpace b = two.createSpace(3);
        a.map(0x1000, 0x5000, 12, true, false);
        assertEquals(Translation.Fault.NOT_MAPPED, b.translate(0x1000, false).fault());
        assertThrows(IllegalArgumentException.class, () -> two.activate(a));
        assertNull(two.active());
        one.activate(a);
        one.destroySpace(a);
        assertNull(one.active());
        assertThrows(IllegalStateException.class, () -> a.translate(0x1000, false));
    }

    // ---- small spaces --------------------------------------------------------------------------

    private static Map<String, Object> small() {
        Map<String, Object> o = new HashMap<>();
        o.put("smallSpaces", "true");
        return o;
    }

    @Test
    void smallSpacesAreOffByDefault() {
        Mmu mmu = mmu();
        MmuSpace s = mmu.createSpace(1);
        mmu.activate(s);
        assertEquals(-1, s.tag());
        assertEquals(0, stat(mmu, "small-spaces"));
    }

    @Test
    void switchingBetweenSmallSpacesReloadsSegmentsOnly() {
        Mmu mmu = mmu(small());
        MmuSpace large = mmu.createSpace(1);
        large.map(0x4000_0000L, 0x4000_0000L, 22, true, false); // beyond 16 MiB: large
        MmuSpace client = mmu.createSpace(2);
        client.map(0x1000, 0x9000, 12, true, false);          // below 16 MiB: small
        MmuSpace other = mmu.createSpace(3);
        other.map(0xFF_F000L, 0xA000, 12, true, false);       // last page of the slot: small

        assertEquals(SWITCH, charged(() -> mmu.activate(large)));
        assertEquals(-1, large.tag());
        assertEquals(SMALL_SWITCH, charged(() -> mmu.activate(client)));
        assertEquals(0, client.tag());
        s(client, 0x1000, 0x9000);
        assertEquals(SMALL_SWITCH, charged(() -> mmu.activate(large)), "back to the loaded directory: no CR3 load");
        assertEquals(REFILL + ACCESS, charged(() -> s(large, 0x4000_0000L, 0x4000_0000L)));
        assertEquals(SMALL_SWITCH, charged(() -> mmu.activate(other)));
        assertEquals(1, other.tag());
        assertEquals(SMALL_SWITCH, charged(() -> mmu.activate(client)));
        assertEquals(ACCESS, charged(() -> s(client, 0x1000, 0x9000)), "small-space entries stay in the TLB");
        assertEquals(SMALL_SWITCH, charged(() -> mmu.activate(large)));
        assertEquals(ACCESS, charged(() -> s(large, 0x4000_0000L, 0x4000_0000L)), "no flush happened");
        assertEquals(1, stat(mmu, "tlb-flushes"));
        assertEquals(2, stat(mmu, "small-spaces"));
    }

    @Test
    void switchToAnotherLargeSpaceKeepsSmallSpaceEntries() {
        Mmu mmu = mmu(small());
        MmuSpace l1 = mmu.createSpace(1);
        MmuSpace l2 = mmu.createSpace(2);
        MmuSpace sm = mmu.createSpace(3);
        l1.map(0x2000_0000L, 0x1000, 12, true, false);
        l2.map(0x2000_0000L, 0x2000, 12, true, false);
        sm.map(0x1000, 0x3000, 12, true, false);
        mmu.activate(l1);
        s(l1, 0x2000_0000L, 0x1000);
        mmu.activate(sm);
        s(sm, 0x1000, 0x3000);
        assertEquals(SWITCH, charged(() -> mmu.activate(l2)), "from a small space to a large space not loaded");
        assertEquals(REFILL + ACCESS, charged(() -> s(l2, 0x2000_0000L, 0x2000)));
        assertEquals(ACCESS, charged(() -> s(sm, 0x1000, 0x3000)), "global small-space entry survived the flush");
        assertEquals(SWITCH, charged(() -> mmu.activate(l1)));
        assertEquals(REFILL + ACCESS, charged(() -> s(l1, 0x2000_0000L, 0x1000)), "l1's entries were flushed");
    }

    @Test
    void mappingBeyondTheSlotMakesTheSpaceLarge() {
        Mmu mmu = mmu(small());
        MmuSpace sm = mmu.createSpace(1);
        sm.map(0x1000, 0x3000, 12, true, false);
        assertEquals(SMALL_SWITCH, charged(() -> mmu.activate(sm)));
        assertEquals(0, sm.tag());
        // running small space grows beyond 16 MiB: it needs its own page directory now
        assertEquals(SWITCH, charged(() -> sm.map(0x0100_0000L, 0x4000, 12, true, false)));
        assertEquals(-1, sm.tag());
        assertEquals(1, stat(mmu, "spaces-made-large"));
        assertEquals(REFILL + ACCESS, charged(() -> s(sm, 0x1000, 0x3000)));
        s(sm, 0x0100_0000L, 0x4000);
        // shrinking again makes it small at its next activation
        MmuSpace other = mmu.createSpace(2);
        other.map(0x4000_0000L, 0, 22, true, false);
        mmu.activate(other);
        sm.unmap(0x0100_0000L, 12);
        assertEquals(SMALL_SWITCH, charged(() -> mmu.activate(sm)));
        assertEquals(0, sm.tag());
    }

    @Test
    void slotSizeIsConfigurableAndSlotsRunOut() {
        Map<String, Object> o = small();
        o.put("smallSpaceSizeMiB", 256); // 512 MiB region: two slots
        Mmu mmu = mmu(o);
        MmuSpace[] spaces = new MmuSpace[3];
        for (int i = 0; i < 3; i++) {
            spaces[i] = mmu.createSpace(i + 1);
            spaces[i].map(0x0FF0_0000L, 0x1000, 12, true, false); // 255 MiB: fits a 256 MiB slot
            mmu.activate(spaces[i]);
        }
        assertEquals(0, spaces[0].tag());
        assertEquals(1, spaces[1].tag());
        assertEquals(-1, spaces[2].tag(), "no slot left");
        mmu.destroySpace(spaces[0]);
        mmu.activate(spaces[1]);
        mmu.activate(spaces[2]);
        assertEquals(0, spaces[2].tag(), "freed slot reused");
        assertThrows(IllegalArgumentException.class, () -> mmu(Map.of("smallSpaceSizeMiB", 12)));
        assertThrows(IllegalArgumentException.class, () -> mmu(Map.of("smallSpaces", "maybe")));
    }
}
