package l4.kernel.ipc;

import l4.api.ThreadId;
import l4.api.Timeout;

/** A send phase as the kernel keeps it while the sender waits for its receiver. */
final class OutgoingMessage {
    final long descriptor;
    final long[] words;
    final ThreadId intended;
    final ThreadId source;
    final boolean deceived;
    final boolean redirected;
    final boolean fromInner;
    final Timeout timeout;
    /** How long the sender may wait for its receiver (µs, {@link Timeout#INFINITE}). */
    final long sendMicros;
    /** Nested page-fault RPC: the reply window is the whole space and there is no memory part. */
    final boolean pagefaultRpc;

    OutgoingMessage(long descriptor, long[] words, ThreadId intended, ThreadId source, boolean deceived,
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
    }
}
