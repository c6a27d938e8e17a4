package l4.kernel.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import l4.api.Fpage;
import org.junit.jupiter.api.Test;

class MappingDatabaseTest {
    static final int SIGMA0 = 0, PAGER = 2, CHILD = 3, GRANDCHILD = 4, OTHER = 5;
    static final long FRAMES = 0x40_0000L; // the 4 MiB of RAM the pager gets
    static final long P_VA = 0x1000_0000L, C_VA = 0x2000_0000L, G_VA = 0x3000_0000L;
    static final long PAGE = 4096, MIB = 1 << 20;
    static final int ROOTS = 4096; // 16 MiB

    final Machine m = new Machine();

    /** σ0 → pager (1024 pages) → child (first 512) → grandchild (those 512): 2048 mappings. */
    void buildThreeLevels() {
        assertEquals(new MapOutcome(1024, 0, 0, 0, 0), m.map(SIGMA0, FRAMES, 22, PAGER, P_VA, true));
        assertEquals(new MapOutcome(512, 0, 0, 0, 0), m.map(PAGER, P_VA, 21, CHILD, C_VA, true));
        assertEquals(new MapOutcome(512, 0, 0, 0, 0), m.map(CHILD, C_VA, 21, GRANDCHILD, G_VA, true));
        assertEquals(ROOTS + 2048, m.db.nodeCount());
        assertEquals(2048 * Machine.MAP, m.cycles);
        m.db.checkInvariants();
    }

    /** {@code pages} pages from va map frames from {@code frame} on, and nothing else is in that range. */
    void assertMapped(int task, long va, int pages, long frame) {
        assertMapped(m, task, va, pages, frame);
    }

    static void assertMapped(Machine machine, int task, long va, int pages, long frame) {
        for (int i = 0; i < pages; i++) {
            long a = va + i * PAGE;
            assertEquals(frame + i * PAGE, machine.frameOf(task, a), () -> String.format("task %d va 0x%x", task, a));
        }
    }

    void assertUnmapped(int task, long va, int pages) {
        for (int i = 0; i < pages; i++) {
            long a = va + i * PAGE;
            assertEquals(-1, m.frameOf(task, a), () -> String.format("task %d va 0x%x still mapped", task, a));
            assertNull(m.space(task).lookup(a));
        }
    }

    void assertCounts(int pager, int child, int grandchild) {
        assertEquals(pager, m.space(PAGER).pageCount(), "pager pages");
        assertEquals(child, m.space(CHILD).pageCount(), "child pages");
        assertEquals(grandchild, m.space(GRANDCHILD).pageCount(), "grandchild pages");
        assertEquals(ROOTS + pager + child + grandchild, m.db.nodeCount());
        assertEquals(ROOTS, m.space(SIGMA0).pageCount(), "σ0 keeps its roots");
    }

    // ---------------------------------------------------------------- three levels

    @Test
    void threeLevelsTranslateThroughTheChain() {
        buildThreeLevels();
        assertMapped(PAGER, P_VA, 1024, FRAMES);
        assertMapped(CHILD, C_VA, 512, FRAMES);
        assertMapped(GRANDCHILD, G_VA, 512, FRAMES);
        List<TreeEntry> tree = m.db.tree(FRAMES + 5 * PAGE);
        assertEquals(4, tree.size());
        for (int d = 0; d < 4; d++) assertEquals(d, tree.get(d).depth());
        assertEquals(List.of(SIGMA0, PAGER, CHILD, GRANDCHILD),
                tree.stream().map(e -> e.node().space().taskNumber()).toList());
        assertEquals(G_VA + 5 * PAGE, tree.get(3).node().virtualAddress());
        assertEquals(2, m.db.tree(FRAMES + 600 * PAGE).size(), "page 600 only went to the pager");
        assertEquals(List.of(new Region(G_VA, 2 * MIB, FRAMES, true, false, CHILD, C_VA)), m.db.regions(m.space(GRANDCHILD)));
        assertEquals(List.of(new Region(P_VA, 4 * MIB, FRAMES, true, false, SIGMA0, FRAMES)), m.db.regions(m.space(PAGER)));
        assertEquals(List.of(new Region(0, 16 * MIB, 0, true, false, -1, 0)), m.db.regions(m.sigma0()));
    }

    @Test
    void flushBelowGrandchildRemovesNothing() {
        buildThreeLevels();
        assertEquals(0, m.db.unmap(m.space(GRANDCHILD), Fpage.of(G_VA, 21, true), true, false));
        assertCounts(1024, 512, 512);
        assertEquals(2048 * Machine.MAP + Machine.UNMAP_BASE, m.cycles);
    }

    @Test
    void flushBelowChildRemovesExactlyTheGrandchildPagesInTheFpage() {
        buildThreeLevels();
        assertEquals(256, m.db.unmap(m.space(CHILD), Fpage.of(C_VA, 20, true), true, false));
        assertUnmapped(GRANDCHILD, G_VA, 256);
        assertMapped(GRANDCHILD, G_VA + MIB, 256, FRAMES + MIB);
        assertMapped(CHILD, C_VA, 512, FRAMES);
        assertCounts(1024, 512, 256);
        assertEquals(2048 * Machine.MAP + Machine.UNMAP_BASE + 256 * Machine.UNMAP_PAGE, m.cycles);
        m.db.checkInvariants();
    }

    @Test
    void flushBelowPagerRemovesChildAndGrandchildSubtrees() {
        buildThreeLevels();
        assertEquals(512, m.db.unmap(m.space(PAGER), Fpage.of(P_VA + MIB, 20, true), true, false));
        assertMapped(PAGER, P_VA, 1024, FRAMES);
        assertMapped(CHILD, C_VA, 256, FRAMES);
        assertUnmapped(CHILD, C_VA + MIB, 256);
        assertMapped(GRANDCHILD, G_VA, 256, FRAMES);
        assertUnmapped(GRANDCHILD, G_VA + MIB, 256);
        assertCounts(1024, 256, 256);
        m.db.checkInvariants();
    }

    @Test
    void flushBelowSigma0RemovesEverythingDerivedInTheFpage() {
        buildThreeLevels();
        // the last MiB was only mapped to the pager
        assertEquals(256, m.db.unmap(m.sigma0(), Fpage.of(FRAMES + 3 * MIB, 20, true), true, false));
        assertCounts(768, 512, 512);
        assertUnmapped(PAGER, P_VA + 3 * MIB, 256);
        assertEquals(768, m.db.unmap(m.sigma0(), Fpage.of(FRAMES, 20, true), true, false));
        assertCounts(512, 256, 256);
        assertUnmapped(PAGER, P_VA, 256);
        assertUnmapped(CHILD, C_VA, 256);
        assertUnmapped(GRANDCHILD, G_VA, 256);
        assertMapped(GRANDCHILD, G_VA + MIB, 256, FRAMES + MIB);
        m.db.checkInvariants();
    }

    @Test
    void flushIncludingOwnPagesAtEachLevel() {
        buildThreeLevels();
        assertEquals(256, m.db.unmap(m.space(GRANDCHILD), Fpage.of(G_VA, 20, true), true, true));
        assertCounts(1024, 512, 256);
        assertEquals(256 + 256, m.db.unmap(m.space(CHILD), Fpage.of(C_VA + MIB, 20, true), true, true));
        assertCounts(1024, 256, 0);
        assertEquals(1024 + 256, m.db.unmap(m.space(PAGER), Fpage.of(P_VA, 22, true), true, true));
        assertCounts(0, 0, 0);
        m.db.checkInvariants();
    }

    @Test
    void sigma0IncludeOwnNeverRemovesItsRoots() {
        buildThreeLevels();
        assertEquals(2048, m.db.unmap(m.sigma0(), Fpage.of(FRAMES, 22, true), true, true));
        assertCounts(0, 0, 0);
        assertMapped(SIGMA0, FRAMES, 1024, FRAMES);
        assertTrue(m.writable(SIGMA0, FRAMES));
        m.map(SIGMA0, FRAMES, 12, PAGER, P_VA, true);
        assertEquals(1, m.db.unmap(m.sigma0(), Fpage.of(FRAMES, 12, true), false, true));
        assertTrue(m.writable(SIGMA0, FRAMES), "σ0's root stays writable");
        assertFalse(m.writable(PAGER, P_VA));
        m.db.checkInvariants();
    }

    @Test
    void deletingASpaceRemovesItsMappingsAndAllDerived() {
        buildThreeLevels();
        long before = m.cycles;
        assertEquals(1024, m.db.deleteSpace(m.space(CHILD)));
        assertCounts(1024, 0, 0);
        assertEquals(before + 1024 * Machine.UNMAP_PAGE, m.cycles);
        assertTrue(m.flat(CHILD).table.isEmpty());
        m.db.checkInvariants();
    }

    // ---------------------------------------------------------------- grant

    @Test
    void grantMovesTheMappingAndKeepsItsChildren() {
        m.map(SIGMA0, 0x10000, 14, PAGER, 0x100000, true);
        m.map(PAGER, 0x100000, 12, CHILD, 0x200000, true);
        MappingNode moved = m.space(PAGER).lookup(0x100000);
        MappingNode derived = m.space(CHILD).lookup(0x200000);
        assertEquals(new MapOutcome(0, 1, 0, 0, 0), m.grant(PAGER, 0x100000, 12, OTHER, 0x500000, true));
        assertNull(m.space(PAGER).lookup(0x100000));
        assertEquals(-1, m.frameOf(PAGER, 0x100000), "the sender's page table entry is gone");
        assertSame(moved, m.space(OTHER).lookup(0x500000));
        assertSame(m.space(OTHER), moved.space());
        assertEquals(0x10000, m.frameOf(OTHER, 0x500000));
        assertTrue(m.writable(OTHER, 0x500000));
        assertSame(moved, derived.parent());
        assertEquals(0x10000, m.frameOf(CHILD, 0x200000));
        assertEquals(List.of(0, 1, 2), m.db.tree(0x10000).stream().map(TreeEntry::depth).toList());
        assertEquals(List.of(SIGMA0, OTHER, CHILD), m.db.tree(0x10000).stream().map(e -> e.node().space().taskNumber()).toList());
        m.db.checkInvariants();
        // the pager has lost its say over the page; the new holder has it
        assertEquals(0, m.db.unmap(m.space(PAGER), Fpage.of(0x100000, 14, true), true, false));
        assertEquals(0x10000, m.frameOf(CHILD, 0x200000));
        assertEquals(1, m.db.unmap(m.space(OTHER), Fpage.of(0x500000, 12, true), true, false));
        assertEquals(-1, m.frameOf(CHILD, 0x200000));
        m.db.checkInvariants();
    }

    @Test
    void readOnlyGrantDowngradesTheMovedSubtree() {
        m.map(SIGMA0, 0x10000, 14, PAGER, 0x100000, true);
        m.map(PAGER, 0x101000, 12, CHILD, 0x200000, true);
        assertEquals(new MapOutcome(0, 1, 0, 0, 1), m.grant(PAGER, 0x101000, 12, OTHER, 0x500000, false));
        assertFalse(m.writable(OTHER, 0x500000));
        assertFalse(m.writable(CHILD, 0x200000));
        assertEquals(0x11000, m.frameOf(CHILD, 0x200000));
        m.db.checkInvariants();
    }

    @Test
    void grantingARangeMovesEveryPageAndInstallsASuperpage() {
        m.map(SIGMA0, FRAMES, 22, PAGER, P_VA, true);
        assertEquals(new MapOutcome(0, 1024, 0, 0, 0), m.grant(PAGER, P_VA, 22, CHILD, C_VA, true));
        assertEquals(0, m.space(PAGER).pageCount());
        assertMapped(CHILD, C_VA, 1024, FRAMES);
        assertEquals(List.of(new FlatMmuSpace.Install(C_VA, FRAMES, 22, true)), m.flat(CHILD).installs);
        m.db.checkInvariants();
    }

    @Test
    void sigma0RootsAreMappedNotGranted() {
        assertEquals(new MapOutcome(1, 0, 0, 0, 0), m.grant(SIGMA0, 0x20000, 12, PAGER, 0x300000, true));
        assertEquals(0x20000, m.frameOf(SIGMA0, 0x20000));
        assertEquals(0x20000, m.frameOf(PAGER, 0x300000));
        m.db.checkInvariants();
    }

    @Test
    void grantIntoADescendantsSlotMergesIt() {
        m.map(SIGMA0, 0x10000, 12, PAGER, 0x100000, true);
        m.map(PAGER, 0x100000, 12, CHILD, 0x200000, true);
        m.map(CHILD, 0x200000, 12, GRANDCHILD, 0x300000, true);
        MappingNode pagers = m.space(PAGER).lookup(0x100000);
        assertEquals(new MapOutcome(0, 1, 0, 0, 0), m.grant(PAGER, 0x100000, 12, CHILD, 0x200000, true));
        assertSame(pagers, m.space(CHILD).lookup(0x200000));
        assertSame(pagers, m.space(GRANDCHILD).lookup(0x300000).parent());
        assertEquals(-1, m.frameOf(PAGER, 0x100000));
        assertEquals(3, m.db.tree(0x10000).size());
        m.db.checkInvariants();
    }

    // ---------------------------------------------------------------- downgrade

    @Test
    void downgradeMakesTheSubtreeReadOnlyAndMapsCannotRaiseRights() {
        buildThreeLevels();
        assertEquals(768, m.db.unmap(m.sigma0(), Fpage.of(FRAMES, 20, true), false, false));
        for (int task : new int[] {PAGER, CHILD, GRANDCHILD}) {
            long va = task == PAGER ? P_VA : task == CHILD ? C_VA : G_VA;
            assertFalse(m.writable(task, va), "task " + task);
            assertFalse(m.writable(task, va + MIB - PAGE), "task " + task);
            assertTrue(m.writable(task, va + MIB), "task " + task + " outside the fpage");
            assertEquals(FRAMES, m.frameOf(task, va), "still readable");
        }
        assertEquals(0, m.db.unmap(m.sigma0(), Fpage.of(FRAMES, 20, true), false, false), "nothing left to downgrade");
        m.db.checkInvariants();

        // a read-only page passed on writable stays read-only
        assertEquals(1, m.map(CHILD, C_VA, 12, 6, 0x7000, true).mapped());
        assertFalse(m.writable(6, 0x7000));
        // the pager re-mapping its (read-only) page writable cannot raise the child
        assertEquals(new MapOutcome(1, 0, 0, 0, 0), m.map(PAGER, P_VA, 12, CHILD, C_VA, true));
        assertFalse(m.writable(CHILD, C_VA));
        // σ0 may restore the pager; derived pages stay read-only until re-mapped
        m.map(SIGMA0, FRAMES, 12, PAGER, P_VA, true);
        assertTrue(m.writable(PAGER, P_VA));
        assertFalse(m.writable(CHILD, C_VA));
        assertFalse(m.writable(GRANDCHILD, G_VA));
        m.map(PAGER, P_VA, 12, CHILD, C_VA, true);
        assertTrue(m.writable(CHILD, C_VA));
        assertFalse(m.writable(GRANDCHILD, G_VA));
        m.db.checkInvariants();
    }

    @Test
    void downgradeIncludingOwnPages() {
        buildThreeLevels();
        assertEquals(512, m.db.unmap(m.space(CHILD), Fpage.of(C_VA + MIB, 20, true), false, true));
        assertFalse(m.writable(CHILD, C_VA + MIB));
        assertFalse(m.writable(GRANDCHILD, G_VA + MIB));
        assertTrue(m.writable(CHILD, C_VA));
        assertTrue(m.writable(PAGER, P_VA + MIB));
        assertCounts(1024, 512, 512);
        m.db.checkInvariants();
    }

    // ---------------------------------------------------------------- overmapping

    @Test
    void overmappingADifferentFrameFlushesTheOldSubtree() {
        m.map(SIGMA0, 0x10000, 12, PAGER, 0x100000, true); // frame A
        m.map(SIGMA0, 0x20000, 12, PAGER, 0x101000, true); // frame B
        m.map(PAGER, 0x100000, 12, CHILD, 0x200000, true);
        m.map(CHILD, 0x200000, 12, GRANDCHILD, 0x300000, true);
        long before = m.cycles;
        assertEquals(new MapOutcome(1, 0, 0, 2, 0), m.map(PAGER, 0x101000, 12, CHILD, 0x200000, true));
        assertEquals(before + Machine.MAP + 2 * Machine.UNMAP_PAGE, m.cycles);
        assertEquals(0x20000, m.frameOf(CHILD, 0x200000));
        assertEquals(-1, m.frameOf(GRANDCHILD, 0x300000));
        assertEquals(2, m.db.tree(0x10000).size(), "frame A: σ0 and the pager only");
        assertEquals(3, m.db.tree(0x20000).size());
        m.db.checkInvariants();
    }

    @Test
    void overmappingTheSameFrameOnlyUpdatesRights() {
        m.map(SIGMA0, 0x10000, 12, PAGER, 0x100000, true);
        m.map(PAGER, 0x100000, 12, CHILD, 0x200000, true);
        m.map(CHILD, 0x200000, 12, GRANDCHILD, 0x300000, true);
        MappingNode child = m.space(CHILD).lookup(0x200000);
        MappingNode grandchild = m.space(GRANDCHILD).lookup(0x300000);
        assertEquals(new MapOutcome(1, 0, 0, 0, 1), m.map(PAGER, 0x100000, 12, CHILD, 0x200000, false));
        assertSame(child, m.space(CHILD).lookup(0x200000), "same node, not a new one");
        assertSame(grandchild, m.space(GRANDCHILD).lookup(0x300000), "derived mapping survives");
        assertFalse(m.writable(CHILD, 0x200000));
        assertFalse(m.writable(GRANDCHILD, 0x300000));
        assertEquals(new MapOutcome(1, 0, 0, 0, 0), m.map(PAGER, 0x100000, 12, CHILD, 0x200000, true));
        assertTrue(m.writable(CHILD, 0x200000));
        assertFalse(m.writable(GRANDCHILD, 0x300000), "rights of derived mappings are not raised");
        assertEquals(4, m.db.tree(0x10000).size());
        m.db.checkInvariants();
    }

    @Test
    void sameFrameFromAnotherBranchIsReparentedUnderTheSender() {
        m.map(SIGMA0, 0x10000, 12, PAGER, 0x100000, true);
        m.map(SIGMA0, 0x10000, 12, OTHER, 0x500000, false);
        m.map(PAGER, 0x100000, 12, CHILD, 0x200000, true);
        MappingNode child = m.space(CHILD).lookup(0x200000);
        assertEquals(new MapOutcome(1, 0, 0, 0, 0), m.map(OTHER, 0x500000, 12, CHILD, 0x200000, true));
        assertSame(m.space(OTHER).lookup(0x500000), child.parent());
        assertFalse(m.writable(CHILD, 0x200000), "now bounded by its new, read-only source");
        assertEquals(0, m.db.unmap(m.space(PAGER), Fpage.of(0x100000, 12, true), true, false));
        assertEquals(0x10000, m.frameOf(CHILD, 0x200000));
        m.db.checkInvariants();
    }

    // ---------------------------------------------------------------- things that are skipped

    @Test
    void mappingOntoItselfIsANoOp() {
        m.map(SIGMA0, 0x10000, 12, PAGER, 0x100000, true);
        assertEquals(new MapOutcome(0, 0, 1, 0, 0), m.map(PAGER, 0x100000, 12, PAGER, 0x100000, true));
        assertEquals(new MapOutcome(0, 0, 1, 0, 0), m.grant(PAGER, 0x100000, 12, PAGER, 0x100000, true));
        assertEquals(0x10000, m.frameOf(PAGER, 0x100000));
        assertEquals(ROOTS + 1, m.db.nodeCount());
        m.db.checkInvariants();
    }

    @Test
    void aMappingCannotBecomeItsOwnAncestor() {
        m.map(SIGMA0, 0x10000, 12, PAGER, 0x100000, true);
        m.map(PAGER, 0x100000, 12, CHILD, 0x200000, true);
        // back onto its own source, as map and as grant
        assertEquals(new MapOutcome(0, 0, 1, 0, 0), m.map(CHILD, 0x200000, 12, PAGER, 0x100000, true));
        assertEquals(new MapOutcome(0, 0, 1, 0, 0), m.grant(CHILD, 0x200000, 12, PAGER, 0x100000, true));
        assertEquals(0x10000, m.frameOf(CHILD, 0x200000));
        // onto σ0's root of a frame (a different one and its own)
        assertEquals(new MapOutcome(0, 0, 1, 0, 0), m.map(CHILD, 0x200000, 12, SIGMA0, 0x30000, true));
        assertEquals(new MapOutcome(0, 0, 1, 0, 0), m.map(CHILD, 0x200000, 12, SIGMA0, 0x10000, true));
        assertEquals(0x30000, m.frameOf(SIGMA0, 0x30000));
        assertEquals(List.of(0, 1, 2), m.db.tree(0x10000).stream().map(TreeEntry::depth).toList());
        m.db.checkInvariants();
    }

    @Test
    void sameSpaceMappingToAnotherAddressIsAllowed() {
        m.map(SIGMA0, 0x10000, 12, PAGER, 0x100000, true);
        assertEquals(1, m.map(PAGER, 0x100000, 12, PAGER, 0x180000, false).mapped());
        assertEquals(0x10000, m.frameOf(PAGER, 0x180000));
        assertFalse(m.writable(PAGER, 0x180000));
        assertEquals(1, m.db.unmap(m.space(PAGER), Fpage.of(0x100000, 12, true), true, false));
        assertEquals(-1, m.frameOf(PAGER, 0x180000));
        m.db.checkInvariants();
    }

    @Test
    void unmappedSourcePagesAreNotCounted() {
        m.map(SIGMA0, 0x10000, 12, PAGER, 0x100000, true);
        assertEquals(new MapOutcome(1, 0, 0, 0, 0), m.map(PAGER, 0x100000, 16, CHILD, 0x200000, true));
        assertEquals(MapOutcome.NONE, m.map(PAGER, 0x400000, 16, CHILD, 0x200000, true));
        assertEquals(MapOutcome.NONE, m.db.map(m.space(PAGER), Fpage.NIL, 0, m.space(CHILD), Fpage.of(0, 12, true), false));
    }

    // ---------------------------------------------------------------- size mismatch

    @Test
    void smallerFpageGoesToTheHotSpotTileOfTheWindow() {
        MapOutcome o = m.db.map(m.sigma0(), Fpage.of(0x10000, 14, true), 0x12345678L, m.space(PAGER),
                Fpage.of(0x4000_0000L, 20, true), false);
        assertEquals(4, o.mapped());
        assertMapped(PAGER, 0x4004_4000L, 4, 0x10000);
        assertEquals(4, m.space(PAGER).pageCount());
        m.db.checkInvariants();
    }

    @Test
    void largerFpageIsCutToTheHotSpotTileOfTheWindow() {
        MapOutcome o = m.db.map(m.sigma0(), Fpage.of(0x100000, 20, true), 0xABCDE123L, m.space(PAGER),
                Fpage.of(0x5000_0000L, 14, true), false);
        assertEquals(4, o.mapped());
        assertMapped(PAGER, 0x5000_0000L, 4, 0x1DC000);
        assertEquals(4, m.space(PAGER).pageCount());
        m.db.checkInvariants();
    }

    // ---------------------------------------------------------------- superpages

    @Test
    void sigma0IsInstalledWithSuperpages() {
        assertEquals(List.of(new FlatMmuSpace.Install(0, 0, 22, true), new FlatMmuSpace.Install(0x40_0000, 0x40_0000, 22, true),
                new FlatMmuSpace.Install(0x80_0000, 0x80_0000, 22, true), new FlatMmuSpace.Install(0xC0_0000, 0xC0_0000, 22, true)),
                m.flat(SIGMA0).installs);
        assertEquals(ROOTS, m.db.nodeCount());
        m.db.checkInvariants();
    }

    @Test
    void superpageOnlyWhenTheBlockIsFullyCoveredContiguousAndEquallyPrivileged() {
        buildThreeLevels();
        assertEquals(List.of(new FlatMmuSpace.Install(P_VA, FRAMES, 22, true)), m.flat(PAGER).installs);
        assertEquals(512, m.flat(CHILD).installs.size(), "2 MiB is no ix86 page size");
        assertTrue(m.flat(CHILD).installs.stream().allMatch(i -> i.sizeLog2() == 12));

        // physically discontiguous: two halves from different places
        m.map(SIGMA0, 0x20_0000, 21, 7, 0x4000_0000L, true);
        m.map(SIGMA0, 0x80_0000, 21, 7, 0x4020_0000L, true);
        m.map(7, 0x4000_0000L, 22, 8, 0x4000_0000L, true);
        assertEquals(1024, m.flat(8).installs.size());
        assertTrue(m.flat(8).installs.stream().allMatch(i -> i.sizeLog2() == 12));

        // one read-only page in the block
        m.db.unmap(m.sigma0(), Fpage.of(FRAMES + 5 * PAGE, 12, true), false, false);
        assertEquals(1024, m.map(PAGER, P_VA, 22, 9, 0, true).mapped());
        assertEquals(1024, m.flat(9).installs.size());
        assertFalse(m.writable(9, 5 * PAGE));
        assertTrue(m.writable(9, 6 * PAGE));
        m.db.checkInvariants();
    }

    @Test
    void partialFlushOfASuperpageKeepsTheRest() {
        m.map(SIGMA0, FRAMES, 22, PAGER, P_VA, true);
        assertEquals(1, m.db.unmap(m.sigma0(), Fpage.of(FRAMES + 7 * PAGE, 12, true), true, false));
        assertUnmapped(PAGER, P_VA + 7 * PAGE, 1);
        assertMapped(PAGER, P_VA, 7, FRAMES);
        assertMapped(PAGER, P_VA + 8 * PAGE, 1016, FRAMES + 8 * PAGE);
        m.db.checkInvariants();
    }

    @Test
    void mipsPageSizes() {
        Machine mips = new Machine(16L << 20, Machine.MIPS_SIZES);
        assertEquals(List.of(new FlatMmuSpace.Install(0, 0, 24, true)), mips.flat(SIGMA0).installs);
        // 2^17 is no MIPS page size: two 64 KiB pages
        mips.map(SIGMA0, 0x20000, 17, PAGER, 0x1_0000_0000L, true);
        assertEquals(List.of(new FlatMmuSpace.Install(0x1_0000_0000L, 0x20000, 16, true),
                new FlatMmuSpace.Install(0x1_0001_0000L, 0x30000, 16, true)), mips.flat(PAGER).installs);
        // physically contiguous but not aligned to 16 KiB: 4 KiB pages
        for (int i = 0; i < 4; i++) mips.map(SIGMA0, 0x5000 + i * PAGE, 12, CHILD, 0xA0000 + i * PAGE, true);
        mips.map(CHILD, 0xA0000, 14, GRANDCHILD, 0xB0000, true);
        assertEquals(4, mips.flat(GRANDCHILD).installs.size());
        // virtually and physically aligned 16 KiB
        mips.map(SIGMA0, 0x4000, 14, OTHER, 0xC4000, true);
        assertEquals(List.of(new FlatMmuSpace.Install(0xC4000, 0x4000, 14, true)), mips.flat(OTHER).installs);
        mips.db.checkInvariants();
    }

    @Test
    void sparseMipsAddressesAndTheWholeSpaceFpage() {
        Machine mips = new Machine(16L << 20, Machine.MIPS_SIZES);
        long high = 0xFF_FFFF_C000L; // top of the 2^40 user space
        MapOutcome o = mips.db.map(mips.sigma0(), Fpage.of(0x4000, 14, true), high + 0x123, mips.space(PAGER),
                Fpage.wholeSpace(64, true), false);
        assertEquals(4, o.mapped());
        assertMapped(mips, PAGER, high, 4, 0x4000);
        assertEquals(List.of(new FlatMmuSpace.Install(high, 0x4000, 14, true)), mips.flat(PAGER).installs);
        assertEquals(4, mips.db.map(mips.space(PAGER), Fpage.wholeSpace(64, true), 0, mips.space(CHILD),
                Fpage.wholeSpace(64, true), false).mapped());
        assertEquals(0x4000, mips.frameOf(CHILD, high));
        assertEquals(8, mips.db.unmap(mips.space(PAGER), Fpage.wholeSpace(64, true), true, true));
        assertEquals(0, mips.space(PAGER).pageCount());
        assertEquals(0, mips.space(CHILD).pageCount());
        mips.db.checkInvariants();
    }

    // ---------------------------------------------------------------- devices

    @Test
    void deviceRootsAreUncachedAndCreatedOnce() {
        MappingNode root = m.db.addDeviceRoot(m.sigma0(), 0xB000_0000L);
        assertTrue(root.uncached());
        assertTrue(root.isRoot());
        assertSame(root, m.db.addDeviceRoot(m.sigma0(), 0xB000_0000L));
        assertEquals(ROOTS + 1, m.db.nodeCount());
        m.map(SIGMA0, 0xB000_0000L, 12, PAGER, 0x7000_0000L, true);
        assertTrue(m.space(PAGER).mmu().probe(0x7000_0000L, false).uncached());
        assertTrue(m.space(PAGER).lookup(0x7000_0000L).uncached());
        assertEquals(2, m.db.tree(0xB000_0000L).size());
        assertThrows(IllegalArgumentException.class, () -> m.db.addDeviceRoot(m.sigma0(), 0x1000));
        assertThrows(IllegalArgumentException.class, () -> m.db.addDeviceRoot(m.space(PAGER), 0xB000_1000L));
        assertThrows(IllegalArgumentException.class, () -> m.db.addDeviceRoot(m.sigma0(), 0xB000_0800L));
        m.db.checkInvariants();
    }

    // ---------------------------------------------------------------- the checker itself

    @Test
    void checkerNoticesAPageTableEntryWithoutANode() {
        buildThreeLevels();
        m.flat(CHILD).corrupt(0x6000_0000L, 0x1000, true);
        AssertionError e = assertThrows(AssertionError.class, m.db::checkInvariants);
        assertTrue(e.getMessage().contains("without a mapping node"), e.getMessage());
    }

    @Test
    void checkerNoticesAMissingOrWrongPageTableEntry() {
        buildThreeLevels();
        m.flat(GRANDCHILD).table.remove(G_VA + PAGE);
        AssertionError e = assertThrows(AssertionError.class, m.db::checkInvariants);
        assertTrue(e.getMessage().contains("no page-table entry"), e.getMessage());
        m.flat(GRANDCHILD).corrupt(G_VA + PAGE, FRAMES + PAGE, false);
        e = assertThrows(AssertionError.class, m.db::checkInvariants);
        assertTrue(e.getMessage().contains("page table says"), e.getMessage());
    }

    // ---------------------------------------------------------------- scale

    @Test
    void mapThenFlushOf100kMappingsDoesConstantWorkPerMapping() {
        Machine big = new Machine(16L << 20, new int[] {12});
        int tasks = 25;
        for (int t = 1; t <= tasks; t++) {
            assertEquals(4096, big.map(SIGMA0, 0, 24, t, 0x1000_0000L, true).mapped());
        }
        int n = tasks * 4096; // 102400 mappings
        assertEquals(4096 + n, big.db.nodeCount());
        assertEquals(n * Machine.MAP, big.cycles);
        big.db.checkInvariants();
        assertEquals(n, big.db.unmap(big.sigma0(), Fpage.of(0, 24, true), true, false));
        assertEquals(n * Machine.MAP + Machine.UNMAP_BASE + n * Machine.UNMAP_PAGE, big.cycles);
        for (int t = 1; t <= tasks; t++) {
            FlatMmuSpace s = big.flat(t);
            assertEquals(4096, s.mapCalls, "one install per mapping");
            assertEquals(4096, s.unmapCalls, "one removal per mapping");
            assertTrue(s.table.isEmpty());
        }
        assertEquals(4096, big.db.nodeCount());
        big.db.checkInvariants();
    }

    @Test
    void deepChainsAreWalkedWithoutRecursion() {
        // 20000 mappings of one frame, each derived from the previous, alternating between two spaces
        for (int i = 0; i < 20000; i++) {
            int from = i == 0 ? SIGMA0 : (i % 2 == 1 ? PAGER : CHILD);
            long src = i == 0 ? 0x10000 : 0x1000_0000L + (i - 1) * PAGE;
            int to = i % 2 == 0 ? PAGER : CHILD;
            assertEquals(1, m.map(from, src, 12, to, 0x1000_0000L + i * PAGE, true).mapped());
        }
        assertEquals(20001, m.db.tree(0x10000).size());
        assertEquals(20000, m.db.tree(0x10000).get(20000).depth());
        m.db.checkInvariants();
        assertEquals(19999, m.db.unmap(m.space(PAGER), Fpage.of(0x1000_0000L, 12, true), false, false));
        assertEquals(20000, m.db.unmap(m.sigma0(), Fpage.of(0x10000, 12, true), true, false));
        assertEquals(ROOTS, m.db.nodeCount());
        m.db.checkInvariants();
    }
}
