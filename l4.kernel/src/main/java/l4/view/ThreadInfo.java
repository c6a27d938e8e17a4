package l4.view;

/**
 * An active thread: its id, task number, state (as {@code l4:threads} prints it), IPC partner (an
 * id, or empty), priority, simulated CPU time, and whether it holds the CPU; for a thread that
 * runs guest code ({@code guest}) also its register frame's IP and SP and its last exception
 * (empty if none), as {@code l4:threads} shows them.
 */
public record ThreadInfo(String id, int task, String state, String partner, int priority, long cpuMicros, boolean running,
                         boolean guest, long ip, long sp, String lastException) {
    /** A thread that runs Java code. */
    public ThreadInfo(String id, int task, String state, String partner, int priority, long cpuMicros, boolean running) {
        this(id, task, state, partner, priority, cpuMicros, running, false, 0, 0, "");
    }
}
