package l4.kernel.sched;

/**
 * 256 priorities, round robin within a priority. Two policies (seed 002): lazy scheduling keeps
 * blocked threads queued until the dispatcher meets them; Benno scheduling queues only runnable
 * threads and keeps the running thread out of the queue. Both must dispatch the same threads in
 * the same order; they differ in queue work, which the statistics show.
 */
public interface ReadyQueue<T extends Queueable> {
    /** {@code t} became runnable: queue it at the tail of its priority if not queued. */
    void makeReady(T t);

    /** {@code t} blocked (Benno removes it now; lazy leaves it for the dispatcher). */
    void blocked(T t);

    /** {@code t} was chosen to run. */
    void dispatched(T t);

    /** {@code t} stays runnable but yields or used up its slice: rotate it to the tail. */
    void rotate(T t);

    /** {@code t} left the system (killed) or its priority changes: remove it. */
    void remove(T t);

    /** The highest-priority runnable thread, first in its round robin; null if none. */
    T pick();

    /** The highest priority with a runnable thread, -1 if none. */
    int highestPriority();

    /**
     * Whether a thread above {@code priority} is runnable: {@code highestPriority() > priority},
     * without looking at the levels at and below it.
     */
    default boolean runnableAbove(int priority) { return highestPriority() > priority; }

    /** Queue operations done (for comparing the policies). */
    long operations();

    String policy();

    /** The threads queued at {@code priority}, in queue order (a lazy queue may still hold blocked ones); for the debugger. */
    java.util.List<T> queued(int priority);

    /** The running thread a Benno queue keeps out of its lists; null for lazy queues. For snapshots. */
    default T running() { return null; }

    /**
     * Sets the queues from a machine snapshot: {@code queues[p]} in queue order (each thread's
     * priority is p), and the running thread a Benno queue keeps apart.
     */
    void restore(java.util.List<java.util.List<T>> queues, T running);
}
