package l4.kernel.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import l4.api.Fpage;
import l4.spi.HardwareMapping;
import l4.spi.Translation;
import org.junit.jupiter.api.Test;

/**
 * Random tasks doing random map, grant, unmap and kills. The oracle knows nothing about the
 * database: it records, from the page tables alone, which frames each task was legitimately offered
 * (the sender could translate the source page at the time, and could write it if write was passed
 * on), and forgets a frame for everybody when σ0 revokes it. A task's page table may only ever
 * translate to frames it was offered since the last revocation.
 */
class IsolationPropertyTest {
    static final int TASKS = 6; // task 0 is σ0
    static final long RAM = 1 << 20; // 256 frames, so tasks collide often
    static final long PAGE = 4096;

    /** One run; returns a trace of every step's outcome and the final page tables. */
    static String run(long seed, int steps, Counters counters) {
        Machine m = new Machine(RAM, new int[] {12, 14, 16});
        Random rnd = new Random(seed);
        List<Set<Long>> mayRead = new ArrayList<>();
        List<Set<Long>> mayWrite = new ArrayList<>();
        for (int t = 0; t < TASKS; t++) {
            mayRead.add(new HashSet<>());
            mayWrite.add(new HashSet<>());
        }
        for (long f = 0; f < RAM; f += PAGE) {
            mayRead.get(0).add(f);
            mayWrite.get(0).add(f);
        }
        StringBuilder trace = new StringBuilder();
        for (int step = 0; step < steps; step++) {
            int op = rnd.nextInt(100);
            int from = rnd.nextInt(TASKS);
            int to = rnd.nextInt(TASKS);
            String what;
            if (op < 8) {
                // re-map a page read-only onto a mapping derived from it: the same-frame rights update
                // (preferably one with mappings derived in turn, which must then be downgraded)
                MappingNode source = null;
                MappingNode child = null;
                for (MappingNode n : m.space(from).nodes()) {
                    for (MappingNode c : n.children()) {
                        boolean better = child == null || c.hasChildren() && !child.hasChildren();
                        if (better || c.hasChildren() == child.hasChildren() && rnd.nextInt(3) == 0) {
                            source = n;
                            child = c;
                        }
                    }
                }
                if (source == null) {
                    what = "nothing to re-map in " + from;
                } else {
                    int target = child.space().taskNumber();
                    if (!child.hasChildren() && child.writable()) {
                        // give the child's page one more level first, writable, so the RO re-map must downgrade it
                        int next = rnd.nextInt(TASKS);
                        long va = randomBase(rnd, 12);
                        mayRead.get(next).add(child.frame());
                        mayWrite.get(next).add(child.frame());
                        counters.add(m.db.map(m.space(target), Fpage.of(child.virtualAddress(), 12, true), 0, m.space(next),
                                Fpage.of(va, 12, true), false));
                    }
                    if (!child.alive() || !source.alive()) {
                        what = "the extra map overmapped " + (child.alive() ? source : child);
                    } else {
                        boolean grant = rnd.nextBoolean();
                        MapOutcome o = m.db.map(m.space(from), Fpage.of(source.virtualAddress(), 12, false), 0,
                                m.space(target), Fpage.of(child.virtualAddress(), 12, true), grant);
                        mayRead.get(target).add(source.frame());
                        counters.add(o);
                        what = (grant ? "re-grant " : "re-map ") + source + " onto " + child + " " + o;
                    }
                }
            } else if (op < 70) {
                boolean grant = op >= 52;
                int sendSize = 12 + rnd.nextInt(5);
                int rcvSize = op < 35 ? sendSize : 12 + rnd.nextInt(5);
                Fpage send = Fpage.of(baseNearMappings(rnd, m.space(from), sendSize), sendSize, rnd.nextInt(4) != 0);
                Fpage window = Fpage.of(baseNearMappings(rnd, m.space(to), rcvSize), rcvSize, true);
                long hotSpot = rnd.nextLong();
                // oracle: what the sender can hand out right now
                MapWindow w = MapWindow.of(send, hotSpot, window);
                for (long off = 0; off < 1L << w.sizeLog2(); off += PAGE) {
                    Translation t = m.space(from).mmu().probe(w.sourceBase() + off, false);
                    if (!t.ok()) continue;
                    mayRead.get(to).add(t.physical());
                    if (send.writable() && m.space(from).mmu().probe(w.sourceBase() + off, true).ok()) {
                        mayWrite.get(to).add(t.physical());
                    }
                }
                MapOutcome o = m.db.map(m.space(from), send, hotSpot, m.space(to), window, grant);
                counters.add(o);
                what = (grant ? "grant " : "map ") + from + "->" + to + " " + send + " " + window + " " + o;
            } else if (op < 95) {
                int task = rnd.nextInt(4) == 0 ? 0 : from;
                int size = 12 + rnd.nextInt(7);
                Fpage fpage = Fpage.of(baseNearMappings(rnd, m.space(task), size), size, true);
                boolean flush = rnd.nextBoolean();
                boolean own = rnd.nextBoolean();
                List<Long> ownPages = new ArrayList<>();
                for (HardwareMapping h : m.space(task).mmu().entries()) {
                    if (fpage.contains(h.virtualAddress())) ownPages.add(h.virtualAddress());
                }
                int affected = m.db.unmap(m.space(task), fpage, flush, own);
                counters.unmapped += affected;
                what = "unmap " + task + " " + fpage + (flush ? " flush" : " ro") + (own ? " own" : "") + " = " + affected;
                if (task == 0) {
                    // σ0 revoked those frames from everybody else: forget all earlier offers
                    for (int t = 1; t < TASKS; t++) {
                        for (long f = fpage.base(); f <= fpage.end() && f < RAM; f += PAGE) {
                            if (flush) mayRead.get(t).remove(f);
                            mayWrite.get(t).remove(f);
                        }
                    }
                } else if (own) {
                    for (long va : ownPages) {
                        Translation t = m.space(task).mmu().probe(va, flush ? false : true);
                        if (t.ok()) fail("step " + step + ": task " + task + " still " + (flush ? "maps" : "writes") + " own page " + Long.toHexString(va));
                    }
                }
            } else {
                int victim = 1 + rnd.nextInt(TASKS - 1);
                int removed = m.db.deleteSpace(m.space(victim));
                m.respawn(victim);
                mayRead.get(victim).clear();
                mayWrite.get(victim).clear();
                counters.killed++;
                what = "kill " + victim + " = " + removed;
            }
            trace.append(step).append(' ').append(what).append('\n');
            try {
                m.db.checkInvariants();
            } catch (AssertionError e) {
                throw new AssertionError("after step " + step + " (" + what + "): " + e.getMessage(), e);
            }
            for (int t = 0; t < TASKS; t++) {
                for (HardwareMapping h : m.space(t).mmu().entries()) {
                    for (long off = 0; off < 1L << h.sizeLog2(); off += PAGE) {
                        long frame = h.physicalAddress() + off;
                        if (!mayRead.get(t).contains(frame)) {
                            fail(String.format("step %d (%s): task %d translates 0x%x to frame 0x%x it was never offered",
                                    step, what, t, h.virtualAddress() + off, frame));
                        }
                        if (h.writable() && !mayWrite.get(t).contains(frame)) {
                            fail(String.format("step %d (%s): task %d can write frame 0x%x without having been given write",
                                    step, what, t, frame));
                        }
                    }
                }
            }
        }
        for (int t = 0; t < TASKS; t++) {
            TreeMap<Long, String> table = new TreeMap<>();
            for (HardwareMapping h : m.space(t).mmu().entries()) {
                table.put(h.virtualAddress(), Long.toHexString(h.physicalAddress()) + (h.writable() ? "w" : "r"));
            }
            trace.append("task ").append(t).append(' ').append(table).append('\n');
        }
        trace.append("nodes ").append(m.db.nodeCount()).append(" cycles ").append(m.cycles);
        return trace.toString();
    }

    /** Bases inside RAM mostly (so σ0 has something to give), sometimes just above. */
    static long randomBase(Random rnd, int sizeLog2) {
        long range = 2 * RAM;
        return (rnd.nextLong() & (range - 1)) & ~((1L << sizeLog2) - 1);
    }

    /** Mostly an fpage around one of the space's mapped pages, else anywhere: random fpages rarely hit anything. */
    static long baseNearMappings(Random rnd, AddressSpace space, int sizeLog2) {
        List<MappingNode> nodes = space.nodes();
        if (nodes.isEmpty() || rnd.nextInt(4) == 0) return randomBase(rnd, sizeLog2);
        return nodes.get(rnd.nextInt(nodes.size())).virtualAddress() & ~((1L << sizeLog2) - 1);
    }

    static final class Counters {
        long mapped, granted, skipped, flushed, downgraded, unmapped, killed;

        void add(MapOutcome o) {
            mapped += o.mapped();
            granted += o.granted();
            skipped += o.skipped();
            flushed += o.flushed();
            downgraded += o.downgraded();
        }
    }

    @Test
    void randomTasksNeverReachFramesTheyWereNotGiven() {
        for (long seed : new long[] {1, 2, 3, 42}) {
            Counters c = new Counters();
            run(seed, 600, c);
            // the run must have exercised every path, or it proves little
            assertTrue(c.mapped > 100, "mapped " + c.mapped);
            assertTrue(c.granted > 10, "granted " + c.granted);
            assertTrue(c.skipped > 0, "skipped " + c.skipped);
            assertTrue(c.flushed > 0, "flushed " + c.flushed);
            assertTrue(c.downgraded > 0, "downgraded " + c.downgraded);
            assertTrue(c.unmapped > 0, "unmapped " + c.unmapped);
            assertTrue(c.killed > 0, "killed " + c.killed);
        }
    }

    @Test
    void runsAreDeterministic() {
        String a = run(7, 400, new Counters());
        String b = run(7, 400, new Counters());
        assertEquals(a, b);
        assertFalse(a.equals(run(8, 400, new Counters())));
    }
}
