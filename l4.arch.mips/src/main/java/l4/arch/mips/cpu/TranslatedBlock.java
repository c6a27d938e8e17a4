package l4.arch.mips.cpu;

/**
 * A basic block of guest code compiled to a JVM method by {@link BlockTranslator}: it runs the
 * block's instructions on the register file, as the interpreter would, and leaves the outcome in a
 * {@link BlockContext}. Subclasses are hidden classes, unloaded with the last reference to them.
 */
abstract class TranslatedBlock {
    /** Guest instructions of one pass, the delay slot included. */
    int length;
    /** Static cycles of one pass: the most it can cost, since no instruction in it has a dynamic price. */
    long cycles;

    /**
     * Runs the block from its first instruction, looping while it branches back to its start and
     * another pass fits the budget in {@code x}; stops before an access that misses the host
     * translation cache or is misaligned, with the state exactly as before that instruction.
     */
    abstract void run(long[] r, BlockContext x);
}
