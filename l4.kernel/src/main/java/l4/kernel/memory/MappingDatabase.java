package l4.kernel.memory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

import l4.api.Fpage;
import l4.spi.Cost;
import l4.spi.CostModel;
import l4.spi.CycleSink;
import l4.spi.HardwareMapping;
import l4.spi.MmuSpace;
import l4.spi.Translation;

/**
 * Recursive address spaces: one mapping tree per physical frame, rooted in σ0's 1:1 mapping.
 * Map adds a child, grant moves a node (its children stay attached), fpage_unmap removes or
 * downgrades subtrees. Every change is mirrored page by page in the tasks' {@link MmuSpace}s, so a
 * node exists iff its page-table entry exists, with the same frame and rights.
 *
 * <p>Work is proportional to the pages touched: spaces are sorted maps (O(log n) lookups), subtrees
 * are walked iteratively through intrusive child lists, nothing scans all nodes. Iteration orders
 * are address order or tree order, so results and MMU call sequences are deterministic.
 *
 * <p>Not thread-safe; the kernel serializes calls.
 */
public final class MappingDatabase {
    private static final int PAGE_BITS = PhysicalMemory.FRAME_BITS;
    private static final long PAGE = PhysicalMemory.FRAME_SIZE;
    private static final long PAGE_MASK = PAGE - 1;

    private final PhysicalMemory memory;
    private final int[] pageSizes;
    private final CycleSink clock;
    private final CostModel costs;
    /** σ0's 1:1 mappings by frame: RAM frames from {@link #initSigma0}, device pages on demand. */
    private final TreeMap<Long, MappingNode> roots = new TreeMap<>(Long::compareUnsigned);
    /** Spaces that hold or held mappings, in order of first use (identity; for the checker). */
    private final Set<AddressSpace> spaces = new LinkedHashSet<>();
    private AddressSpace sigma0;
    private int nodeCount;
    /** Which pages a map or grant may target: the architecture's user space (all, until told). */
    private java.util.function.LongPredicate targetable = va -> true;

    public MappingDatabase(PhysicalMemory memory, int[] hardwarePageSizesLog2, CycleSink clock, CostModel costs) {
        this.memory = Objects.requireNonNull(memory);
        this.clock = Objects.requireNonNull(clock);
        this.costs = Objects.requireNonNull(costs);
        int[] sizes = hardwarePageSizesLog2.clone();
        if (sizes.length == 0 || sizes[0] != PAGE_BITS) {
            throw new IllegalArgumentException("hardware page sizes must start with 4 KiB (12)");
        }
        for (int i = 1; i < sizes.length; i++) {
            if (sizes[i] <= sizes[i - 1] || sizes[i] > 40) {
                throw new IllegalArgumentException("hardware page sizes must ascend: " + java.util.Arrays.toString(sizes));
            }
        }
        this.pageSizes = sizes;
    }

    public PhysicalMemory memory() { return memory; }

    /** σ0's space once {@link #initSigma0} ran, else null. */
    public AddressSpace sigma0() { return sigma0; }

    public int nodeCount() { return nodeCount; }

    /**
     * Limits map and grant to target pages inside the user address space: a receive window may
     * reach beyond it (a whole-space window on MIPS spans 2^64 bytes, its user space 2^40), and
     * the pages of a map item that would land there map nothing.
     */
    public void targetable(java.util.function.LongPredicate pageInUserSpace) {
        this.targetable = Objects.requireNonNull(pageInUserSpace);
    }

    // ------------------------------------------------------------------ σ0

    /** Maps every RAM frame 1:1 and writable into σ0 as the roots of the mapping trees. Not charged (boot). */
    public void initSigma0(AddressSpace sigma0) {
        if (this.sigma0 != null) throw new IllegalStateException("σ0 already initialised");
        if (sigma0.pageCount() != 0) throw new IllegalStateException("σ0's space is not empty");
        this.sigma0 = sigma0;
        spaces.add(sigma0);
        List<MappingNode> created = new ArrayList<>(memory.frames());
        for (long i = 0; i < memory.frames(); i++) {
            long frame = i << PAGE_BITS;
            MappingNode root = new MappingNode(sigma0, frame, frame, true, false);
            roots.put(frame, root);
            sigma0.pages.put(frame, root);
            created.add(root);
        }
        nodeCount += created.size();
        install(sigma0, created);
    }

    /**
     * The root for a device page (σ0's special protocol), created uncached and writable on first use.
     * Whatever σ0 had mapped at that address before is flushed.
     */
    public MappingNode addDeviceRoot(AddressSpace sigma0, long physicalPage) {
        if (this.sigma0 == null || sigma0 != this.sigma0) throw new IllegalArgumentException("not σ0's space");
        if ((physicalPage & PAGE_MASK) != 0) {
            throw new IllegalArgumentException(String.format("device page 0x%x not 4 KiB aligned", physicalPage));
        }
        if (memory.isRam(physicalPage)) {
            throw new IllegalArgumentException(String.format("0x%x is RAM, not a device page", physicalPage));
        }
        MappingNode existing = roots.get(physicalPage);
        if (existing != null) return existing;
        MappingNode occupant = sigma0.pages.get(physicalPage);
        int flushed = occupant == null ? 0 : removeSubtree(occupant);
        MappingNode root = new MappingNode(sigma0, physicalPage, physicalPage, true, true);
        roots.put(physicalPage, root);
        sigma0.pages.put(physicalPage, root);
        nodeCount++;
        sigma0.mmu().map(physicalPage, physicalPage, PAGE_BITS, true, true);
        charge(Cost.UNMAP_PER_PAGE, flushed);
        return root;
    }

    // ------------------------------------------------------------------ map and grant

    /**
     * Maps (or grants) the pages the sender has mapped in the source tile into the receiver (see
     * {@link MapWindow} for the size-mismatch rule). Pages are handled in ascending address order.
     * Rights: sender's ∧ {@code sendFpage.writable()}. Overmapping: a different frame at the target
     * is flushed with everything derived from it first; the same frame is re-parented under the
     * sender's mapping with the new rights (derived mappings stay, downgraded if needed). Mapping a
     * page onto itself, making a node its own ancestor, or overmapping one of σ0's roots is skipped.
     * Granting one of σ0's roots maps it instead: the 1:1 roots never move.
     */
    public MapOutcome map(AddressSpace from, Fpage sendFpage, long hotSpot, AddressSpace to, Fpage receiveWindow,
                          boolean grant) {
        if (sendFpage.isNil() || receiveWindow.isNil()) return MapOutcome.NONE;
        MapWindow window = MapWindow.of(sendFpage, hotSpot, receiveWindow);
        boolean writeRight = sendFpage.writable();
        spaces.add(to);
        int mapped = 0, granted = 0, skipped = 0, flushed = 0, downgraded = 0;
        List<MappingNode> pending = new ArrayList<>();
        for (MappingNode source : from.nodes(window.sourceBase(), window.sourceLast())) {
            if (!source.alive || source.space != from) { // lost to an overmapping earlier in this operation
                skipped++;
                continue;
            }
            long target = window.targetBase() + (source.virtualAddress - window.sourceBase());
            if (to == from && target == source.virtualAddress || !targetable.test(target)) {
                skipped++;
                continue;
            }
            boolean writable = source.writable && writeRight;
            MappingNode occupant = to.pages.get(target);
            if (occupant != null) {
                if (occupant.isRoot() || occupant.isAncestorOf(source)) {
                    skipped++;
                    continue;
                }
                if (occupant.frame != source.frame) {
                    flushed += removeSubtree(occupant);
                } else if (!grant || source.isRoot()) {
                    // Same frame: only the rights change; it now hangs under the sender's mapping.
                    if (occupant.parent != source) {
                        occupant.detachFromParent();
                        source.appendChild(occupant);
                    }
                    downgraded += setRights(occupant, writable);
                    to.mmu().unmap(target, PAGE_BITS);
                    pending.add(occupant);
                    mapped++;
                    continue;
                } else {
                    // Same frame, grant: the receiver's node merges into the granted one.
                    for (MappingNode c = occupant.firstChild; c != null; ) {
                        MappingNode next = c.nextSibling;
                        c.detachFromParent();
                        source.appendChild(c);
                        c = next;
                    }
                    occupant.detachFromParent();
                    remove(occupant);
                }
            }
            if (grant && !source.isRoot()) {
                from.pages.remove(source.virtualAddress);
                from.mmu().unmap(source.virtualAddress, PAGE_BITS);
                source.space = to;
                source.virtualAddress = target;
                to.pages.put(target, source);
                downgraded += setRights(source, writable);
                pending.add(source);
                granted++;
            } else {
                MappingNode child = new MappingNode(to, target, source.frame, writable, source.uncached);
                source.appendChild(child);
                to.pages.put(target, child);
                nodeCount++;
                pending.add(child);
                mapped++;
            }
        }
        install(to, pending);
        charge(Cost.MAP_PER_PAGE, mapped + granted);
        charge(Cost.UNMAP_PER_PAGE, flushed + downgraded);
        return new MapOutcome(mapped, granted, skipped, flushed, downgraded);
    }

    /**
     * Installs the receiver's new entries, each as the largest hardware page whose aligned block is
     * entirely covered by this operation with physically contiguous (and physically aligned),
     * equally privileged frames; else as 4 KiB pages. {@code nodes} ascend by virtual address.
     */
    private void install(AddressSpace space, List<MappingNode> nodes) {
        List<MappingNode> live = new ArrayList<>(nodes.size());
        for (MappingNode n : nodes) {
            // A later overmapping in the same operation may have removed or moved it again.
            if (n.alive && n.space == space && space.pages.get(n.virtualAddress) == n) live.add(n);
        }
        int n = live.size();
        int[] run = new int[n]; // compatible successors starting at i, itself included
        for (int i = n - 1; i >= 0; i--) {
            run[i] = i + 1 < n && continues(live.get(i), live.get(i + 1)) ? run[i + 1] + 1 : 1;
        }
        MmuSpace mmu = space.mmu();
        for (int i = 0; i < n; ) {
            MappingNode first = live.get(i);
            int size = PAGE_BITS;
            for (int k = pageSizes.length - 1; k > 0; k--) {
                int s = pageSizes[k];
                long mask = (1L << s) - 1;
                if ((first.virtualAddress & mask) == 0 && (first.frame & mask) == 0 && run[i] >= 1L << (s - PAGE_BITS)) {
                    size = s;
                    break;
                }
            }
            mmu.map(first.virtualAddress, first.frame, size, first.writable, first.uncached);
            i += 1 << (size - PAGE_BITS);
        }
    }

    private static boolean continues(MappingNode a, MappingNode b) {
        return b.virtualAddress == a.virtualAddress + PAGE && b.frame == a.frame + PAGE
                && a.writable == b.writable && a.uncached == b.uncached;
    }

    /** Sets a node's own right (its MMU entry is the caller's business); returns descendants downgraded. */
    private int setRights(MappingNode node, boolean writable) {
        if (node.writable == writable) return 0;
        node.writable = writable;
        return writable ? 0 : downgradeDescendants(node);
    }

    // ------------------------------------------------------------------ unmap

    /**
     * fpage_unmap: removes ({@code flush}) or makes read-only everything derived from the space's
     * pages in {@code fpage}, recursively; with {@code includeOwn} also those pages themselves.
     * σ0's 1:1 roots are permanent: {@code includeOwn} never removes or downgrades them, only what
     * is derived from them (σ0 keeps its view of physical memory). Charges {@code UNMAP_BASE} plus
     * {@code UNMAP_PER_PAGE} per page removed or downgraded; returns that page count.
     */
    public int unmap(AddressSpace space, Fpage fpage, boolean flush, boolean includeOwn) {
        charge(Cost.UNMAP_BASE, 1);
        if (fpage.isNil()) return 0;
        int affected = 0;
        for (MappingNode node : space.nodes(fpage.base(), fpage.end())) {
            if (!node.alive || node.space != space) continue; // removed as part of an earlier subtree
            boolean own = includeOwn && !node.isRoot();
            if (flush) {
                if (own) {
                    affected += removeSubtree(node);
                } else {
                    while (node.firstChild != null) affected += removeSubtree(node.firstChild);
                }
            } else {
                if (own && node.writable) {
                    node.writable = false;
                    space.mmu().protect(node.virtualAddress, PAGE_BITS);
                    affected++;
                }
                affected += downgradeDescendants(node);
            }
        }
        charge(Cost.UNMAP_PER_PAGE, affected);
        return affected;
    }

    /**
     * A task dies: all its mappings and everything derived from them go (σ0's roots too, if it is σ0).
     * Charges {@code UNMAP_PER_PAGE} per page removed, no base.
     */
    public int deleteSpace(AddressSpace space) {
        int removed = 0;
        for (MappingNode node : space.nodes()) {
            if (node.alive && node.space == space) removed += removeSubtree(node);
        }
        spaces.remove(space);
        if (space == sigma0) sigma0 = null;
        charge(Cost.UNMAP_PER_PAGE, removed);
        return removed;
    }

    // ------------------------------------------------------------------ tree surgery

    /** Removes {@code top} and all below it (pre-order); returns the number of nodes removed. */
    private int removeSubtree(MappingNode top) {
        top.detachFromParent();
        Deque<MappingNode> stack = new ArrayDeque<>();
        stack.push(top);
        int removed = 0;
        while (!stack.isEmpty()) {
            MappingNode n = stack.pop();
            for (MappingNode c = n.lastChild; c != null; c = c.previousSibling) stack.push(c);
            n.firstChild = null;
            n.lastChild = null;
            n.parent = null;
            n.previousSibling = null;
            n.nextSibling = null;
            remove(n);
            removed++;
        }
        return removed;
    }

    /** Drops one node from its space, its page table and (for roots) the root index; links untouched. */
    private void remove(MappingNode n) {
        n.space.pages.remove(n.virtualAddress);
        n.space.mmu().unmap(n.virtualAddress, PAGE_BITS);
        if (roots.get(n.frame) == n) roots.remove(n.frame);
        n.alive = false;
        nodeCount--;
    }

    /** Makes every writable node below {@code top} read-only; read-only nodes end the walk (rights only shrink downwards). */
    private int downgradeDescendants(MappingNode top) {
        Deque<MappingNode> stack = new ArrayDeque<>();
        for (MappingNode c = top.lastChild; c != null; c = c.previousSibling) stack.push(c);
        int changed = 0;
        while (!stack.isEmpty()) {
            MappingNode n = stack.pop();
            if (!n.writable) continue;
            n.writable = false;
            n.space.mmu().protect(n.virtualAddress, PAGE_BITS);
            changed++;
            for (MappingNode c = n.lastChild; c != null; c = c.previousSibling) stack.push(c);
        }
        return changed;
    }

    private void charge(Cost cost, long times) {
        if (times > 0) clock.charge(costs.cycles(cost) * times);
    }

    // ------------------------------------------------------------------ inspection

    /** The σ0 root of a frame, or null. */
    public MappingNode root(long physicalFrame) {
        return roots.get(physicalFrame & ~PAGE_MASK);
    }

    /** The mapping tree of the frame containing {@code physicalFrame}, pre-order; empty if it has none. */
    public List<TreeEntry> tree(long physicalFrame) {
        MappingNode root = root(physicalFrame);
        if (root == null) return Collections.emptyList();
        List<TreeEntry> out = new ArrayList<>();
        Deque<TreeEntry> stack = new ArrayDeque<>();
        stack.push(new TreeEntry(0, root));
        while (!stack.isEmpty()) {
            TreeEntry e = stack.pop();
            out.add(e);
            for (MappingNode c = e.node().lastChild; c != null; c = c.previousSibling) {
                stack.push(new TreeEntry(e.depth() + 1, c));
            }
        }
        return out;
    }

    /** The space's mappings as coalesced runs, ascending by virtual address. */
    public List<Region> regions(AddressSpace space) {
        List<Region> out = new ArrayList<>();
        MappingNode first = null;
        MappingNode last = null;
        int count = 0;
        for (MappingNode n : space.pages.values()) {
            if (first != null && continues(last, n) && sameSource(last, n)) {
                last = n;
                count++;
                continue;
            }
            if (first != null) out.add(region(first, count));
            first = n;
            last = n;
            count = 1;
        }
        if (first != null) out.add(region(first, count));
        return out;
    }

    private static boolean sameSource(MappingNode a, MappingNode b) {
        if (a.parent == null || b.parent == null) return a.parent == null && b.parent == null;
        return a.parent.space == b.parent.space && b.parent.virtualAddress == a.parent.virtualAddress + PAGE;
    }

    private static Region region(MappingNode first, int pages) {
        MappingNode p = first.parent;
        return new Region(first.virtualAddress, (long) pages << PAGE_BITS, first.frame, first.writable, first.uncached,
                p == null ? -1 : p.space.taskNumber(), p == null ? first.frame : p.virtualAddress);
    }

    // ------------------------------------------------------------------ invariants

    /**
     * Checks the whole database against itself and the page tables; throws {@link AssertionError}
     * naming the first violation. Cost is linear in nodes plus page-table entries.
     */
    public void checkInvariants() {
        Map<MappingNode, Boolean> reached = new IdentityHashMap<>();
        for (Map.Entry<Long, MappingNode> e : roots.entrySet()) {
            MappingNode root = e.getValue();
            check(root.alive, "root %s is dead", root);
            check(root.parent == null, "root %s has a parent", root);
            check(root.frame == e.getKey(), "root %s filed under frame 0x%x", root, e.getKey());
            check(root.space == sigma0 && sigma0 != null, "root %s does not belong to σ0", root);
            check(root.virtualAddress == root.frame, "root %s is not 1:1", root);
            check(root.writable, "root %s is not writable", root);
            check(root.uncached == !memory.isRam(root.frame), "root %s has the wrong cache attribute", root);
            Deque<MappingNode> stack = new ArrayDeque<>();
            stack.push(root);
            while (!stack.isEmpty()) {
                MappingNode n = stack.pop();
                check(reached.put(n, Boolean.TRUE) == null, "%s reached twice: cycle or shared child", n);
                check(reached.size() <= nodeCount, "more nodes in trees than counted (%d): cycle?", nodeCount);
                check(n.alive, "dead node %s still in a tree", n);
                check(n.frame == root.frame, "%s in the tree of frame 0x%x", n, root.frame);
                check(n.uncached == root.uncached, "%s cache attribute differs from its root", n);
                check(spaces.contains(n.space), "%s belongs to an unregistered space", n);
                check(n.space.pages.get(n.virtualAddress) == n, "%s missing from its space's index", n);
                MappingNode prev = null;
                for (MappingNode c = n.firstChild; c != null; c = c.nextSibling) {
                    check(c.parent == n, "%s listed as child of %s but its parent is %s", c, n, c.parent);
                    check(c.previousSibling == prev, "sibling links broken at %s", c);
                    check(!c.writable || n.writable, "rights increase from %s to %s", n, c);
                    stack.push(c);
                    prev = c;
                }
                check(n.lastChild == prev, "last-child link of %s broken", n);
            }
        }
        check(reached.size() == nodeCount, "%d nodes reachable from σ0's roots, %d counted", reached.size(), nodeCount);
        int indexed = 0;
        for (AddressSpace space : spaces) {
            for (Map.Entry<Long, MappingNode> e : space.pages.entrySet()) {
                MappingNode n = e.getValue();
                check(reached.containsKey(n), "%s is not descended from a σ0 root", n);
                check(n.space == space && n.virtualAddress == e.getKey(), "%s filed in task %d at 0x%x", n,
                        space.taskNumber(), e.getKey());
                check((n.virtualAddress & PAGE_MASK) == 0, "%s not page aligned", n);
                checkEntry(space.mmu(), n);
                indexed++;
            }
            for (HardwareMapping h : space.mmu().entries()) {
                long pages = 1L << (h.sizeLog2() - PAGE_BITS);
                for (long i = 0; i < pages; i++) {
                    long va = h.virtualAddress() + (i << PAGE_BITS);
                    long pa = h.physicalAddress() + (i << PAGE_BITS);
                    MappingNode n = space.pages.get(va);
                    check(n != null, "task %d page table maps 0x%x -> 0x%x without a mapping node",
                            space.taskNumber(), va, pa);
                    check(n.frame == pa && n.writable == h.writable() && n.uncached == h.uncached(),
                            "task %d page table entry 0x%x -> 0x%x %s disagrees with %s", space.taskNumber(), va, pa,
                            h.writable() ? "rw" : "ro", n);
                }
            }
        }
        check(indexed == nodeCount, "%d nodes in space indexes, %d counted", indexed, nodeCount);
    }

    private static void checkEntry(MmuSpace mmu, MappingNode n) {
        Translation read = mmu.probe(n.virtualAddress, false);
        check(read.ok(), "%s has no page-table entry (%s)", n, read.fault());
        check(read.physical() == n.frame, "%s translates to 0x%x", n, read.physical());
        check(read.uncached() == n.uncached, "%s page-table cache attribute differs", n);
        Translation write = mmu.probe(n.virtualAddress, true);
        check(write.ok() == n.writable, "%s but the page table says %s", n, write.ok() ? "writable" : write.fault());
    }

    private static void check(boolean condition, String format, Object... args) {
        if (!condition) throw new AssertionError(String.format(format, args));
    }

    // ------------------------------------------------------------------ snapshots

    /** σ0's roots by frame, ascending (unsigned): the mapping trees, for a machine snapshot. */
    public List<MappingNode> roots() { return new ArrayList<>(roots.values()); }

    /** The spaces that hold or held mappings, in order of first use. */
    public List<AddressSpace> spaces() { return new ArrayList<>(spaces); }

    /**
     * Snapshot import, before any node: σ0's space (null if σ0 is gone) and the registered spaces
     * in their order. The database must be empty; page tables are the importer's business (it
     * restores them entry for entry, superpages as they were).
     */
    public void restoreSpaces(AddressSpace sigma0Space, List<AddressSpace> inOrder) {
        if (nodeCount != 0 || sigma0 != null || !spaces.isEmpty()) throw new IllegalStateException("mapping database not empty");
        sigma0 = sigma0Space;
        spaces.addAll(inOrder);
    }

    /**
     * Snapshot import: one node, appended as the last child of {@code parent} (null: a σ0 root of
     * {@code frame}); trees come in pre-order, so children keep their order. No page-table change.
     */
    public MappingNode restoreNode(MappingNode parent, AddressSpace space, long virtualAddress, long frame,
                                   boolean writable, boolean uncached) {
        if ((virtualAddress & PAGE_MASK) != 0 || (frame & PAGE_MASK) != 0) {
            throw new IllegalArgumentException(String.format("mapping 0x%x -> 0x%x not page aligned", virtualAddress, frame));
        }
        if (space.pages.containsKey(virtualAddress)) {
            throw new IllegalArgumentException(String.format("task %d maps 0x%x twice", space.taskNumber(), virtualAddress));
        }
        MappingNode n = new MappingNode(space, virtualAddress, frame, writable, uncached);
        if (parent == null) {
            if (roots.putIfAbsent(frame, n) != null) throw new IllegalArgumentException(String.format("two roots for frame 0x%x", frame));
        } else {
            if (parent.frame != frame) throw new IllegalArgumentException(n + " below a mapping of another frame");
            parent.appendChild(n);
        }
        space.pages.put(virtualAddress, n);
        nodeCount++;
        return n;
    }
}
