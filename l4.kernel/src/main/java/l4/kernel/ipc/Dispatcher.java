package l4.kernel.ipc;

import l4.kernel.object.Tcb;

/** What the IPC path needs of the dispatcher: the running thread, blocking and waking, timeouts. */
public interface Dispatcher {
    /** The thread holding the CPU. */
    Tcb current();

    /** Makes {@code t} (or the thread that waits on its behalf) ready. */
    void wake(Tcb t);

    /** Blocks the running thread {@code ctx} and runs {@code prefer} if it can run, else the scheduler's choice. */
    void block(Tcb ctx, Tcb prefer);

    /** Ends {@code t}'s wait after {@code micros} (µs, {@link l4.api.Timeout#INFINITE}: never). */
    void armTimeout(Tcb t, long micros);

    void cancelTimeout(Tcb t);
}
