package l4.kernel.shell;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import l4.api.ThreadId;
import l4.kernel.Kernel;
import l4.kernel.boot.Machine;
import l4.kernel.debug.Debugger;
import l4.spi.Syscall;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The kernel debugger's {@code l4:} commands (JDB/kdb verbs): thin adapters over
 * {@link KernelDebug}; the pause itself is the kernel's ({@link Debugger}). Gogo calls
 * {@code _break} for {@code l4:break}, {@code break} being a Java keyword.
 */
@Component(service = DebugCommands.class, property = {
        "osgi.command.scope=l4",
        "osgi.command.function=regs",
        "osgi.command.function=mem",
        "osgi.command.function=ready",
        "osgi.command.function=pause",
        "osgi.command.function=resume",
        "osgi.command.function=step",
        "osgi.command.function=break"})
public final class DebugCommands {
    /** How long {@code l4:pause} and {@code l4:resume} wait for the CPU to reach its next pause point. */
    static final long SWITCH_MILLIS = 5000;
    /** How long {@code l4:step} waits for its events by default. */
    static final int STEP_SECONDS = 10;

    private static final String USAGE = "usage: l4:break ipc FROM TO | l4:break pc TASK ADDRESS | l4:break syscall NAME | l4:break list | l4:break delete ID";

    @Reference
    Machine machine;

    public DebugCommands() {}

    /** For use without OSGi (tests). */
    public DebugCommands(Machine machine) {
        this.machine = machine;
    }

    private Kernel kernel(String cmd) {
        Machine m = machine;
        if (m == null) throw Format.error(cmd, "no machine service");
        return m.awaitKernel(L4Commands.BOOT_WAIT, L4Commands::progress).filter(k -> !k.halted())
                .orElseThrow(() -> Format.error(cmd, "no machine is running (" + m.status() + ")"));
    }

    private static <T> T inspect(String cmd, Kernel k, Callable<T> query) {
        try {
            return k.view(query, L4Commands.INSPECT_MILLIS);
        } catch (TimeoutException e) {
            throw Format.error(cmd, k.halted() ? "the machine halted while the command ran" : "the machine did not answer within "
                    + L4Commands.INSPECT_MILLIS / 1000 + " s");
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw Format.error(cmd, L4Commands.oneLine(e));
        }
    }

    /** A machine whose CPU can be paused: not frozen by a runaway (no pause point is ever reached then). */
    private Kernel controllable(String cmd) {
        Kernel k = kernel(cmd);
        if (k.runaway() != null) throw Format.error(cmd, "the machine is frozen by runaway thread " + k.runaway().id() + "; l4:reboot boots a new one");
        return k;
    }

    // ---- looking -------------------------------------------------------------------------------

    @Descriptor("a thread's TCB (state, partner, priority, slice, wakeup, pager, excepter, CPU time) and its registers by the architecture's names")
    public String regs(@Descriptor("thread TASK.LTHREAD, hexadecimal (e.g. 2.00; a task number alone means its lthread 0)") String thread) {
        int[] t = KernelDebug.parseThread("regs", thread);
        Kernel k = kernel("regs");
        return inspect("regs", k, () -> KernelDebug.regs(k, t[0], t[1]));
    }

    @Descriptor("hex dump of " + KernelDebug.MEM_DEFAULT + " bytes of a task's memory through its address space (unmapped pages are shown as such; the task takes no fault)")
    public String mem(@Descriptor("task number, hexadecimal") String task, @Descriptor("virtual address, hexadecimal") String address) {
        return mem(task, address, Integer.toString(KernelDebug.MEM_DEFAULT));
    }

    @Descriptor("hex dump of a task's memory through its address space (unmapped pages are shown as such; the task takes no fault)")
    public String mem(@Descriptor("task number, hexadecimal") String task, @Descriptor("virtual address, hexadecimal") String address,
            @Descriptor("bytes, decimal (0x for hexadecimal), at most " + KernelDebug.MEM_MAX) String length) {
        int number = Format.parseTask("mem", task);
        long va = Format.parseNumber("mem", "address", address, true);
        long len = Format.parseNumber("mem", "length", length, false);
        Kernel k = kernel("mem");
        KernelDebug.checkRange(k, va, len);
        return inspect("mem", k, () -> KernelDebug.mem(k, number, va, (int) len));
    }

    @Descriptor("the running thread, the ready queues by priority (queue order) and the wakeup lists")
    public String ready() {
        Kernel k = kernel("ready");
        return inspect("ready", k, () -> KernelDebug.ready(k));
    }

    // ---- running -------------------------------------------------------------------------------

    @Descriptor("stops the simulated CPU at its next event boundary (simulated time stands still; everything stays inspectable); paused already: says why")
    public String pause() {
        Kernel k = controllable("pause");
        Debugger d = k.debugger;
        if (d.paused()) return KernelDebug.stopLine(k);
        long before = d.pauses();
        k.post(() -> d.pause("paused by l4:pause", k.clock.cycles(), k.trace.events()));
        if (!KernelDebug.await(k, () -> d.pauses() > before, SWITCH_MILLIS)) {
            throw Format.error("pause", k.halted() ? "the machine halted" : "the CPU reached no pause point within " + SWITCH_MILLIS / 1000 + " s");
        }
        return KernelDebug.stopLine(k);
    }

    @Descriptor("continues the paused CPU")
    public String resume(
            @Descriptor("then waits up to this many seconds for the next breakpoint and shows it (default 0: return at once)")
            @Parameter(names = {"--wait", "-w"}, absentValue = "0") String wait) {
        int seconds = Format.parseCount("resume", "wait", wait, 0, 3600);
        Kernel k = controllable("resume");
        Debugger d = k.debugger;
        if (!d.paused()) throw Format.error("resume", "the machine is not paused");
        long before = d.pauses();
        k.post(() -> d.resume(0));
        if (!KernelDebug.await(k, () -> !d.paused() || d.pauses() > before, SWITCH_MILLIS)) {
            throw Format.error("resume", k.halted() ? "the machine halted" : "the CPU did not continue within " + SWITCH_MILLIS / 1000 + " s");
        }
        if (seconds == 0) return "running";
        if (!KernelDebug.await(k, () -> d.pauses() > before, seconds * 1000L)) {
            if (k.halted()) throw Format.error("resume", "the machine halted");
            return "running (no breakpoint hit within " + seconds + " s)";
        }
        return KernelDebug.stopLine(k);
    }

    @Descriptor("runs one simulated event (trace event) and pauses again, showing it")
    public String step() {
        return step(Integer.toString(STEP_SECONDS), false, "1");
    }

    @Descriptor("runs N simulated events (trace events), or with --instructions N guest instructions, and pauses again, showing what ran")
    public String step(
            @Descriptor("wait at most this many seconds for the events (default " + STEP_SECONDS + ")")
            @Parameter(names = {"--wait", "-w"}, absentValue = "" + STEP_SECONDS) String wait,
            @Descriptor("count guest instructions (MIPS machine code), whichever guest threads execute them, instead of events; "
                    + "the machine pauses between two instructions")
            @Parameter(names = {"--instructions", "-i"}, absentValue = "false", presentValue = "true") boolean instructions,
            @Descriptor("number of events, 1 to 100000, or of instructions, 1 to " + KernelDebug.STEP_INSTRUCTIONS_MAX) String count) {
        int n = instructions ? Format.parseCount("step", "instruction count", count, 1, KernelDebug.STEP_INSTRUCTIONS_MAX)
                : Format.parseCount("step", "count", count, 1, 100_000);
        int seconds = Format.parseCount("step", "wait", wait, 1, 3600);
        Kernel k = controllable("step");
        Debugger d = k.debugger;
        if (instructions && k.userCpu == null) {
            throw Format.error("step", "the " + k.arch.name() + " machine has no guest CPU: no guest instructions to step (l4:step N steps events)");
        }
        if (!d.paused()) throw Format.error("step", "the machine is not paused (l4:pause first)");
        if (instructions) inspect("step", k, () -> KernelDebug.checkGuestThreads(k));
        long before = d.pauses();
        k.post(instructions ? () -> d.resumeInstructions(n) : () -> d.resume(n));
        if (!KernelDebug.await(k, () -> d.pauses() > before, seconds * 1000L)) {
            if (k.halted()) throw Format.error("step", "the machine halted");
            return "running: the " + n + (instructions ? " instructions" : " events") + " did not happen within " + seconds
                    + " s; the CPU pauses after them (l4:pause stops it now)";
        }
        return instructions ? inspect("step", k, () -> KernelDebug.steppedInstructions(k)) : KernelDebug.stepped(k, d.lastSteps());
    }

    @Descriptor("the breakpoints and whether the machine is paused (l4:break list)")
    public String _break() {
        return _break("list");
    }

    @Descriptor("l4:break list | l4:break delete ID")
    public String _break(@Descriptor("list") String action) {
        String a = action == null ? "" : action.trim().toLowerCase();
        if (!a.equals("list")) throw Format.error("break", USAGE);
        Kernel k = kernel("break");
        return inspect("break", k, () -> KernelDebug.breakpoints(k));
    }

    @Descriptor("sets a breakpoint on a system call (l4:break syscall NAME) or deletes one (l4:break delete ID)")
    public String _break(@Descriptor("syscall | delete") String action, @Descriptor("system call name (ipc, task_new, ...) or breakpoint id") String what) {
        String a = action == null ? "" : action.trim().toLowerCase();
        if (a.equals("delete")) {
            int id = Format.parseCount("break", "breakpoint id", what, 1, Integer.MAX_VALUE);
            Kernel k = kernel("break");
            return inspect("break", k, () -> {
                if (!k.debugger.delete(id)) throw Format.error("break", "no breakpoint " + id + " (l4:break list shows them)");
                return "deleted breakpoint " + id;
            });
        }
        if (!a.equals("syscall")) throw Format.error("break", USAGE);
        Syscall call = KernelDebug.parseSyscall("break", what);
        Kernel k = kernel("break");
        return inspect("break", k, () -> set(k.debugger.addSyscall(call)));
    }

    @Descriptor("sets a breakpoint on IPC from one thread to another (l4:break ipc FROM TO; 'any' for either end), "
            + "or before a guest instruction (l4:break pc TASK ADDRESS)")
    public String _break(@Descriptor("ipc | pc") String action, @Descriptor("sending thread TASK.LTHREAD, or any; for pc: the task, hexadecimal") String from,
            @Descriptor("receiving thread TASK.LTHREAD, or any; for pc: the instruction's address, hexadecimal") String to) {
        String a = action == null ? "" : action.trim().toLowerCase();
        if (a.equals("pc")) {
            int task = Format.parseTask("break", from);
            long pc = Format.parseNumber("break", "address", to, true);
            Kernel k = kernel("break");
            if (k.userCpu == null) throw Format.error("break", "the " + k.arch.name() + " machine has no guest CPU: no guest instructions to stop at");
            if ((pc & ~k.wordMask()) != 0) throw Format.error("break", "address " + Format.hex(pc) + " out of range");
            return inspect("break", k, () -> set(k.debugger.addPc(task, pc)));
        }
        if (!a.equals("ipc")) {
            throw Format.error("break", USAGE);
        }
        ThreadId src = KernelDebug.parseBreakThread("break", from);
        ThreadId dst = KernelDebug.parseBreakThread("break", to);
        Kernel k = kernel("break");
        return inspect("break", k, () -> set(k.debugger.addIpc(src, dst)));
    }

    private static String set(Debugger.Breakpoint b) {
        return "breakpoint " + b.id() + ": " + b.describe() + " (pauses the machine; l4:resume --wait 10 waits for it)";
    }
}
