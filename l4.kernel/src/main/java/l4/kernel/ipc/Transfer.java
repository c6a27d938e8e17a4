package l4.kernel.ipc;

import l4.kernel.object.Tcb;

/** A message transfer in progress: from here on an ex_regs or kill aborts instead of cancelling. */
final class Transfer {
    final Tcb sender;
    final Tcb receiver;
    /** Set by ex_regs/task_new on either partner; the copying context checks it. */
    boolean aborted;

    Transfer(Tcb sender, Tcb receiver) {
        this.sender = sender;
        this.receiver = receiver;
    }
}
