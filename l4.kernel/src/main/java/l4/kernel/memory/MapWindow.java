package l4.kernel.memory;

import l4.api.Fpage;

/**
 * The V2 size-mismatch rule: when the send fpage and the receive window differ in size, the
 * larger one is tiled by the smaller and the tile holding the hot spot (taken modulo the larger
 * size) is used. The result is a source and a target region of equal size 2^sizeLog2.
 */
public record MapWindow(long sourceBase, long targetBase, int sizeLog2) {

    public static MapWindow of(Fpage send, long hotSpot, Fpage receive) {
        if (send.isNil() || receive.isNil()) throw new IllegalArgumentException("nil fpage");
        int s = send.sizeLog2();
        int r = receive.sizeLog2();
        if (s <= r) {
            long offset = modulo(hotSpot, r) & ~mask(s);
            return new MapWindow(send.base(), receive.base() + offset, s);
        }
        long offset = modulo(hotSpot, s) & ~mask(r);
        return new MapWindow(send.base() + offset, receive.base(), r);
    }

    /** Last source byte (inclusive; -1 = 2^64 - 1 for the whole 64-bit space). */
    public long sourceLast() { return sourceBase + mask(sizeLog2); }

    public long targetLast() { return targetBase + mask(sizeLog2); }

    static long mask(int sizeLog2) {
        return sizeLog2 >= 64 ? -1L : (1L << sizeLog2) - 1;
    }

    private static long modulo(long value, int sizeLog2) {
        return value & mask(sizeLog2);
    }
}
