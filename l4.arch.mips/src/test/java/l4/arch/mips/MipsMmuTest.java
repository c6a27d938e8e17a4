package l4.arch.mips;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import l4.spi.HardwareMapping;
import l4.spi.Mmu;
import l4.spi.MmuSpace;
import l4.spi.Translation;

class MipsMmuTest {
    // Distinct prices so every expected sum below identifies exactly which events were charged.
    static final long ACCESS = 3, REFILL = 50, SWITCH = 700, FLUSH = 9000;

    long charged;
    Mmu mmu;

    @BeforeEach
    void setUp() {
        mmu = newMmu();
    }

    private Mmu newMmu() {
        Map<String, Object> options = new HashMap<>();
        options.put("USER_MEMORY_ACCESS", ACCESS);
        options.put("TLB_REFILL", "50");
        options.put("ADDRESS_SPACE_SWITCH", 700);
        options.put("TLB_FLUSH", "9000");
        return new MipsArchitecture().createMmu(c -> charged += c, options);
    }

    private long stat(String key) {
        return mmu.statistics().get(key);
    }

    private static void assertPhysical(long expected, Translation t) {
        assertTrue(t.ok(), "expected a translation, got " + t.fault());
        assertEquals(expected, t.physical(), () -> String.format("physical 0x%x", t.physical()));
    }

    @Test
    void basePageMissRefillsThenHits() {
        MmuSpace s = mmu.createSpace(2);
        s.map(0x10000, 0x200000, 12, true, false);
        charged = 0;

        assertPhysical(0x200123, s.translate(0x10123, false));
        assertEquals(REFILL + ACCESS, charged);
        assertEquals(1, stat("tlb-misses"));
        assertEquals(0, stat("tlb-hits"));

        assertPhysical(0x200FFF, s.translate(0x10FFF, true));
        assertEquals(REFILL + 2 * ACCESS, charged);
        assertEquals(1, stat("tlb-hits"));

        // Unmapped: the refill handler runs, finds nothing, the access never completes.
        assertEquals(Translation.Fault.NOT_MAPPED, s.translate(0x30000, false).fault());
        assertEquals(2 * REFILL + 2 * ACCESS, charged);
        assertEquals(2, stat("tlb-misses"));
    }

    @Test
    void evenOddPairIsLoadedByOneRefill() {
        MmuSpace s = mmu.createSpace(2);
        s.map(0x10000, 0x200000, 12, true, false);
        s.map(0x11000, 0x305000, 12, true, false);
        s.map(0x12000, 0x400000, 12, true, false);

        assertPhysical(0x200000, s.translate(0x10000, false));
        assertPhysical(0x305004, s.translate(0x11004, false)); // odd half of the same entry
        assertEquals(1, stat("tlb-refills"));
        assertEquals(1, stat("tlb-hits"));
        assertPhysical(0x400008, s.translate(0x12008, false)); // next pair
        assertEquals(2, stat("tlb-refills"));
    }

    @Test
    void buddyOfAnotherSizeIsRefilledSeparately() {
        MmuSpace s = mmu.createSpace(2);
        s.map(0x40000, 0x1000000, 14, true, false); // even half of the 16K pair 0x40000-0x47fff
        s.map(0x44000, 0x2000000, 12, true, false); // where the odd 16K half would be
        assertPhysical(0x1000010, s.translate(0x40010, false));
        assertPhysical(0x2000010, s.translate(0x44010, false)); // VPN2 matches, half invalid: refill
        assertPhysical(0x2000020, s.translate(0x44020, false)); // now the 4K pair entry hits
        assertPhysical(0x1000020, s.translate(0x40020, false)); // 16K entry was replaced: miss again
        assertEquals(3, stat("tlb-misses"));
        assertEquals(1, stat("tlb-hits"));
        assertEquals(1, stat("tlb-valid-entries"));
    }

    @Test
    void superpageTranslatesWholeRange() {
        MmuSpace s = mmu.createSpace(2);
        s.map(0x100000, 0x4000000, 20, false, false);
        assertPhysical(0x40ABCDE, s.translate(0x1ABCDE, false));
        assertPhysical(0x40F0000, s.translate(0x1F0000, false));
        assertEquals(1, stat("tlb-misses"));
        assertEquals(1, stat("tlb-hits"));
        assertEquals(Translation.Fault.NOT_MAPPED, s.translate(0x200000, false).fault());
        List<HardwareMapping> e = s.entries();
        assertEquals(1, e.size());
        assertEquals(0x100000, e.get(0).virtualAddress());
        assertEquals(20, e.get(0).sizeLog2());
        assertFalse(e.get(0).writable());
    }

    @Test
    void readOnlyPagesRefuseWrites() {
        MmuSpace s = mmu.createSpace(2);
        s.map(0x8000, 0x9000, 12, false, false);
        assertEquals(Translation.Fault.WRITE_PROTECTED, s.translate(0x8010, true).fault());
        assertPhysical(0x9010, s.translate(0x8010, false));
        assertEquals(Translation.Fault.WRITE_PROTECTED, s.translate(0x8010, true).fault()); // TLB Modified
        assertEquals(1, stat("tlb-modified"));
    }

    @Test
    void protectDowngradesAndInvalidatesTheTlb() {
        MmuSpace s = mmu.createSpace(2);
        s.map(0x8000, 0x9000, 12, true, false);
        assertPhysical(0x9010, s.translate(0x8010, true)); // loads a dirty (writable) entry
        s.protect(0x8000, 12);
        assertEquals(Translation.Fault.WRITE_PROTECTED, s.translate(0x8010, true).fault());
        assertPhysical(0x9010, s.translate(0x8010, false));
        assertFalse(s.entries().get(0).writable());
        assertTrue(stat("tlb-invalidations") >= 1);
    }

    @Test
    void protectPartOfSuperpageSplitsIt() {
        MmuSpace s = mmu.createSpace(2);
        s.map(0x8000, 0x100000, 14, true, false);
        assertPhysical(0x101000, s.translate(0x9000, true));
        s.protect(0x9000, 12);
        List<String> expected = List.of(
                "8000->100000/12/rw", "9000->101000/12/ro", "a000->102000/12/rw", "b000->103000/12/rw");
        assertEquals(expected, describe(s.entries()));
        assertEquals(Translation.Fault.WRITE_PROTECTED, s.translate(0x9000, true).fault());
        assertPhysical(0x102004, s.translate(0xA004, true));
    }

    @Test
    void partialUnmapSplitsSuperpageKeepingTheRest() {
        MmuSpace s = mmu.createSpace(2);
        s.map(0x40000, 0x800000, 16, true, false);
        assertPhysical(0x803010, s.translate(0x43010, false)); // superpage now in the TLB
        s.unmap(0x43000, 12);
        // 64K minus the 4K hole at 0x43000, tiled with the largest aligned R4x00 pages.
        List<String> expected = List.of(
                "40000->800000/12/rw", "41000->801000/12/rw", "42000->802000/12/rw",
                "44000->804000/14/rw", "48000->808000/14/rw", "4c000->80c000/14/rw");
        assertEquals(expected, describe(s.entries()));
        assertEquals(Translation.Fault.NOT_MAPPED, s.translate(0x43010, false).fault());
        assertPhysical(0x80C123, s.translate(0x4C123, true));
        assertPhysical(0x800FFF, s.translate(0x40FFF, false));
        assertPhysical(0x802000, s.translate(0x42000, false));
    }

    @Test
    void unmapLargerThanEntriesRemovesAllInside() {
        MmuSpace s = mmu.createSpace(2);
        for (long va = 0x100000; va <= 0x104000; va += 0x1000) s.map(va, va + 0x1000000, 12, true, false);
        s.unmap(0x100000, 14);
        assertEquals(List.of("104000->1104000/12/rw"), describe(s.entries()));
        s.unmap(0, 64); // the whole space
        assertTrue(s.entries().isEmpty());
    }

    @Test
    void unmapSmallerThanAPageRemovesThePage() {
        MmuSpace s = mmu.createSpace(2);
        s.map(0x5000, 0x6000, 12, true, false);
        s.map(0x6000, 0x7000, 12, true, false);
        s.unmap(0x5800, 4);
        assertEquals(List.of("6000->7000/12/rw"), describe(s.entries()));
    }

    @Test
    void mapReplacesAndInvalidatesStaleTlbEntries() {
        MmuSpace s = mmu.createSpace(2);
        s.map(0x5000, 0x1000000, 12, true, false);
        s.map(0x4000, 0x3000000, 12, true, false);
        assertPhysical(0x1000010, s.translate(0x5010, false));
        s.map(0x5000, 0x2000000, 12, true, false);
        assertPhysical(0x2000010, s.translate(0x5010, false));
        s.map(0x4000, 0x4000000, 14, true, false); // a 16K page over both 4K pages
        assertEquals(List.of("4000->4000000/14/rw"), describe(s.entries()));
        assertPhysical(0x4001010, s.translate(0x5010, false));
    }

    @Test
    void asidSwitchKeepsOtherSpacesEntries() {
        MmuSpace a = mmu.createSpace(2);
        MmuSpace b = mmu.createSpace(3);
        a.map(0x10000, 0x100000, 12, true, false);
        b.map(0x10000, 0x200000, 12, true, false);
        charged = 0;
        mmu.activate(a);
        assertPhysical(0x100010, a.translate(0x10010, false));
        mmu.activate(b);
        assertPhysical(0x200010, b.translate(0x10010, false));
        mmu.activate(a);
        assertPhysical(0x100010, a.translate(0x10010, false)); // still in the TLB: no flush on switch
        assertSame(a, mmu.active());
        assertEquals(3 * SWITCH + 2 * (REFILL + ACCESS) + ACCESS, charged);
        assertEquals(0, stat("tlb-flushes"));
        assertEquals(2, stat("tlb-misses"));
        assertEquals(1, stat("tlb-hits"));
        assertEquals(3, stat("asid-switches"));
        assertNotEquals(a.tag(), b.tag());
        assertTrue(a.tag() >= 1 && a.tag() <= 255 && b.tag() >= 1 && b.tag() <= 255);
    }

    @Test
    void activatingTheActiveSpaceCostsNothing() {
        MmuSpace a = mmu.createSpace(2);
        charged = 0;
        mmu.activate(a);
        mmu.activate(a);
        assertEquals(SWITCH, charged);
    }

    @Test
    void asidRolloverFlushesTheTlb() {
        List<MmuSpace> spaces = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            MmuSpace s = mmu.createSpace(i + 2);
            s.map(0x10000, 0x100000L * (i + 1), 12, true, false);
            spaces.add(s);
        }
        for (int i = 0; i < 255; i++) {
            mmu.activate(spaces.get(i));
            assertPhysical(0x100000L * (i + 1), spaces.get(i).translate(0x10000, false));
        }
        assertEquals(1, spaces.get(0).tag());
        assertEquals(255, spaces.get(254).tag());
        assertEquals(0, stat("tlb-flushes"));
        assertEquals(48, stat("tlb-valid-entries"));

        charged = 0;
        mmu.activate(spaces.get(255)); // the 256th live space: no ASID left
        assertEquals(FLUSH + SWITCH, charged);
        assertEquals(1, stat("tlb-flushes"));
        assertEquals(1, stat("asid-rollovers"));
        assertEquals(0, stat("tlb-valid-entries"));
        assertEquals(1, spaces.get(255).tag());
        assertEquals(-1, spaces.get(0).tag());

        long misses = stat("tlb-misses");
        mmu.activate(spaces.get(254)); // was in the TLB before the flush
        assertEquals(2, spaces.get(254).tag());
        assertPhysical(0x100000L * 255, spaces.get(254).translate(0x10000, false));
        assertEquals(misses + 1, stat("tlb-misses"));
    }

    @Test
    void destroyFreesTheAsidAndItsEntries() {
        List<MmuSpace> spaces = new ArrayList<>();
        for (int i = 0; i < 255; i++) {
            MmuSpace s = mmu.createSpace(i + 2);
            s.map(0x10000, 0x100000L * (i + 1), 12, true, false);
            mmu.activate(s);
            s.translate(0x10000, false);
            spaces.add(s);
        }
        MmuSpace victim = spaces.get(254); // its entry was the most recent refill, so it is in the TLB
        assertEquals(255, victim.tag());
        long valid = stat("tlb-valid-entries");
        mmu.destroySpace(victim);
        assertEquals(valid - 1, stat("tlb-valid-entries"));
        assertNull(mmu.active());
        assertEquals(Translation.Fault.NOT_MAPPED, victim.translate(0x10000, false).fault());

        MmuSpace fresh = mmu.createSpace(300);
        mmu.activate(fresh);
        assertEquals(255, fresh.tag());
        assertEquals(0, stat("tlb-flushes"));
        assertEquals(255, stat("spaces"));
    }

    @Test
    void randomReplacementUsesEveryEntryAndIsDeterministic() {
        MmuSpace s = mmu.createSpace(2);
        for (int i = 0; i < 60; i++) s.map(i * 0x2000L, 0x1000000 + i * 0x1000L, 12, true, false); // one page per pair
        for (int i = 0; i < 48; i++) s.translate(i * 0x2000L, false);
        assertEquals(48, stat("tlb-misses"));
        assertEquals(48, stat("tlb-valid-entries"));
        for (int i = 0; i < 48; i++) s.translate(i * 0x2000L, false);
        assertEquals(48, stat("tlb-hits"));
        s.translate(48 * 0x2000L, false);
        assertEquals(49, stat("tlb-misses"));
        assertEquals(48, stat("tlb-valid-entries"));

        Map<String, Long> first = runPseudoRandomAccesses();
        long firstCharged = charged;
        Map<String, Long> second = runPseudoRandomAccesses();
        assertEquals(first, second);
        assertEquals(firstCharged, charged);
        assertTrue(first.get("tlb-hits") > 0 && first.get("tlb-misses") > 48);
    }

    private Map<String, Long> runPseudoRandomAccesses() {
        mmu = newMmu();
        charged = 0;
        MmuSpace s = mmu.createSpace(2);
        for (int i = 0; i < 80; i++) s.map(i * 0x2000L, 0x1000000 + i * 0x1000L, 12, true, false);
        long x = 12345;
        for (int i = 0; i < 2000; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L; // fixed LCG: same sequence every run
            int page = (int) ((x >>> 33) % 80);
            s.translate(page * 0x2000L, (x & 1) == 0);
        }
        return mmu.statistics();
    }

    @Test
    void addressesOutsideUserSpaceAreNotMapped() {
        MmuSpace s = mmu.createSpace(2);
        s.map(0, 0x100000, 12, true, false);
        charged = 0;
        assertEquals(Translation.Fault.NOT_MAPPED, s.translate(1L << 40, false).fault());
        assertEquals(Translation.Fault.NOT_MAPPED, s.translate(-4096L, false).fault());
        assertEquals(Translation.Fault.NOT_MAPPED, s.probe(1L << 40, false).fault());
        assertEquals(0, charged);
        assertThrows(IllegalArgumentException.class, () -> s.map(1L << 40, 0, 12, true, false));
        assertThrows(IllegalArgumentException.class, () -> s.map((1L << 40) - 0x1000, 0, 14, true, false));
    }

    @Test
    void probeLooksUpWithoutCharging() {
        MmuSpace s = mmu.createSpace(2);
        s.map(0x3000, 0x7000, 12, false, false);
        charged = 0;
        assertPhysical(0x7abc, s.probe(0x3abc, false));
        assertEquals(Translation.Fault.WRITE_PROTECTED, s.probe(0x3abc, true).fault());
        assertEquals(Translation.Fault.NOT_MAPPED, s.probe(0x4000, false).fault());
        assertEquals(0, charged);
        assertEquals(0, stat("tlb-misses") + stat("tlb-hits"));
    }

    @Test
    void uncachedDeviceMappingsStayUncached() {
        MmuSpace s = mmu.createSpace(2);
        s.map(0x7000, 0x1C800000, 12, true, true);
        Translation t = s.translate(0x7030, true);
        assertPhysical(0x1C800030, t);
        assertTrue(t.uncached());
        assertTrue(s.entries().get(0).uncached());
    }

    @Test
    void rejectsUnsupportedSizesAndMisalignment() {
        MmuSpace s = mmu.createSpace(2);
        assertThrows(IllegalArgumentException.class, () -> s.map(0, 0, 13, true, false));
        assertThrows(IllegalArgumentException.class, () -> s.map(0, 0, 32, true, false));
        assertThrows(IllegalArgumentException.class, () -> s.map(0x1000, 0, 14, true, false));
        assertThrows(IllegalArgumentException.class, () -> s.map(0x4000, 0x1000, 14, true, false));
    }

    @Test
    void entriesAreAscending() {
        MmuSpace s = mmu.createSpace(2);
        s.map(0x900000, 0x900000, 20, true, false);
        s.map(0x3000, 0x3000, 12, true, false);
        s.map(0x10000, 0x10000, 16, true, false);
        assertEquals(List.of("3000->3000/12/rw", "10000->10000/16/rw", "900000->900000/20/rw"), describe(s.entries()));
    }

    @Test
    void machinesDoNotShareState() {
        Mmu other = newMmu();
        MmuSpace a = mmu.createSpace(2);
        MmuSpace b = other.createSpace(2);
        a.map(0x1000, 0x5000, 12, true, false);
        a.translate(0x1000, false);
        assertEquals(Translation.Fault.NOT_MAPPED, b.probe(0x1000, false).fault());
        assertEquals(0, other.statistics().get("tlb-misses"));
        assertThrows(IllegalArgumentException.class, () -> other.activate(a));
    }

    private static List<String> describe(List<HardwareMapping> entries) {
        List<String> r = new ArrayList<>();
        for (HardwareMapping m : entries) {
            r.add(String.format("%x->%x/%d/%s", m.virtualAddress(), m.physicalAddress(), m.sizeLog2(),
                    m.writable() ? "rw" : "ro"));
        }
        return r;
    }
}
