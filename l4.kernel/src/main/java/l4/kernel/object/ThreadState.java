package l4.kernel.object;

/** What a thread is doing, as {@code l4:threads} shows it. */
public enum ThreadState {
    INACTIVE("inactive"),
    RUNNING("running"),
    READY("ready"),
    SENDING("sending"),
    RECEIVING("receiving"),
    /** Partner of a transfer in progress. */
    LOCKED("in transfer"),
    /** Waiting for its pager's reply to a page fault. */
    PAGE_FAULT("in page fault"),
    /** Waiting for its excepter after an exception. */
    EXCEPTION("in exception"),
    /** Halted: its code ended, or an exception nobody handles. Threads are never deleted. */
    STOPPED("stopped");

    private final String label;

    ThreadState(String label) { this.label = label; }

    public String label() { return label; }
}
