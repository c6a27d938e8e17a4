package l4.view;

/**
 * An active thread: its id, task number, state (as {@code l4:threads} prints it), IPC partner (an
 * id, or empty), priority, simulated CPU time, and whether it holds the CPU.
 */
public record ThreadInfo(String id, int task, String state, String partner, int priority, long cpuMicros, boolean running) {}
