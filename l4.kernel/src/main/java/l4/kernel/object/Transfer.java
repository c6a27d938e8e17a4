package l4.kernel.object;

/** A message transfer in progress: from here on an ex_regs or kill aborts instead of cancelling. */
public final class Transfer {
    public final Tcb sender;
    public final Tcb receiver;
    /** The receiver's kind before the transfer (in page fault: it receives its pager's reply). */
    public final ThreadState.Kind receiverKind;
    /** Set by ex_regs/task_new on either partner; the copying context checks it. */
    public boolean aborted;

    public Transfer(Tcb sender, Tcb receiver, ThreadState.Kind receiverKind) {
        this.sender = sender;
        this.receiver = receiver;
        this.receiverKind = receiverKind;
    }
}
