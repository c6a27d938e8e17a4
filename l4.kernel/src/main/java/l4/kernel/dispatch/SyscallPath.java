package l4.kernel.dispatch;

import l4.kernel.object.Tcb;
import l4.spi.Syscall;

/** The system-call path, entered in a thread's name by the kernel's RPC and by imported threads. */
public interface SyscallPath {
    /** The trap with the call in {@code self}'s registers, its waits, and the preemption point at its end. */
    void syscall(Tcb self, int trapNumber);

    /** The call's entry and its work up to the first wait: true when it is complete, false when an IPC waits. */
    boolean enterSyscall(Tcb self, int trapNumber);

    /** The rest of an IPC system call {@code self} was blocked in, then the preemption point. */
    void finishIpcCall(Tcb self);

    /** Counts and logs an exception that escaped the kernel inside a system call. */
    void kernelError(Syscall call, Tcb self, Throwable bug);
}
