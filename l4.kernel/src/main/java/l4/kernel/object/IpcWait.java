package l4.kernel.object;

/**
 * Which IPC wait a thread is in: one tagged value, so that whatever ends a wait (the partner,
 * a timeout, lthread_ex_regs, task_new) makes one decision over it.
 */
public enum IpcWait {
    /** In no IPC wait (running, ready, or the passive side of a transfer). */
    NONE,
    /** Queued in its partner's queue of waiting senders. */
    SEND,
    /** Chosen by its partner, which waits for it to transfer; no longer queued. */
    PICKED,
    /** In a receive phase (open, closed, or waiting for its picked sender or a fault reply). */
    RECEIVE
}
