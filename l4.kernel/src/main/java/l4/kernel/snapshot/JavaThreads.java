package l4.kernel.snapshot;

/**
 * What an import does with a thread whose code was Java: its kernel state (registers, typed
 * state, queues, timeouts) is in the snapshot, its code is not.
 */
public enum JavaThreads {
    /** The import fails, naming every such thread. */
    REFUSE,
    /**
     * Each such thread comes back with its whole kernel state and code that ends at its next
     * return to user mode: a thread waiting in an IPC system call finishes the call (its partner,
     * timeout or interrupt ends it as before), the thread that held the CPU finishes its
     * preemption point, a ready one ends when it runs; then it stops as when a Java body returns.
     * A long IPC's copier and receiver finish it from the transfer, also while the copy waits for
     * a page-fault RPC. A thread whose continuation is Java code after a kernel RPC (a page fault
     * of its own access, an exception, a preemption) stops at the import.
     */
    END_CODE
}
