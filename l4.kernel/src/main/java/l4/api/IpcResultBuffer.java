package l4.api;

import java.util.Arrays;

/**
 * A reusable, mutable receiver of an IPC's outcome: the same values as {@link IpcResult}, written
 * by {@link L4#ipc(ThreadId, long, long[], long, ThreadId, ThreadId, Timeout, IpcResultBuffer)} and its
 * variants into an object the caller keeps, so that a server or client loop allocates nothing per
 * IPC. Each IPC overwrites all of it; it belongs to one thread (no synchronisation), and
 * {@link #toResult()} gives an immutable copy to keep.
 */
public final class IpcResultBuffer {
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
        this.source = source;
        this.realDestination = realDestination;
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

    public long dope() { return dope; }
    public int cc() { return MsgDope.cc(dope); }
    public IpcError error() { return IpcError.fromCode(cc()); }
    public boolean ok() { return (cc() & 0xF0) == 0; }
    public boolean deceived() { return (cc() & ConditionCode.DECEIVED) != 0; }
    public boolean mapped() { return (cc() & ConditionCode.MAPPED) != 0; }
    public boolean redirected() { return (cc() & ConditionCode.REDIRECTED) != 0; }
    public boolean fromInnerClan() { return (cc() & ConditionCode.INNER_CLAN) != 0; }
    public ThreadId source() { return source; }
    /** Memory words received with a long message (the dope's word count); 0 for a register message. */
    public int memoryWords() { return MsgDope.words(dope); }
    /** Strings received with a long message (the dope's string count). */
    public int strings() { return MsgDope.strings(dope); }
    /** The real destination of a received message: the id its sender named; nil when nothing was received. */
    public ThreadId realDestination() { return realDestination; }
    /** The received register words (the architecture's message registers). */
    public int wordCount() { return count; }

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
