package l4.linuxserver.transport;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The replies of one round of the server loop and the interrupts the same round asks for: the
 * replies go out first, then each thread is interrupted once.
 *
 * <p>A thread that sits in its call waiting for a reply can be the target of an interrupt found
 * in the same round (another thread's call signals it after its own call completed). The
 * interrupt is an lthread_ex_regs by the task's signal thread, which has the server's priority:
 * if the server's time slice ends between asking the signal thread and sending the reply, the
 * ex_regs cancels the thread's call and the reply, with the result of a completed read or wait4,
 * is lost. Sent first, the reply has reached the thread (it waits in a receive with no timeout),
 * and the interrupt then forces it out of user code as for any running thread.
 *
 * @param <T> a thread
 */
final class ReplyRound<T> {
    private final List<Runnable> replies = new ArrayList<>();
    private final Set<T> interrupts = new LinkedHashSet<>();

    /** A reply to send when the round ends. */
    void reply(Runnable send) {
        replies.add(send);
    }

    /** Threads to interrupt when the round ends, after the replies; each thread once, in first-asked order. */
    void interrupt(Collection<T> threads) {
        interrupts.addAll(threads);
    }

    /** Sends the replies, then interrupts; the round is empty again. */
    void end(Consumer<T> interrupt) {
        List<Runnable> r = List.copyOf(replies);
        List<T> i = List.copyOf(interrupts);
        replies.clear();
        interrupts.clear();
        r.forEach(Runnable::run);
        i.forEach(interrupt);
    }
}
