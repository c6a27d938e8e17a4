package l4.kernel.sched;

/** A thread as the ready queue keeps it: it remembers which priority list it sits in. */
public interface Queueable extends Schedulable {
    /** The priority list this thread is queued in, -1 if none (kept by the ready queue). */
    int queuedIn();

    void queuedIn(int priority);

    /** False for a thread with time slice 0: ready, but it runs only on time donated to it. */
    default boolean timeScheduled() { return true; }
}
