package l4.kernel.guest;

import l4.api.IpcError;
import l4.kernel.debug.Debugger;
import l4.kernel.dispatch.SyscallPath;
import l4.kernel.hardware.DeviceTimers;
import l4.kernel.ipc.ClanRouter;
import l4.kernel.ipc.IpcPath;
import l4.kernel.ipc.Meter;
import l4.kernel.meter.KernelStats;
import l4.kernel.object.GuestContext;
import l4.kernel.object.Tcb;
import l4.kernel.object.ThreadState;
import l4.kernel.rpc.KernelRpc;
import l4.kernel.sched.Clock;
import l4.kernel.trace.Trace;
import l4.kernel.trace.TraceEvent;
import l4.kernel.user.Coroutine;
import l4.kernel.user.HostThreads;
import l4.spi.Cost;
import l4.spi.Syscall;
import l4.spi.SyscallAbi;
import l4.spi.UserCpu;

/**
 * Runs the guest threads: threads whose IP is no Java body's entry and whose code the
 * architecture's {@link UserCpu} executes. A guest thread is data only, its register file and its
 * typed state (with its {@link GuestContext}); one host, the runner, runs whichever guest thread
 * the scheduler picks, so a switch between two guest threads is a change of register file, not a
 * host hand-off. Java threads keep their coroutines; both kinds share the kernel, the scheduler
 * and the trace.
 *
 * <p>Each turn of the runner's loop takes the current thread and either continues the kernel
 * operation it waited in (an IPC system call, a page-fault or exception RPC) or lets the CPU run
 * it with a cycle budget up to the next timer tick or device event, so that ticks, slice ends,
 * preemption and device interrupts happen between instructions at their cycle. Then the event:
 * <ul>
 * <li>a system call enters the kernel's system-call path with the registers as the Java binding's
 * trap does (after the PC moved past the instruction); an alien thread's system call, or one
 * whose number is no system call, is an exception;</li>
 * <li>a page fault is the page-fault RPC to the pager in the thread's name; the instruction runs
 * again after the reply;</li>
 * <li>any other exception is the exception RPC to the excepter, carrying the whole register frame
 * ({@code l4.api.mips.ExceptionFrame} on MIPS); without an excepter the thread stops.</li>
 * </ul>
 * A wait is never a parked host: the runner blocks the thread as data and goes on with the next
 * one, also when a long IPC's copy faults (the transfer is a continuation the IPC path resumes).
 */
public final class GuestRunner {
    private final UserCpu cpu;
    private final SyscallAbi abi;
    private final int messageRegisters;
    private final GuestScheduler scheduler;
    private final SyscallPath calls;
    private final IpcPath ipc;
    private final KernelRpc rpc;
    private final ClanRouter clans;
    private final Meter meter;
    private final KernelStats stats;
    /** The time line the CPU runs up to: the next tick, the next device event. */
    private final Clock clock;
    private final DeviceTimers timers;
    /** The kernel debugger's instruction steps and PC breakpoints, with the trace's event count as its position. */
    private final Debugger debugger;
    private final Trace trace;
    private final HostThreads hosts;
    /** The host that runs guest threads which hold no host of their own; null until needed. */
    private Coroutine runner;
    private int hostsMade;
    private volatile boolean halted;

    public GuestRunner(UserCpu cpu, SyscallAbi abi, int messageRegisters, GuestScheduler scheduler, SyscallPath calls, IpcPath ipc,
                KernelRpc rpc, ClanRouter clans, Meter meter, KernelStats stats, Clock clock, DeviceTimers timers, Debugger debugger,
                Trace trace, HostThreads hosts) {
        this.cpu = cpu;
        this.abi = abi;
        this.messageRegisters = messageRegisters;
        this.scheduler = scheduler;
        this.calls = calls;
        this.ipc = ipc;
        this.rpc = rpc;
        this.clans = clans;
        this.meter = meter;
        this.stats = stats;
        this.clock = clock;
        this.timers = timers;
        this.debugger = debugger;
        this.trace = trace;
        this.hosts = hosts;
    }

    /** Whether this machine runs guest code at all. */
    public boolean available() { return cpu != null; }

    /** The runner's host, created when first needed. */
    public Coroutine host() {
        if (runner == null) {
            Coroutine[] me = new Coroutine[1];
            me[0] = new Coroutine(hosts, "l4-guests-" + hostsMade++, () -> loop(me[0]));
            runner = me[0];
            if (halted) runner.unwind();
        }
        return runner;
    }

    /** How many runner hosts this machine has made (one, unless the first was lost to a halt). */
    public int hostsMade() { return hostsMade; }

    public void halt() {
        halted = true;
        Coroutine r = runner;
        if (r != null) r.unwind();
    }

    /**
     * Makes {@code t} a guest thread (its IP is no Java entry): it starts at its IP with no
     * operation in progress. A kernel RPC it waited in (page fault, exception) is over: that call
     * in its name went through its registers, so its user registers come back as they were when
     * the RPC began, all but IP and SP, which lthread_ex_regs has just set (or kept).
     */
    public void adopt(Tcb t) {
        if (t.guest == null) t.guest = new GuestContext(cpu.frameWords());
        else if (t.guest.saved != null) putBackUserRegisters(t, t.guest.saved);
        t.guest.restart();
    }

    private static void putBackUserRegisters(Tcb t, ThreadState.Saved s) {
        l4.spi.RegisterFile regs = t.registers;
        long[] values = s.registers();
        for (int i = 0; i < values.length; i++) {
            if (i != regs.ip() && i != regs.sp()) regs.set(i, values[i]);
        }
    }

    // ---- the loop ----------------------------------------------------------------------------

    /** An imported machine's running guest thread finishes the preemption point it was paused in first. */
    private boolean checkpointFirst;

    public void checkpointFirst() { checkpointFirst = true; }

    private void loop(Coroutine me) {
        if (checkpointFirst) {
            checkpointFirst = false;
            Tcb t = scheduler.current();
            if (t != null && t.guest != null && t.state.runnable()) scheduler.checkpoint(t);
        }
        while (!halted && !scheduler.halted()) {
            Tcb t = scheduler.current();
            if (t != null && t.guest == null && t.coroutine != null) {
                // t went on in Java code (lthread_ex_regs on itself): its coroutine takes the CPU
                Coroutine c = t.coroutine;
                c.resume();
                me.suspend();
                continue;
            }
            if (t == null || t.guest == null || !t.state.runnable()) {
                // The thread this host ran is gone (killed or stopped by work the kernel did in its
                // name, e.g. a kill from the shell at a preemption point): the CPU goes on elsewhere.
                scheduler.leaveVanished(t, me);
                continue;
            }
            step(t);
        }
    }

    /** One turn for the current guest thread {@code t}. */
    private void step(Tcb t) {
        GuestContext g = t.guest;
        switch (g.pending) {
            case SYSCALL_IPC: {
                boolean done;
                try {
                    done = ipc.resume(t);
                } catch (RuntimeException | AssertionError bug) {
                    calls.kernelError(Syscall.IPC, t, bug);
                    throw bug;
                }
                if (!done) {
                    scheduler.blockGuest(t, ipc.preferNext());
                    return;
                }
                g.pending = GuestContext.Pending.NONE;
                scheduler.checkpoint(t);
                return;
            }
            case PAGE_FAULT: {
                int r = rpc.resumeGuestFault(t);
                if (r == IpcPath.PF_PENDING) {
                    scheduler.blockGuest(t, ipc.preferNext());
                    return;
                }
                g.pending = GuestContext.Pending.NONE;
                afterFault(t, r);
                return;
            }
            case EXCEPTION: {
                if (!rpc.resumeGuestException(t)) {
                    scheduler.blockGuest(t, ipc.preferNext());
                    return;
                }
                g.pending = GuestContext.Pending.NONE;
                scheduler.checkpoint(t);
                return;
            }
            default:
                execute(t);
        }
    }

    /**
     * Runs t's instructions up to the next event on the simulated time line, then handles what
     * stopped them. The kernel debugger may stop the CPU earlier, between two instructions (an
     * instruction step, a PC breakpoint): a pause point, no event of the machine.
     */
    private void execute(Tcb t) {
        long now = clock.cycles();
        long until = Math.min(clock.nextTickCycle(), timers.next());
        Debugger d = debugger;
        if (until <= now || d.stopDue || (d.armed && d.guestBreak(t.id(), t.ip(), now, trace.events()))) {
            scheduler.checkpoint(t);
            return;
        }
        long limit = d.armed ? d.guestLimit(t.id().task()) : Long.MAX_VALUE;
        UserCpu.Event e = cpu.run(t.registers, t.task.space.mmu(), now, until - now, limit);
        clock.charge(cpu.lastCycles());
        stats.guestInstructions += cpu.lastInstructions();
        if (d.armed) d.guestRan(t.id(), cpu.lastInstructions(), t.ip(), clock.cycles(), trace.events());
        switch (e) {
            case BUDGET:
                scheduler.checkpoint(t);
                return;
            case SYSCALL:
                syscall(t);
                return;
            case PAGE_FAULT:
                pageFault(t);
                return;
            default:
                exception(t, cpu.code(), cpu.cause(), cpu.exceptionIp(), cpu.address());
        }
    }

    // ---- events ------------------------------------------------------------------------------

    private void syscall(Tcb t) {
        int trap = cpu.trapNumber(t.registers);
        Syscall call = trap < 0 ? null : abi.decodeTrap(trap);
        if (t.alien || call == null) {
            exception(t, cpu.code(), cpu.cause(), cpu.exceptionIp(), cpu.address());
            return;
        }
        cpu.skipSyscall(t.registers);
        boolean done = calls.enterSyscall(t, trap);
        if (debugger.armed) debugger.guestRan(t.id(), 1, t.ip(), clock.cycles(), trace.events()); // the syscall instruction is complete
        if (!done) {
            t.guest.pending = GuestContext.Pending.SYSCALL_IPC;
            scheduler.blockGuest(t, ipc.preferNext());
            return;
        }
        scheduler.checkpoint(t);
    }

    private void pageFault(Tcb t) {
        GuestContext g = t.guest;
        record(g, cpu.code(), cpu.cause(), cpu.exceptionIp(), cpu.address());
        if (clans.activeTask(t.pager) == null) {
            exception(t, cpu.code(), cpu.cause(), cpu.exceptionIp(), cpu.address());
            return;
        }
        int r = rpc.guestFault(t, cpu.address(), cpu.faultWrite(), cpu.exceptionIp());
        if (r == IpcPath.PF_PENDING) {
            g.pending = GuestContext.Pending.PAGE_FAULT;
            scheduler.blockGuest(t, ipc.preferNext());
            return;
        }
        afterFault(t, r);
    }

    /**
     * The fault RPC ended: after a reply the faulting instruction runs again (after a preemption
     * point, so that threads whose pagers never map use their slices, not the machine); without
     * one (no pager, cancelled) the fault is an exception of the thread, as for a Java thread.
     */
    private void afterFault(Tcb t, int result) {
        GuestContext g = t.guest;
        if (result == IpcPath.PF_REPLIED) {
            scheduler.checkpoint(t);
            return;
        }
        if (!t.state.is(ThreadState.Kind.RUNNING)) return; // restarted or killed meanwhile
        exception(t, g.lastCode, g.lastCause, g.lastIp, g.lastAddress);
    }

    private static void record(GuestContext g, int code, long cause, long ip, long address) {
        g.lastCode = code;
        g.lastCause = cause;
        g.lastIp = ip;
        g.lastAddress = address;
        g.exceptions++;
    }

    /**
     * The exception RPC in t's name: Cause, EPC, BadVAddr and the frame's size in the register
     * words, the whole frame as the memory part. Without an active excepter the thread stops.
     */
    private void exception(Tcb t, int code, long cause, long epc, long address) {
        GuestContext g = t.guest;
        record(g, code, cause, epc, address);
        stats.exceptions++;
        meter.charge(Cost.EXCEPTION);
        meter.trace(TraceEvent.Kind.EXCEPTION, t.id().raw(), t.excepter.raw(), code, 0);
        if (clans.activeTask(t.excepter) == null) {
            stop(t);
            return;
        }
        cpu.saveFrame(t.registers, cause, address, g.frameOut);
        long[] words = new long[messageRegisters];
        words[0] = cause;
        words[1] = epc;
        words[2] = address;
        if (words.length > 3) words[3] = g.frameOut.length;
        if (!rpc.guestException(t, t.excepter, words)) {
            g.pending = GuestContext.Pending.EXCEPTION;
            scheduler.blockGuest(t, ipc.preferNext());
            return;
        }
        scheduler.checkpoint(t);
    }

    /** An exception nobody handles: the thread halts, as a Java thread whose code failed does. */
    private void stop(Tcb t) {
        org.slf4j.LoggerFactory.getLogger(GuestRunner.class).info("guest thread {} stopped: {} at 0x{} without an excepter",
                t.id(), cpu.exceptionName(t.guest.lastCode), Long.toHexString(t.guest.lastIp));
        t.state.set(ThreadState.Kind.STOPPED);
        ipc.reset(t, IpcError.NON_EXISTENT.code(), true);
        scheduler.threadStopped(t.id());
        scheduler.exitGuest(t);
    }
}
