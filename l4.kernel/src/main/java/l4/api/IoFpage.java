package l4.api;

/**
 * An ix86 I/O flexpage: 2^s I/O ports starting at a port aligned to 2^s (s = 0..16). Word
 * encoding (L4 V2 ix86, a 32-bit word): {@code 0xF0000000 | port << 12 | s << 2 | g}, the marker
 * 0xF in bits 28–31, the port in bits 12–27, the size in bits 2–7, the grant bit 0 as in memory
 * fpages; bit 1 (write) is ignored, bits 8–11 must be 0. Only architectures with I/O ports
 * interpret such a word as an I/O fpage (elsewhere it is an ordinary memory fpage word).
 */
public final class IoFpage {
    public static final long MARKER = 0xF000_0000L;
    /** Number of I/O ports. */
    public static final int PORTS = 65536;
    public static final int MAX_SIZE_LOG2 = 16;

    /** The nil I/O fpage (decode's answer for a malformed word). */
    public static final IoFpage NIL = new IoFpage(0, -1, false);

    private final int port;
    private final int sizeLog2;
    private final boolean grant;

    private IoFpage(int port, int sizeLog2, boolean grant) {
        this.port = port;
        this.sizeLog2 = sizeLog2;
        this.grant = grant;
    }

    /** 2^sizeLog2 ports from {@code port} (aligned); throws {@link IllegalArgumentException} otherwise. */
    public static IoFpage of(int port, int sizeLog2) {
        if (sizeLog2 < 0 || sizeLog2 > MAX_SIZE_LOG2) {
            throw new IllegalArgumentException("I/O fpage size 2^" + sizeLog2 + " outside 2^0..2^16");
        }
        if (port < 0 || port >= PORTS || (port & ((1 << sizeLog2) - 1)) != 0) {
            throw new IllegalArgumentException(String.format("I/O port 0x%x not a port aligned to 2^%d", port, sizeLog2));
        }
        return new IoFpage(port, sizeLog2, false);
    }

    /** True if {@code word} carries the I/O fpage marker: bits 28–31 = 0xF and nothing above bit 31. */
    public static boolean isIoFpage(long word) {
        return (word & ~0x0FFF_FFFFL) == MARKER;
    }

    /** Decodes a word; anything that is not a well-formed I/O fpage decodes as {@link #NIL}. */
    public static IoFpage decode(long word) {
        if (!isIoFpage(word) || (word & 0xF00L) != 0) return NIL;
        int s = (int) (word >>> 2) & 0x3F;
        int port = (int) (word >>> 12) & 0xFFFF;
        if (s > MAX_SIZE_LOG2 || (port & ((1 << s) - 1)) != 0) return NIL;
        return new IoFpage(port, s, (word & Fpage.RIGHT_GRANT) != 0);
    }

    public long encode() {
        if (isNil()) return 0;
        return MARKER | (long) port << 12 | (long) sizeLog2 << 2 | (grant ? Fpage.RIGHT_GRANT : 0);
    }

    public IoFpage granting() { return isNil() ? NIL : new IoFpage(port, sizeLog2, true); }

    public boolean isNil() { return sizeLog2 < 0; }
    public int port() { return port; }
    public int sizeLog2() { return sizeLog2; }
    /** Number of ports covered (0 for nil). */
    public int ports() { return isNil() ? 0 : 1 << sizeLog2; }
    /** Last port covered (inclusive). */
    public int end() { return port + ports() - 1; }
    public boolean grant() { return grant; }

    public boolean contains(int p) { return !isNil() && p >= port && p <= end(); }

    @Override
    public boolean equals(Object o) {
        return o instanceof IoFpage && ((IoFpage) o).encode() == encode();
    }

    @Override
    public int hashCode() { return Long.hashCode(encode()); }

    @Override
    public String toString() {
        if (isNil()) return "iofpage(nil)";
        return String.format("iofpage(port 0x%x, 2^%d%s)", port, sizeLog2, grant ? ", grant" : "");
    }
}
