package l4.kernel.boot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import l4.api.ThreadBody;

/**
 * The servers the root task runs, shared between the machine service (which names the code each
 * server runs and replaces it when its bundle is updated) and the root task (which reports what it
 * started). Like a boot loader's module list that the loader may rewrite while the system runs.
 */
public final class ServerTable {
    /** What {@code l4:servers} shows of one server. */
    public record Row(String name, String taskId, int version, String state, int restarts, String bundle) {}

    /** One server: its code (replaced on an update) and what the root task last saw. */
    static final class Entry {
        final String name;
        final int priority;
        volatile ThreadBody code;
        volatile String bundle;
        /** Counted up whenever the code is replaced, so the root task restarts the server. */
        volatile int generation;
        /** Why the generation was counted up last. */
        volatile String why = "";
        volatile String taskId = "-";
        volatile int version;
        volatile String state = "not started";
        volatile int restarts;
        /** The generation the root task last acted on (started or restarted the server for). */
        int handled;

        Entry(String name, int priority, ThreadBody code, String bundle) {
            this.name = name;
            this.priority = priority;
            this.code = code;
            this.bundle = bundle;
        }
    }

    private final List<Entry> entries = new ArrayList<>();
    /** Counted up by every wake-up of the root task, so that one it was too busy to wait for is not lost. */
    private final java.util.concurrent.atomic.AtomicInteger kicks = new java.util.concurrent.atomic.AtomicInteger();

    int kick() { return kicks.incrementAndGet(); }

    int kicks() { return kicks.get(); }
    private final Map<String, Entry> byName = new ConcurrentHashMap<>();

    void add(String name, int priority, ThreadBody code, String bundle) {
        Entry e = new Entry(name, priority, code, bundle);
        entries.add(e);
        byName.put(name, e);
    }

    List<Entry> entries() { return entries; }

    /** Why a generation was counted up: the root task drains a server before it replaces its code, a kill is abrupt. */
    static final String NEW_CODE = "has new code", KILLED = "was killed";

    /** Gives server {@code name} new code; the root task restarts it with that code. False if it is not one of the servers. */
    boolean replace(String name, ThreadBody code, String bundle) {
        return replaceAll(Map.of(name, new Code(code, bundle))) == 1;
    }

    /** New code for one server and the bundle it comes from. */
    record Code(ThreadBody code, String bundle) {}

    /**
     * Gives several servers new code at once: the root task sees all of them in one
     * {@link #generations() snapshot} and restarts them in the configured order (a server started
     * before another may be one the other uses, as drivers register with the name server). The
     * number of servers replaced.
     */
    synchronized int replaceAll(Map<String, Code> codes) {
        int n = 0;
        for (Map.Entry<String, Code> c : codes.entrySet()) {
            Entry e = byName.get(c.getKey());
            if (e == null) continue;
            e.code = c.getValue().code();
            e.bundle = c.getValue().bundle();
            e.why = NEW_CODE;
            e.generation++;
            n++;
        }
        return n;
    }

    /**
     * Asks the root task to kill server {@code name} and start it again: the generation to
     * {@linkplain #awaitHandled await}, or -1 if it is not one of the servers.
     */
    synchronized int kill(String name) {
        Entry e = byName.get(name);
        if (e == null) return -1;
        e.why = KILLED;
        return ++e.generation;
    }

    /** The root task has acted on generation {@code generation} of {@code e} (started it, or tried to). */
    synchronized void handled(Entry e, int generation) {
        e.handled = generation;
        notifyAll();
    }

    /**
     * Waits at most {@code millis} of host time until the root task has acted on generation
     * {@code generation} of server {@code name}; its row then, or empty on timeout.
     */
    synchronized java.util.Optional<Row> awaitHandled(String name, int generation, long millis) throws InterruptedException {
        Entry e = byName.get(name);
        if (e == null) return java.util.Optional.empty();
        long end = System.nanoTime() + millis * 1_000_000;
        while (e.handled - generation < 0) {
            long left = (end - System.nanoTime()) / 1_000_000;
            if (left <= 0) return java.util.Optional.empty();
            wait(left);
        }
        return java.util.Optional.of(row(e));
    }

    private static Row row(Entry e) {
        // The count first: the root task records a restart's incarnation before it counts it.
        int restarts = e.restarts;
        return new Row(e.name, e.taskId, e.version, e.state, restarts, e.bundle);
    }

    /** Every server's generation, taken together (see {@link #replaceAll}). */
    synchronized int[] generations() {
        int[] g = new int[entries.size()];
        for (int i = 0; i < g.length; i++) g[i] = entries.get(i).generation;
        return g;
    }

    public boolean contains(String name) { return byName.containsKey(name); }

    /** Whether task {@code number} runs one of the servers. */
    boolean contains(int number) { return number >= FIRST_TASK && number < FIRST_TASK + entries.size(); }

    /** The task number the root task gives server {@code name} (its place in the list, from the first server task), or -1. */
    int taskNumber(String name) {
        for (int i = 0; i < entries.size(); i++) if (entries.get(i).name.equals(name)) return FIRST_TASK + i;
        return -1;
    }

    /** The first server's task number: 1 is σ0, 2 the root task. */
    static final int FIRST_TASK = 3;

    public List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (Entry e : entries) rows.add(row(e));
        return rows;
    }
}
