package l4.kernel.ipc;

import l4.kernel.object.Tcb;
import l4.kernel.object.ThreadState;

/** A message transfer in progress: from here on an ex_regs or kill aborts instead of cancelling. */
final class Transfer {
    final Tcb sender;
    final Tcb receiver;
    /** The receiver's state before the transfer (in page fault: it receives its pager's reply). */
    final ThreadState receiverState;
    /** Set by ex_regs/task_new on either partner; the copying context checks it. */
    boolean aborted;

    Transfer(Tcb sender, Tcb receiver, ThreadState receiverState) {
        this.sender = sender;
        this.receiver = receiver;
        this.receiverState = receiverState;
    }
}
