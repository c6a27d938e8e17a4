package l4.kernel.sched;

/** What the ready queues and wakeup lists need to know of a thread. */
public interface Schedulable {
    int priority();

    /** Ready to run (or running). */
    boolean runnable();

    /** Deterministic order among equal deadlines: the thread id. */
    long order();
}
