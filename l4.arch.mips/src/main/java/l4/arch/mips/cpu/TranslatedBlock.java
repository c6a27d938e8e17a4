package l4.arch.mips.cpu;

/**
 * A basic block of guest code compiled to a JVM method by {@link BlockTranslator}: it runs the
 * block's instructions on the register file, as the interpreter would, and leaves the outcome in a
 * {@link BlockContext}. Subclasses are hidden classes, unloaded with the last reference to them.
 */
abstract class TranslatedBlock {
    /** Guest instructions of one pass, the delay slot included. */
    int length;
    /**
     * The most one pass can cost besides the wait for a multiplication or division issued before
     * it: its static cycles and the latencies of its own multiplications and divisions.
     */
    long cycles;
    /** Whether it reads or writes hi/lo: it starts from {@link BlockContext#hiloPending} and leaves {@link BlockContext#hiloReady}. */
    boolean hilo;
    /**
     * The instruction after a block that ends without a branch is a {@code syscall} in the same
     * page: a pass that runs to the end stops there, as the interpreter would, without its turn.
     */
    boolean syscallNext;
    /** That syscall's static cycles. */
    long syscallCycles;

    /**
     * Runs the block from its first instruction, looping while it branches back to its start and
     * another pass fits the budget in {@code x}; stops before an access that misses the host
     * translation cache or is misaligned, with the state exactly as before that instruction.
     */
    abstract void run(long[] r, GuestState s, BlockContext x);
}
