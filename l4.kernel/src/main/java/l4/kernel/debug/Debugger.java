package l4.kernel.debug;

import java.util.ArrayList;
import java.util.List;
import l4.api.ThreadId;
import l4.kernel.trace.TraceEvent;
import l4.spi.Syscall;

/**
 * The kernel debugger's mechanism: breakpoints, a step budget and the pause request, all kept in
 * kernel context so that a breakpoint hits on the same event, at the same simulated cycle, in
 * every run. The kernel reports each trace event and each system-call entry; when one stops the
 * machine, {@link #stopDue} is set and the kernel pauses at its next pause point (a system-call
 * entry, the end of a system call, or the idle loop), where it charges nothing: pausing changes
 * neither simulated time nor the trace digest.
 *
 * <p>Guest code (machine code run by the architecture's user CPU) is stepped by instructions and
 * stopped at PC breakpoints: the guest runner asks {@link #guestLimit} how many instructions the
 * CPU may run, {@link #guestBreak} before it runs them and reports them with {@link #guestRan}.
 * Stops between instructions are no events of the simulated machine: the CPU continues as if it
 * had not stopped (same cycles, same MMU state), so stepping leaves the trace digest as it was.
 */
public final class Debugger {
    /** What a breakpoint waits for. */
    public enum On { IPC, SYSCALL, PC }

    /**
     * A breakpoint: IPC from one thread to another (nil: any), the entry of one system call, or a
     * guest instruction: task {@code task}'s next instruction is at {@code pc} (before it executes).
     */
    public record Breakpoint(int id, On on, ThreadId from, ThreadId to, Syscall call, int task, long pc) {
        boolean matches(TraceEvent.Kind kind, long src, long dst) {
            return on == On.IPC && kind == TraceEvent.Kind.IPC && same(from, src) && same(to, dst);
        }

        private static boolean same(ThreadId want, long raw) {
            return want.isNil() || (raw != 0 && ThreadId.ofRaw(raw).task() == want.task()
                    && ThreadId.ofRaw(raw).lthread() == want.lthread());
        }

        public String describe() {
            switch (on) {
                case IPC: return "ipc " + any(from) + " -> " + any(to);
                case SYSCALL: return "syscall " + call.name().toLowerCase();
                default: return "pc 0x" + Long.toHexString(pc) + " in task 0x" + Integer.toHexString(task);
            }
        }

        private static String any(ThreadId id) { return id.isNil() ? "any" : id.toString(); }
    }

    /** Why the machine paused: the breakpoint (null: a pause or the end of a step), the event's text, its cycle. */
    public record Stop(Breakpoint breakpoint, String reason, long cycles, long events) {}

    private final List<Breakpoint> breakpoints = new ArrayList<>();
    private int nextId = 1;
    /** Events left to run before pausing again; -1 while not stepping. */
    private long stepBudget = -1;
    private final List<TraceEvent> stepped = new ArrayList<>();
    private Stop pending;
    /** Guest instructions left to run before pausing again; -1 while not stepping by instructions. */
    private long instructionBudget = -1;
    private long instructionsAsked;
    private long instructionsStepped;
    /** The thread (raw id) stopped at a PC breakpoint and its pc: it runs that instruction first after a resume; 0: none. */
    private long passThread;
    private long passPc;
    private long hitThread;
    private long hitPc;

    /** A stop is due: the kernel pauses at its next pause point. Kernel context only. */
    public boolean stopDue;
    /** Whether the kernel reports events (a breakpoint is set or a step runs): one test on the event path. */
    public boolean armed;
    private volatile boolean paused;
    /** How many times the machine has paused: a waiter tells a new pause from the one it saw. */
    private volatile long pauses;
    private volatile Stop stop;
    private volatile List<TraceEvent> lastSteps = List.of();

    // ---- called by the kernel --------------------------------------------------------------

    /** A trace event was recorded (only while {@link #armed}). */
    public void event(long seq, long cycles, long micros, TraceEvent.Kind kind, long from, long to, long value, int result) {
        if (stepBudget > 0) {
            stepped.add(new TraceEvent(seq, cycles, micros, kind, from, to, value, result));
            if (--stepBudget == 0) request(null, "stepped " + stepped.size() + (stepped.size() == 1 ? " event" : " events"), cycles, seq + 1);
        }
        for (Breakpoint b : breakpoints) {
            if (b.matches(kind, from, to)) {
                request(b, "ipc " + id(from) + " -> " + id(to) + " (event " + seq + ")", cycles, seq + 1);
                break;
            }
        }
    }

    /** A thread entered a system call (only while {@link #armed}). */
    public void syscall(ThreadId self, Syscall call, long cycles, long events) {
        for (Breakpoint b : breakpoints) {
            if (b.on == On.SYSCALL && b.call == call) {
                request(b, "syscall " + call.name().toLowerCase() + " by " + self, cycles, events);
                break;
            }
        }
    }

    /** The machine idles waiting for outside input: a step cannot make progress, so it ends here. */
    public void idle(long cycles, long events) {
        if (instructionBudget > 0) {
            request(null, "stepped " + instructionsStepped + " of the " + instructionsAsked
                    + " instructions asked for; the machine waits for outside input", cycles, events);
        }
        if (stepBudget > 0) request(null, "stepped " + stepped.size() + " of the events asked for; the machine waits for outside input", cycles, events);
    }

    private void request(Breakpoint b, String reason, long cycles, long events) {
        if (pending == null) pending = new Stop(b, reason, cycles, events);
        stopDue = true;
    }

    // ---- called by the guest runner ----------------------------------------------------------

    /**
     * How many instructions the guest thread of task {@code task} may run before the debugger must
     * look again: the rest of an instruction step, one while the task has a PC breakpoint,
     * otherwise no limit. Only while {@link #armed}.
     */
    public long guestLimit(int task) {
        long limit = instructionBudget > 0 ? instructionBudget : Long.MAX_VALUE;
        for (Breakpoint b : breakpoints) if (b.on == On.PC && b.task == task) return 1;
        return limit;
    }

    /**
     * Before guest thread {@code self} runs its instruction at {@code pc}: true if a PC breakpoint
     * stops it there (the caller passes a pause point before the instruction). The thread a
     * breakpoint stopped runs that instruction after the resume without hitting it again.
     */
    public boolean guestBreak(ThreadId self, long pc, long cycles, long events) {
        if (self.raw() == passThread && pc == passPc) return false;
        for (Breakpoint b : breakpoints) {
            if (b.on == On.PC && b.task == self.task() && b.pc == pc) {
                request(b, "pc 0x" + Long.toHexString(pc) + " reached by thread " + self + " (not executed yet)", cycles, events);
                hitThread = self.raw();
                hitPc = pc;
                return true;
            }
        }
        return false;
    }

    /** Guest thread {@code self} completed {@code n} instructions and is now at {@code pc}. Only while {@link #armed}. */
    public void guestRan(ThreadId self, long n, long pc, long cycles, long events) {
        if (n <= 0) return;
        if (self.raw() == passThread) passThread = 0;
        if (instructionBudget > 0) {
            instructionBudget -= Math.min(n, instructionBudget);
            instructionsStepped += n;
            if (instructionBudget == 0) {
                request(null, "stepped " + instructionsStepped + (instructionsStepped == 1 ? " instruction" : " instructions")
                        + "; thread " + self + " is at pc 0x" + Long.toHexString(pc), cycles, events);
            }
        }
    }

    /** At a pause point with {@link #stopDue}: the machine is paused from now on. */
    public void enterPause() {
        stopDue = false;
        instructionBudget = -1;
        if (stepBudget >= 0) {
            lastSteps = List.copyOf(stepped);
            stepped.clear();
            stepBudget = -1;
        }
        stop = pending;
        pending = null;
        armed = !breakpoints.isEmpty();
        if (stop == null || stop.breakpoint() == null || stop.breakpoint().on != On.PC) hitThread = 0;
        pauses++;
        paused = true;
    }

    // ---- requests from the shell (each runs in kernel context, through Kernel#post) ----------

    /** Pause at the next pause point, with {@code reason}. */
    public void pause(String reason, long cycles, long events) {
        if (!paused) request(null, reason, cycles, events);
    }

    /** Continue; with {@code steps} > 0, pause again after that many events. */
    public void resume(long steps) {
        if (steps > 0) {
            stepBudget = steps;
            stepped.clear();
            lastSteps = List.of();
        }
        armed = !breakpoints.isEmpty() || stepBudget > 0;
        continueFromBreak();
    }

    /** Continue; pause again after {@code n} > 0 guest instructions, whichever guest threads run them. */
    public void resumeInstructions(long n) {
        if (n <= 0) throw new IllegalArgumentException("instructions must be positive: " + n);
        instructionBudget = n;
        instructionsAsked = n;
        instructionsStepped = 0;
        armed = true;
        continueFromBreak();
    }

    private void continueFromBreak() {
        passThread = hitThread;
        passPc = hitPc;
        hitThread = 0;
        stop = null;
        paused = false;
    }

    public Breakpoint addIpc(ThreadId from, ThreadId to) {
        return add(new Breakpoint(nextId++, On.IPC, from, to, null, 0, 0));
    }

    public Breakpoint addSyscall(Syscall call) {
        return add(new Breakpoint(nextId++, On.SYSCALL, ThreadId.NIL, ThreadId.NIL, call, 0, 0));
    }

    /** A breakpoint before the guest instruction at {@code pc} of task {@code task}, whichever of its threads reaches it. */
    public Breakpoint addPc(int task, long pc) {
        return add(new Breakpoint(nextId++, On.PC, ThreadId.NIL, ThreadId.NIL, null, task, pc));
    }

    private Breakpoint add(Breakpoint b) {
        breakpoints.add(b);
        armed = true;
        return b;
    }

    /** Removes breakpoint {@code id}; false if there is none. */
    public boolean delete(int id) {
        boolean removed = breakpoints.removeIf(b -> b.id == id);
        armed = !breakpoints.isEmpty() || stepBudget > 0 || instructionBudget > 0;
        return removed;
    }

    public List<Breakpoint> breakpoints() { return List.copyOf(breakpoints); }

    // ---- readable from any thread -------------------------------------------------------------

    public boolean paused() { return paused; }

    public long pauses() { return pauses; }

    /** Why the machine paused, or null while it runs. */
    public Stop stop() { return stop; }

    /** The events of the last completed step. */
    public List<TraceEvent> lastSteps() { return lastSteps; }

    private static String id(long raw) { return raw == 0 ? "-" : ThreadId.ofRaw(raw).toString(); }
}
