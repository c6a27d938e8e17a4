package l4.kernel.object;

import l4.api.ThreadId;
import l4.api.Timeout;

/**
 * A send phase as the kernel keeps it while the sender waits for its receiver. Mutable only so
 * that the IPC path can reuse one for the short IPC to a receiver already waiting, which can
 * neither wait nor nest; every other send phase has an object of its own.
 */
public final class SendPhase {
    public long descriptor;
    /**
     * The register words of a message the kernel sends (the page-fault message), or null: the
     * sender's own message registers ({@link Tcb#message}), which its send phase leaves alone.
     */
    public long[] words;
    public ThreadId intended;
    public ThreadId source;
    public boolean deceived;
    public boolean redirected;
    public boolean fromInner;
    public Timeout timeout;
    /** How long the sender may wait for its receiver (µs, {@link Timeout#INFINITE}). */
    public long sendMicros;
    /** Nested page-fault RPC: the reply window is the whole space and there is no memory part. */
    public boolean pagefaultRpc;
    /**
     * A guest thread's exception message: the register frame sent as its memory part (from the
     * kernel, not from the sender's memory), or null.
     */
    public long[] kernelFrame;

    public SendPhase(long descriptor, long[] words, ThreadId intended, ThreadId source, boolean deceived,
                    boolean redirected, boolean fromInner, Timeout timeout, long sendMicros, boolean pagefaultRpc) {
        set(descriptor, words, intended, source, deceived, redirected, fromInner, timeout, sendMicros, pagefaultRpc);
    }

    /** Register word {@code i} of this message, which {@code sender} sends. */
    public long word(Tcb sender, int i) {
        long[] w = words;
        if (w == null) return sender.message.word(i);
        return i < w.length ? w[i] : 0L;
    }

    public SendPhase set(long descriptor, long[] words, ThreadId intended, ThreadId source, boolean deceived,
                        boolean redirected, boolean fromInner, Timeout timeout, long sendMicros, boolean pagefaultRpc) {
        // The references only when they change: the reused scratch message is long-lived, and
        // each store of a reference into it would cost the host's garbage collector a write barrier.
        this.sendMicros = sendMicros;
        this.descriptor = descriptor;
        if (this.words != words) this.words = words;
        if (this.intended != intended) this.intended = intended;
        if (this.source != source) this.source = source;
        this.deceived = deceived;
        this.redirected = redirected;
        this.fromInner = fromInner;
        if (this.timeout != timeout) this.timeout = timeout;
        this.pagefaultRpc = pagefaultRpc;
        if (this.kernelFrame != null) this.kernelFrame = null;
        return this;
    }
}
