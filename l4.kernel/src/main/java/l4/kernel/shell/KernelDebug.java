package l4.kernel.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import l4.api.ThreadId;
import l4.kernel.Kernel;
import l4.kernel.debug.Debugger;
import l4.kernel.memory.MappingNode;
import l4.kernel.memory.PhysicalMemory;
import l4.kernel.object.Task;
import l4.kernel.object.Tcb;
import l4.kernel.trace.TraceEvent;
import l4.spi.RegisterFile;
import l4.spi.Syscall;

/**
 * The kernel debugger's logic behind {@code l4:regs}, {@code l4:mem}, {@code l4:ready},
 * {@code l4:pause}, {@code l4:resume}, {@code l4:step} and {@code l4:break}: the verbs of
 * Fiasco's JDB and Pistachio's kdb over the kernel's typed thread state and its
 * {@link Debugger}. Reading never charges simulated time nor touches the MMU model (no TLB
 * refill), so looking at a machine leaves its trace digest as it was. Every failure is one
 * line: an {@link IllegalArgumentException} whose message the console prints.
 */
final class KernelDebug {
    static final int MEM_DEFAULT = 64;
    static final int MEM_MAX = 64 * 1024;
    /** The longest instruction step: at some 10 million instructions a second, a few seconds of host time. */
    static final int STEP_INSTRUCTIONS_MAX = 100_000_000;
    private static final int REGISTERS_PER_LINE = 4;

    private KernelDebug() {}

    // ---- parsing -------------------------------------------------------------------------------

    /** A thread as the shell prints it: {@code TASK.LTHREAD} in hexadecimal ({@code 2.00}), or a task (its lthread 0). */
    static int[] parseThread(String cmd, String text) {
        if (text == null || text.isBlank()) throw Format.error(cmd, "missing thread (TASK.LTHREAD, e.g. 2.00)");
        String s = text.trim();
        int dot = s.indexOf('.');
        int task = Format.parseTask(cmd, dot < 0 ? s : s.substring(0, dot));
        long lthread = dot < 0 ? 0 : Format.parseNumber(cmd, "lthread", s.substring(dot + 1), true);
        if (lthread < 0 || lthread >= ThreadId.THREADS_PER_TASK) {
            throw Format.error(cmd, "lthread of " + s + " out of range (00..7f)");
        }
        return new int[] {task, (int) lthread};
    }

    /** A thread of a breakpoint: as {@link #parseThread}, or {@code any}. Returns the id with version 0 (matched by task and lthread). */
    static ThreadId parseBreakThread(String cmd, String text) {
        if (text != null && (text.trim().equalsIgnoreCase("any") || text.trim().equals("*"))) return ThreadId.NIL;
        int[] t = parseThread(cmd, text);
        return ThreadId.of(0, t[0], t[0], t[1], 1);
    }

    static Syscall parseSyscall(String cmd, String text) {
        String s = text == null ? "" : text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        if (s.equals("EX_REGS")) s = "LTHREAD_EX_REGS";
        for (Syscall c : Syscall.values()) if (c.name().equals(s)) return c;
        List<String> names = new ArrayList<>();
        for (Syscall c : Syscall.values()) names.add(c.name().toLowerCase(Locale.ROOT));
        throw Format.error(cmd, "unknown system call '" + text + "' (" + String.join(", ", names) + ")");
    }

    // ---- l4:regs ---------------------------------------------------------------------------------

    /** Kernel context. */
    static String regs(Kernel k, int task, int lthread) {
        Task t = k.task(task);
        if (t == null || !t.active) throw Format.error("regs", "no task " + Format.hex(task) + " is active");
        Tcb th = t.thread(lthread);
        if (th == null) throw Format.error("regs", "task " + Format.hex(task) + " has no thread " + Integer.toHexString(lthread));
        StringBuilder b = new StringBuilder();
        b.append("thread ").append(th.id()).append(" (").append(t.label == null || t.label.isEmpty() ? "task " + Integer.toHexString(task) : t.label)
                .append(")").append(th == k.current() ? ", running" : "").append('\n');
        field(b, "state", th == k.runaway() ? "RUNAWAY" : th.state.label());
        Tcb partner = th.state.partner();
        field(b, "partner", partner == null ? "-" : partner.id().toString());
        field(b, "priority", Integer.toString(th.priority));
        field(b, "slice", th.timesliceMicros + " us (" + k.clock.microsFor(Math.max(0, th.sliceLeftCycles)) + " us left)");
        long tick = k.wakeupQueue().deadline(th);
        field(b, "wakeup", tick < 0 ? "-" : "tick " + tick + " (in " + k.clock.microsFor(Math.max(0, tick * k.clock.tickCycles() - k.clock.cycles())) + " us)");
        field(b, "pager", th.pager.toString());
        field(b, "excepter", th.excepter.toString());
        field(b, "ext-preempter", th.externalPreempter.toString());
        field(b, "senders", Integer.toString(th.senders.size()));
        field(b, "cpu-time", k.clock.microsFor(th.cpuCycles) + " us (" + th.cpuCycles + " cycles)");
        b.append("registers (").append(k.arch.name()).append("):\n");
        RegisterFile r = th.registers;
        int width = k.arch.wordBits() / 4;
        int nameWidth = 0;
        for (int i = 0; i < r.count(); i++) nameWidth = Math.max(nameWidth, r.name(i).length());
        java.util.Map<String, Long> extra = th.guest != null && k.userCpu != null ? k.userCpu.extraRegisters(r) : java.util.Map.of();
        for (String name : extra.keySet()) nameWidth = Math.max(nameWidth, name.length());
        for (int i = 0; i < r.count(); i++) {
            b.append("  ");
            b.append(pad(r.name(i), nameWidth)).append(' ').append(String.format("%0" + width + "x", r.get(i) & k.wordMask()));
            if (i % REGISTERS_PER_LINE == REGISTERS_PER_LINE - 1 || i == r.count() - 1) b.append('\n');
        }
        int i = 0;
        for (var e : extra.entrySet()) {
            b.append("  ").append(pad(e.getKey(), nameWidth)).append(' ').append(String.format("%0" + width + "x", e.getValue() & k.wordMask()));
            if (++i % REGISTERS_PER_LINE == 0 || i == extra.size()) b.append('\n');
        }
        if (th.guest != null && k.userCpu != null) b.append("next: ").append(nextInstruction(k, th)).append('\n');
        return b.toString().stripTrailing();
    }

    /**
     * The guest instruction {@code t} runs next, read through its task's mappings (no TLB access, no
     * fault): its address, word and text, or why it cannot be shown. Kernel context.
     */
    static String nextInstruction(Kernel k, Tcb t) {
        long pc = t.ip();
        String at = Format.hex(pc);
        MappingNode n = t.task.space.lookup(pc);
        if (n == null) return at + "  (not mapped yet: the fetch page-faults)";
        if (n.frame() + PhysicalMemory.FRAME_SIZE > k.physical.bytes()) return at + "  (device memory, not read)";
        long offset = pc & (PhysicalMemory.FRAME_SIZE - 1);
        int len = (int) Math.min(16, PhysicalMemory.FRAME_SIZE - offset);
        String text = k.userCpu.disassemble(pc, k.physical.readBytes(n.frame() + offset, len));
        return at + "  " + (text == null ? "(no whole instruction before the page's end)" : text);
    }

    /** An instruction step needs a guest thread that can still run. Kernel context. */
    static Void checkGuestThreads(Kernel k) {
        for (Task t : k.tasks) {
            if (!t.active || t.threads == null) continue;
            for (Tcb th : t.threads) {
                if (th != null && th.active() && th.guest != null && !th.state.is(l4.kernel.object.ThreadState.Kind.STOPPED)) return null;
            }
        }
        throw Format.error("step", "no guest thread: every thread runs Java code (l4:exec NAME starts a guest program; l4:step N steps events)");
    }

    /** After an instruction step: why it paused and the instruction the running guest thread executes next. Kernel context. */
    static String steppedInstructions(Kernel k) {
        Tcb t = k.current();
        String next = t != null && t.guest != null ? "\nthread " + t.id() + " next: " + nextInstruction(k, t) : "";
        return stopLine(k) + next;
    }

    private static void field(StringBuilder b, String name, String value) {
        b.append("  ").append(pad(name + ":", 15)).append(value).append('\n');
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    // ---- l4:mem ----------------------------------------------------------------------------------

    /** Checks the range before the machine is asked. */
    static void checkRange(Kernel k, long address, long length) {
        long mask = k.wordMask();
        if ((address & ~mask) != 0) throw Format.error("mem", "address " + Format.hex(address) + " out of range (the address space ends at " + Format.hex(mask) + ")");
        if (length < 1 || length > MEM_MAX) throw Format.error("mem", "length must be between 1 and " + MEM_MAX);
        long last = address + length - 1;
        if (Long.compareUnsigned(last, address) < 0 || (last & ~mask) != 0) {
            throw Format.error("mem", "range " + Format.hex(address) + "+" + Format.hex(length) + " runs past the end of the address space");
        }
    }

    /**
     * Kernel context. A hex dump through the task's mappings, 16 bytes a line: a page without a
     * mapping is one line saying so (the task takes no fault), device pages are not read (a read
     * of a device register has side effects).
     */
    static String mem(Kernel k, int task, long address, int length) {
        Task t = k.task(task);
        if (t == null || !t.active) throw Format.error("mem", "no task " + Format.hex(task) + " is active");
        StringBuilder b = new StringBuilder();
        int hexWidth = k.arch.wordBits() / 4;
        long end = address + length;
        long line = address & ~15L;
        while (Long.compareUnsigned(line, end) < 0) {
            long page = line & ~(long) (PhysicalMemory.FRAME_SIZE - 1);
            MappingNode n = t.space.lookup(line);
            long pageEnd = page + PhysicalMemory.FRAME_SIZE;
            if (n == null || n.frame() + PhysicalMemory.FRAME_SIZE > k.physical.bytes()) {
                long from = Math.max(line, address);
                long to = Long.compareUnsigned(pageEnd, end) < 0 ? pageEnd : end;
                b.append(String.format("%0" + hexWidth + "x", from)).append("  -- ")
                        .append(n == null ? "unmapped" : "device memory at " + Format.hex(n.frame()) + ", not read")
                        .append(" up to ").append(Format.hex(to - 1)).append(" --\n");
                line = to == pageEnd ? pageEnd : end;
                continue;
            }
            byte[] bytes = k.physical.readBytes(n.frame() + (line - page), 16);
            b.append(String.format("%0" + hexWidth + "x", line)).append(' ');
            StringBuilder ascii = new StringBuilder();
            for (int i = 0; i < 16; i++) {
                long a = line + i;
                boolean shown = Long.compareUnsigned(a, address) >= 0 && Long.compareUnsigned(a, end) < 0;
                if (i == 8) b.append(' ');
                b.append(' ').append(shown ? String.format("%02x", bytes[i] & 0xFF) : "  ");
                int c = bytes[i] & 0xFF;
                ascii.append(!shown ? ' ' : c >= 0x20 && c < 0x7F ? (char) c : '.');
            }
            b.append("  |").append(ascii).append("|\n");
            line += 16;
        }
        return "task " + Format.hex(task) + " " + Format.hex(address) + "+" + Format.hex(length) + " ("
                + mappedPages(t) + "):\n" + b.toString().stripTrailing();
    }

    private static String mappedPages(Task t) {
        int pages = t.space.pageCount();
        return pages + (pages == 1 ? " page" : " pages") + " mapped";
    }

    // ---- l4:ready --------------------------------------------------------------------------------

    /** Kernel context. */
    static String ready(Kernel k) {
        StringBuilder b = new StringBuilder();
        Tcb current = k.current();
        b.append("running: ").append(current == null ? "idle" : current.id() + " (priority " + current.priority + ")").append('\n');
        b.append("ready queues (").append(k.readyQueue().policy()).append("), highest priority first:\n");
        int lists = 0;
        for (int p = 255; p >= 0; p--) {
            List<Tcb> q = k.readyQueue().queued(p);
            if (q.isEmpty()) continue;
            lists++;
            List<String> ids = new ArrayList<>();
            for (Tcb t : q) ids.add(t.id() + (t.runnable() ? "" : " (" + t.state.label() + ", dropped lazily)"));
            b.append("  ").append(pad(Integer.toString(p), 4)).append(String.join(", ", ids)).append('\n');
        }
        if (lists == 0) b.append("  (empty)\n");
        List<Tcb> waiting = new ArrayList<>();
        for (Task t : k.tasks) {
            if (!t.active || t.threads == null) continue;
            for (Tcb th : t.threads) if (th.active() && k.wakeupQueue().deadline(th) >= 0) waiting.add(th);
        }
        waiting.sort((x, y) -> Long.compare(k.wakeupQueue().deadline(x), k.wakeupQueue().deadline(y)));
        b.append("wakeup lists (tick now ").append(k.clock.ticks()).append("; soon ").append(k.wakeupQueue().soonSize())
                .append(", late ").append(k.wakeupQueue().lateSize()).append(", late-late ").append(k.wakeupQueue().lateLateSize()).append("):\n");
        if (waiting.isEmpty()) b.append("  (none)\n");
        for (Tcb th : waiting) {
            long tick = k.wakeupQueue().deadline(th);
            b.append("  tick ").append(pad(Long.toString(tick), 10)).append(th.id()).append(' ').append(th.state.label()).append('\n');
        }
        return b.toString().stripTrailing();
    }

    // ---- stops -----------------------------------------------------------------------------------

    /** One line on why and where the machine is paused. */
    static String stopLine(Kernel k) {
        Debugger.Stop s = k.debugger.stop();
        String why = s == null ? "paused" : (s.breakpoint() == null ? "" : "breakpoint " + s.breakpoint().id() + " hit: ") + s.reason();
        String at = s == null ? "" : " at cycle " + s.cycles() + " (" + k.clock.microsFor(s.cycles()) + " us), after event " + s.events();
        return why + at + "; paused, l4:resume continues, l4:step N runs N events"
                + (k.userCpu == null ? "" : ", l4:step --instructions N runs N guest instructions");
    }

    static String stepped(Kernel k, List<TraceEvent> events) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"CYCLE", "KIND", "FROM", "TO", "VALUE", "RESULT"});
        for (TraceEvent e : events) {
            String[] r = L4Commands.traceRow(e);
            r[0] = Long.toString(e.cycles());
            rows.add(r);
        }
        return (events.isEmpty() ? "" : Format.table(rows)) + stopLine(k);
    }

    static String breakpoints(Kernel k) {
        List<Debugger.Breakpoint> bs = k.debugger.breakpoints();
        StringBuilder b = new StringBuilder();
        if (bs.isEmpty()) b.append("no breakpoints\n");
        for (Debugger.Breakpoint x : bs) b.append(x.id()).append("  ").append(x.describe()).append('\n');
        b.append(k.debugger.paused() ? stopLine(k) : "the machine runs");
        return b.toString();
    }

    /** Waits (host time) until {@code done} holds; false on timeout or halt. */
    static boolean await(Kernel k, java.util.function.BooleanSupplier done, long millis) {
        long end = System.nanoTime() + millis * 1_000_000L;
        while (!done.getAsBoolean()) {
            if (k.halted() || System.nanoTime() > end) return false;
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

}
