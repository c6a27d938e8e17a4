package l4.kernel.thread;

import java.util.function.BiFunction;
import l4.api.AlienFlags;
import l4.api.IpcError;
import l4.api.L4;
import l4.api.Nearest;
import l4.api.Schedule;
import l4.api.ThreadBody;
import l4.api.ThreadId;
import l4.kernel.dispatch.Scheduler;
import l4.kernel.dispatch.SyscallPath;
import l4.kernel.guest.GuestRunner;
import l4.kernel.io.IoPortDatabase;
import l4.kernel.ipc.ClanRouter;
import l4.kernel.ipc.IpcPath;
import l4.kernel.ipc.Meter;
import l4.kernel.irq.Interrupts;
import l4.kernel.memory.AddressSpace;
import l4.kernel.memory.MappingDatabase;
import l4.kernel.meter.KernelStats;
import l4.kernel.object.Task;
import l4.kernel.object.Tcb;
import l4.kernel.object.ThreadState;
import l4.kernel.rpc.KernelRpc;
import l4.kernel.sched.Clock;
import l4.kernel.sched.Timeouts;
import l4.kernel.trace.TraceEvent;
import l4.kernel.uaccess.UserAccess;
import l4.kernel.user.CodeImage;
import l4.kernel.user.Coroutine;
import l4.kernel.user.HostThreads;
import l4.spi.Architecture;
import l4.spi.Cost;
import l4.spi.ExceptionModel;
import l4.spi.Mmu;
import l4.spi.SyscallAbi;

/** Tasks and threads: activation, lthread_ex_regs, task_new, kill, scheduling parameters, exceptions. */
public final class ThreadControl {
    private final Architecture arch;
    private final SyscallAbi abi;
    private final Meter meter;
    private final KernelStats stats;
    private final Clock clock;
    private final Timeouts<Tcb> timeouts;
    private final Task[] tasks;
    private final ClanRouter clans;
    private final Scheduler scheduler;
    private final SyscallPath calls;
    private final IpcPath ipc;
    private final Interrupts interrupts;
    private final KernelRpc rpc;
    private final Code code;
    private final Memory memory;
    private final long wordMask;
    /** The register of each IPC message word, by the ABI: every TCB's {@link l4.kernel.object.MessageRegisters}. */
    private final int[] messageWordRegisters;

    /**
     * Where a thread's code comes from: Java bodies by address in the image, run on hosts of
     * their own with a binding each; any other IP is guest code for the guest runner.
     */
    public record Code(CodeImage image, HostThreads hosts, GuestRunner guests, BiFunction<Tcb, Coroutine, L4> binding) { }

    /** A task's memory: its MMU space, its mappings, its I/O ports (null without), and user memory for exception frames. */
    public record Memory(Mmu mmu, MappingDatabase mappings, IoPortDatabase ioPorts, UserAccess user) { }

    public ThreadControl(Architecture arch, SyscallAbi abi, Meter meter, KernelStats stats, Clock clock, Timeouts<Tcb> timeouts,
                  Task[] tasks, ClanRouter clans, Scheduler scheduler, SyscallPath calls, IpcPath ipc, Interrupts interrupts,
                  KernelRpc rpc, Code code, Memory memory) {
        this.arch = arch;
        this.abi = abi;
        this.meter = meter;
        this.stats = stats;
        this.clock = clock;
        this.timeouts = timeouts;
        this.tasks = tasks;
        this.clans = clans;
        this.scheduler = scheduler;
        this.calls = calls;
        this.ipc = ipc;
        this.interrupts = interrupts;
        this.rpc = rpc;
        this.code = code;
        this.memory = memory;
        this.wordMask = arch.wordBits() >= 64 ? -1L : (1L << arch.wordBits()) - 1;
        this.messageWordRegisters = new int[arch.messageRegisters()];
        for (int i = 0; i < messageWordRegisters.length; i++) messageWordRegisters[i] = abi.messageWordRegister(i);
    }

    private Tcb newTcb(Task t, int lthread) {
        return new Tcb(t, lthread, abi.newRegisterFile(), messageWordRegisters, wordMask);
    }

    private boolean isNilWord(long w) { return (w & wordMask) == wordMask; }

    // ---- activation ------------------------------------------------------------------------

    public Task activate(Task t, Task chief, ThreadId id, int mcp) {
        t.id(id);
        t.chief = chief;
        t.mcp = mcp;
        t.active = true;
        t.everOwned = true;
        t.space = new AddressSpace(t.number, memory.mmu().createSpace(t.number));
        t.threads = new Tcb[ThreadId.THREADS_PER_TASK];
        for (int i = 0; i < t.threads.length; i++) t.threads[i] = newTcb(t, i);
        if (chief != null && !chief.clan.contains(t)) chief.clan.add(t);
        return t;
    }

    /** Starts (or restarts) {@code t} at {@code ip}: a new coroutine for the code there. */
    public void start(Tcb t, long ip, long sp, ThreadId pager, ThreadId excepter, int priority, long sliceMicros) {
        t.touched = true;
        t.pager = pager;
        t.excepter = excepter;
        t.priority = priority;
        t.timesliceMicros = sliceMicros;
        t.sliceLeftCycles = clock.cyclesForMicros(sliceMicros);
        t.ip(ip);
        t.sp(sp);
        newCoroutine(t);
        scheduler.makeReady(t);
    }

    /**
     * The code at {@code t}'s IP from its start: a Java body gets a new coroutine; any other IP,
     * on a machine with a guest CPU, is guest code, which the guest runner runs (no host of its own).
     */
    private void newCoroutine(Tcb t) {
        if (t.coroutine != null) t.coroutine.unwind();
        t.coroutine = null;
        t.state.restart();
        ThreadBody body = code.image().at(t.ip());
        if (body == null && code.guests().available()) {
            code.guests().adopt(t);
            return;
        }
        t.guest = null;
        String name = "l4-" + t.id();
        t.coroutine = new Coroutine(code.hosts(), name, () -> run(t, body));
    }

    /** The top of every simulated thread's host stack. */
    private void run(Tcb t, ThreadBody body) {
        Coroutine mine = t.coroutine;
        L4 binding = code.binding().apply(t, mine);
        while (true) {
            try {
                if (body == null) throw new IllegalStateException(String.format("no code at ip 0x%x", t.ip()));
                body.run(binding);
                break;
            } catch (Coroutine.Unwind u) {
                throw u;
            } catch (Throwable ex) {
                if (mine.unwinding()) throw new Coroutine.Unwind();
                if (!exception(t, ex)) break;
                body = code.image().at(t.ip());
            }
        }
        if (mine.unwinding()) return;
        stop(t);
    }

    /**
     * A user exception: MIPS sends Cause/EPC/BadVAddr to the excepter and waits for its reply,
     * after which the code at the (possibly new) IP runs again; without an excepter, or on ix86
     * where no vector table is installed, the thread stops. Returns true to run again.
     */
    private boolean exception(Tcb t, Throwable ex) {
        stats.exceptions++;
        meter.charge(Cost.EXCEPTION);
        ExceptionModel em = arch.exceptionModel();
        int code = em.codeForProgramException();
        long bad = 0;
        long flags = t.flags;
        if (ex instanceof AddressError) {
            code = em.codeForAddressError(((AddressError) ex).write);
            bad = ((AddressError) ex).address;
        } else if (ex instanceof UserTrap) {
            UserTrap trap = (UserTrap) ex;
            code = trap.code;
            bad = trap.address;
            flags |= trap.flags;
        }
        meter.trace(TraceEvent.Kind.EXCEPTION, t.id().raw(), t.excepter.raw(), code, 0);
        org.slf4j.LoggerFactory.getLogger(ThreadControl.class).info("thread {} exception {}: {}", t.id(), code, ex.toString());
        long[] frame = em.frame(code, t.ip(), bad, flags);
        if (em.delivery() == ExceptionModel.Delivery.REFLECT_TO_VECTOR) return reflect(t, code, frame);
        if (clans.activeTask(t.excepter) == null) return false;
        long[] words = new long[arch.messageRegisters()];
        System.arraycopy(frame, 0, words, 0, Math.min(frame.length, words.length));
        t.state.set(ThreadState.Kind.RUNNING);
        return rpc.call(t, ThreadState.Rpc.EXCEPTION, t.excepter, words);
    }

    /**
     * ix86: pushes the frame (EFLAGS first, so EIP ends up lowest) onto the thread's user stack
     * and continues at the handler its vector table names. No table, no handler, or a stack that
     * cannot be written: the thread stops, as a real CPU would shut down on a double fault.
     */
    private boolean reflect(Tcb t, int vector, long[] frame) {
        if (vector >= t.vectorCount) return false;
        int wb = arch.wordBits() / 8;
        long handler = memory.user().readWord(t, t.vectorTable + (long) vector * wb, l4.api.Timeout.INFINITE);
        if (memory.user().lastFailed() || code.image().at(handler & wordMask) == null) return false;
        long sp = (t.sp() - (long) frame.length * wb) & wordMask;
        for (int i = 0; i < frame.length; i++) {
            if (!memory.user().writeWord(t, sp + (long) (frame.length - 1 - i) * wb, frame[i], l4.api.Timeout.INFINITE)) return false;
        }
        t.sp(sp);
        t.ip(handler & wordMask);
        meter.trace(TraceEvent.Kind.EXCEPTION, t.id().raw(), t.id().raw(), vector, 1);
        return true;
    }

    // ---- lthread_ex_regs -------------------------------------------------------------------

    public long[] exRegs(Tcb self, long[] a) {
        meter.charge(Cost.LTHREAD_EX_REGS);
        long alienBits = a[0] & AlienFlags.EX_REGS_FLAGS;
        long lthread = a[0] & ~alienBits;
        long ip = a[1] & wordMask;
        long sp = a[2] & wordMask;
        ThreadId pager = ThreadId.ofRaw(a[3]);
        ThreadId excepter = ThreadId.ofRaw(a[4]);
        boolean keepIp = isNilWord(ip);
        boolean keepSp = isNilWord(sp);
        if (lthread < 0 || lthread >= ThreadId.THREADS_PER_TASK) {
            return new long[] {wordMask, wordMask, ThreadId.INVALID.raw(), ThreadId.INVALID.raw(), 0};
        }
        Tcb t = self.task.thread((int) lthread);
        if (!t.touched && t.state.is(ThreadState.Kind.INACTIVE)) {
            t.pager = self.pager;
            t.excepter = self.excepter;
        }
        t.touched = true;
        long[] old = {t.ip(), t.sp(), t.pager.raw(), t.excepter.raw(), t.flags | (t.alien ? AlienFlags.OLD_FLAGS_ALIEN : 0)};
        if ((alienBits & AlienFlags.EX_REGS_NO_ALIEN) != 0) t.alien = false;
        else if (alienBits != 0) t.alien = true;
        meter.trace(TraceEvent.Kind.EX_REGS, self.id().raw(), t.id().raw(), ip, 0);
        if (t != self) ipc.reset(t, IpcError.SEND_CANCELLED.code(), !keepIp && !t.state.is(ThreadState.Kind.INACTIVE));
        if (!pager.isInvalid()) t.pager = pager;
        if (!excepter.isInvalid()) t.excepter = excepter;
        if (!keepSp) t.sp(sp);
        if (!keepIp) {
            t.ip(ip);
            if (t.state.is(ThreadState.Kind.INACTIVE)) {
                start(t, ip, t.sp(), t.pager, t.excepter, self.priority, self.timesliceMicros);
            } else if (t == self) {
                restartSelf(t, old);
            } else {
                scheduler.removeFromScheduling(t);
                newCoroutine(t);
                scheduler.makeReady(t);
            }
        }
        return old;
    }

    /**
     * ex_regs on itself with a new IP: the old code's host stack unwinds and the new code goes on
     * at once, still holding the CPU, as the kernel returns to the new IP (no thread switch, no
     * scheduling decision). The call returns there: the code at the new IP finds the old values
     * ({@code results}) in the result registers of the ABI, as a machine-code caller does on the
     * real kernel, which writes them into the user frame it returns with. (A call that returns
     * normally gets them written by the system-call path.)
     */
    private void restartSelf(Tcb t, long[] results) {
        Coroutine old = t.coroutine;
        t.state.restart();
        ThreadBody body = code.image().at(t.ip());
        if (body == null && code.guests().available()) {
            boolean wasGuest = t.guest != null;
            code.guests().adopt(t);
            if (wasGuest) return; // the runner goes on at the new IP once the call has returned
            // Java code to guest code: the runner takes the CPU, the old host unwinds.
            abi.writeResults(l4.spi.Syscall.LTHREAD_EX_REGS, results, t.registers);
            t.coroutine = null;
            old.markUnwinding();
            t.state.set(ThreadState.Kind.RUNNING);
            code.guests().host().resume();
            throw new Coroutine.Unwind();
        }
        if (t.guest != null) {
            // guest code to Java code: the runner hands the CPU to the new coroutine at its next turn
            t.guest = null;
            t.coroutine = new Coroutine(code.hosts(), "l4-" + t.id(), () -> run(t, body));
            return;
        }
        abi.writeResults(l4.spi.Syscall.LTHREAD_EX_REGS, results, t.registers);
        t.coroutine = new Coroutine(code.hosts(), "l4-" + t.id(), () -> run(t, body));
        scheduler.continueRestarted(t, old);
        throw new Coroutine.Unwind();
    }

    // ---- task_new ------------------------------------------------------------------------

    public long[] taskNew(Tcb self, long[] a) {
        meter.charge(Cost.TASK_NEW);
        ThreadId dest = ThreadId.ofRaw(a[0]);
        long mcpOrChief = a[1];
        long sp = a[2] & wordMask;
        long ip = a[3] & wordMask;
        ThreadId pager = ThreadId.ofRaw(a[4]);
        ThreadId excepter = ThreadId.ofRaw(a[5]);
        long refused = ThreadId.NIL.raw();
        if (dest.isNil() || dest.isInvalid() || dest.isInterrupt() || dest.task() < 3) return new long[] {refused};
        Task t = tasks[dest.task()];
        Task caller = self.task;
        boolean mayClaim = !t.everOwned || t.chief == caller;
        if (!mayClaim) return new long[] {refused};
        if (t.active) kill(t, caller);
        int nest = caller.nest() + 1;
        if (nest > ThreadId.MAX_NEST) return new long[] {refused};
        if (pager.isNil()) {
            // Stays inactive; ownership passes to the task named in mcpOrChief.
            Task newOwner = clans.activeTask(ThreadId.ofRaw(mcpOrChief));
            t.chief = newOwner == null ? caller : newOwner;
            t.everOwned = true;
            // As L4/MIPS encodes an inactive task: its chief's task number and its own.
            t.id(ThreadId.of(0, t.chief.number, t.number, 0, nextVersion(t)));
            meter.trace(TraceEvent.Kind.TASK_NEW, self.id().raw(), t.id().raw(), 0, 0);
            return new long[] {t.id().raw()};
        }
        int mcp = (int) Math.min(Math.max(0, mcpOrChief & 0xFF), caller.mcp);
        ThreadId id = ThreadId.of(nest, caller.number, t.number, 0, nextVersion(t));
        activate(t, caller, id, mcp);
        Tcb first = t.thread(0);
        first.alien = (mcpOrChief & AlienFlags.TASK_NEW_ALIEN) != 0;
        start(first, ip, sp, pager, excepter.isNil() || excepter.isInvalid() ? ThreadId.NIL : excepter,
                Math.min(self.priority, mcp), self.timesliceMicros);
        meter.trace(TraceEvent.Kind.TASK_NEW, self.id().raw(), id.raw(), ip, 0);
        return new long[] {id.raw()};
    }

    /**
     * The version of {@code t}'s next incarnation: every task_new of a number (active or
     * inactive) counts it up, so ids of an earlier incarnation no longer reach the task (0x10).
     * The caller's version in {@code dest} does not matter.
     */
    public static int nextVersion(Task t) {
        return (t.id().version() + 1) & ThreadId.MAX_VERSION;
    }

    /** Kills {@code t} and, recursively, its clan; their numbers become inactive tasks owned by {@code killer}. */
    public void kill(Task t, Task killer) {
        for (Task member : t.clan.toArray(new Task[0])) if (member.active) kill(member, killer);
        meter.charge(Cost.TASK_DELETE);
        meter.trace(TraceEvent.Kind.TASK_KILL, killer.id().raw(), t.id().raw(), 0, 0);
        for (Tcb tcb : t.threads) {
            if (tcb.state.is(ThreadState.Kind.INACTIVE)) continue;
            ipc.reset(tcb, IpcError.NON_EXISTENT.code(), true);
            interrupts.detachAll(tcb);
            scheduler.removeFromScheduling(tcb);
            if (tcb.coroutine != null) tcb.coroutine.unwind();
            tcb.coroutine = null;
            tcb.guest = null;
            tcb.state.set(ThreadState.Kind.INACTIVE);
        }
        memory.mappings().deleteSpace(t.space);
        if (memory.ioPorts() != null) memory.ioPorts().deleteTask(t.number);
        memory.mmu().destroySpace(t.space.mmu());
        if (t.chief != null) t.chief.clan.remove(t);
        t.clan.clear();
        t.active = false;
        t.threads = null;
        t.space = null;
        t.chief = killer;
        t.everOwned = true;
    }

    // ---- scheduling calls ---------------------------------------------------------------------

    public void threadSwitch(Tcb self, long[] a) {
        ThreadId dest = ThreadId.ofRaw(a[0]);
        Tcb to = null;
        Task t = clans.activeTask(dest);
        if (t != null) to = t.thread(dest.lthread());
        meter.trace(TraceEvent.Kind.SCHEDULE, self.id().raw(), dest.raw(), 0, 0);
        scheduler.yield(self, to != null && to.runnable() ? to : null);
    }

    public long[] threadSchedule(Tcb self, long[] a) {
        meter.charge(Cost.THREAD_SCHEDULE);
        ThreadId dest = ThreadId.ofRaw(a[0]);
        long param = a[1] & wordMask;
        ThreadId ext = ThreadId.ofRaw(a[2]);
        long refused = wordMask;
        Task t = clans.activeTask(dest);
        if (t == null) return new long[] {refused, ThreadId.NIL.raw(), ThreadId.NIL.raw(), 0, 0};
        Tcb d = t.thread(dest.lthread());
        boolean change = !isNilWord(param);
        int newPrio = change ? Schedule.priority(param) : d.priority;
        int mcp = self.task.mcp;
        if (mcp < d.priority || mcp < newPrio) {
            return new long[] {refused, ThreadId.NIL.raw(), ThreadId.NIL.raw(), 0, 0};
        }
        long old = Schedule.param(d.priority, d.timesliceMicros) | (long) stateCode(d) << 16;
        long[] out = {old & wordMask, d.externalPreempter.raw(),
                d.state.partner() == null ? ThreadId.NIL.raw() : d.state.partner().id().raw(),
                clock.microsFor(d.cpuCycles),
                Math.max(0, timeouts.microsLeft(d))};
        if (change) {
            long slice = Schedule.sliceMicros(param);
            boolean queued = d.runnable();
            if (queued) scheduler.removeFromScheduling(d);
            d.priority = newPrio;
            if (slice >= 0) d.timesliceMicros = slice;
            if (queued) scheduler.makeReady(d);
            if (d == self) self.state.set(ThreadState.Kind.RUNNING);
        }
        if (!ext.isInvalid()) d.externalPreempter = ext;
        meter.trace(TraceEvent.Kind.SCHEDULE, self.id().raw(), dest.raw(), param, 0);
        return out;
    }

    private static int stateCode(Tcb t) {
        switch (t.state.shown()) {
            case RUNNING: case READY: return 0;
            case SENDING: return 1;
            case RECEIVING: return 2;
            case LOCKED: return 3;
            case PAGE_FAULT: return 4;
            case EXCEPTION: return 5;
            case STOPPED: return 14;
            default: return 15;
        }
    }

    public long[] idNearest(Tcb self, long[] a) {
        meter.charge(Cost.ID_NEAREST);
        ThreadId dest = ThreadId.ofRaw(a[0]);
        if (dest.isNil()) return new long[] {Nearest.SAME_CLAN, self.id().raw()};
        Task t = clans.activeTask(dest);
        if (t == null) {
            Task chief = self.task.chief;
            return new long[] {Nearest.OUTER_CLAN, chief == null ? self.task.id().raw() : chief.id().raw()};
        }
        Nearest n = clans.nearest(self.task, t);
        long id = n.type() == Nearest.SAME_CLAN ? dest.raw() : n.id().raw();
        return new long[] {n.type(), id};
    }

    public void fpageUnmap(Tcb self, long[] a) {
        long fpageWord = a[0] & wordMask;
        long mask = a[1] & wordMask;
        if (memory.ioPorts() != null && l4.api.IoFpage.isIoFpage(fpageWord)) {
            ioUnmap(self, fpageWord, mask);
            return;
        }
        l4.api.Fpage fp = l4.api.Fpage.decode(fpageWord);
        if (fp.isNil() || fp.sizeLog2() > arch.wholeSpaceSizeLog2()) return;
        boolean flush = (mask & 2) != 0;
        boolean own = (mask >>> (arch.wordBits() - 1) & 1) != 0;
        int pages = memory.mappings().unmap(self.task.space, fp, flush, own);
        meter.trace(TraceEvent.Kind.UNMAP, self.id().raw(), 0, fpageWord, pages);
    }

    /**
     * ix86 I/O fpage: revokes, recursively, the ports the caller passed on, and with the own bit
     * its own access too (σ0's never). Ports have no read-only state, so the w bit makes no difference.
     */
    private void ioUnmap(Tcb self, long fpageWord, long mask) {
        l4.api.IoFpage io = l4.api.IoFpage.decode(fpageWord);
        if (io.isNil()) return;
        boolean own = (mask >>> (arch.wordBits() - 1) & 1) != 0;
        meter.charge(Cost.UNMAP_BASE);
        int removed = memory.ioPorts().unmap(self.task.number, io, own);
        if (removed > 0) meter.charge(Cost.UNMAP_PER_PAGE);
        meter.trace(TraceEvent.Kind.UNMAP, self.id().raw(), 0, fpageWord, removed);
    }

    /**
     * Thrown into Java user code for an instruction that raises an exception of the architecture:
     * its code, the faulting address (BadVAddr) and flags for the frame (MIPS Cause.CE).
     */
    public static final class UserTrap extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int code;
        final long address;
        final long flags;

        public UserTrap(int code, long address, long flags, String what) {
            super(what + " (exception " + code + ")");
            this.code = code;
            this.address = address;
            this.flags = flags;
        }
    }

    /** Thrown into Java user code for an access outside the user address space. */
    public static final class AddressError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final long address;
        final boolean write;

        public AddressError(long address, boolean write) {
            super(String.format("address error at 0x%x (%s)", address, write ? "write" : "read"));
            this.address = address;
            this.write = write;
        }
    }

    // ---- snapshots -----------------------------------------------------------------------------

    /** Activates a task number for a snapshot import: its space and 128 TCBs, not yet filled in. */
    public Task activateForImport(Task t) {
        t.active = true;
        t.space = new AddressSpace(t.number, memory.mmu().createSpace(t.number));
        t.threads = new Tcb[ThreadId.THREADS_PER_TASK];
        for (int i = 0; i < t.threads.length; i++) t.threads[i] = newTcb(t, i);
        return t;
    }

    /**
     * An imported thread whose code was Java (not in the snapshot): a coroutine whose code ends at
     * its next return to user mode. A thread in an IPC system call finishes that call first (as
     * the trap's wait loop would), the running thread its preemption point; then its code has
     * ended, exactly as when a Java body returns.
     */
    /** The current thread's code ended: it stops, partners waiting for it get 0x10, and the CPU goes on elsewhere. */
    private void stop(Tcb t) {
        t.state.set(ThreadState.Kind.STOPPED);
        t.coroutine = null;
        ipc.reset(t, IpcError.NON_EXISTENT.code(), true);
        scheduler.threadStopped(t.id());
        scheduler.exitCurrent(t);
    }

    public void adoptWithoutCode(Tcb t, boolean running) {
        String name = "l4-" + t.id() + "-imported";
        t.coroutine = new Coroutine(code.hosts(), name, () -> {
            Coroutine mine = t.coroutine;
            if (running) scheduler.checkpoint(t);
            else if (t.state.phase() != ThreadState.Phase.NONE) calls.finishIpcCall(t);
            if (mine.unwinding()) return;
            stop(t);
        });
    }
}
