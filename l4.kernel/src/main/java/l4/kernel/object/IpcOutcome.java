package l4.kernel.object;

import l4.api.ThreadId;

/**
 * How a blocked IPC phase ended: the condition code, and for a receive the message. Errors and
 * interrupts are objects of their own; a delivered message reuses its receiver's one outcome
 * ({@link Tcb#delivered}), which is read before the receiver can accept the next message.
 */
public final class IpcOutcome {
    /** The result dope: condition code, and for a long message the words and strings received (bits 8–31). */
    public int cc;
    public ThreadId source;
    public long[] words;
    /** The message's real destination (the id its sender named), nil for errors. */
    public ThreadId intended;

    public IpcOutcome(int cc, ThreadId source, long[] words, ThreadId intended) {
        this.cc = cc;
        this.source = source;
        this.words = words;
        this.intended = intended;
    }

    public static IpcOutcome error(int cc) {
        return new IpcOutcome(cc, ThreadId.NIL, null, ThreadId.NIL);
    }

    public int errorCode() { return cc & 0xF0; }
}
