package l4.api;

import java.util.Arrays;

/**
 * What an IPC returns: the result dope (condition code in the low byte; after a long message the
 * memory words and strings received in bits 13–31 and 8–12), the source (or the id the sender
 * claimed), the received register words and the message's real destination, the id its sender
 * named (the receiver itself for a direct message, the intended thread for one redirected to a
 * chief), as the C binding's {@code chief_*} receive variants report it.
 */
public final class IpcResult implements IpcOutcomeView {
    private final long dope;
    private final ThreadId source;
    private final long[] words;
    private final ThreadId intendedDestination;

    public IpcResult(long dope, ThreadId source, long[] words, ThreadId intendedDestination) {
        this(dope, source, words, 0, words.length, intendedDestination);
    }

    private IpcResult(long dope, ThreadId source, ThreadId intendedDestination, long[] words) {
        this.dope = dope;
        this.source = source;
        this.words = words;
        this.intendedDestination = intendedDestination;
    }

    /**
     * A result that takes {@code words} as its own, without a copy: for a binding that unpacks
     * the received registers into a fresh array. The caller must not keep or change the array.
     */
    public static IpcResult adopt(long dope, ThreadId source, long[] words, ThreadId intendedDestination) {
        return new IpcResult(dope, source, intendedDestination, words);
    }

    /** The words are {@code count} values of {@code from} starting at {@code offset} (copied). */
    public IpcResult(long dope, ThreadId source, long[] from, int offset, int count, ThreadId intendedDestination) {
        this.dope = dope;
        this.source = source;
        this.words = Arrays.copyOfRange(from, offset, offset + count);
        this.intendedDestination = intendedDestination;
    }

    @Override
    public long dope() { return dope; }
    @Override
    public ThreadId source() { return source; }
    @Override
    public ThreadId realDestination() { return intendedDestination; }
    /** The same as {@link #realDestination()}: for a redirected message the thread it was meant for. */
    public ThreadId intendedDestination() { return intendedDestination; }
    @Override
    public long word(int i) { return words[i]; }
    @Override
    public int wordCount() { return words.length; }
    public long[] words() { return words.clone(); }

    @Override
    public String toString() {
        return "ipc(" + ConditionCode.describe(cc()) + ", from " + source + ", words " + Arrays.toString(words) + ")";
    }
}
