package l4.api;

/**
 * A user-level server that the root task starts in a task of its own: σ0, drivers, the Linux
 * server. Bundles publish implementations as DS services; which ones start, in what order and
 * with which pager, chief and priority is the root task's configuration, not code in the kernel.
 */
public interface UserProgram {
    /** Service property naming the program, for the root task's configuration. */
    String NAME = "l4.program";

    /**
     * Message word 0 of the drain request: before the root task replaces a running server by new
     * code it sends this one-word message from its own thread to the server's lthread 0 and waits
     * a bounded time for any reply. A server that implements draining stops taking requests (its
     * clients stay blocked in their send and get 0x10 when the old incarnation is deleted, so they
     * send the request again, exactly once, to the new one), completes every request it has taken
     * and everything it acknowledged, and then replies. A server that does not answer in time is
     * deleted as it is. Only the root task (the server's chief) may ask.
     */
    long DRAIN = 0xFE;

    String name();

    /** The first thread of the program's task. */
    void main(L4 l4) throws Exception;
}
