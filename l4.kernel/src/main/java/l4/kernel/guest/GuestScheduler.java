package l4.kernel.guest;

import l4.kernel.dispatch.Scheduler;
import l4.kernel.object.Tcb;
import l4.kernel.user.Coroutine;

/** What the guest runner needs of the dispatcher beyond {@link Scheduler}: guest threads wait and leave as data, on the runner's host. */
public interface GuestScheduler extends Scheduler {
    /** Blocks the running guest thread {@code t} (its state says why) and runs {@code prefer} or the scheduler's choice. */
    void blockGuest(Tcb t, Tcb prefer);

    /** The running guest thread {@code t} stopped: the CPU goes to the next thread. */
    void exitGuest(Tcb t);

    /** The runner's host {@code host} found its current thread {@code t} gone: the CPU goes on elsewhere. */
    void leaveVanished(Tcb t, Coroutine host);

    boolean halted();
}
