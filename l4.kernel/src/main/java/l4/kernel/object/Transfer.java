package l4.kernel.object;

/** A message transfer in progress: from here on an ex_regs or kill aborts instead of cancelling. */
public final class Transfer {
    public final Tcb sender;
    public final Tcb receiver;
    /** Set by ex_regs/task_new on either partner; the copying context checks it. */
    public boolean aborted;

    public Transfer(Tcb sender, Tcb receiver) {
        this.sender = sender;
        this.receiver = receiver;
    }
}
