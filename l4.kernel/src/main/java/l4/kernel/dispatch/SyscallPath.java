package l4.kernel.dispatch;

import l4.kernel.object.Tcb;
import l4.kernel.user.Coroutine;
import l4.spi.Syscall;

/** The system-call path, entered in a thread's name by the kernel's RPC and by imported threads. */
public interface SyscallPath {
    /** The trap with the call in {@code self}'s registers, its waits, and the preemption point at its end. */
    void syscall(Tcb self, int trapNumber);

    /** The call's entry and its work up to the first wait: true when it is complete, false when an IPC waits. */
    boolean enterSyscall(Tcb self, int trapNumber);

    /**
     * The wait of an IPC system call ({@link #enterSyscall} returned false, or {@link #ipcGoOn}
     * did) up to its hand-off, which the trap makes in its own frame: the host to resume, after
     * which the caller parks {@code mine}; null when self runs on, and the caller goes on with
     * {@link #ipcGoOn}.
     */
    Coroutine ipcWait(Tcb self, Coroutine mine);

    /** An IPC system call after its wait: true when complete, false when it waits again ({@link #ipcWait}). */
    boolean ipcGoOn(Tcb self);

    /** The rest of an IPC system call {@code self} was blocked in, then the preemption point. */
    void finishIpcCall(Tcb self);

    /** Counts and logs an exception that escaped the kernel inside a system call. */
    void kernelError(Syscall call, Tcb self, Throwable bug);
}
