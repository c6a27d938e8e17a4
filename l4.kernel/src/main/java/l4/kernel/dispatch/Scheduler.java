package l4.kernel.dispatch;

import l4.api.ThreadId;
import l4.kernel.ipc.Dispatcher;
import l4.kernel.object.Tcb;
import l4.kernel.user.Coroutine;

/**
 * What thread control and the kernel's memory accesses need of the dispatcher beyond the IPC
 * path's {@link Dispatcher}: readiness, yielding, preemption points, and the end or
 * restart of a thread's code.
 */
public interface Scheduler extends Dispatcher {
    /** Puts {@code t} into the ready queue. */
    void makeReady(Tcb t);

    /** Takes {@code t} out of the ready queue and the wakeup lists. */
    void removeFromScheduling(Tcb t);

    /** {@code self} gives up the rest of its slice: to {@code to} if given and ready, else round robin. */
    void yield(Tcb self, Tcb to);

    /** A preemption point on the running thread's host. */
    void checkpoint(Tcb self);

    /** The running thread's code ended: the CPU goes away for good. */
    void exitCurrent(Tcb self);

    /** The running thread restarted with new code: its old host unwinds, the new one runs on. */
    void continueRestarted(Tcb self, Coroutine old);

    /** Tells the machine that a thread stopped for good. */
    void threadStopped(ThreadId id);
}
