package l4.api;

import java.util.Arrays;

/**
 * A reusable, mutable receiver of an IPC's outcome: the same values as {@link IpcResult}, written
 * by {@link L4#ipc(ThreadId, long, long[], long, ThreadId, ThreadId, Timeout, IpcResultBuffer)} and its
 * variants into an object the caller keeps, so that a server or client loop allocates nothing per
 * IPC. Each IPC overwrites all of it; it belongs to one thread (no synchronisation), and
 * {@link #toResult()} gives an immutable copy to keep.
 */
public final class IpcResultBuffer implements IpcOutcomeView {
    private long dope;
    private ThreadId source = ThreadId.NIL;
    private ThreadId realDestination = ThreadId.NIL;
    private long[] words = new long[0];
    private int count;

    /**
     * Sets dope, source and real destination and returns the array into which the caller writes
     * the {@code wordCount} received words (its first {@code wordCount} elements; it may be
     * longer, and is reused by the next call). For bindings.
     */
    public long[] set(long dope, ThreadId source, ThreadId realDestination, int wordCount) {
        this.dope = dope;
        // A loop's partner is usually the same id object every time, and a reference stored into
        // a long-lived buffer can cost the host's collector (G1) a fence.
        if (this.source != source) this.source = source;
        if (this.realDestination != realDestination) this.realDestination = realDestination;
        if (words.length < wordCount) words = new long[wordCount];
        count = wordCount;
        return words;
    }

    /** Takes the values of {@code r}; returns this. */
    public IpcResultBuffer set(IpcResult r) {
        long[] w = set(r.dope(), r.source(), r.realDestination(), r.wordCount());
        for (int i = 0; i < count; i++) w[i] = r.word(i);
        return this;
    }

    @Override
    public long dope() { return dope; }
    @Override
    public ThreadId source() { return source; }
    @Override
    public ThreadId realDestination() { return realDestination; }
    @Override
    public int wordCount() { return count; }

    @Override
    public long word(int i) {
        if (i < 0 || i >= count) throw new IndexOutOfBoundsException("word " + i + " of " + count);
        return words[i];
    }

    /** Copies the received words into {@code into} (as many as fit); returns {@code into}. */
    public long[] copyWords(long[] into) {
        System.arraycopy(words, 0, into, 0, Math.min(count, into.length));
        return into;
    }

    public long[] words() { return Arrays.copyOf(words, count); }

    /** An immutable copy. */
    public IpcResult toResult() { return IpcResult.adopt(dope, source, words(), realDestination); }

    @Override
    public String toString() {
        return "ipc(" + ConditionCode.describe(cc()) + ", from " + source + ", words " + Arrays.toString(words()) + ")";
    }
}
