package l4.kernel;

import l4.api.IpcDescriptor;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.kernel.object.Task;
import l4.kernel.object.Tcb;
import l4.kernel.object.ThreadState;
import l4.kernel.object.ThreadState.Rpc;
import l4.kernel.trace.TraceEvent;
import l4.kernel.user.Coroutine;
import l4.spi.Cost;
import l4.spi.Syscall;

/**
 * The kernel's RPC in a thread's name: the page-fault message to its pager, the exception
 * message to its excepter (MIPS), the preemption message to its preempters (ix86). One pattern
 * for the three, Pistachio's save_state / do_ipc / restore_state: the thread's IPC state, the
 * RPC it was in and its registers but IP and SP go into one {@link ThreadState.Saved} record,
 * the kernel does the IPC, and the record is put back when the reply is in. A thread killed or
 * restarted meanwhile unwinds instead, and nothing is put back.
 *
 * <p>The page-fault message is the kernel's own exchange: it goes to the pager directly (the
 * reply comes back directly too) with the fault's costs. The exception and preemption messages
 * are the call the thread would make itself: a system call in its name, through its registers,
 * routed by clans, with the preemption point at its end.
 */
final class KernelRpc {
    private final Kernel k;
    private final int mr;
    /** The call's arguments; the RPC writes them into the thread's registers before anything can block. */
    private final long[] arguments;

    KernelRpc(Kernel k) {
        this.k = k;
        this.mr = k.arch.messageRegisters();
        this.arguments = new long[Syscall.IPC.inCount(mr)];
    }

    /** A fault at {@code address}; true if the pager replied. */
    boolean pageFault(Tcb faulter, long address, boolean write, boolean protection, long ipWord, long timeoutMicros) {
        long w0 = (address & ~3L & k.wordMask()) | (write ? 2 : 0) | (protection && k.arch.wordBits() == 32 ? 1 : 0);
        return fault(faulter, w0, address, write ? 1 : 0, ipWord, timeoutMicros);
    }

    /** A fault with a ready-made fault word {@code w0} (ix86 I/O faults: an I/O fpage); true if the pager replied. */
    boolean ioFault(Tcb faulter, long w0, long ipWord, long timeoutMicros) {
        return fault(faulter, w0 & k.wordMask(), w0 & k.wordMask(), 0, ipWord, timeoutMicros);
    }

    private boolean fault(Tcb faulter, long w0, long traceAddress, int traceWrite, long ipWord, long timeoutMicros) {
        k.stats.pageFaults++;
        k.charge(Cost.KERNEL_ENTRY_EXIT);
        k.charge(Cost.PAGE_FAULT);
        k.charge(Cost.IPC_PATH); // the fault message takes the ordinary IPC path to the pager
        k.trace(TraceEvent.Kind.PAGE_FAULT, faulter.id().raw(), faulter.pager.raw(), traceAddress, traceWrite);
        Task pagerTask = k.clans.activeTask(faulter.pager);
        if (pagerTask == null) return false;
        Tcb pager = pagerTask.thread(faulter.pager.lthread());
        long[] words = new long[mr];
        words[0] = w0;
        words[1] = ipWord & k.wordMask();
        ThreadState.Saved saved = faulter.state.enter(Rpc.PAGE_FAULT, k.current());
        boolean replied = k.ipc.pagefaultIpc(faulter, pager, words, timeoutMicros, saved);
        faulter.state.restore(saved);
        return replied;
    }

    /**
     * The exception message {@code words} to {@code t}'s excepter, or the preemption message to one
     * of its preempters: a call in {@code t}'s name, on {@code t}'s own host. True if the reply came.
     */
    boolean call(Tcb t, Rpc kind, ThreadId partner, long[] words) {
        Coroutine mine = t.coroutine;
        ThreadState.Saved saved = t.state.enter(kind, t);
        long[] a = arguments;
        a[Syscall.IPC_SND] = IpcDescriptor.registers();
        a[Syscall.IPC_RCV] = IpcDescriptor.registers();
        a[Syscall.IPC_TIMEOUT] = Timeout.NEVER.raw() & 0xFFFFFFFFL;
        a[Syscall.IPC_DEST] = partner.raw();
        a[Syscall.IPC_RCV_FROM] = partner.raw();
        a[Syscall.IPC_VSENDER] = ThreadId.NIL.raw();
        for (int i = 0; i < mr; i++) a[Syscall.IPC_WORDS_IN + i] = i < words.length ? words[i] : 0;
        k.abi.writeArguments(Syscall.IPC, a, t.registers);
        k.syscall(t, k.abi.trapNumber(Syscall.IPC));
        // Back here only if t was neither killed nor restarted (its host would have unwound).
        if (mine.unwinding()) throw new Coroutine.Unwind();
        long[] r = k.abi.readResults(Syscall.IPC, t.registers);
        t.state.restore(saved);
        return (r[Syscall.IPC_DOPE] & 0xF0) == 0;
    }
}
