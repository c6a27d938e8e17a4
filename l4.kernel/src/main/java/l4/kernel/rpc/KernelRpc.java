package l4.kernel.rpc;

import l4.api.IpcDescriptor;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.kernel.dispatch.SyscallPath;
import l4.kernel.ipc.ClanRouter;
import l4.kernel.ipc.Dispatcher;
import l4.kernel.ipc.IpcPath;
import l4.kernel.ipc.Meter;
import l4.kernel.meter.KernelStats;
import l4.kernel.object.Task;
import l4.kernel.object.Tcb;
import l4.kernel.object.ThreadState;
import l4.kernel.object.ThreadState.Rpc;
import l4.kernel.trace.TraceEvent;
import l4.kernel.user.Coroutine;
import l4.spi.Cost;
import l4.spi.Architecture;
import l4.spi.Syscall;
import l4.spi.SyscallAbi;
import l4.spi.UserCpu;

/**
 * The kernel's RPC in a thread's name: the page-fault message to its pager, the exception
 * message to its excepter (MIPS), the preemption message to its preempters (ix86). One pattern
 * for the three, Pistachio's save_state / do_ipc / restore_state: the thread's IPC state, the
 * RPC it was in and its registers but IP and SP go into one {@link ThreadState.Saved} record,
 * the kernel does the IPC, and the record is put back when the reply is in. A thread killed or
 * restarted meanwhile unwinds instead, and nothing is put back.
 *
 * <p>For a guest thread, which has no host stack to wait on, the same RPCs are resumable steps
 * with the same record ({@code guest...} methods): the record is kept in the thread's
 * {@link l4.kernel.object.GuestContext}, and the guest runner continues the RPC when the thread
 * runs again; an exception message carries the thread's whole register frame, and a reply with a
 * whole frame sets every register.
 *
 * <p>The page-fault message is the kernel's own exchange: it goes to the pager directly (the
 * reply comes back directly too) with the fault's costs. The exception and preemption messages
 * are the call the thread would make itself: a system call in its name, through its registers,
 * routed by clans, with the preemption point at its end.
 */
public final class KernelRpc {
    private final SyscallAbi abi;
    private final Meter meter;
    private final KernelStats stats;
    private final ClanRouter clans;
    private final Dispatcher dispatcher;
    private final SyscallPath calls;
    /** The guest CPU (its register frames), or null. */
    private final UserCpu userCpu;
    private final int mr;
    private final long wordMask;
    /** A 32-bit fault word marks a protection fault in bit 0. */
    private final boolean protectionBit;
    /** The call's arguments; the RPC writes them into the thread's registers before anything can block. */
    private final long[] arguments;
    /** The IPC path, which needs this RPC for its own copies' faults: connected once, right after both exist. */
    private IpcPath ipc;

    public KernelRpc(Architecture arch, SyscallAbi abi, Meter meter, KernelStats stats, ClanRouter clans, Dispatcher dispatcher,
              SyscallPath calls, UserCpu userCpu) {
        this.abi = abi;
        this.meter = meter;
        this.stats = stats;
        this.clans = clans;
        this.dispatcher = dispatcher;
        this.calls = calls;
        this.userCpu = userCpu;
        this.mr = arch.messageRegisters();
        this.wordMask = arch.wordBits() >= 64 ? -1L : (1L << arch.wordBits()) - 1;
        this.protectionBit = arch.wordBits() == 32;
        this.arguments = new long[Syscall.IPC.inCount(mr)];
    }

    public void connect(IpcPath ipc) {
        if (this.ipc != null) throw new IllegalStateException("connected already");
        this.ipc = ipc;
    }

    /** A fault at {@code address}; true if the pager replied. */
    public boolean pageFault(Tcb faulter, long address, boolean write, boolean protection, long ipWord, long timeoutMicros) {
        long w0 = (address & ~3L & wordMask) | (write ? 2 : 0) | (protection && protectionBit ? 1 : 0);
        return fault(faulter, w0, address, write ? 1 : 0, ipWord, timeoutMicros);
    }

    /** A fault with a ready-made fault word {@code w0} (ix86 I/O faults: an I/O fpage); true if the pager replied. */
    public boolean ioFault(Tcb faulter, long w0, long ipWord, long timeoutMicros) {
        return fault(faulter, w0 & wordMask, w0 & wordMask, 0, ipWord, timeoutMicros);
    }

    private boolean fault(Tcb faulter, long w0, long traceAddress, int traceWrite, long ipWord, long timeoutMicros) {
        Tcb pager = faultEntry(faulter, traceAddress, traceWrite);
        if (pager == null) return false;
        long[] words = faultMessage(w0, ipWord);
        ThreadState.Saved saved = faulter.state.enter(Rpc.PAGE_FAULT, dispatcher.current());
        boolean replied = ipc.pagefaultIpc(faulter, pager, words, timeoutMicros, saved);
        faulter.state.restore(saved);
        return replied;
    }

    /** The fault's entry: costs, counter, trace; the pager's TCB, or null when the pager is no active thread. */
    private Tcb faultEntry(Tcb faulter, long traceAddress, int traceWrite) {
        stats.pageFaults++;
        meter.charge(Cost.KERNEL_ENTRY_EXIT);
        meter.charge(Cost.PAGE_FAULT);
        meter.charge(Cost.IPC_PATH); // the fault message takes the ordinary IPC path to the pager
        meter.trace(TraceEvent.Kind.PAGE_FAULT, faulter.id().raw(), faulter.pager.raw(), traceAddress, traceWrite);
        Task pagerTask = clans.activeTask(faulter.pager);
        return pagerTask == null ? null : pagerTask.thread(faulter.pager.lthread());
    }

    private long[] faultMessage(long w0, long ipWord) {
        long[] words = new long[mr];
        words[0] = w0;
        words[1] = ipWord & wordMask;
        return words;
    }

    // ---- a fault of a long message's copy: as data ----------------------------------------------

    /**
     * The copy of a long message run by {@code copier} faulted at {@code address} in
     * {@code faulter}'s space (the copier's own or its partner's): the page-fault RPC in the
     * faulter's name, bounded by the page-fault timeout {@code pfMicros}, its message's w1 all ones
     * (the kernel took the fault while copying). Nothing waits on a host: the result is
     * {@link IpcPath#PF_PENDING} while the RPC waits (its record is then the faulter's
     * {@code state.saved()}; {@link #resumeTransferFault} goes on when the copier runs again),
     * else whether the pager replied.
     */
    public int transferFault(Tcb faulter, Tcb copier, long address, boolean write, boolean protection, long pfMicros) {
        Tcb pager = faultEntry(faulter, address, write ? 1 : 0);
        if (pager == null) return IpcPath.PF_FAILED;
        long w0 = (address & ~3L & wordMask) | (write ? 2 : 0) | (protection && protectionBit ? 1 : 0);
        long[] words = faultMessage(w0, -1L);
        ThreadState.Saved saved = faulter.state.enter(Rpc.PAGE_FAULT, copier);
        int r = ipc.pagefaultStart(faulter, copier, pager, words, pfMicros);
        if (r != IpcPath.PF_PENDING) faulter.state.restore(saved);
        return r;
    }

    /** Continues the RPC {@link #transferFault} started, whose record is {@code saved}. */
    public int resumeTransferFault(Tcb faulter, Tcb copier, ThreadState.Saved saved, long pfMicros) {
        // Ended for the faulter meanwhile (it was killed or restarted): its state is put back, hands off.
        if (faulter.state.saved() != saved) return IpcPath.PF_FAILED;
        int r = ipc.pagefaultResume(faulter, copier, pfMicros);
        if (r != IpcPath.PF_PENDING) faulter.state.restore(saved);
        return r;
    }

    // ---- the same RPCs for a guest thread: as data, without a host of its own ----------------------

    /**
     * A guest thread's instruction faulted at {@code address}: the page-fault RPC in its name,
     * the same message and record as {@link #pageFault}, but nothing waits on a host: the result
     * is {@link IpcPath#PF_PENDING} when the thread must wait (the runner blocks it and calls
     * {@link #resumeGuestFault} when it runs again), else whether the pager replied.
     */
    public int guestFault(Tcb faulter, long address, boolean write, long epc) {
        Tcb pager = faultEntry(faulter, address, write ? 1 : 0);
        if (pager == null) return IpcPath.PF_FAILED;
        long w0 = (address & ~3L & wordMask) | (write ? 2 : 0);
        ThreadState.Saved saved = faulter.state.enter(Rpc.PAGE_FAULT, faulter);
        faulter.guest.saved = saved;
        int r = ipc.pagefaultStart(faulter, faulter, pager, faultMessage(w0, epc), Timeout.INFINITE);
        if (r != IpcPath.PF_PENDING) endGuestRpc(faulter);
        return r;
    }

    public int resumeGuestFault(Tcb faulter) {
        int r = ipc.pagefaultResume(faulter, faulter, Timeout.INFINITE);
        if (r != IpcPath.PF_PENDING) endGuestRpc(faulter);
        return r;
    }

    /**
     * A guest thread's exception message {@code words} to its excepter, with its register frame
     * (already in {@code t.guest.frameOut}) as the memory part: the call in its name through its
     * registers, as {@link #call}, but resumable. True when the reply is in (the registers put
     * back, or set from the frame the reply carried); false when the thread waits
     * ({@link #resumeGuestException} goes on).
     */
    public boolean guestException(Tcb t, ThreadId excepter, long[] words) {
        t.guest.saved = t.state.enter(Rpc.EXCEPTION, t);
        t.guest.frameSending = true;
        t.guest.frameInWords = 0;
        loadCall(t, excepter, words);
        boolean done = calls.enterSyscall(t, abi.trapNumber(Syscall.IPC));
        if (done) endGuestException(t);
        return done;
    }

    public boolean resumeGuestException(Tcb t) {
        boolean done;
        try {
            done = ipc.resume(t);
        } catch (RuntimeException | AssertionError bug) {
            calls.kernelError(Syscall.IPC, t, bug);
            throw bug;
        }
        if (done) endGuestException(t);
        return done;
    }

    private void endGuestException(Tcb t) {
        long[] r = abi.readResults(Syscall.IPC, t.registers);
        boolean frame = (r[Syscall.IPC_DOPE] & 0xF0) == 0 && t.guest.frameInWords == t.guest.frameIn.length;
        t.guest.frameSending = false;
        endGuestRpc(t);
        if (frame) userCpu.loadFrame(t.guest.frameIn, t.registers);
    }

    private void endGuestRpc(Tcb t) {
        ThreadState.Saved saved = t.guest.saved;
        t.guest.saved = null;
        if (saved != null) t.state.restore(saved);
    }

    /** The IPC arguments of a kernel RPC call to {@code partner} with {@code words}, into t's registers. */
    private void loadCall(Tcb t, ThreadId partner, long[] words) {
        long[] a = arguments;
        a[Syscall.IPC_SND] = IpcDescriptor.registers();
        a[Syscall.IPC_RCV] = IpcDescriptor.registers();
        a[Syscall.IPC_TIMEOUT] = Timeout.NEVER.raw() & 0xFFFFFFFFL;
        a[Syscall.IPC_DEST] = partner.raw();
        a[Syscall.IPC_RCV_FROM] = partner.raw();
        a[Syscall.IPC_VSENDER] = ThreadId.NIL.raw();
        for (int i = 0; i < mr; i++) a[Syscall.IPC_WORDS_IN + i] = i < words.length ? words[i] : 0;
        abi.writeArguments(Syscall.IPC, a, t.registers);
    }

    /**
     * The exception message {@code words} to {@code t}'s excepter, or the preemption message to one
     * of its preempters: a call in {@code t}'s name, on {@code t}'s own host. True if the reply came.
     */
    public boolean call(Tcb t, Rpc kind, ThreadId partner, long[] words) {
        Coroutine mine = t.coroutine;
        ThreadState.Saved saved = t.state.enter(kind, t);
        loadCall(t, partner, words);
        calls.syscall(t, abi.trapNumber(Syscall.IPC));
        // Back here only if t was neither killed nor restarted (its host would have unwound).
        if (mine.unwinding()) throw new Coroutine.Unwind();
        long[] r = abi.readResults(Syscall.IPC, t.registers);
        t.state.restore(saved);
        return (r[Syscall.IPC_DOPE] & 0xF0) == 0;
    }
}
