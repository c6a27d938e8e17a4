package l4.kernel;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import l4.api.ThreadBody;
import l4.api.ThreadId;
import l4.kernel.binding.JavaBinding;
import l4.kernel.dispatch.SyscallPath;
import l4.kernel.guest.GuestRunner;
import l4.kernel.guest.GuestScheduler;
import l4.kernel.hardware.DeviceBoard;
import l4.kernel.hardware.DeviceTimers;
import l4.kernel.hardware.PortBus;
import l4.kernel.io.IoPortDatabase;
import l4.kernel.ipc.ClanRouter;
import l4.kernel.ipc.IpcPath;
import l4.kernel.irq.Interrupts;
import l4.kernel.memory.MappingDatabase;
import l4.kernel.memory.PhysicalMemory;
import l4.kernel.meter.KernelMeter;
import l4.kernel.meter.KernelStats;
import l4.kernel.object.KernelInfoPage;
import l4.kernel.object.Task;
import l4.kernel.object.Tcb;
import l4.kernel.object.ThreadState;
import l4.kernel.rpc.KernelRpc;
import l4.kernel.sched.BennoReadyQueue;
import l4.kernel.sched.Clock;
import l4.kernel.sched.LazyReadyQueue;
import l4.kernel.sched.ReadyQueue;
import l4.kernel.sched.Timeouts;
import l4.kernel.sched.WakeupQueue;
import l4.kernel.debug.Debugger;
import l4.kernel.debug.RunawayDetector;
import l4.kernel.thread.ThreadControl;
import l4.kernel.trace.Trace;
import l4.kernel.trace.TraceEvent;
import l4.kernel.uaccess.IpcMemory;
import l4.kernel.uaccess.UserAccess;
import l4.kernel.user.CodeImage;
import l4.kernel.user.Coroutine;
import l4.kernel.user.HostThreads;
import l4.spi.Architecture;
import l4.spi.Cost;
import l4.spi.CostModel;
import l4.spi.InterruptController;
import l4.spi.Mmu;
import l4.spi.SyscallAbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated machine running the L4 kernel: one CPU, one thread at a time, time advanced by
 * the architecture's cost model. The kernel runs on the host thread of whichever L4 thread
 * trapped into it (like L4 on the current thread's kernel stack); a thread switch is a coroutine
 * hand-off. When nothing is ready the idle coroutine advances time to the next wakeup or waits
 * for outside input.
 */
public final class Kernel implements GuestScheduler, SyscallPath {
    private static final Logger LOG = LoggerFactory.getLogger(Kernel.class);

    public final Architecture arch;
    public final SyscallAbi abi;
    private final CostModel costs;
    public final Clock clock;
    public final Trace trace;
    public final Mmu mmu;
    public final PhysicalMemory physical;
    public final MappingDatabase mappings;
    /** ix86: the tasks' I/O permission sets and who gave which port to whom; null without I/O ports. */
    public final IoPortDatabase ioPorts;
    /** The I/O port bus (devices decoding ports); used only on architectures with I/O ports. */
    public final PortBus portBus = new PortBus();
    /** Device events on the simulated time line (a disk transfer ending, a UART character sent). */
    private final DeviceTimers timers = new DeviceTimers();
    /** The device models plugged into this machine (l4.hardware). */
    public final DeviceBoard devices;
    public final InterruptController pic;
    public final KernelStats stats = new KernelStats();
    public final KernelConfig config;
    public final Task[] tasks = new Task[ThreadId.MAX_TASKS];
    public final CodeImage code;
    private final ClanRouter clans;
    public final IpcPath ipc;
    public final Interrupts interrupts;
    public final ThreadControl threads;
    public final UserAccess user;
    /** Breakpoints, steps and pauses of the shell's kernel debugger; see {@link #pausePoint}. */
    public final Debugger debugger = new Debugger();
    private final KernelRpc rpc;
    /** The CPU that runs guest code, or null where every user program is a Java body. */
    public final l4.spi.UserCpu userCpu;
    /** Runs the guest threads, one host for all of them. */
    private final GuestRunner guests;
    private final KernelInfoPage kip;
    private final ReadyQueue<Tcb> ready;
    private final Timeouts<Tcb> timeouts;
    private final HostThreads hostThreads;
    private final long wordMask;
    /** Costs and trace: what every part charges, counts and traces through. */
    private final KernelMeter meter;

    private Tcb current;
    private long accountedAt;
    private final Coroutine idle;
    private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
    private final ReentrantLock idleLock = new ReentrantLock();
    private final Condition inboxSignal = idleLock.newCondition();
    private volatile boolean halted;
    private volatile boolean idling;
    /** The thread abandoned as a runaway; once set, the machine is frozen until it is halted. */
    private volatile Tcb runaway;

    public Kernel(Architecture arch, KernelConfig config) {
        this.arch = arch;
        this.config = config.copy();
        this.abi = arch.abi();
        this.costs = arch.costModel(config.archOptions);
        this.clock = new Clock(arch.clockHz(), arch.timerTickMicros());
        this.timeouts = new Timeouts<>(clock);
        this.trace = new Trace(config.traceCapacity, clock::microsFor);
        this.meter = new KernelMeter(costs, clock, trace, debugger, stats);
        this.mmu = arch.createMmu(clock, config.archOptions);
        this.physical = new PhysicalMemory(config.memoryBytes);
        this.code = new CodeImage(arch.javaCodeBase());
        this.userCpu = arch.createUserCpu(physical::frameForCpu, config.archOptions);
        if (userCpu != null) {
            physical.watch(new PhysicalMemory.FrameWatch() {
                @Override public void written(byte[] frame) { userCpu.frameWritten(frame); }
                @Override public void dropped(byte[] frame) { userCpu.frameDropped(frame); }
            });
        }
        this.mappings = new MappingDatabase(physical, arch.pageSizesLog2(), clock, costs);
        this.ioPorts = arch.deviceAccess() == l4.spi.DeviceAccess.IO_PORTS ? new IoPortDatabase(ThreadId.MAX_TASKS, 1) : null;
        this.pic = arch.createInterruptController();
        this.ready = config.scheduler == KernelConfig.SchedulerPolicy.BENNO ? new BennoReadyQueue<>() : new LazyReadyQueue<>();
        this.hostThreads = new HostThreads(config.virtualThreads);
        this.wordMask = arch.wordBits() >= 64 ? -1L : (1L << arch.wordBits()) - 1;
        this.clans = new ClanRouter(tasks);
        this.interrupts = new Interrupts(pic, arch.messageRegisters(), meter, stats, this::post);
        this.rpc = new KernelRpc(arch, abi, meter, stats, clans, this, this, userCpu);
        this.user = new UserAccess(arch, physical, rpc, this);
        this.mappings.targetable(va -> user.inUserSpace(va, PhysicalMemory.FRAME_SIZE));
        this.ipc = new IpcPath(arch, abi, tasks, clans, this, meter, interrupts,
                new IpcMemory(arch, user, physical, rpc, mappings, ioPorts, meter), config.ipcFastPath);
        rpc.connect(ipc);
        this.guests = new GuestRunner(userCpu, abi, arch.messageRegisters(), this, this, ipc, rpc, clans, meter, stats, clock, timers,
                debugger, trace, hostThreads);
        JavaBinding.Machine binding = new JavaBinding.Machine(arch, abi, clock, code, user, rpc, portBus, ioPorts, this, this, meter);
        this.threads = new ThreadControl(arch, abi, meter, stats, clock, timeouts, tasks, clans, this, this, ipc, interrupts, rpc,
                new ThreadControl.Code(code, hostThreads, guests, (t, host) -> new JavaBinding(binding, t, host)),
                new ThreadControl.Memory(mmu, mappings, ioPorts, user));
        this.kip = new KernelInfoPage(arch, physical, clock);
        this.devices = new DeviceBoard(new DeviceBoard.Wiring(arch, pic, portBus, physical, clock, timers,
                () -> meter.charge(Cost.DEVICE_ACCESS), interrupts::raiseInContext, this::post));
        for (int i = 0; i < tasks.length; i++) tasks[i] = new Task(i);
        this.idle = new Coroutine(hostThreads, "l4-idle", this::idleLoop);
    }

    // ---- boot and halt ---------------------------------------------------------------------

    /**
     * Kernel init: creates σ0 (task 1, owning physical memory 1:1) and the root task (task 2,
     * chief and pager σ0), then starts the CPU. Everything else is started by the root task.
     */
    public void boot(ThreadBody sigma0, ThreadBody rootTask) {
        Task s0 = threads.activate(tasks[1], null, ThreadId.of(0, 0, 1, 0, 0), 255);
        s0.label = "sigma0";
        mappings.initSigma0(s0.space);
        kip.write();
        threads.start(s0.thread(0), code.register(sigma0), 0, ThreadId.NIL, ThreadId.NIL, config.bootPriority, config.bootSliceMicros);
        Task root = threads.activate(tasks[2], s0, ThreadId.of(1, 1, 2, 0, 1), 255);
        root.label = "root";
        threads.start(root.thread(0), code.register(rootTask), 0, s0.id(), ThreadId.NIL, config.bootPriority, config.bootSliceMicros);
        if (LOG.isInfoEnabled() && !config.probe) {
            LOG.info("booted {} machine: {} MiB, {} scheduling, {} host threads", arch.name(), config.memoryBytes >> 20,
                    ready.policy(), hostThreads.virtual() ? "virtual" : "platform");
        } else {
            LOG.debug("booted {} measuring machine", arch.name());
        }
        if (HostThreads.spinning() > 0) {
            LOG.warn("{} abandoned runaway thread(s) still spin on host threads of this JVM: this machine runs on platform threads{}",
                    HostThreads.spinning(), HostThreads.spinning() >= HostThreads.RESTART_ADVISED ? "; restart the JVM to get the cores back" : "");
        }
        idle.resume();
        if (config.runawayMillis > 0) RunawayDetector.start(watched(), clock, config.runawayMillis);
    }

    @Override
    public boolean halted() { return halted; }

    /** Stops the machine: every simulated thread unwinds; safe from any host thread. */
    public void halt() {
        if (halted) return;
        halted = true;
        post(() -> { });
        for (Task t : tasks) {
            if (t.threads == null) continue;
            for (Tcb tcb : t.threads) if (tcb.coroutine != null) tcb.coroutine.unwind();
        }
        guests.halt();
        idle.unwind();
    }

    /**
     * Completes when the idle loop has ended after {@link #halt()}; at once for a frozen machine,
     * whose coroutines may never get a host to end on (the runaway may hold their carrier).
     */
    public CompletableFuture<Void> stoppedFuture() {
        return runaway != null ? CompletableFuture.completedFuture(null) : idle.terminated();
    }

    // ---- runaway threads --------------------------------------------------------------------

    /**
     * {@code t} has held the CPU in Java code without a preemption point for {@code heldMillis}
     * host ms (see {@link RunawayDetector}): it is abandoned (its coroutine ends at its next
     * system call, if it makes one) and the machine is frozen, since the one CPU cannot be taken
     * from Java code; the shell can still look at it, and halting or rebooting it works.
     */
    private void abandonRunaway(Tcb t, long heldMillis) {
        Coroutine c = t.coroutine;
        if (halted || runaway != null || c == null) return;
        runaway = t;
        c.markUnwinding();
        HostThreads.abandoned(c);
        LOG.warn("thread {} ({}) ran Java code for {} ms of host time without a system call, memory access or compute:"
                + " abandoned as a runaway; the machine is frozen, l4:reboot boots a new one", t.id(),
                t.task.label == null || t.task.label.isEmpty() ? "task " + Integer.toHexString(t.task.number) : t.task.label, heldMillis);
        if (HostThreads.spinning() >= HostThreads.RESTART_ADVISED) {
            LOG.warn("{} runaway threads spin on host threads of this JVM (each keeps a core busy): restart the JVM", HostThreads.spinning());
        }
    }

    /** The machine as the runaway watch sees it. */
    private RunawayDetector.Watched watched() {
        return new RunawayDetector.Watched() {
            @Override public boolean halted() { return Kernel.this.halted(); }
            @Override public Tcb current() { return Kernel.this.current(); }
            @Override public void abandonRunaway(Tcb t, long heldMillis) { Kernel.this.abandonRunaway(t, heldMillis); }
        };
    }

    /** The thread abandoned as a runaway, or null while the machine runs normally. */
    public Tcb runaway() { return runaway; }

    private String frozenMessage() {
        return "the machine is frozen: thread " + runaway.id() + " ran Java code without system calls (runaway); l4:reboot boots a new one";
    }

    // ---- cost, trace, words ----------------------------------------------------------------

    /** Charges {@code c} (see {@link KernelMeter}). */
    public void charge(Cost c) { meter.charge(c); }

    /** Records an event in the trace (see {@link KernelMeter}). */
    public void trace(TraceEvent.Kind kind, long from, long to, long value, int result) {
        meter.trace(kind, from, to, value, result);
    }

    public long wordMask() { return wordMask; }

    public boolean isNilWord(long w) { return (w & wordMask) == wordMask; }

    @Override
    public Tcb current() { return current; }

    // ---- system-call entry --------------------------------------------------------------------

    /**
     * The trap: decodes the call from the registers per the ABI, checks and executes it, writes
     * the results back, then passes a preemption point. Unknown traps are exceptions of the thread.
     */
    @Override
    public void syscall(Tcb self, int trapNumber) {
        if (!enterSyscall(self, trapNumber)) {
            // The call's progress is in self's state: self waits here, at the trap, and only here.
            // The hand-off is made in this frame, not in a callee: at every park and unpark the
            // host copies the frames above its continuation's base, so fewer frames, less time.
            Coroutine mine = self.coroutine;
            do {
                Coroutine to = ipcWait(self, mine);
                if (to != null) {
                    to.resume();
                    mine.suspend();
                }
            } while (!ipcGoOn(self));
        }
        checkpoint(self);
    }

    /**
     * The wait of an IPC system call ({@link #enterSyscall} returned false, or
     * {@link #ipcGoOn} did) up to its hand-off, which the trap makes in its own frame: the host to
     * resume, after which the caller parks {@code mine}, self's coroutine when the call began;
     * null when self runs on (or, without a coroutine, has waited already), and the caller goes
     * on with {@link #ipcGoOn}.
     */
    @Override
    public Coroutine ipcWait(Tcb self, Coroutine mine) {
        try {
            if (mine == null) {
                block(self, ipc.preferNext());
                return null;
            }
            return blockAndDispatch(self, ipc.preferNext());
        } catch (RuntimeException | AssertionError bug) {
            kernelError(l4.spi.Syscall.IPC, self, bug);
            throw bug;
        }
    }

    /** An IPC system call after its wait: true when complete, false when it waits again ({@link #ipcWait}). */
    @Override
    public boolean ipcGoOn(Tcb self) {
        try {
            return ipc.resume(self);
        } catch (RuntimeException | AssertionError bug) {
            kernelError(l4.spi.Syscall.IPC, self, bug);
            throw bug;
        }
    }

    /**
     * The system call's entry and its work up to the first wait: true when it is complete (its
     * results in self's registers), false when an IPC must wait, its progress in self's state
     * ({@link IpcPath#resume} goes on). The caller passes the preemption point afterwards.
     */
    @Override
    public boolean enterSyscall(Tcb self, int trapNumber) {
        meter.charge(Cost.KERNEL_ENTRY_EXIT, Cost.SYSCALL_DISPATCH, 1); // one step: nothing reads the clock between them
        stats.syscalls++;
        l4.spi.Syscall call = abi.decodeTrap(trapNumber);
        if (call == null) throw new IllegalStateException("trap " + trapNumber + " is no system call");
        if (debugger.armed) {
            debugger.syscall(self.id(), call, clock.cycles(), trace.events());
            if (debugger.stopDue) pausePoint();
        }
        if (call == l4.spi.Syscall.IPC) {
            // The parameters decoded into the TCB; the message words stay in the registers.
            long[] params = abi.readIpcParameters(self.registers, self.ipcArguments(l4.spi.Syscall.IPC_WORDS_IN));
            try {
                return ipc.ipc(self, params);
            } catch (RuntimeException | AssertionError bug) {
                kernelError(call, self, bug);
                throw bug;
            }
        }
        long[] args = abi.readArguments(call, self.registers);
        long[] results;
        try {
            switch (call) {
                case ID_NEAREST: results = threads.idNearest(self, args); break;
                case FPAGE_UNMAP: threads.fpageUnmap(self, args); results = new long[0]; break;
                case THREAD_SWITCH: threads.threadSwitch(self, args); results = new long[0]; break;
                case THREAD_SCHEDULE: results = threads.threadSchedule(self, args); break;
                case LTHREAD_EX_REGS: results = threads.exRegs(self, args); break;
                case TASK_NEW: results = threads.taskNew(self, args); break;
                default: throw new AssertionError(call);
            }
        } catch (RuntimeException | AssertionError bug) {
            kernelError(call, self, bug);
            throw bug;
        }
        abi.writeResults(call, results, self.registers);
        return true;
    }

    /**
     * No argument may break the kernel: whatever escapes a system call is a kernel bug. It is
     * counted and logged with its stack, then ends up as an exception of the caller.
     */
    @Override
    public void kernelError(l4.spi.Syscall call, Tcb self, Throwable bug) {
        stats.kernelErrors++;
        LOG.error("kernel error in {} of thread {}", call, self.id(), bug);
    }

    /**
     * A trap with whatever the thread's registers hold, as a machine-code program (or a fuzzer)
     * issues it: the entry of a CPU that runs user code without the Java binding. Only the
     * running thread's own host may call it; an unknown trap number is an exception of the thread.
     */
    public void rawTrap(ThreadId self, int trapNumber) {
        Tcb t = current;
        if (t == null || !t.id().equals(self) || t.coroutine == null || !t.coroutine.isCurrentHost()) {
            throw new IllegalStateException("raw trap of " + self + " from a host that is not running it");
        }
        if (t.coroutine.unwinding()) throw new Coroutine.Unwind();
        syscall(t, trapNumber);
    }

    // ---- dispatching -----------------------------------------------------------------------

    /** Makes the thread (or the coroutine waiting on its behalf) runnable. */
    @Override
    public void wake(Tcb t) {
        Tcb w = t.state.waker();
        if (w.state.is(ThreadState.Kind.STOPPED) || !hasCode(w)) return;
        if (w == t || !w.runnable()) w.state.set(ThreadState.Kind.READY);
        ready.makeReady(w);
    }

    /**
     * Blocks the running coroutine {@code ctx} (its thread state already says why) and runs
     * {@code prefer} if it is ready and not outranked, else the scheduler's choice, else idle.
     * Returns when {@code ctx} runs again.
     */
    @Override
    public void block(Tcb ctx, Tcb prefer) {
        // Only a Java thread waits on a host, its own, at its trap; a guest thread waits as data.
        if (ctx.guest != null && ctx.coroutine == null) throw new IllegalStateException("guest thread " + ctx.id() + " cannot wait on a host");
        ready.blocked(ctx);
        Tcb next = choose(prefer);
        switchTo(ctx, next);
    }

    /**
     * {@link #block} of a Java thread up to the hand-off, which the caller makes: the host to
     * resume (the caller then parks its own, chosen before this call), or null if {@code ctx}
     * itself runs on.
     */
    private Coroutine blockAndDispatch(Tcb ctx, Tcb prefer) {
        ready.blocked(ctx);
        Tcb next = choose(prefer);
        if (next == ctx) {
            ctx.state.set(ThreadState.Kind.RUNNING);
            return null;
        }
        return dispatch(ctx, next);
    }

    /**
     * Blocks the running guest thread {@code t} (its state already says why) on the guest
     * runner's host: no host stack keeps its wait. Returns when the runner runs again, for
     * whichever guest thread is then current.
     */
    @Override
    public void blockGuest(Tcb t, Tcb prefer) {
        ready.blocked(t);
        switchTo(t, choose(prefer));
    }

    /** Whether {@code t} has code to run: a coroutine with its Java code, or guest code. */
    private static boolean hasCode(Tcb t) {
        return t.coroutine != null || t.guest != null;
    }

    /** The host that runs {@code t}: its own coroutine, or the guest runner's. */
    private Coroutine hostOf(Tcb t) {
        return t.coroutine != null ? t.coroutine : guests.host();
    }

    private Tcb choose(Tcb prefer) {
        if (prefer != null && prefer.runnable() && hasCode(prefer) && !ready.runnableAbove(prefer.priority)) {
            return prefer;
        }
        return ready.pick();
    }

    /** Hands the CPU from {@code from} (the running coroutine, or null for idle) to {@code next} (null: idle). */
    private void switchTo(Tcb from, Tcb next) {
        if (next == from && from != null) {
            from.state.set(ThreadState.Kind.RUNNING);
            return;
        }
        // Which baton to park on is decided before the hand-off: once the next coroutine runs it
        // may restart or kill 'from' and replace its coroutine (ex_regs, task_new).
        Coroutine mine = from == null ? idle : hostOf(from);
        Coroutine to = dispatch(from, next);
        if (to == mine && from != null && from.coroutine == null && from.guest != null) return; // guest to guest: the same host runs on
        to.resume();
        mine.suspend();
    }

    /**
     * Makes {@code next} (null: idle) the running thread: CPU time accounting, the switch costs,
     * the address-space switch, the trace. Returns the coroutine to resume.
     */
    private Coroutine dispatch(Tcb from, Tcb next) {
        account();
        current = next;
        if (next == null) return idle;
        charge(Cost.THREAD_SWITCH);
        stats.threadSwitches++;
        if (mmu.active() != next.task.space.mmu()) {
            stats.spaceSwitches++;
            mmu.activate(next.task.space.mmu());
        }
        // Traced once the switch's costs are charged, before the rest, which neither charges nor
        // reads the trace: the digest's serial arithmetic then overlaps it on the host.
        trace(TraceEvent.Kind.SWITCH, from == null ? 0 : from.id().raw(), next.id().raw(), 0, 0);
        next.state.set(ThreadState.Kind.RUNNING);
        ready.dispatched(next);
        if (next.sliceLeftCycles <= 0) next.sliceLeftCycles = clock.cyclesForMicros(next.timesliceMicros);
        return hostOf(next);
    }

    private void account() {
        long now = clock.cycles();
        if (current != null) current.cpuCycles += now - accountedAt;
        accountedAt = now;
    }

    /**
     * Told (in kernel context) when a thread stops for good: its code ended or raised an exception
     * nobody handles. The machine's hook for supervision (the kernel debugger's view of a death);
     * L4 itself tells no one, so the root task learns it from the machine.
     */
    private volatile java.util.function.Consumer<ThreadId> onThreadStopped = id -> { };

    /** Sets the machine's hook for stopped threads (see {@link #threadStopped}); before boot. */
    public void onThreadStopped(java.util.function.Consumer<ThreadId> listener) {
        onThreadStopped = java.util.Objects.requireNonNull(listener);
    }

    @Override
    public void threadStopped(ThreadId id) {
        onThreadStopped.accept(id);
    }

    /** The running thread's code ended (or it stopped): give the CPU away for good. */
    @Override
    public void exitCurrent(Tcb self) {
        ready.remove(self);
        dispatch(self, ready.pick()).resume();
    }

    /**
     * The guest runner's host {@code host} found its current thread {@code t} gone (killed or
     * stopped while it held the CPU): the next thread gets the CPU, and the host waits until the
     * runner is needed again.
     */
    @Override
    public void leaveVanished(Tcb t, Coroutine host) {
        if (t != null) ready.remove(t);
        Tcb next = ready.pick();
        dispatch(t, next).resume();
        host.suspend();
    }

    /**
     * Work the kernel did on {@code self}'s own Java host at a preemption point (a kill from the
     * shell) ended self while it held the CPU: the CPU goes to the next thread, and the host
     * unwinds without touching the simulation again. The guest runner's host does the same for
     * a guest thread in {@link #leaveVanished}.
     */
    private void leaveIfKilled(Tcb self, Coroutine host) {
        if (current != self || !self.state.is(ThreadState.Kind.INACTIVE)) return;
        host.markUnwinding();
        ready.remove(self);
        dispatch(self, ready.pick()).resume();
        throw new Coroutine.Unwind();
    }

    /** A guest thread stopped while running on the runner: the CPU goes to the next thread. */
    @Override
    public void exitGuest(Tcb self) {
        ready.remove(self);
        switchTo(self, ready.pick());
    }

    /** The running thread restarts with new code: its old coroutine unwinds, its new one runs on. */
    @Override
    public void continueRestarted(Tcb self, Coroutine old) {
        old.markUnwinding();
        self.state.set(ThreadState.Kind.RUNNING);
        self.coroutine.resume();
    }

    @Override
    public void makeReady(Tcb t) {
        t.state.set(ThreadState.Kind.READY);
        ready.makeReady(t);
    }

    @Override
    public void removeFromScheduling(Tcb t) {
        ready.remove(t);
        timeouts.cancel(t);
    }

    /** Yields the rest of the slice: to {@code to} if given and ready, else round robin. */
    @Override
    public void yield(Tcb self, Tcb to) {
        boolean donate = to != null && to != self && to.runnable() && hasCode(to);
        if (donate) to.sliceLeftCycles = Math.max(self.sliceLeftCycles, 0); // the rest of the slice goes with the CPU
        self.sliceLeftCycles = 0;
        self.state.set(ThreadState.Kind.READY);
        ready.rotate(self);
        Tcb next = donate ? to : ready.pick();
        switchTo(self, next == null ? self : next);
    }

    // ---- timeouts ----------------------------------------------------------------------------

    @Override
    public void armTimeout(Tcb t, long micros) { timeouts.arm(t, micros); }

    @Override
    public void cancelTimeout(Tcb t) { timeouts.cancel(t); }

    // ---- preemption points ------------------------------------------------------------------

    /**
     * Called on the running thread's host at the end of system calls, on memory accesses and on
     * compute. Nearly always nothing is due; that test is small enough to be compiled into the
     * caller, the work in {@link #checkpointWork} is not.
     */
    @Override
    public void checkpoint(Tcb self) {
        if (debugger.stopDue || self.sliceLeftCycles <= 0 || !quiet()) checkpointWork(self);
    }

    /** No tick, outside input, interrupt or device timer is due. */
    private boolean quiet() {
        return !clock.tickDue() && inbox.isEmpty() && !interrupts.anyPending() && !timers.due(clock.cycles());
    }

    private void checkpointWork(Tcb self) {
        if (debugger.stopDue) pausePoint();
        if (quiet() && self.sliceLeftCycles > 0) return;
        while (clock.tickDue()) handleTick();
        Coroutine javaHost = self.coroutine != null && self.coroutine.isCurrentHost() ? self.coroutine : null;
        runInbox();
        if (debugger.stopDue) pausePoint();
        if (javaHost != null) leaveIfKilled(self, javaHost);
        runDeviceEvents();
        interrupts.deliverPending(ipc);
        if (!self.state.is(ThreadState.Kind.RUNNING)) return;
        boolean sliceOver = self.sliceLeftCycles <= 0;
        if (sliceOver) {
            self.sliceLeftCycles = clock.cyclesForMicros(self.timesliceMicros);
            ready.rotate(self);
        }
        Tcb best = ready.pick();
        boolean preempted = best != null && best != self && (sliceOver || best.priority > self.priority);
        if (preempted && arch.preempters() && self.state.rpc() != ThreadState.Rpc.PREEMPTION) {
            preemptionRpc(self);
            if (!self.state.is(ThreadState.Kind.RUNNING)) return;
            best = ready.pick();
            preempted = best != null && best != self && (sliceOver || best.priority > self.priority);
        }
        if (preempted) {
            self.state.set(ThreadState.Kind.READY);
            ready.makeReady(self);
            switchTo(self, best);
        }
    }

    /**
     * ix86 preempters: the internal (ex_regs) and the external (thread_schedule) preempter each
     * get a kernel RPC in the preempted thread's name carrying its SP and IP, and decide by
     * replying. The RPC puts the thread's registers back: it was preempted, not calling.
     */
    private void preemptionRpc(Tcb self) {
        for (ThreadId p : new ThreadId[] {self.excepter, self.externalPreempter}) {
            if (clans.activeTask(p) == null) continue;
            long[] words = new long[arch.messageRegisters()];
            words[0] = self.sp();
            words[1] = self.ip();
            rpc.call(self, ThreadState.Rpc.PREEMPTION, p, words);
        }
    }

    /**
     * The idle ticks on the way to {@code target}, all but the last, in one step: no thread runs
     * and no timeout falls due before the target, so each of them only counts itself and charges
     * its handler within its own period. Taken one by one, the ticks of a wakeup hours away (an L4
     * timeout reaches 19 hours) held the idle loop for about 20 s of host time on MIPS, deaf to the
     * shell. The last tick is handled as usual: it may expire a timeout.
     */
    private void idleTicksBefore(long target) {
        long n = (target - clock.nextTickCycle()) / clock.tickCycles();
        long handler = meter.price(Cost.TIMER_TICK);
        if (n <= 0 || current != null || handler >= clock.tickCycles()) return;
        clock.idleTicks(n, handler);
        stats.ticks += n;
        kip.updateClock();
    }

    private void handleTick() {
        long n = clock.consumeTick();
        stats.ticks++;
        charge(Cost.TIMER_TICK);
        kip.updateClock();
        List<Tcb> due = timeouts.expire(n);
        for (Tcb t : due) ipc.timeoutExpired(t);
        if (current != null) current.sliceLeftCycles -= clock.tickCycles();
    }

    // ---- the idle loop and outside input ------------------------------------------------------

    private void idleLoop() {
        try {
            while (!halted) {
                runInbox();
                if (debugger.stopDue) pausePoint();
                while (clock.tickDue()) handleTick();
                runDeviceEvents();
                interrupts.deliverPending(ipc);
                Tcb next = ready.pick();
                if (next != null) {
                    switchTo(null, next);
                    continue;
                }
                long tick = timeouts.earliestTick();
                long event = timers.next();
                if (tick >= 0 || event != Long.MAX_VALUE) {
                    long target = tick >= 0 ? tick * clock.tickCycles() : Long.MAX_VALUE;
                    // Towards a device event the ticks on the way are taken at their own time, so that
                    // none is charged late, in front of the event.
                    if (event != Long.MAX_VALUE) target = Math.min(target, Math.min(event, clock.nextTickCycle()));
                    // outside input (a shell inspection, a wakeup) cuts the wait short: it runs
                    // now, and the loop paces again towards the then earliest target
                    if (!pace(target)) continue;
                    if ((target - clock.cycles()) / clock.tickCycles() > WakeupQueue.LATE_PERIOD) {
                        idleTicksBefore(target);
                        timeouts.refile(clock.ticks());
                    }
                    // Each idle tick is handled at its own time: its handler's cycles fall inside its
                    // own tick period. Handled all at the target, they would pile up there and push
                    // the wakeup past the next tick (525 idle ticks of 250 cycles on ix86 are ~1 ms).
                    while (clock.nextTickCycle() <= target) {
                        clock.idleUntil(clock.nextTickCycle());
                        handleTick();
                    }
                    clock.idleUntil(target); // a device event between two ticks
                    continue;
                }
                if (debugger.armed) debugger.idle(clock.cycles(), trace.events());
                if (debugger.stopDue) {
                    pausePoint();
                    continue;
                }
                waitForInput();
            }
        } catch (Coroutine.Unwind expected) {
            // halted while switched away
        }
    }

    /**
     * The debugger's pause: on the CPU's host, in kernel context, at a point where kernel state is
     * consistent. The machine stays inspectable (the inbox runs) and charges nothing while paused;
     * a halt ends the pause by unwinding.
     */
    private void pausePoint() {
        paceCutShort = false; // time stood still for the pause: pacing starts afresh after it
        debugger.enterPause();
        Debugger.Stop stop = debugger.stop();
        if (stop != null && stop.breakpoint() != null) {
            LOG.info("breakpoint {} hit: {} at cycle {}; the machine is paused (l4:resume continues)", stop.breakpoint().id(), stop.reason(), stop.cycles());
        }
        while (true) {
            runInbox();
            if (halted) throw new Coroutine.Unwind();
            if (!debugger.paused()) return;
            idleLock.lock();
            try {
                if (inbox.isEmpty() && !halted && debugger.paused()) inboxSignal.await(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                idleLock.unlock();
            }
        }
    }

    private void runDeviceEvents() {
        if (timers.due(clock.cycles())) timers.runDue(clock.cycles(), e -> LOG.warn("device event failed: {}", e.toString()));
    }

    /**
     * The simulated cycle the paced idle loop stands at and the host time (nanoTime) since which it
     * does; valid while the last wait was cut short by input (a pause ends it).
     */
    private long paceAnchorCycles;
    private long paceAnchorNanos;
    private boolean paceCutShort;

    /**
     * With pacing on, waits until host time catches up with {@code targetCycles}, so simulated
     * time never runs ahead of real time. Returns false when outside input or a halt ended the wait
     * early: the caller runs the input and paces again instead of jumping to the target.
     */
    private boolean pace(long targetCycles) {
        if (!config.pacing) return true;
        long now = System.nanoTime();
        long cycles = clock.cycles();
        if (!paceCutShort || cycles != paceAnchorCycles) {
            paceAnchorCycles = cycles;
            paceAnchorNanos = now;
        }
        paceCutShort = false;
        // measured from when the clock came to stand here, so the waits an input cut short count
        long nanos = paceAnchorNanos + clock.microsFor(targetCycles - cycles) * 1_000L - now;
        if (nanos <= 0) return true;
        idleLock.lock();
        try {
            while (nanos > 0) {
                if (!inbox.isEmpty() || halted) {
                    paceCutShort = true;
                    return false;
                }
                nanos = inboxSignal.awaitNanos(nanos);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        } finally {
            idleLock.unlock();
        }
    }

    private void waitForInput() {
        idleLock.lock();
        try {
            idling = true;
            while (inbox.isEmpty() && !halted) inboxSignal.await(100, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            idling = false;
            idleLock.unlock();
        }
    }

    private void runInbox() {
        Runnable r;
        while ((r = inbox.poll()) != null) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.warn("machine request failed: {}", e.toString());
            }
        }
    }

    /** Queues work to run in kernel context at the next safe point; from any host thread. */
    public void post(Runnable r) {
        inbox.add(r);
        idleLock.lock();
        try {
            inboxSignal.signalAll();
        } finally {
            idleLock.unlock();
        }
    }

    /** True when every thread waits for outside input (nothing ready, no wakeup armed). */
    public boolean quiescent() { return idling && inbox.isEmpty(); }

    /**
     * Waits (host time, at most {@code millis}) until the machine idles for outside input. Input
     * given after that lands at a deterministic simulated time; given earlier, it would land
     * wherever the boot happened to be on this host. Returns whether it became quiescent.
     */
    public boolean awaitQuiescent(long millis) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000L;
        while (!quiescent()) {
            if (halted || System.nanoTime() > end) return false;
            Thread.sleep(1);
        }
        return true;
    }

    /**
     * Runs {@code query} in kernel context and returns its result: the shell's way to look at a
     * running machine. Fails after {@code millis} if the machine never reaches a safe point.
     */
    public <T> T inspect(Callable<T> query, long millis) throws TimeoutException {
        if (halted) throw new IllegalStateException("the machine is halted");
        if (runaway != null) throw new IllegalStateException(frozenMessage());
        CompletableFuture<T> f = new CompletableFuture<>();
        post(() -> {
            try {
                f.complete(query.call());
            } catch (Exception e) {
                f.completeExceptionally(e);
            }
        });
        try {
            return f.get(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TimeoutException("interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException) throw (RuntimeException) c;
            throw new IllegalStateException(c);
        }
    }

    /**
     * A read-only look at the machine: {@link #inspect} while it runs; on a frozen machine (a
     * runaway holds the CPU in Java code, nothing changes kernel state any more) the query runs
     * on the caller's thread.
     */
    public <T> T view(Callable<T> query, long millis) throws TimeoutException {
        if (runaway == null || halted) return inspect(query, millis);
        try {
            return query.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The lowest task number {@link #launch} gives: the ones below are σ0's, the root task's and its servers'. */
    private volatile int firstLaunchedTask = 3;

    /**
     * Keeps the task numbers below {@code number} for the servers the root task starts; before
     * boot. The root task starts a server by task_new of its number, which kills what runs there:
     * a program launched as soon as the machine is up, before the root task got to its servers,
     * would be killed before it ran, and whoever launched it would wait for it in vain.
     */
    public void reserveTaskNumbersBelow(int number) {
        firstLaunchedTask = Math.max(3, number);
    }

    /**
     * The kernel debugger's "run": starts {@code body} in a fresh task whose chief is the root
     * task and whose pager is σ0, as if the root task had started it. For the shell's
     * experiments (pingpong); servers are started by the root task itself. The number is the
     * lowest one the root task may claim above its servers' ({@link #reserveTaskNumbersBelow}):
     * never owned, or given back to the root task when a task it (or the debugger for it) killed
     * died, so numbers are reused.
     */
    public ThreadId launch(String label, ThreadBody body, int priority) {
        Task root = tasks[2];
        Task t = claimable(root, firstLaunchedTask);
        if (t == null) throw new IllegalStateException(noFreeTaskNumber());
        ThreadId id = ThreadId.of(root.nest() + 1, root.number, t.number, 0, ThreadControl.nextVersion(t));
        threads.activate(t, root, id, Math.min(255, root.mcp));
        t.label = label;
        threads.start(t.thread(0), code.register(body), 0, tasks[1].id(), ThreadId.NIL, priority, config.bootSliceMicros);
        trace(TraceEvent.Kind.TASK_NEW, root.id().raw(), id.raw(), 0, 0);
        return id;
    }

    /**
     * The kernel debugger, for the root task: passes an inactive task number the root task may
     * claim (the lowest from {@code from} up) to {@code chief}, as the root task's task_new with
     * a nil pager and chief as the new owner would; chief may then task_new it. Null if none.
     */
    public ThreadId giveTaskNumber(ThreadId chief, int from) {
        Task owner = clans.activeTask(chief);
        Task t = owner == null ? null : claimable(tasks[2], from);
        if (t == null) return null;
        t.chief = owner;
        t.everOwned = true;
        t.id(ThreadId.of(0, 0, t.number, 0, ThreadControl.nextVersion(t)));
        return t.id();
    }

    /** The lowest inactive task number from {@code from} up that {@code owner} may task_new, or null. */
    private Task claimable(Task owner, int from) {
        for (int n = Math.max(3, from); n < tasks.length; n++) {
            Task t = tasks[n];
            if (!t.active && (!t.everOwned || t.chief == owner)) return t;
        }
        return null;
    }

    private String noFreeTaskNumber() {
        int active = 0;
        for (Task t : tasks) if (t.active) active++;
        return "no free task number: " + active + " of " + ThreadId.MAX_TASKS + " tasks are active, the others belong to other chiefs";
    }

    /** Kills a task started by {@link #launch} (the kernel debugger acting for the root task). */
    public void kill(ThreadId task) {
        Task t = clans.activeTask(task);
        if (t != null && t.number > 2) threads.kill(t, tasks[2]);
    }

    public Task task(int number) { return tasks[number]; }

    /** How many hosts the guest runner has made: one per machine, as no guest thread ever keeps a host (see {@link GuestRunner}). */
    public int guestHosts() { return guests.hostsMade(); }

    /** A guest thread's last exception or fault as {@code l4:threads} shows it: name, EPC, address; empty if none. */
    public String lastGuestException(Tcb t) {
        if (t.guest == null || t.guest.lastCode < 0 || userCpu == null) return "";
        return String.format("%s at 0x%x (0x%x), %d so far", userCpu.exceptionName(t.guest.lastCode), t.guest.lastIp,
                t.guest.lastAddress, t.guest.exceptions);
    }

    /** Checks the IPC queues against the thread states (kernel context only); throws AssertionError on a violation. */
    public void checkIpcInvariants() {
        java.util.List<Tcb> all = new java.util.ArrayList<>();
        for (Task t : tasks) if (t.threads != null) for (Tcb tcb : t.threads) all.add(tcb);
        IpcPath.checkQueues(all);
    }

    public ReadyQueue<Tcb> readyQueue() { return ready; }

    public WakeupQueue<Tcb> wakeupQueue() { return timeouts.queue(); }

    public boolean virtualThreads() { return hostThreads.virtual(); }

    // ---- snapshots (l4.kernel.snapshot) ------------------------------------------------------------

    /**
     * The rest of an IPC system call whose thread was blocked in it, on an imported thread's new
     * host: what {@link #syscall} does after its wait, then the preemption point at its end.
     */
    @Override
    public void finishIpcCall(Tcb self) {
        boolean done = ipc.resume(self);
        while (!done) {
            block(self, ipc.preferNext());
            done = ipc.resume(self);
        }
        checkpoint(self);
    }

    /**
     * Snapshot import: a Java thread whose continuation is Java code after a kernel RPC of its own
     * (page fault, exception, preemption) stops, as when its code ends: its waits are cancelled,
     * its senders released.
     */
    public void stopImported(Tcb t) {
        ipc.reset(t, l4.api.IpcError.NON_EXISTENT.code(), true);
        removeFromScheduling(t);
        t.state.set(ThreadState.Kind.STOPPED);
        t.coroutine = null;
    }

    /** When CPU time was last accounted to the running thread (cycles). */
    public long accountedAt() { return accountedAt; }

    /**
     * Snapshot import, before {@link #startImported}: activates a task's space and TCBs without
     * filling them in (the importer sets ids, chiefs, registers and states).
     */
    public Task activateForImport(int number) { return threads.activateForImport(tasks[number]); }

    /** Snapshot import: a Java thread of the snapshot gets code that ends at its next return to user mode. */
    public void adoptWithoutCode(Tcb t, boolean running) { threads.adoptWithoutCode(t, running); }

    /** Snapshot import: which thread holds the CPU (null: idle) and since when its time is accounted. */
    public void restoreCurrent(Tcb t, long accountedCycles) {
        current = t;
        accountedAt = accountedCycles;
    }

    /** Registers a placeholder for code of the snapshot's image that is not here (so new code gets new addresses). */
    public void reserveCode(int bodies) {
        while (code.size() < bodies) {
            long address = code.base() + CodeImage.STRIDE * code.size();
            // one body per address: the image files a body once, however often it is registered
            code.register(l4 -> {
                throw new IllegalStateException(String.format("the Java code at 0x%x was not part of the snapshot", address));
            });
        }
    }

    /**
     * Starts an imported machine: the running thread's host (or the idle loop) takes the CPU,
     * paused at once if {@code paused}, as the debugger's pause leaves a machine.
     */
    public void startImported(boolean paused) {
        if (paused) {
            debugger.pause("imported from a snapshot", clock.cycles(), trace.events());
        }
        Coroutine first = idle;
        if (current != null && current.coroutine != null) {
            first = current.coroutine;
        } else if (current != null && current.guest != null) {
            guests.checkpointFirst(); // it was paused in a preemption point of its runner
            first = guests.host();
        }
        first.resume();
        if (config.runawayMillis > 0) RunawayDetector.start(watched(), clock, config.runawayMillis);
    }
}
