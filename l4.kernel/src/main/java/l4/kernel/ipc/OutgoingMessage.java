package l4.kernel.ipc;

import l4.api.ThreadId;
import l4.api.Timeout;

/**
 * A send phase as the kernel keeps it while the sender waits for its receiver. Mutable only so
 * that {@link IpcPath} can reuse one for the short IPC to a receiver already waiting, which can
 * neither wait nor nest; every other send phase has an object of its own.
 */
final class OutgoingMessage {
    long descriptor;
    long[] words;
    ThreadId intended;
    ThreadId source;
    boolean deceived;
    boolean redirected;
    boolean fromInner;
    Timeout timeout;
    /** How long the sender may wait for its receiver (µs, {@link Timeout#INFINITE}). */
    long sendMicros;
    /** Nested page-fault RPC: the reply window is the whole space and there is no memory part. */
    boolean pagefaultRpc;

    OutgoingMessage(long descriptor, long[] words, ThreadId intended, ThreadId source, boolean deceived,
                    boolean redirected, boolean fromInner, Timeout timeout, long sendMicros, boolean pagefaultRpc) {
        set(descriptor, words, intended, source, deceived, redirected, fromInner, timeout, sendMicros, pagefaultRpc);
    }

    OutgoingMessage set(long descriptor, long[] words, ThreadId intended, ThreadId source, boolean deceived,
                        boolean redirected, boolean fromInner, Timeout timeout, long sendMicros, boolean pagefaultRpc) {
        this.sendMicros = sendMicros;
        this.descriptor = descriptor;
        this.words = words;
        this.intended = intended;
        this.source = source;
        this.deceived = deceived;
        this.redirected = redirected;
        this.fromInner = fromInner;
        this.timeout = timeout;
        this.pagefaultRpc = pagefaultRpc;
        return this;
    }
}
