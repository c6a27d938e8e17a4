package l4.api;

/**
 * The kernel info page: one 4 KiB frame the kernel keeps up to date and σ0 maps read-only on
 * request. Fields are machine words at {@code index × wordBytes}; the architecture name is ASCII
 * from {@link #ARCH_NAME} on.
 */
public final class KipLayout {
    /** Physical address of the page (a RAM frame the kernel reserves). */
    public static final long PHYSICAL = 0x1000;
    /** "L4uK" read as a little-endian 32-bit word. */
    public static final long MAGIC_VALUE = 0x4B753441L;

    public static final int MAGIC = 0;
    public static final int VERSION = 1;
    public static final int BUILD = 2;
    /** Simulated ms since boot, updated every timer tick (L4/MIPS kernel info page). */
    public static final int CLOCK = 3;
    public static final int MEMORY_SIZE = 4;
    public static final int WORD_BITS = 5;
    public static final int MESSAGE_REGISTERS = 6;
    public static final int PAGE_SIZES = 7;
    public static final int RESERVED_COUNT = 8;
    /** Reserved regions: pairs (physical start, length) from here on. */
    public static final int RESERVED_FIRST = 9;
    /** Byte offset of the architecture name (NUL-terminated ASCII). */
    public static final int ARCH_NAME = 2048;

    /** Interface version 2, "ε" revision of the V2 kernels this project follows. */
    public static final long VERSION_VALUE = 0x0200_0000L | 79;

    private KipLayout() {}
}
