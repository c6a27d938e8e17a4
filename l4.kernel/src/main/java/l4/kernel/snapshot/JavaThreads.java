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
     * A thread whose continuation was on its host stack (in a kernel RPC: page fault, exception,
     * preemption; or in a long-message transfer) stops at the import.
     */
    END_CODE
}
