package l4.api;

/**
 * A user-level server that the root task starts in a task of its own: σ0, drivers, the Linux
 * server. Bundles publish implementations as DS services; which ones start, in what order and
 * with which pager, chief and priority is the root task's configuration, not code in the kernel.
 */
public interface UserProgram {
    /** Service property naming the program, for the root task's configuration. */
    String NAME = "l4.program";

    String name();

    /** The first thread of the program's task. */
    void main(L4 l4) throws Exception;
}
