package l4.console;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * {@code l4:help}: the commands of the system grouped by purpose, one example each. Only commands
 * that are registered right now are listed; l4: commands missing from the groups are listed at the
 * end with their descriptions, so the page never hides one.
 */
@Component(service = HelpCommand.class, property = {
    "osgi.command.scope=l4",
    "osgi.command.function=help"})
public final class HelpCommand {

    record Entry(String command, String example, String what) {
    }

    record Group(String title, List<Entry> entries) {
    }

    static final List<Group> GROUPS = List.of(
        new Group("look at the machine", List.of(
            new Entry("l4:arch", "l4:arch", "architecture and its parameters"),
            new Entry("l4:tasks", "l4:tasks", "tasks by clan: chief, threads, pager"),
            new Entry("l4:threads", "l4:threads 2", "threads: state, partner, priority, CPU time"),
            new Entry("l4:space", "l4:space 1 --dot > s0.dot", "a task's address space"),
            new Entry("l4:mapping", "l4:mapping 0x5000", "the mapping tree of a frame"),
            new Entry("l4:kip", "l4:kip", "the kernel info page"),
            new Entry("l4:irqs", "l4:irqs", "interrupt lines and their handlers"),
            new Entry("l4:stats", "l4:stats", "counters and the trace digest"))),
        new Group("trace", List.of(
            new Entry("l4:trace", "l4:trace show --kind ipc --limit 20", "the kernel event ring (on, off, show, export FILE)"),
            new Entry("l4:trace export", "l4:trace export trace.json", "Chrome trace-event JSON for ui.perfetto.dev"))),
        new Group("experiments (long: progress on stderr, Ctrl-C stops)", List.of(
            new Entry("l4:pingpong", "l4:pingpong --rounds 1000000", "IPC round trips: cycles and host time"),
            new Entry("l4:costs", "l4:costs mips", "kernel operations in cycles beside the published ones"))),
        new Group("kernel debugger (JDB/kdb verbs; breakpoints hit at the same cycle every run)", List.of(
            new Entry("l4:regs", "l4:regs 2.00", "a thread's TCB and registers (guest: HI/LO, next instruction)"),
            new Entry("l4:mem", "l4:mem 2 0x1000 64", "hex dump through a task's address space"),
            new Entry("l4:ready", "l4:ready", "ready queues by priority, wakeup lists"),
            new Entry("l4:pause", "l4:pause", "stop the simulated CPU (time stands still)"),
            new Entry("l4:resume", "l4:resume --wait 10", "continue; --wait: until the next breakpoint"),
            new Entry("l4:step", "l4:step 5", "run N events, pause again, show them; --instructions N: N guest instructions, any guest thread's"),
            new Entry("l4:break", "l4:break ipc 2.00 any", "breakpoints: ipc FROM TO, syscall NAME, pc TASK ADDR (guest code), list, delete ID"))),
        new Group("devices, drivers and servers", List.of(
            new Entry("l4:devices", "l4:devices", "device models: ports or MMIO window, interrupt line, counters"),
            new Entry("l4:servers", "l4:servers", "the user-level servers the root task runs: task, state, restarts, bundle"),
            new Entry("l4:killserver", "l4:killserver block", "kill a server; the root task restarts it"),
            new Entry("l4:serial", "l4:serial --tail 20", "what the machine wrote to the serial line"),
            new Entry("l4:console", "l4:console", "attach the terminal to the serial line (Ctrl-] detaches)"),
            new Entry("l4:disk", "l4:disk", "the disk image: size, sectors read and written, flushes"))),
        new Group("guest code and Linux (MIPS)", List.of(
            new Entry("l4:exec", "l4:exec sieve 2", "run a static MIPS64 ELF in a new task (--list: the shipped ones)"),
            new Entry("linux:run", "linux:run 'ls -l / | head -3'", "a busybox command line as L4 tasks under the Linux server"),
            new Entry("linux:ps", "linux:ps", "Linux processes: pid, ppid, state, L4 task, command line"))),
        new Group("machine control", List.of(
            new Entry("l4:arch", "l4:arch mips", "switch the architecture (reboots)"),
            new Entry("l4:reboot", "l4:reboot", "halt and boot again"),
            new Entry("l4:snapshot", "l4:snapshot save s.l4snap", "save the paused machine's kernel state; load FILE replaces it"))),
        new Group("logs", List.of(
            new Entry("log:display", "log:display -n 20 --level WARN", "newest log entries"),
            new Entry("log:tail", "log:tail --logger l4.kernel", "follow the log until Ctrl-C"))),
        new Group("bundles and components (Felix, SCR)", List.of(
            new Entry("felix:lb", "lb -s", "bundles and their states"),
            new Entry("felix:install", "install -s l4.sigma0/target/l4.sigma0-0.1.0-SNAPSHOT.jar", "install (and start) a bundle"),
            new Entry("felix:start", "start 10", "start a bundle"),
            new Entry("felix:stop", "stop 10", "stop a bundle; stop 0 quits"),
            new Entry("felix:refresh", "refresh", "rewire after update or uninstall"),
            new Entry("scr:list", "scr:list", "components and their states"),
            new Entry("scr:info", "scr:info l4.kernel.boot.MachineService", "one component in detail"))));

    private BundleContext context;

    @Activate
    void activate(BundleContext context) {
        this.context = context;
    }

    @Descriptor("the commands grouped by purpose, one example each ('help NAME' for a command's options)")
    public String help() {
        Set<String> registered = registered();
        return render(registered, descriptions(registered));
    }

    static String render(Set<String> registered, List<String[]> others) {
        StringBuilder b = new StringBuilder();
        Set<String> listed = new LinkedHashSet<>();
        for (Group g : GROUPS) {
            List<Entry> present = g.entries().stream().filter(e -> registered.contains(e.command().split(" ")[0])).toList();
            if (present.isEmpty()) {
                continue;
            }
            b.append(g.title()).append(":\n");
            int width = present.stream().mapToInt(e -> e.example().length()).max().orElse(0);
            for (Entry e : present) {
                listed.add(e.command().split(" ")[0]);
                b.append("  ").append(e.example()).append(" ".repeat(width - e.example().length() + 2)).append(e.what()).append('\n');
            }
        }
        List<String[]> rest = new ArrayList<>();
        for (String[] o : others) {
            if (!listed.contains(o[0])) {
                rest.add(o);
            }
        }
        if (!rest.isEmpty()) {
            b.append("more l4 commands:\n");
            for (String[] o : rest) {
                b.append("  ").append(o[0]).append("  ").append(o[1]).append('\n');
            }
        }
        b.append("Tab completes commands, options and ids; 'help NAME' shows a command's options.");
        return b.toString();
    }

    /** scope:function of every command service. */
    private Set<String> registered() {
        Set<String> names = new TreeSet<>();
        for (ServiceReference<?> r : commandServices("(osgi.command.scope=*)")) {
            Object functions = r.getProperty("osgi.command.function");
            Object scope = r.getProperty("osgi.command.scope");
            if (functions instanceof String[] fs) {
                for (String f : fs) {
                    names.add(scope + ":" + f);
                }
            } else if (functions != null) {
                names.add(scope + ":" + functions);
            }
        }
        return names;
    }

    /** The l4: commands with the description of their first documented method. */
    private List<String[]> descriptions(Set<String> registered) {
        List<String[]> out = new ArrayList<>();
        Failures lookup = new Failures(context);
        for (String name : registered) {
            if (!name.startsWith("l4:") || name.equals("l4:help")) {
                continue;
            }
            String function = name.substring(3);
            String what = lookup.target("l4", function).flatMap(c -> java.util.Arrays.stream(c.getMethods())
                .filter(m -> Usage.implementsFunction(m, function) && m.getAnnotation(Descriptor.class) != null)
                .map(m -> m.getAnnotation(Descriptor.class).value()).findFirst()).orElse("");
            out.add(new String[] {name, what});
        }
        return out;
    }

    private List<ServiceReference<?>> commandServices(String filter) {
        try {
            ServiceReference<?>[] refs = context.getAllServiceReferences(null, filter);
            return refs == null ? List.of() : List.of(refs);
        } catch (InvalidSyntaxException | IllegalStateException e) {
            return List.of();
        }
    }
}
