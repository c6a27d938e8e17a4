package l4.kernel.shell;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import l4.api.ConditionCode;
import l4.api.KipLayout;
import l4.api.ThreadId;
import l4.kernel.Kernel;
import l4.kernel.boot.Machine;
import l4.kernel.boot.MachineConfiguration;
import l4.kernel.boot.MachineSettings;
import l4.kernel.memory.MappingNode;
import l4.kernel.memory.Region;
import l4.kernel.memory.TreeEntry;
import l4.kernel.object.Task;
import l4.kernel.object.Tcb;
import l4.kernel.trace.TraceEvent;
import l4.kernel.user.HostThreads;
import l4.run.GuestPingPong;
import l4.spi.Architecture;
import l4.spi.HardwareMapping;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The {@code l4:} Gogo commands: a look into the running machine (tasks, threads, trace, stats,
 * address spaces, mapping trees, the kernel info page, interrupt lines) and the experiments
 * (ping-pong, cost measurements, architecture switch, reboot). Kernel state is read only in
 * kernel context through {@link Kernel#inspect}. Every failure is one line: an
 * {@link IllegalArgumentException} whose message the console prints.
 */
@Component(service = L4Commands.class, property = {
        "osgi.command.scope=l4",
        "osgi.command.function=tasks",
        "osgi.command.function=threads",
        "osgi.command.function=trace",
        "osgi.command.function=stats",
        "osgi.command.function=pingpong",
        "osgi.command.function=space",
        "osgi.command.function=mapping",
        "osgi.command.function=kip",
        "osgi.command.function=costs",
        "osgi.command.function=arch",
        "osgi.command.function=irqs",
        "osgi.command.function=reboot",
        "osgi.command.function=ids"})
public final class L4Commands {
    static final long INSPECT_MILLIS = 2000;
    /** How long a command waits for a boot, halt or reboot under way before it gives up. */
    static final Duration BOOT_WAIT = Duration.ofSeconds(20);
    /** Long work fails when it makes no progress for this long (there is no limit on the whole run). */
    static final long STALL_MILLIS = 60_000;
    @Reference
    Machine machine;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile ConfigurationAdmin configAdmin;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile List<Architecture> architectures = List.of();

    /** The ping-pong as guest code ({@code l4:pingpong --guest}), from a loader bundle when one runs. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile GuestPingPong guestPingPong;

    public L4Commands() {}

    /** For use without OSGi (tests): with the guest ping-pong of a loader. */
    public L4Commands(Machine machine, GuestPingPong guestPingPong) {
        this.machine = machine;
        this.guestPingPong = guestPingPong;
    }

    /** For use without OSGi (tests): no ConfigAdmin, no bundle context. */
    public L4Commands(Machine machine) {
        this.machine = machine;
    }

    // ---- plumbing ------------------------------------------------------------------------------

    /** The running machine; while one boots or reboots, waits for it (bounded, with progress lines). */
    private Kernel kernel(String cmd) {
        Machine m = machine;
        if (m == null) throw Format.error(cmd, "no machine service");
        return m.awaitKernel(BOOT_WAIT, L4Commands::progress).filter(k -> !k.halted())
                .orElseThrow(() -> Format.error(cmd, "no machine is running (" + m.status() + ")"));
    }

    /** A progress line of a command that waits; Gogo gives each command's thread its session's output. */
    static void progress(String line) {
        System.out.println(line);
        System.out.flush();
    }

    /** The one line for a command whose machine went away under it. */
    private IllegalArgumentException haltedUnder(String cmd) {
        Machine m = machine;
        return Format.error(cmd, "the machine halted while the command ran (" + (m == null ? "no machine service" : m.status())
                + "); its work is lost, run the command again");
    }

    /** Runs {@code query} in kernel context; every failure becomes one line. */
    private <T> T inspect(String cmd, Kernel k, Callable<T> query) {
        try {
            return k.view(query, INSPECT_MILLIS);
        } catch (TimeoutException e) {
            if (k.halted()) throw haltedUnder(cmd);
            throw Format.error(cmd, "the machine did not answer within " + INSPECT_MILLIS / 1000 + " s");
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            if (k.halted()) throw haltedUnder(cmd);
            throw Format.error(cmd, oneLine(e));
        }
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) m = e.getClass().getSimpleName();
        int nl = m.indexOf('\n');
        return nl >= 0 ? m.substring(0, nl) : m;
    }

    private static Task activeTask(String cmd, Kernel k, int number) {
        Task t = k.task(number);
        if (t == null || !t.active) throw Format.error(cmd, "no task " + Format.hex(number) + " is active");
        return t;
    }

    private static String id(ThreadId id) {
        return id == null ? "-" : id.toString();
    }

    // ---- l4:tasks --------------------------------------------------------------------------------

    @Descriptor("the task tree by chief and clan: task, id, chief, active threads, pager of lthread 0, label")
    public String tasks() {
        Kernel k = kernel("tasks");
        return inspect("tasks", k, () -> {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"TASK", "ID", "NEST", "CHIEF", "THREADS", "PAGER", "LABEL"});
            Set<Task> seen = new HashSet<>();
            for (Task t : k.tasks) {
                if (t.active && (t.chief == null || !t.chief.active || t.chief == t)) taskRows(t, 0, rows, seen);
            }
            for (Task t : k.tasks) {
                if (t.active && !seen.contains(t)) taskRows(t, 0, rows, seen);
            }
            return Format.table(rows) + (rows.size() - 1) + " active tasks";
        });
    }

    private static void taskRows(Task t, int depth, List<String[]> rows, Set<Task> seen) {
        if (!seen.add(t)) return;
        Tcb t0 = t.thread(0);
        rows.add(new String[] {
                "  ".repeat(depth) + Integer.toHexString(t.number),
                t.id().toHex(),
                Integer.toString(t.nest()),
                t.chief == null ? "-" : Integer.toHexString(t.chief.number),
                Integer.toString(t.activeThreads()),
                t0 == null ? "-" : id(t0.pager),
                t.label == null || t.label.isEmpty() ? "-" : t.label});
        List<Task> clan = new ArrayList<>(t.clan);
        clan.sort((a, b) -> Integer.compare(a.number, b.number));
        for (Task c : clan) if (c.active && c != t) taskRows(c, depth + 1, rows, seen);
    }

    // ---- l4:threads ------------------------------------------------------------------------------

    @Descriptor("every active thread: id, state, partner, priority, time slice (µs), CPU time (simulated µs)")
    public String threads() {
        return threads(null);
    }

    @Descriptor("the active threads of one task: id, state, partner, priority, time slice (µs), CPU time (simulated µs)")
    public String threads(@Descriptor("task number, hexadecimal (e.g. 2 or 0x2)") String task) {
        Kernel k = kernel("threads");
        Integer only = task == null ? null : Format.parseTask("threads", task);
        return inspect("threads", k, () -> {
            if (only != null) activeTask("threads", k, only);
            List<String[]> rows = new ArrayList<>();
            Tcb current = k.current();
            boolean starred = false;
            boolean guests = false;
            for (Task t : k.tasks) {
                if (!t.active || t.threads == null || (only != null && t.number != only)) continue;
                for (Tcb th : t.threads) guests |= th.active() && th.guest != null;
            }
            // Guest threads add their frame's IP and SP and their last exception (Java threads show "java").
            rows.add(guests ? new String[] {"THREAD", "STATE", "PARTNER", "PRIO", "SLICE-US", "CPU-US", "TASK", "CODE", "IP", "SP", "LAST-EXCEPTION"}
                    : new String[] {"THREAD", "STATE", "PARTNER", "PRIO", "SLICE-US", "CPU-US", "TASK"});
            for (Task t : k.tasks) {
                if (!t.active || t.threads == null || (only != null && t.number != only)) continue;
                for (Tcb th : t.threads) {
                    if (!th.active()) continue;
                    starred |= th == current;
                    String[] row = {
                            th.id().toString() + (th == current ? "*" : ""),
                            th == k.runaway() ? "RUNAWAY (abandoned: Java code without system calls)" : th.state.label(),
                            th.state.partner() == null ? "-" : th.state.partner().id().toString(),
                            Integer.toString(th.priority),
                            Long.toString(th.timesliceMicros),
                            Long.toString(k.clock.microsFor(th.cpuCycles)),
                            t.label == null || t.label.isEmpty() ? "-" : t.label};
                    if (guests) {
                        boolean g = th.guest != null;
                        String last = g ? k.lastGuestException(th) : "";
                        row = java.util.Arrays.copyOf(row, 11);
                        row[7] = g ? "guest" : "java";
                        row[8] = g ? String.format("0x%x", th.ip()) : "-";
                        row[9] = g ? String.format("0x%x", th.sp()) : "-";
                        row[10] = last.isEmpty() ? "-" : last;
                    }
                    rows.add(row);
                }
            }
            int n = rows.size() - 1;
            String frozen = k.runaway() == null ? "" : "\nthe machine is frozen by runaway thread " + k.runaway().id() + "; l4:reboot boots a new one";
            return Format.table(rows) + n + " active thread" + (n == 1 ? "" : "s") + (starred ? " (* running)" : "") + frozen;
        });
    }

    // ---- l4:trace --------------------------------------------------------------------------------

    @Descriptor("writes the trace ring as Chrome trace-event JSON (open it in ui.perfetto.dev or chrome://tracing): a track per thread, IPCs as arrows")
    public String trace(
            @Descriptor("only events of this kind") @Parameter(names = {"--kind", "-k"}, absentValue = "") String kind,
            @Descriptor("only events from or to this task (hexadecimal)") @Parameter(names = {"--task", "-t"}, absentValue = "") String task,
            @Descriptor("at most this many newest events (default: the whole ring)") @Parameter(names = {"--limit", "-n"}, absentValue = "1000000") String limit,
            @Descriptor("export") String action,
            @Descriptor("the JSON file to write") String file) {
        if (!"export".equalsIgnoreCase(action == null ? "" : action.trim())) {
            throw Format.error("trace", "unknown action '" + action + "' with a file (l4:trace export FILE)");
        }
        Kernel k = kernel("trace");
        TraceEvent.Kind kindFilter = kind == null || kind.isBlank() ? null : Format.parseKind("trace", kind);
        Integer taskFilter = task == null || task.isBlank() ? null : Format.parseTask("trace", task);
        int max = Format.parseCount("trace", "limit", limit, 1, 1_000_000);
        java.nio.file.Path path = java.nio.file.Path.of(file).toAbsolutePath().normalize();
        String[] json = new String[1];
        int count = inspect("trace", k, () -> {
            List<TraceEvent> events = k.trace.snapshot(e -> (kindFilter == null || e.kind() == kindFilter)
                    && (taskFilter == null || inTask(e.from(), taskFilter) || inTask(e.to(), taskFilter)), max);
            json[0] = ChromeTrace.json(events, k.clock.hz(), n -> {
                Task t = k.task(n);
                return t == null ? null : t.label;
            }, k.arch.name(), k.clock.cycles());
            return events.size();
        });
        try {
            if (path.getParent() != null) java.nio.file.Files.createDirectories(path.getParent());
            java.nio.file.Files.writeString(path, json[0]);
        } catch (IOException | RuntimeException e) {
            throw Format.error("trace", "cannot write " + path + ": " + oneLine(e));
        }
        return "wrote " + count + " events to " + path + " (Chrome trace-event JSON: open it in ui.perfetto.dev or chrome://tracing)";
    }

    @Descriptor("the kernel event trace: 'on' / 'off' switch recording, 'show' prints the ring, 'export FILE' writes it for Perfetto")
    public String trace(
            @Descriptor("only events of this kind (ipc, switch, page-fault, irq, timeout, ex-regs, task-new, task-kill, unmap, map, exception, schedule)")
            @Parameter(names = {"--kind", "-k"}, absentValue = "") String kind,
            @Descriptor("only events from or to this task (hexadecimal)")
            @Parameter(names = {"--task", "-t"}, absentValue = "") String task,
            @Descriptor("at most this many newest events (default 50)")
            @Parameter(names = {"--limit", "-n"}, absentValue = "50") String limit,
            @Descriptor("on | off | show") String action) {
        Kernel k = kernel("trace");
        switch (action == null ? "" : action.trim().toLowerCase()) {
            case "on":
                inspect("trace", k, () -> {
                    k.trace.recording(true);
                    return null;
                });
                return "trace recording on";
            case "off":
                inspect("trace", k, () -> {
                    k.trace.recording(false);
                    return null;
                });
                return "trace recording off (the digest still covers every event)";
            case "show":
                break;
            case "export":
                throw Format.error("trace", "export needs a file: l4:trace export FILE");
            default:
                throw Format.error("trace", "unknown action '" + action + "' (on, off, show or export FILE)");
        }
        TraceEvent.Kind kindFilter = kind == null || kind.isBlank() ? null : Format.parseKind("trace", kind);
        Integer taskFilter = task == null || task.isBlank() ? null : Format.parseTask("trace", task);
        int max = Format.parseCount("trace", "limit", limit, 1, 1_000_000);
        return inspect("trace", k, () -> {
            List<TraceEvent> events = k.trace.snapshot(e -> (kindFilter == null || e.kind() == kindFilter)
                    && (taskFilter == null || inTask(e.from(), taskFilter) || inTask(e.to(), taskFilter)), max);
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"TIME-US", "KIND", "FROM", "TO", "VALUE", "RESULT"});
            for (TraceEvent e : events) rows.add(traceRow(e));
            String head = k.trace.recording() ? "" : "(recording is off)\n";
            return head + Format.table(rows) + events.size() + " events shown, " + k.trace.events() + " since boot";
        });
    }

    static boolean inTask(long raw, int task) {
        ThreadId id = ThreadId.ofRaw(raw);
        return !id.isNil() && !id.isInvalid() && !id.isInterrupt() && id.task() == task;
    }

    static String[] traceRow(TraceEvent e) {
        String result;
        if (e.kind() == TraceEvent.Kind.IPC) result = ConditionCode.describe(e.result());
        else result = Integer.toString(e.result());
        return new String[] {
                Long.toString(e.micros()),
                Format.kindName(e.kind()),
                traceId(e.from()),
                traceId(e.to()),
                Format.hex(e.value()),
                result};
    }

    static String traceId(long raw) {
        return raw == 0 ? "-" : ThreadId.ofRaw(raw).toString();
    }

    // ---- l4:stats --------------------------------------------------------------------------------

    @Descriptor("kernel counters since boot, MMU statistics and the trace digest (the determinism check)")
    public String stats() {
        Kernel k = kernel("stats");
        return inspect("stats", k, () -> {
            StringBuilder b = new StringBuilder();
            line(b, "ipc", k.stats.ipcs);
            line(b, "ipc-fast-path", k.ipc.fastPathCalls());
            line(b, "page-faults", k.stats.pageFaults);
            line(b, "thread-switches", k.stats.threadSwitches);
            line(b, "space-switches", k.stats.spaceSwitches);
            line(b, "interrupts", k.stats.interrupts);
            line(b, "timeouts", k.stats.timeouts);
            line(b, "exceptions", k.stats.exceptions);
            line(b, "kernel-errors", k.stats.kernelErrors);
            line(b, "syscalls", k.stats.syscalls);
            line(b, "ticks", k.stats.ticks);
            line(b, "simulated-us", k.clock.micros());
            line(b, "simulated-cycles", k.clock.cycles());
            line(b, "events", k.trace.events());
            line(b, "architecture", k.arch.name());
            line(b, "scheduler", k.readyQueue().policy());
            line(b, "host-threads", k.virtualThreads() ? "virtual" : "platform");
            Map<String, Long> mmu = k.mmu.statistics();
            if (mmu != null) for (Map.Entry<String, Long> e : new TreeMap<>(mmu).entrySet()) line(b, "mmu." + e.getKey(), e.getValue());
            b.append("trace-digest: ").append(Format.hex16(k.trace.digest()));
            return b.toString();
        });
    }

    private static void line(StringBuilder b, String name, Object value) {
        b.append(name).append(": ").append(value).append('\n');
    }

    // ---- l4:pingpong -----------------------------------------------------------------------------

    @Descriptor("the L4 ping-pong benchmark: short IPC round trips between two fresh threads")
    public String pingpong(
            @Descriptor("measured round trips (default " + PINGPONG_ROUNDS + ")")
            @Parameter(names = {"--rounds", "-r"}, absentValue = "") String rounds,
            @Descriptor("unmeasured round trips first, so that host time is taken on compiled code (default "
                    + PingPong.WARMUP + "; a fresh JVM needs a few 100000 for a steady figure)")
            @Parameter(names = {"--warmup", "-w"}, absentValue = "" + PingPong.WARMUP) String warmup,
            @Descriptor("both threads in one task (default: two tasks)")
            @Parameter(names = {"--intra", "-i"}, absentValue = "false", presentValue = "true") boolean intra,
            @Descriptor("the ping-pong as MIPS guest code: the loader's shipped pingpong program (two threads of one task)")
            @Parameter(names = {"--guest", "-g"}, absentValue = "false", presentValue = "true") boolean guest,
            @Descriptor("[ROUNDS] measured round trips, as --rounds") String... positional) {
        if (positional.length > 1 || positional.length == 1 && !rounds.isEmpty()) {
            throw Format.error("pingpong", "usage: l4:pingpong [--guest] [--intra] [--warmup N] [ROUNDS | --rounds N]");
        }
        String roundsText = positional.length == 1 ? positional[0] : rounds.isEmpty() ? "" + PINGPONG_ROUNDS : rounds;
        int n = Format.parseCount("pingpong", "rounds", roundsText, 1, 10_000_000);
        int w = Format.parseCount("pingpong", "warmup", warmup, 0, 10_000_000);
        Kernel k = kernel("pingpong");
        if (k.debugger.paused()) throw Format.error("pingpong", "the machine is paused (l4:resume continues it)");
        if (guest) return guestPingpong(k, n, w);
        PingPong.Result r;
        try {
            r = PingPong.run(k, n, w, intra, CostProbe.PRIORITY, STALL_MILLIS, L4Commands::pingpongProgress);
        } catch (RuntimeException e) {
            if (k.halted()) throw haltedUnder("pingpong");
            throw Format.error("pingpong", oneLine(e));
        }
        return "architecture: " + k.arch.name() + " (" + (intra ? "intra-task" : "inter-task") + ", " + n + " rounds)\n"
                + "cycles-per-ipc: " + r.cyclesPerIpc() + "\n"
                + "host-ns-per-roundtrip: " + r.hostNanosPerRoundTrip();
    }

    static final int PINGPONG_ROUNDS = 1000;

    /** {@code l4:pingpong --guest}: the loader's guest ping-pong, beside the published short IPC of the architecture. */
    private String guestPingpong(Kernel k, int rounds, int warmup) {
        String arch = k.arch.name();
        if (!"mips".equals(arch)) {
            throw Format.error("pingpong", "--guest runs MIPS guest code; this machine is " + arch + " (l4:arch mips switches)");
        }
        GuestPingPong g = guestPingPong;
        if (g == null) throw Format.error("pingpong", "--guest needs the loader bundle (l4.loader), which is not active");
        GuestPingPong.Result r;
        try {
            r = g.run(rounds, warmup);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Format.error("pingpong", oneLine(e));
        } catch (RuntimeException e) {
            if (k.halted()) throw haltedUnder("pingpong");
            throw Format.error("pingpong", oneLine(e));
        }
        StringBuilder b = new StringBuilder();
        b.append("architecture: ").append(arch).append(" (guest code, intra-task, ").append(rounds).append(" rounds)\n");
        b.append("cycles-per-ipc: ").append(r.cyclesPerIpc()).append('\n');
        PublishedCosts.Figure published = PublishedCosts.figure(arch, PublishedCosts.IPC_INTER);
        if (published != null) {
            b.append("published-cycles-per-ipc: ").append(published.cycles()).append(" (").append(published.source()).append(")\n");
        }
        b.append("guest-instructions-per-roundtrip: ").append(Math.round(r.guestInstructions() / (double) r.rounds())).append('\n');
        b.append("host-ns-per-roundtrip: ").append(r.hostNanosPerRoundTrip());
        return b.toString();
    }

    /** Progress of long runs, on the error stream so that the result on stdout stays clean. */
    private static void pingpongProgress(long done, long total) {
        System.err.printf("pingpong: %d of %d round trips (%d%%; Ctrl-C stops)%n", done, total, total == 0 ? 100 : done * 100 / total);
        System.err.flush();
    }

    // ---- l4:space and l4:mapping -----------------------------------------------------------------

    @Descriptor("a task's address space: mapped regions, rights, hardware page sizes, and where each came from")
    public String space(
            @Descriptor("print Graphviz (dot) instead of a table")
            @Parameter(names = {"--dot", "-d"}, absentValue = "false", presentValue = "true") boolean dot,
            @Descriptor("task number, hexadecimal") String task) {
        int number = Format.parseTask("space", task);
        Kernel k = kernel("space");
        return inspect("space", k, () -> {
            Task t = activeTask("space", k, number);
            List<Region> regions = k.mappings.regions(t.space);
            TreeMap<Long, Integer> hw = new TreeMap<>();
            for (HardwareMapping m : t.space.mmu().entries()) hw.put(m.virtualAddress(), m.sizeLog2());
            if (dot) return spaceDot(t, regions);
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"VIRTUAL", "SIZE", "PHYSICAL", "RIGHTS", "PAGES", "FROM"});
            for (Region r : regions) {
                rows.add(new String[] {
                        Format.hex(r.virtualAddress()),
                        Format.size(r.size()),
                        Format.hex(r.physicalAddress()),
                        Format.rights(r.writable(), r.uncached()),
                        pageSizes(hw, r),
                        from(r)});
            }
            return "task " + Format.hex(number) + " (" + (t.label.isEmpty() ? "-" : t.label) + "): "
                    + t.space.pageCount() + " pages mapped\n" + Format.table(rows).stripTrailing();
        });
    }

    static String from(Region r) {
        return r.fromTask() < 0 ? "sigma0 1:1 (root)" : "task " + Format.hex(r.fromTask()) + " @ " + Format.hex(r.fromAddress());
    }

    /** The hardware page sizes backing a region (from the MMU model's entries). */
    static String pageSizes(TreeMap<Long, Integer> hw, Region r) {
        Set<Integer> sizes = new TreeSet<>();
        long end = r.virtualAddress() + r.size();
        Long first = hw.floorKey(r.virtualAddress());
        Map<Long, Integer> range = hw.subMap(first == null ? r.virtualAddress() : first, true, end, false);
        for (Map.Entry<Long, Integer> e : range.entrySet()) {
            long lo = e.getKey();
            long hi = lo + (1L << e.getValue());
            if (hi > r.virtualAddress() && lo < end) sizes.add(e.getValue());
        }
        if (sizes.isEmpty()) return "-";
        List<String> names = new ArrayList<>();
        for (int s : sizes) names.add(Format.size(1L << s));
        return String.join(",", names);
    }

    static String spaceDot(Task t, List<Region> regions) {
        StringBuilder b = new StringBuilder("digraph space_").append(Integer.toHexString(t.number)).append(" {\n");
        b.append("  rankdir=LR;\n  node [shape=box];\n");
        String me = "task " + Format.hex(t.number);
        b.append("  \"").append(Format.dot(me)).append("\" [style=bold];\n");
        for (Region r : regions) {
            String src = r.fromTask() < 0 ? "physical memory" : "task " + Format.hex(r.fromTask());
            String label = Format.hex(r.virtualAddress()) + " +" + Format.size(r.size()) + " " + Format.rights(r.writable(), r.uncached())
                    + "\\nfrom " + Format.hex(r.fromAddress());
            b.append("  \"").append(Format.dot(src)).append("\" -> \"").append(Format.dot(me))
                    .append("\" [label=\"").append(label.replace("\"", "\\\"")).append("\"];\n");
        }
        return b.append("}").toString();
    }

    @Descriptor("a physical frame's mapping tree (indented by depth), σ0's 1:1 mapping at the root")
    public String mapping(
            @Descriptor("print Graphviz (dot) instead of the indented tree")
            @Parameter(names = {"--dot", "-d"}, absentValue = "false", presentValue = "true") boolean dot,
            @Descriptor("physical address of the frame, hexadecimal (any address inside it)") String frame) {
        long address = Format.parseNumber("mapping", "frame address", frame, true);
        Kernel k = kernel("mapping");
        return inspect("mapping", k, () -> {
            List<TreeEntry> tree = k.mappings.tree(address);
            if (tree.isEmpty()) {
                throw Format.error("mapping", "frame " + Format.hex(address & ~0xFFFL) + " has no mapping tree (not RAM, or a device page σ0 never mapped)");
            }
            return dot ? mappingDot(address & ~0xFFFL, tree) : mappingText(address & ~0xFFFL, tree);
        });
    }

    static String node(MappingNode n) {
        return "task " + Format.hex(n.space().taskNumber()) + " va " + Format.hex(n.virtualAddress()) + " "
                + Format.rights(n.writable(), n.uncached());
    }

    static String mappingText(long frame, List<TreeEntry> tree) {
        StringBuilder b = new StringBuilder("frame ").append(Format.hex(frame)).append(": ").append(tree.size()).append(tree.size() == 1 ? " mapping\n" : " mappings\n");
        for (TreeEntry e : tree) b.append("  ".repeat(e.depth())).append(node(e.node())).append('\n');
        return b.toString().stripTrailing();
    }

    static String mappingDot(long frame, List<TreeEntry> tree) {
        StringBuilder b = new StringBuilder("digraph frame_").append(Long.toHexString(frame)).append(" {\n  node [shape=box];\n");
        List<Integer> stack = new ArrayList<>();
        for (int i = 0; i < tree.size(); i++) {
            TreeEntry e = tree.get(i);
            b.append("  n").append(i).append(" [label=\"").append(Format.dot(node(e.node()))).append("\"];\n");
            while (stack.size() > e.depth()) stack.remove(stack.size() - 1);
            if (!stack.isEmpty()) b.append("  n").append(stack.get(stack.size() - 1)).append(" -> n").append(i).append(";\n");
            stack.add(i);
        }
        return b.append("}").toString();
    }

    // ---- l4:kip ----------------------------------------------------------------------------------

    @Descriptor("the kernel info page, one field a line, read from simulated physical memory")
    public String kip() {
        Kernel k = kernel("kip");
        return inspect("kip", k, () -> {
            int wb = k.arch.wordBits() / 8;
            long base = KipLayout.PHYSICAL;
            java.util.function.IntToLongFunction w = i -> k.physical.readWord(base + (long) i * wb, wb);
            StringBuilder b = new StringBuilder();
            long magic = w.applyAsLong(KipLayout.MAGIC);
            line(b, "magic", Format.hex(magic) + (magic == KipLayout.MAGIC_VALUE ? " (L4uK)" : " (bad, expected " + Format.hex(KipLayout.MAGIC_VALUE) + ")"));
            long version = w.applyAsLong(KipLayout.VERSION);
            line(b, "version", Format.hex(version) + " (interface " + (version >>> 24) + ", revision " + (version & 0xFFFFFF) + ")");
            line(b, "build", w.applyAsLong(KipLayout.BUILD));
            long clock = w.applyAsLong(KipLayout.CLOCK);
            line(b, "clock", clock + " ms");
            long mem = w.applyAsLong(KipLayout.MEMORY_SIZE);
            line(b, "memory", mem + " (" + Format.size(mem) + ")");
            line(b, "word-bits", w.applyAsLong(KipLayout.WORD_BITS));
            line(b, "message-registers", w.applyAsLong(KipLayout.MESSAGE_REGISTERS));
            long sizes = w.applyAsLong(KipLayout.PAGE_SIZES);
            line(b, "page-sizes", Format.hex(sizes) + " (" + Format.pageSizes(sizes) + ")");
            long count = w.applyAsLong(KipLayout.RESERVED_COUNT);
            List<String> reserved = new ArrayList<>();
            for (int i = 0; i < Math.min(count, 64); i++) {
                long start = w.applyAsLong(KipLayout.RESERVED_FIRST + 2 * i);
                long len = w.applyAsLong(KipLayout.RESERVED_FIRST + 2 * i + 1);
                reserved.add(Format.hex(start) + "+" + Format.hex(len));
            }
            line(b, "reserved", count + (reserved.isEmpty() ? "" : " " + String.join(" ", reserved)));
            b.append("architecture: ").append(Format.ascii(k.physical.readBytes(base + KipLayout.ARCH_NAME, 64)));
            return b.toString();
        });
    }

    // ---- l4:costs --------------------------------------------------------------------------------

    @Descriptor("simulated cycles of kernel operations on the machine's architecture, measured in fresh machines (also while it is halted), beside the published figures")
    public String costs() {
        Machine m = machine;
        if (m == null) throw Format.error("costs", "no machine service");
        return costs(m.kernel().map(k -> k.arch.name()).orElseGet(m::archName));
    }

    @Descriptor("simulated cycles of kernel operations on the named architecture, measured in fresh machines, beside the published figures")
    public String costs(@Descriptor("architecture: ix86 or mips") String arch) {
        Machine m = machine;
        if (m == null) throw Format.error("costs", "no machine service");
        if (arch == null || !arch.matches("[A-Za-z0-9_.-]+")) throw Format.error("costs", "bad architecture name '" + arch + "'");
        CostProbe probe = new CostProbe(m, STALL_MILLIS, (step, of, operation) -> {
            System.err.printf("costs: %s (%d of %d; Ctrl-C stops)%n", operation, step, of);
            System.err.flush();
        });
        Map<String, Object> measured;
        try {
            // a first boot tells a missing architecture apart from a failing probe
            probe.measure(arch, PublishedCosts.EX_REGS);
            measured = probe.measureAll(arch);
        } catch (RuntimeException e) {
            throw Format.error("costs", oneLine(e));
        }
        return "# NAME SIMULATED_CYCLES PUBLISHED_CYCLES SOURCE (" + arch + ")\n" + String.join("\n", CostProbe.lines(arch, measured));
    }

    // ---- l4:arch ---------------------------------------------------------------------------------

    @Descriptor("the running architecture's name and main parameters")
    public String arch() {
        Kernel k = kernel("arch");
        Architecture a = k.arch;
        Map<String, String> params = a.parameters();
        StringBuilder b = new StringBuilder();
        if (params == null || !params.containsKey("name")) b.append("name: ").append(a.name());
        if (params != null) {
            for (Map.Entry<String, String> e : params.entrySet()) {
                if (b.length() > 0) b.append('\n');
                b.append(e.getKey()).append(": ").append(e.getValue());
            }
        }
        return b.toString();
    }

    @Descriptor("switches the machine to another architecture and returns when it runs; for this run only, unless --save")
    public String arch(
            @Descriptor("also store the architecture in the l4.machine configuration, so that later runs boot it too")
            @Parameter(names = {"--save", "-s"}, absentValue = "false", presentValue = "true") boolean save,
            @Descriptor("ix86 or mips") String name) {
        if (name == null || !name.trim().matches("[A-Za-z0-9_.-]+")) throw Format.error("arch", "bad architecture name '" + name + "'");
        String want = name.trim();
        Machine m = machine;
        if (m == null) throw Format.error("arch", "no machine service");
        Set<String> known = new TreeSet<>();
        for (Architecture a : architectures) known.add(a.name());
        if (!known.contains(want)) {
            throw Format.error("arch", "no architecture " + want + " is installed (installed: " + (known.isEmpty() ? "none" : String.join(", ", known)) + ")");
        }
        String before = m.kernel().map(k -> k.arch.name()).orElse(null);
        String saved = "";
        if (save) saved = saveArch(want);
        long start = System.nanoTime();
        if (!want.equals(before)) progress("switching " + (before == null ? "the machine" : "from " + before) + " to " + want + " ...");
        Kernel k;
        try {
            k = m.switchArch(want, BOOT_WAIT);
        } catch (TimeoutException e) {
            throw Format.error("arch", "no " + want + " machine within " + BOOT_WAIT.toSeconds() + " s (" + m.status() + ")");
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw Format.error("arch", oneLine(e));
        }
        if (!k.arch.name().equals(want)) {
            throw Format.error("arch", "the machine runs " + k.arch.name() + ", not " + want + " (" + m.status() + ")");
        }
        String scope = save ? saved : "for this run only (l4:arch --save " + want + " also stores it for later runs)";
        if (want.equals(before)) return "already running " + want + ": nothing to do; " + scope;
        return "running " + want + " (booted in " + Format.millis(System.nanoTime() - start) + "); " + scope;
    }

    /** Stores {@code arch} in the l4.machine configuration (checked as every change is). */
    private String saveArch(String want) {
        ConfigurationAdmin ca = configAdmin;
        if (ca == null) throw Format.error("arch", "ConfigurationAdmin is not available: cannot save; start with ./l4 --arch " + want);
        try {
            Configuration cfg = ca.getConfiguration(MachineConfiguration.PID, "?");
            Dictionary<String, Object> props = cfg.getProperties();
            if (props == null) props = new Hashtable<>();
            Object old = props.get("arch");
            props.put("arch", want);
            MachineSettings.check(props, machine.installedArchitectures());
            if (!want.equals(old)) cfg.update(props);
        } catch (MachineSettings.Rejected e) {
            throw Format.error("arch", e.problems().get(0));
        } catch (IOException | RuntimeException e) {
            throw Format.error("arch", "saving the configuration failed: " + oneLine(e));
        }
        return "saved in " + MachineConfiguration.PID + " (arch=" + want + "): later runs boot it too";
    }

    // ---- l4:irqs ---------------------------------------------------------------------------------

    @Descriptor("interrupt lines: number, name, handler thread, deliveries, masked/pending")
    public String irqs() {
        Kernel k = kernel("irqs");
        return inspect("irqs", k, () -> {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"IRQ", "NAME", "HANDLER", "COUNT", "STATE"});
            int timer = k.pic.timerLine();
            for (int l = 0; l < k.interrupts.lines(); l++) {
                Tcb h = k.interrupts.handler(l);
                List<String> state = new ArrayList<>();
                state.add(k.pic.masked(l) ? "masked" : "unmasked");
                if (k.pic.pending(l) || k.interrupts.pendingLine(l)) state.add("pending");
                rows.add(new String[] {
                        Integer.toString(l),
                        k.pic.lineName(l),
                        l == timer ? "kernel (timer)" : h == null ? "-" : h.id().toString(),
                        // the kernel consumes its timer line itself: its deliveries are the ticks
                        Long.toString(l == timer ? k.stats.ticks : k.interrupts.count(l)),
                        String.join(",", state)});
            }
            return Format.table(rows) + "device interrupts since boot: " + k.stats.interrupts + ", timer ticks: " + k.stats.ticks;
        });
    }

    // ---- l4:ids ----------------------------------------------------------------------------------

    @Descriptor("ids the shell completes with the Tab key: 'tasks' (active task numbers), 'threads' (active thread ids), 'archs' (installed architectures); empty when no machine runs")
    public List<String> ids(@Descriptor("tasks | threads | archs") String kind) {
        String what = kind == null ? "" : kind.trim().toLowerCase();
        if (what.equals("archs")) {
            Set<String> names = new TreeSet<>();
            for (Architecture a : architectures) names.add(a.name());
            return List.copyOf(names);
        }
        if (!what.equals("tasks") && !what.equals("threads")) {
            throw Format.error("ids", "unknown kind '" + kind + "' (tasks, threads or archs)");
        }
        Machine m = machine;
        Kernel k = m == null ? null : m.kernel().filter(x -> !x.halted()).orElse(null);
        if (k == null) return List.of();
        try {
            return k.inspect(() -> {
                List<String> ids = new ArrayList<>();
                for (Task t : k.tasks) {
                    if (!t.active) continue;
                    if (what.equals("tasks")) {
                        ids.add(Integer.toHexString(t.number));
                    } else if (t.threads != null) {
                        for (Tcb th : t.threads) if (th.active()) ids.add(th.id().toString());
                    }
                }
                return ids;
            }, INSPECT_MILLIS);
        } catch (TimeoutException | RuntimeException e) {
            return List.of();
        }
    }

    // ---- l4:reboot -------------------------------------------------------------------------------

    @Descriptor("halts the machine and boots it again with the current configuration; returns when the new machine runs")
    public String reboot() {
        Machine m = machine;
        if (m == null) throw Format.error("reboot", "no machine service");
        String before = m.kernel().map(k -> k.arch.name()).orElse(null);
        progress(before == null ? "booting (" + m.status() + ") ..." : "rebooting " + before + " ...");
        long start = System.nanoTime();
        Kernel k;
        try {
            k = m.reboot(BOOT_WAIT);
        } catch (TimeoutException e) {
            throw Format.error("reboot", "no machine within " + BOOT_WAIT.toSeconds() + " s (" + m.status() + ")");
        } catch (IllegalStateException e) {
            throw Format.error("reboot", oneLine(e));
        }
        int spinning = HostThreads.spinning();
        String warning = spinning < HostThreads.RESTART_ADVISED ? ""
                : "\nwarning: " + spinning + " abandoned runaway threads still spin on host threads (each keeps a core busy);"
                        + " restart the JVM ('stop 0', then ./l4) to get the cores back";
        return "running " + k.arch.name() + " (booted in " + Format.millis(System.nanoTime() - start) + ")" + warning;
    }
}
