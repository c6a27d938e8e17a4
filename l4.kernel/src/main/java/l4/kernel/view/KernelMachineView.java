package l4.kernel.view;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeoutException;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import l4.api.ThreadId;
import l4.kernel.Kernel;
import l4.kernel.boot.Machine;
import l4.kernel.memory.AddressSpace;
import l4.kernel.memory.MappingNode;
import l4.kernel.memory.PhysicalMemory;
import l4.kernel.memory.Region;
import l4.kernel.memory.TreeEntry;
import l4.kernel.object.Task;
import l4.kernel.object.Tcb;
import l4.kernel.shell.Format;
import l4.kernel.trace.TraceEvent;
import l4.view.ClanNode;
import l4.view.EventInfo;
import l4.view.MachineSummary;
import l4.view.MachineView;
import l4.view.MappingTree;
import l4.view.TaskInfo;
import l4.view.ThreadInfo;

/**
 * {@link MachineView} over the running kernel: every snapshot is copied into values in kernel
 * context ({@link Kernel#view}), as the shell's commands read it.
 */
@Component(service = MachineView.class)
public final class KernelMachineView implements MachineView {
    static final long VIEW_MILLIS = 2000;
    /** How long a call waits for a boot or reboot under way. */
    static final Duration BOOT_WAIT = Duration.ofSeconds(5);

    private final Machine machine;

    @org.osgi.service.component.annotations.Activate
    public KernelMachineView(@Reference Machine machine) {
        this.machine = machine;
    }

    @Override
    public String status() {
        return machine.status();
    }

    @Override
    public boolean running() {
        return machine.kernel().filter(k -> !k.halted()).isPresent();
    }

    private <T> T view(java.util.function.Function<Kernel, T> query) {
        Kernel k = machine.awaitKernel(BOOT_WAIT, line -> {}).filter(x -> !x.halted())
                .orElseThrow(() -> new IllegalStateException("no machine is running (" + machine.status() + ")"));
        try {
            return k.view(() -> query.apply(k), VIEW_MILLIS);
        } catch (TimeoutException e) {
            throw new IllegalStateException(k.halted() ? "the machine halted" : "the machine did not answer within " + VIEW_MILLIS / 1000 + " s");
        }
    }

    @Override
    public MachineSummary summary() {
        return view(k -> {
            Map<String, Long> c = new LinkedHashMap<>();
            c.put("ipc", k.stats.ipcs);
            c.put("page-faults", k.stats.pageFaults);
            c.put("thread-switches", k.stats.threadSwitches);
            c.put("space-switches", k.stats.spaceSwitches);
            c.put("interrupts", k.stats.interrupts);
            c.put("timeouts", k.stats.timeouts);
            c.put("exceptions", k.stats.exceptions);
            c.put("syscalls", k.stats.syscalls);
            c.put("ticks", k.stats.ticks);
            c.put("events", k.trace.events());
            c.put("mappings", (long) k.mappings.nodeCount());
            return new MachineSummary(k.arch.name(), k.config.memoryBytes, k.clock.micros(), k.clock.cycles(), k.clock.hz(),
                    String.valueOf(k.readyQueue().policy()), c, Format.hex16(k.trace.digest()));
        });
    }

    @Override
    public List<TaskInfo> tasks() {
        return view(k -> {
            List<TaskInfo> out = new ArrayList<>();
            for (Task t : k.tasks) if (t != null && t.active) out.add(info(t));
            return out;
        });
    }

    static TaskInfo info(Task t) {
        return new TaskInfo(t.number, t.id().toHex(), t.chief == null ? -1 : t.chief.number, t.nest(),
                t.label == null ? "" : t.label, t.activeThreads());
    }

    @Override
    public List<ThreadInfo> threads() {
        return view(k -> {
            List<ThreadInfo> out = new ArrayList<>();
            Tcb current = k.current();
            for (Task t : k.tasks) {
                if (t == null || !t.active || t.threads == null) continue;
                for (Tcb th : t.threads) {
                    if (th == null || !th.active()) continue;
                    out.add(new ThreadInfo(th.id().toString(), t.number,
                            th == k.runaway() ? "RUNAWAY" : th.state.label(),
                            th.state.partner() == null ? "" : th.state.partner().id().toString(), th.priority,
                            k.clock.microsFor(th.cpuCycles), th == current, th.guest != null, th.ip(), th.sp(),
                            th.guest == null ? "" : k.lastGuestException(th)));
                }
            }
            return out;
        });
    }

    @Override
    public List<ClanNode> clans() {
        return view(k -> {
            List<ClanNode> roots = new ArrayList<>();
            for (Task t : k.tasks) {
                if (t != null && t.active && (t.chief == null || !t.chief.active || t.chief == t)) roots.add(clan(t, 0));
            }
            return roots;
        });
    }

    private static ClanNode clan(Task t, int depth) {
        List<ClanNode> members = new ArrayList<>();
        List<Task> sorted = new ArrayList<>(t.clan);
        sorted.sort((a, b) -> Integer.compare(a.number, b.number));
        // clans nest at most 15 deep; the bound keeps a corrupt chief cycle from looping
        if (depth < 32) for (Task c : sorted) if (c.active && c != t) members.add(clan(c, depth + 1));
        return new ClanNode(info(t), members);
    }

    @Override
    public List<Long> mappedFrames(int limit) {
        return view(k -> {
            TreeSet<Long> frames = new TreeSet<>();
            AddressSpace sigma0 = k.mappings.sigma0();
            for (Task t : k.tasks) {
                if (t == null || !t.active || t.space == null || t.space == sigma0) continue;
                for (Region r : k.mappings.regions(t.space)) {
                    for (long p = r.physicalAddress(); p < r.physicalAddress() + r.size(); p += PhysicalMemory.FRAME_SIZE) {
                        frames.add(p);
                        if (frames.size() > limit) frames.pollLast();
                    }
                }
            }
            return List.copyOf(frames);
        });
    }

    @Override
    public Optional<MappingTree> mappingTree(long physicalAddress) {
        long frame = physicalAddress & ~(PhysicalMemory.FRAME_SIZE - 1);
        return view(k -> {
            List<TreeEntry> tree = k.mappings.tree(frame);
            if (tree.isEmpty()) return Optional.<MappingTree>empty();
            List<MappingTree.Node> nodes = new ArrayList<>();
            List<Integer> stack = new ArrayList<>();
            for (int i = 0; i < tree.size(); i++) {
                TreeEntry e = tree.get(i);
                while (stack.size() > e.depth()) stack.remove(stack.size() - 1);
                MappingNode n = e.node();
                nodes.add(new MappingTree.Node(n.space().taskNumber(), n.virtualAddress(), PhysicalMemory.FRAME_SIZE,
                        Format.rights(n.writable(), n.uncached()), stack.isEmpty() ? -1 : stack.get(stack.size() - 1)));
                stack.add(i);
            }
            return Optional.of(new MappingTree(frame, nodes));
        });
    }

    @Override
    public List<EventInfo> recentEvents(int limit) {
        if (limit < 1) throw new IllegalArgumentException("limit must be at least 1, not " + limit);
        return view(k -> {
            List<EventInfo> out = new ArrayList<>();
            for (TraceEvent e : k.trace.snapshot(x -> true, limit)) {
                out.add(new EventInfo(e.seq(), e.micros(), Format.kindName(e.kind()), id(e.from()), id(e.to()), e.value(), e.result()));
            }
            return out;
        });
    }

    private static String id(long raw) {
        return raw == 0 ? "" : ThreadId.ofRaw(raw).toString();
    }
}
