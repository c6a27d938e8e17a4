package l4.loader;

/**
 * The debug console and exit of L4-native programs: short register IPCs to the loader thread,
 * which is the pager of the program's lthread 0 (a program finds it with lthread_ex_regs(0, -1,
 * -1, invalid, invalid), which changes nothing and returns the pager). w0 is the operation,
 * negative so that no page-fault message (w0 = a user address with flag bits) is one.
 *
 * <table>
 * <caption>operations</caption>
 * <tr><th>w0</th><th>request</th><th>reply</th></tr>
 * <tr><td>{@link #WRITE}</td><td>w1 = fd &lt;&lt; 32 | n (fd 1 or 2, n ≤ {@link #WRITE_MAX}), w2..w7 = the bytes, little endian</td>
 *     <td>w0 = n, or -1 for a bad fd or count</td></tr>
 * <tr><td>{@link #EXIT}</td><td>w1 = the exit value</td><td>none: the loader ends the program's task</td></tr>
 * <tr><td>{@link #MARK}</td><td>w1 = a mark number</td><td>w0 = 0; the loader notes cycles, guest instructions,
 *     page faults and host time (for benchmarks)</td></tr>
 * </table>
 *
 * The loader's second thread is the program's excepter: an exception the program does not handle
 * itself ends it. Freestanding Linux-ABI programs run as alien threads instead: their system
 * calls come to that excepter as exception IPC with the whole register frame, and it serves
 * write (fd 1, 2), exit and exit_group.
 */
public final class LoaderProtocol {
    public static final long WRITE = -16;
    public static final long EXIT = -17;
    public static final long MARK = -18;
    /** Bytes per WRITE message: six message words. */
    public static final int WRITE_MAX = 48;
    /** The register words the L4/MIPS ABI carries (s0..s7). */
    public static final int WORDS = 8;

    private LoaderProtocol() {}
}
