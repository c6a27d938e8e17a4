package l4.api;

/**
 * A flexpage: a region of 2^s bytes aligned to 2^s, with write and grant rights.
 * Word encoding (both architectures): {@code base | s << 2 | w << 1 | g}. The size field is 7 bits
 * wide; ix86 only uses sizes up to 32, MIPS up to 64 (s = 64 is the whole space).
 */
public final class Fpage {
    public static final int MIN_SIZE_LOG2 = 12;
    public static final int RIGHT_GRANT = 1;
    public static final int RIGHT_WRITE = 2;

    /** The nil fpage: size 0, which no legal fpage has. */
    public static final Fpage NIL = new Fpage(0, 0, false, false);

    private final long base;
    private final int sizeLog2;
    private final boolean writable;
    private final boolean grant;

    private Fpage(long base, int sizeLog2, boolean writable, boolean grant) {
        this.base = base;
        this.sizeLog2 = sizeLog2;
        this.writable = writable;
        this.grant = grant;
    }

    /** Builds a legal fpage or throws {@link IllegalArgumentException}. */
    public static Fpage of(long base, int sizeLog2, boolean writable) {
        if (sizeLog2 < MIN_SIZE_LOG2 || sizeLog2 > 64) {
            throw new IllegalArgumentException("fpage size 2^" + sizeLog2 + " outside 2^12..2^64");
        }
        if (sizeLog2 < 64 && (base & ((1L << sizeLog2) - 1)) != 0) {
            throw new IllegalArgumentException(String.format("fpage base 0x%x not aligned to 2^%d", base, sizeLog2));
        }
        return new Fpage(sizeLog2 == 64 ? 0 : base, sizeLog2, writable, false);
    }

    public static Fpage wholeSpace(int sizeLog2, boolean writable) {
        return new Fpage(0, sizeLog2, writable, false);
    }

    /**
     * Decodes a word; an fpage with an illegal size decodes as {@link #NIL}. A base that is not
     * aligned to the size denotes the aligned region containing it: the low base bits are ignored,
     * as the L4 kernels' fpage decoding masks them (for map, grant and fpage_unmap alike).
     */
    public static Fpage decode(long word) {
        int s = (int) (word >>> 2) & 0x7F;
        if (s < MIN_SIZE_LOG2 || s > 64) return NIL;
        long base = s >= 64 ? 0 : word & ~((1L << s) - 1);
        return new Fpage(base, s, (word & RIGHT_WRITE) != 0, (word & RIGHT_GRANT) != 0);
    }

    public long encode() {
        return base | ((long) sizeLog2 << 2) | (writable ? RIGHT_WRITE : 0) | (grant ? RIGHT_GRANT : 0);
    }

    public Fpage granting() { return new Fpage(base, sizeLog2, writable, true); }
    public Fpage readOnly() { return new Fpage(base, sizeLog2, false, grant); }

    public boolean isNil() { return sizeLog2 == 0; }
    public long base() { return base; }
    public int sizeLog2() { return sizeLog2; }
    public boolean writable() { return writable; }
    public boolean grant() { return grant; }

    /** Size in bytes, saturating at Long.MAX_VALUE for the 2^63 and 2^64 pages. */
    public long size() { return sizeLog2 >= 63 ? Long.MAX_VALUE : 1L << sizeLog2; }

    /** Last byte address covered (inclusive). */
    public long end() { return sizeLog2 >= 64 ? -1L : base + (1L << sizeLog2) - 1; }

    public boolean contains(long address) {
        return sizeLog2 >= 64 || Long.compareUnsigned(address, base) >= 0 && Long.compareUnsigned(address, end()) <= 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fpage && ((Fpage) o).encode() == encode();
    }

    @Override
    public int hashCode() { return Long.hashCode(encode()); }

    @Override
    public String toString() {
        if (isNil()) return "fpage(nil)";
        return String.format("fpage(0x%x, 2^%d, %s%s)", base, sizeLog2, writable ? "rw" : "ro", grant ? ", grant" : "");
    }
}
