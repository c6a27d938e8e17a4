package l4.linuxserver.transport;

/**
 * What clients ask the Linux server (the {@code linux:} commands' client programs), in register
 * words only, so a client needs no memory of its own: w0 the operation, text in chunks of the
 * words after w1 (w1 = the chunk's length in bytes, 8 bytes a word, little-endian).
 *
 * <ul>
 * <li>{@link #PUT}: appends a chunk to the client's request text; reply w0 = 0.
 * <li>{@link #RUN}: starts {@code sh -c} with the request text as the command line; reply w0 = 0,
 *     or an error ({@link #NOT_MIPS}, {@link #BUSY}, {@link #HALTED}).
 * <li>{@link #PS}: the process list as the result text (already complete); reply w0 = 0, or
 *     {@link #HALTED}.
 * <li>{@link #READ}: the next chunk of the result: reply w0 = {@link #MORE} with a chunk, or
 *     {@link #DONE} with w1 = the exit status when nothing is left; the reply waits until output
 *     comes or the command ends.
 * </ul>
 */
public final class LinuxProtocol {
    public static final long PUT = 1, RUN = 2, PS = 3, READ = 4;
    public static final long OK = 0, MORE = 1, DONE = 2;
    /**
     * Errors of RUN: the machine is not MIPS (the ix86 personality does not exist yet); a command
     * runs already; a malformed request; the Linux system was halted or powered off from inside
     * (reboot), which RUN and PS answer from then on.
     */
    public static final long NOT_MIPS = -1, BUSY = -2, BAD_REQUEST = -3, HALTED = -4;
    /** Longest request text (a command line). */
    public static final int MAX_TEXT = 128 * 1024;

    private LinuxProtocol() {}

    /** Bytes per chunk with {@code registers} message registers: every word after w0 and w1. */
    public static int chunkBytes(int registers) {
        return (registers - 2) * 8;
    }

    /** Packs {@code n} bytes of {@code b} from {@code at} into words w2.. of {@code words}, w1 = n. */
    public static void pack(byte[] b, int at, int n, long[] words) {
        words[1] = n;
        for (int i = 0; i < n; i++) words[2 + i / 8] |= (b[at + i] & 0xFFL) << (8 * (i % 8));
    }

    /** The chunk in words w1 (length), w2.. of a message. */
    public static byte[] unpack(long[] words) {
        int n = (int) Math.max(0, Math.min(words[1], (words.length - 2) * 8L));
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (words[2 + i / 8] >>> (8 * (i % 8)));
        return b;
    }
}
