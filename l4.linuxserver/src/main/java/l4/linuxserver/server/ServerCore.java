package l4.linuxserver.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import l4.linuxserver.mm.AddressSpace;
import l4.linuxserver.mm.Frame;
import l4.linuxserver.mm.MappingObserver;
import l4.linuxserver.mm.SegmentationFault;
import l4.linuxserver.sys.LinuxAbi;
import l4.linuxserver.sys.LinuxSystem;
import l4.linuxserver.sys.Process;
import l4.linuxserver.sys.UserContext;

/**
 * The Linux server's answers to its processes, independent of how the messages travel (the L4
 * transport's IPC loop, or a test's synthetic frames): a reflected exception of a process thread
 * (Cause, EPC, BadVAddr and the whole register frame) is answered with the frame to resume with,
 * or not yet (the call waits), or never (the thread is gone); a page fault with the page to map
 * from the process's memory — copy-on-write after fork — recorded in its {@link ShadowTable}.
 *
 * <p>Threads enter the server at one more place, the <em>entry</em>: a {@code break} in the page
 * at the top of every process (next to the signal-return code, {@link LinuxAbi#kickOffset()}). A
 * new process or thread starts there (task_new and lthread_ex_regs set only IP and SP; its first
 * exception fetches the whole frame the layer made for it: the child's registers of a fork), and
 * a running thread is forced there (lthread_ex_regs, after {@link #interrupted}) when a signal
 * must reach it, as L4Linux's signal thread does; a page fault that is a segmentation fault is
 * answered that way too, since a pager's reply can only map. The transport collects what it must
 * do to the L4 tasks with {@link #drain()} after every message.
 */
public final class ServerCore {
    /** The answer to an exception. */
    public sealed interface Reply permits Resume, Wait, Gone {}

    /** Reply with this whole frame (PC included). */
    public record Resume(long[] frame) implements Reply {}

    /** No reply now: the thread waits in the server; {@link #wake()} answers it later. */
    public record Wait() implements Reply {}

    /** The thread has ended: no reply; the transport deletes it (it is in {@link Work#ended}). */
    public record Gone() implements Reply {}

    /** The answer to a page fault. */
    public sealed interface PagerReply permits MapPage, Kick, Dead {}

    /** Map {@code frame} at {@code page} of the faulting task, writable or read-only. */
    public record MapPage(long page, Frame frame, boolean writable) implements PagerReply {}

    /** No mapping: force the thread to the entry (lthread_ex_regs); a signal waits for it there. */
    public record Kick() implements PagerReply {}

    /** The process has ended (out of memory): no reply; it is in {@link Work#ended}. */
    public record Dead() implements PagerReply {}

    /** A page to flush (fpage_unmap) from a process's task; {@code frame} is what was mapped there. */
    public record Flush(Process process, long page, Frame frame) {}

    /** A waiting thread's answer, found by {@link #wake()}. */
    public record Answer(Process thread, Reply reply) {}

    /**
     * What the transport must do to the L4 tasks: create a task (a process) or a thread in its
     * leader's task (a thread) at the entry for each of {@code started}; delete {@code ended};
     * flush {@code flushes}; force each of {@code interrupt} (running in user mode with a signal to
     * take) to the entry and report its old IP with {@link #interrupted}; for each of
     * {@code rebound} (a thread that called execve in place of its leader) its thread goes on as
     * its {@link Process#successor}, whose own thread is abandoned.
     */
    public record Work(List<Process> started, List<Process> ended, List<Flush> flushes, List<Process> interrupt,
            List<Process> rebound) {
        public boolean isEmpty() {
            return started.isEmpty() && ended.isEmpty() && flushes.isEmpty() && interrupt.isEmpty() && rebound.isEmpty();
        }
    }

    private static final Wait WAIT = new Wait();
    private static final Gone GONE = new Gone();

    private final LinuxSystem linux;
    private final LinuxAbi abi;
    private final TrapAbi trap;
    private final long entry;
    /** Threads the server knows, alive; those in {@code held} wait in the server. */
    private final Map<Process, Boolean> known = new java.util.LinkedHashMap<>(); // iterated: in creation order, for the same trace every run
    /** Threads waiting in the server: the frame they came with, and whether they sit in a call. */
    private final Map<Process, Held> held = new LinkedHashMap<>();
    /** Threads forced to the entry (or to be): where they were. */
    private final Map<Process, Long> kickedFrom = new IdentityHashMap<>();
    /** Threads created but not yet at the entry. */
    private final Map<Process, Boolean> starting = new IdentityHashMap<>();
    /** Threads the transport was asked to interrupt, until they arrive at the entry. */
    private final Map<Process, Boolean> asked = new IdentityHashMap<>();
    private final Map<AddressSpace, ShadowTable> shadows = new IdentityHashMap<>();
    private final Map<AddressSpace, Process> owners = new HashMap<>();
    private List<Process> started = new ArrayList<>(), ended = new ArrayList<>(), interrupt = new ArrayList<>(),
            rebound = new ArrayList<>();
    private List<Flush> flushes = new ArrayList<>();
    private long seenChanges = -1;

    private record Held(long[] frame, boolean inCall) {}

    private final java.util.function.Consumer<Frame> frameWritten;

    public ServerCore(LinuxSystem linux, TrapAbi trap) {
        this(linux, trap, f -> {});
    }

    /**
     * {@code frameWritten} hears of every write of the layer into a frame (read(), the loader):
     * the transport passes it on where code decoded from the frame is cached.
     */
    public ServerCore(LinuxSystem linux, TrapAbi trap, java.util.function.Consumer<Frame> frameWritten) {
        this.frameWritten = frameWritten;
        this.linux = linux;
        this.abi = linux.abi();
        this.trap = trap;
        this.entry = linux.trampolineAddress() + abi.kickOffset();
    }

    /** Where new threads start and signalled threads are forced to. */
    public long entryAddress() {
        return entry;
    }

    /** The shadow page table of {@code p}'s process (empty if nothing is mapped). */
    public ShadowTable shadow(Process p) {
        ShadowTable t = shadows.get(p.leader.memory);
        return t != null ? t : new ShadowTable();
    }

    /** Takes processes the layer started outside a call (init, a command line) as started. */
    public Work adopt() {
        sweep();
        return drain();
    }

    // ---- exceptions ----

    /** Thread {@code t} raised an exception; {@code frame} is its whole register frame. */
    public Reply exception(Process t, long cause, long epc, long badVAddr, long[] frame) {
        if (!t.alive()) return GONE;
        UserContext c = trap.unpack(frame);
        TrapAbi.Kind kind = trap.classify(cause);
        if (kind == TrapAbi.Kind.BREAKPOINT && epc == entry) {
            Long from = kickedFrom.remove(t);
            asked.remove(t);
            if (from != null) {
                c.setProgramCounter(from); // the frame's PC is the entry; the thread goes on where it was
                t.context = c;
                return resume(t, frame);
            }
            if (starting.remove(t) != null) return resume(t, frame); // its first frame: the layer's
        }
        t.context = c;
        return switch (kind) {
            case SYSCALL -> call(t, frame);
            case TLB_FAULT -> signal(t, LinuxAbi.Sig.SEGV, badVAddr, 1, frame); // faults go to the pager; a reflected one is the transport's slip
            case ADDRESS_ERROR -> signal(t, badVAddr < 0 || badVAddr >= abi.userLimit() ? LinuxAbi.Sig.SEGV : LinuxAbi.Sig.BUS,
                    badVAddr, 1, frame);
            case BUS_ERROR -> signal(t, LinuxAbi.Sig.BUS, badVAddr, 2, frame);
            case ILLEGAL_INSTRUCTION -> signal(t, LinuxAbi.Sig.ILL, epc, 1, frame);
            case BREAKPOINT -> signal(t, LinuxAbi.Sig.TRAP, epc, 1, frame);
            case ARITHMETIC -> signal(t, LinuxAbi.Sig.FPE, epc, 1, frame);
            case OTHER -> signal(t, LinuxAbi.Sig.SEGV, epc, 1, frame);
        };
    }

    private Reply call(Process t, long[] frame) {
        long r = linux.syscall(t, trap.syscallNumber(t.context));
        if (t.successor != null) t = takeOver(t);
        if (r == LinuxSystem.BLOCKED) {
            linux.state(t, Process.State.BLOCKED);
            held.put(t, new Held(frame, true));
            sweep();
            return WAIT;
        }
        if (t.alive() && r != LinuxSystem.NO_RETURN) abi.returnFromSyscall(t.context, r);
        return resume(t, frame);
    }

    /** execve in a thread other than the leader: its thread goes on as the leader (the reply is the leader's). */
    private Process takeOver(Process caller) {
        Process l = caller.successor;
        for (Process t : List.of(caller, l)) {
            held.remove(t);
            kickedFrom.remove(t);
            starting.remove(t);
            asked.remove(t);
        }
        known.remove(caller);
        known.put(l, Boolean.TRUE);
        rebound.add(caller);
        return l;
    }

    private Reply signal(Process t, LinuxAbi.Sig sig, long address, int code, long[] frame) {
        linux.fault(t, sig, address, code);
        return resume(t, frame);
    }

    /** Delivers pending signals and answers with the thread's context, or holds it (stopped, vfork), or it is gone. */
    private Reply resume(Process t, long[] frame) {
        if (t.alive() && linux.hasDeliverable(t)) linux.deliverSignals(t, false);
        sweep();
        if (!t.alive()) return GONE;
        if (t.state == Process.State.STOPPED || t.vforkWaiting) {
            held.put(t, new Held(frame, false));
            return WAIT;
        }
        held.remove(t);
        return new Resume(trap.pack(t.context, frame));
    }

    // ---- page faults ----

    /** Thread {@code t} faulted at {@code address} (a write if {@code write}) with its IP at {@code ip}. */
    public PagerReply pageFault(Process t, long address, boolean write, long ip) {
        if (!t.alive()) return new Dead();
        long page = address & -AddressSpace.PAGE;
        boolean fetch = !write && (address & -AddressSpace.PAGE) == (ip & -AddressSpace.PAGE) && address == ip;
        try {
            AddressSpace.Resolution r = t.memory.fault(address, write, fetch);
            shadowOf(t).mapped(page, r.frame(), r.writable());
            return new MapPage(page, r.frame(), r.writable());
        } catch (SegmentationFault f) {
            if (f.outOfMemory) {
                linux.exitProcess(t, abi.signal(LinuxAbi.Sig.KILL), true);
                sweep();
                return new Dead();
            }
            linux.fault(t, LinuxAbi.Sig.SEGV, address, f.mapped ? 2 : 1);
            kickedFrom.put(t, ip);
            return new Kick();
        }
    }

    /**
     * The transport did not force {@code t} to the entry after all: it came into the server by
     * itself first (its signal then goes with the answer), so a later signal may interrupt it again.
     */
    public void notInterrupted(Process t) {
        asked.remove(t);
    }

    /** The transport forced running thread {@code t} to the entry; it was at {@code oldIp}. */
    public void interrupted(Process t, long oldIp) {
        kickedFrom.put(t, oldIp);
    }

    // ---- waiting threads ----

    /**
     * Runs the interval timers and answers the waiting threads that can go on: a call whose
     * wait is over (runs again), a thread continued or released by its vfork child, a signal to
     * take. The transport calls it after every message and when {@link #nextWakeup()} has come.
     */
    public List<Answer> wake() {
        linux.runTimers();
        List<Answer> out = new ArrayList<>();
        for (int round = 0; round < 64; round++) {
            boolean any = false;
            for (Map.Entry<Process, Held> e : new ArrayList<>(held.entrySet())) {
                Process t = e.getKey();
                Held h = e.getValue();
                if (!held.containsKey(t)) continue;
                if (!t.alive()) {
                    held.remove(t);
                    continue;
                }
                if (t.state == Process.State.STOPPED || (!h.inCall() && t.vforkWaiting)) continue;
                if (!h.inCall()) {
                    held.remove(t);
                    out.add(new Answer(t, resume(t, h.frame())));
                    any = true;
                    continue;
                }
                boolean due = t.sleepUntil >= 0 && linux.now() >= t.sleepUntil;
                if (!due && !linux.hasDeliverable(t) && seenChanges == linux.changes()) continue;
                held.remove(t);
                linux.state(t, Process.State.RUNNABLE);
                long pc = t.context.programCounter();
                if (linux.hasDeliverable(t)) {
                    linux.deliverSignals(t, true);
                    if (!t.alive() || t.context.programCounter() != pc || t.state == Process.State.STOPPED) {
                        out.add(new Answer(t, resume(t, h.frame())));
                        any = true;
                        continue;
                    }
                }
                Reply r = call(t, h.frame());
                if (!(r instanceof Wait) || !held.containsKey(t)) {
                    out.add(new Answer(t, r));
                    any = true;
                } else {
                    // still waiting: not an answer
                }
            }
            seenChanges = linux.changes();
            if (!any) break;
        }
        sweep();
        return out;
    }

    /** The simulated time the next sleeper or timer is due, or -1. */
    public long nextWakeup() {
        return linux.nextWakeup();
    }

    // ---- bookkeeping ----

    private ShadowTable shadowOf(Process t) {
        AddressSpace m = t.leader.memory;
        ShadowTable s = shadows.get(m);
        if (s == null) {
            ShadowTable table = new ShadowTable();
            shadows.put(m, table);
            owners.put(m, t.leader);
            m.setObserver(new MappingObserver() {
                @Override
                public void unmapped(long pageAddress) {
                    ShadowTable.Entry was = table.dropped(pageAddress);
                    if (was != null) flushes.add(new Flush(owners.get(m), pageAddress, was.frame()));
                }

                @Override
                public void written(Frame frame) {
                    frameWritten.accept(frame);
                }
            });
            s = table;
        }
        return s;
    }

    /** Compares the layer's threads with the known ones: new ones start, gone ones end; signals to running ones interrupt. */
    private void sweep() {
        for (Process t : linux.processes()) {
            if (!t.alive() || known.containsKey(t)) continue;
            known.put(t, Boolean.TRUE);
            starting.put(t, Boolean.TRUE);
            shadowOf(t);
            started.add(t);
        }
        for (Process t : new ArrayList<>(known.keySet())) {
            if (t.alive()) continue;
            known.remove(t);
            held.remove(t);
            kickedFrom.remove(t);
            starting.remove(t);
            asked.remove(t);
            ended.add(t);
            if (t.isLeader() && !t.threadGone) {
                shadows.remove(t.memory);
                owners.remove(t.memory);
            }
        }
        for (Process t : known.keySet()) {
            if (held.containsKey(t) || starting.containsKey(t) || kickedFrom.containsKey(t) || asked.containsKey(t)) continue;
            if (linux.hasDeliverable(t)) {
                asked.put(t, Boolean.TRUE);
                interrupt.add(t);
            }
        }
    }

    /** What the transport must do now; clears the lists. */
    public Work drain() {
        Work w = new Work(started, ended, flushes, interrupt, rebound);
        rebound = new ArrayList<>();
        started = new ArrayList<>();
        ended = new ArrayList<>();
        flushes = new ArrayList<>();
        interrupt = new ArrayList<>();
        return w;
    }
}
