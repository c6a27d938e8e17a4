package l4.arch.mips.cpu;

/**
 * What a {@link TranslatedBlock} reads besides the registers, and where it leaves its outcome; one
 * per address space, holding that space's host translations.
 */
final class BlockContext {
    // in: the space's host translations and the budget left
    final long[] readTag;
    final byte[][] readFrame;
    final long[] writeTag;
    final byte[][] writeFrame;
    long instructionsLeft;
    long cyclesLeft;
    /** Cycles from the block's entry until hi/lo hold the result of the last multiplication or division. */
    long hiloPending;
    // out
    long pc;
    long npc;
    boolean delaySlot;
    /** The block left through its branch: the next instruction may begin a block. */
    boolean branched;
    long instructions;
    long cycles;
    long hits;
    /** As {@link #hiloPending}, at the exit, counted from the block's entry. */
    long hiloReady;

    BlockContext(long[] readTag, byte[][] readFrame, long[] writeTag, byte[][] writeFrame) {
        this.readTag = readTag;
        this.readFrame = readFrame;
        this.writeTag = writeTag;
        this.writeFrame = writeFrame;
    }
}
