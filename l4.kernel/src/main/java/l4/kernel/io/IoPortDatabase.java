package l4.kernel.io;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import l4.api.IoFpage;

/**
 * ix86 I/O ports: each task's I/O permission set (a bitmap of the 65536 ports, the simulated TSS
 * I/O bitmap) and, per port, who gave it to whom — the mapping database's idea, kept small. The
 * root task (σ0) holds every port from boot, permanently; every other holder of a port has exactly
 * one parent holder, so each port's holders form a tree rooted at σ0.
 *
 * <ul>
 *   <li>map: the receiver becomes a child of the sender for each port the sender holds;</li>
 *   <li>grant: the receiver takes the sender's place in the tree (the sender's children move to
 *       it), the sender loses the port; a grant by the root acts as a map (roots are permanent);</li>
 *   <li>a port the receiver already holds is left as it is (ports have no rights to change, and
 *       leaving it avoids cycles);</li>
 *   <li>unmap removes everything derived from the caller's ports, recursively, and with
 *       {@code own} the caller's own access too (never the root's);</li>
 *   <li>a killed task loses its ports and everything derived from them.</li>
 * </ul>
 * Tasks are identified by task number. Not thread-safe: kernel state, touched only by the CPU.
 */
public final class IoPortDatabase {
    public static final int PORTS = IoFpage.PORTS;
    private static final int NO_PARENT = -1;

    private final int root;
    private final BitSet[] permissions;
    /** Per port: holder task → parent task (the root is not stored). Created on first use. */
    private final Map<Integer, Integer>[] parents;

    @SuppressWarnings("unchecked")
    public IoPortDatabase(int tasks, int rootTask) {
        this.root = rootTask;
        this.permissions = new BitSet[tasks];
        this.parents = new Map[PORTS];
        BitSet all = new BitSet(PORTS);
        all.set(0, PORTS);
        permissions[rootTask] = all;
    }

    public int root() { return root; }

    public boolean has(int task, int port) {
        if (port < 0 || port >= PORTS || task < 0 || task >= permissions.length) return false;
        BitSet b = permissions[task];
        return b != null && b.get(port);
    }

    /** The first of {@code count} ports from {@code port} that {@code task} lacks, or -1 if it has them all. */
    public int firstMissing(int task, int port, int count) {
        for (int p = port; p < port + count; p++) if (!has(task, p)) return p;
        return -1;
    }

    /** A copy of the task's I/O permission set. */
    public BitSet ports(int task) {
        BitSet b = permissions[task];
        return b == null ? new BitSet() : (BitSet) b.clone();
    }

    /** The task {@code task} got {@code port} from; -1 for the root or a task that lacks the port. */
    public int parent(int task, int port) {
        Map<Integer, Integer> m = parents[port];
        Integer p = m == null ? null : m.get(task);
        return p == null ? NO_PARENT : p;
    }

    /** Map ({@code grant} false) or grant the ports of {@code fp} that {@code from} holds to {@code to}; returns ports given. */
    public int map(int from, int to, IoFpage fp, boolean grant) {
        if (fp.isNil() || from == to) return 0;
        int given = 0;
        for (int p = fp.port(); p <= fp.end(); p++) {
            if (!has(from, p) || has(to, p)) continue;
            Map<Integer, Integer> m = tree(p);
            if (grant && from != root) {
                m.put(to, m.remove(from));
                for (Map.Entry<Integer, Integer> e : m.entrySet()) if (e.getValue() == from) e.setValue(to);
                permissions[from].clear(p);
            } else {
                m.put(to, from);
            }
            permissions(to).set(p);
            given++;
        }
        return given;
    }

    /** Revokes what {@code task} passed on of the ports of {@code fp} (and with {@code own} its own access); returns accesses removed. */
    public int unmap(int task, IoFpage fp, boolean own) {
        if (fp.isNil()) return 0;
        int removed = 0;
        for (int p = fp.port(); p <= fp.end(); p++) {
            if (!has(task, p)) continue;
            removed += removeDerived(p, task);
            if (own && task != root) {
                removeOne(p, task);
                removed++;
            }
        }
        return removed;
    }

    /** A killed task: its ports and everything derived from them go. Returns accesses removed. */
    public int deleteTask(int task) {
        if (task == root) throw new IllegalArgumentException("the root holds its ports permanently");
        BitSet b = permissions[task];
        if (b == null) return 0;
        int removed = 0;
        for (int p = b.nextSetBit(0); p >= 0; p = b.nextSetBit(p + 1)) {
            removed += removeDerived(p, task);
            removeOne(p, task);
            removed++;
        }
        permissions[task] = null;
        return removed;
    }

    /** Removes every holder below {@code task} in port {@code p}'s tree. */
    private int removeDerived(int p, int task) {
        Map<Integer, Integer> m = parents[p];
        if (m == null || m.isEmpty()) return 0;
        int removed = 0;
        ArrayDeque<Integer> work = new ArrayDeque<>();
        work.add(task);
        while (!work.isEmpty()) {
            int t = work.poll();
            List<Integer> children = new ArrayList<>();
            for (Map.Entry<Integer, Integer> e : m.entrySet()) if (e.getValue() == t) children.add(e.getKey());
            for (int c : children) {
                removeOne(p, c);
                removed++;
                work.add(c);
            }
        }
        return removed;
    }

    private void removeOne(int p, int task) {
        Map<Integer, Integer> m = parents[p];
        if (m != null) m.remove(task);
        BitSet b = permissions[task];
        if (b != null) b.clear(p);
    }

    private Map<Integer, Integer> tree(int p) {
        Map<Integer, Integer> m = parents[p];
        if (m == null) parents[p] = m = new HashMap<>(4);
        return m;
    }

    private BitSet permissions(int task) {
        BitSet b = permissions[task];
        if (b == null) permissions[task] = b = new BitSet();
        return b;
    }

    /**
     * Checks the invariants: the root holds every port; a task holds a port iff it is in that
     * port's tree; every holder's parent holds the port; following parents always reaches the root.
     */
    public void checkInvariants() {
        if (permissions[root].cardinality() != PORTS) throw new IllegalStateException("the root lost ports");
        long entries = 0;
        for (int p = 0; p < PORTS; p++) {
            Map<Integer, Integer> m = parents[p];
            if (m == null) continue;
            entries += m.size();
            for (Map.Entry<Integer, Integer> e : m.entrySet()) {
                int t = e.getKey();
                if (t == root) throw new IllegalStateException("root in the tree of port " + p);
                if (!has(t, p)) throw new IllegalStateException("task " + t + " in the tree of port " + p + " without the bit");
                int steps = 0;
                int at = t;
                while (at != root) {
                    Integer up = m.get(at);
                    if (up == null) throw new IllegalStateException("port " + p + ": task " + at + " has a parent without the port");
                    at = up;
                    if (++steps > m.size()) throw new IllegalStateException("port " + p + ": cycle through task " + t);
                }
            }
        }
        long bits = 0;
        for (int t = 0; t < permissions.length; t++) if (t != root && permissions[t] != null) bits += permissions[t].cardinality();
        if (bits != entries) throw new IllegalStateException(bits + " permission bits but " + entries + " tree entries");
    }

    // ---- snapshots -----------------------------------------------------------------------------

    /** Whether {@code task} has a permission set at all (possibly empty). */
    public boolean hasSet(int task) { return permissions[task] != null; }

    /** Port {@code port}'s holders below the root, holder to parent, ascending by holder. */
    public java.util.SortedMap<Integer, Integer> holders(int port) {
        Map<Integer, Integer> m = parents[port];
        return m == null ? new java.util.TreeMap<>() : new java.util.TreeMap<>(m);
    }

    /** Sets a task's permission set from a snapshot (the root's too). */
    public void restoreSet(int task, BitSet ports) { permissions[task] = (BitSet) ports.clone(); }

    /** Records from a snapshot that {@code holder} got {@code port} from {@code parent}. */
    public void restoreHolder(int port, int holder, int parent) { tree(port).put(holder, parent); }
}
