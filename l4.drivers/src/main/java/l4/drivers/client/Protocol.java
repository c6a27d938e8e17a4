package l4.drivers.client;

import l4.api.L4;
import l4.api.ThreadId;

/**
 * The drivers' IPC protocols, in register words only (ix86 has two 32-bit message words, MIPS
 * eight 64-bit ones; every request and reply fits two words, the console packs data bytes into the
 * rest). Word 0 of a request is the operation in bits 0–7 and an argument above; word 0 of a reply
 * is a {@code STATUS_*} code in bits 0–7 and a result above.
 *
 * <p>Names ({@code names}, the first server the root task starts, task 3 of the root task's clan):
 * <ul>
 * <li>{@code REGISTER} (w1 = key of the name; argument 0, or n = lthread + 1 of the sender's
 *     task): the sender's thread (or that lthread) is registered under the name; a name held by a
 *     thread of another task answers {@code STATUS_EXISTS};</li>
 * <li>{@code LOOKUP} (w1 = key): reply w0, w1 = the low and high 32 bits of the thread id, or
 *     nil (0, 0) when no such name is registered.</li>
 * </ul>
 * A key is the 32-bit FNV-1a hash of the name's UTF-8 bytes ({@link #key}). The table lives and
 * dies with the name server's incarnation; lthread {@link #NAMES_WATCH_LTHREAD} of the name server
 * never receives, so a send to it ends (0x10) exactly when that incarnation is gone.
 *
 * <p>Console ({@code console}): {@code WRITE} (argument: n = byte count, 1..{@link
 * Words#bytesPerMessage}, in bits 0–7, a sequence number 1..{@link #MAX_SEQUENCE} in bits 8–23, 0
 * for none; the bytes little-endian from w1 on), answered once the bytes are queued for the UART;
 * a write with the same sequence number as the sender's last one is a retry whose reply was lost:
 * it is acknowledged again, its bytes are not queued again; {@code READ} (argument n = at most that many bytes), answered when at least one
 * byte has arrived (reply argument = count, bytes from w1 on) — a client bounds the wait with its
 * receive timeout, and bytes are only taken from the queue when the reply reached it.
 *
 * <p>Clock ({@code clock}): {@code CLOCK_READ}: reply w1 = seconds since 2000-01-01 00:00:00 as the
 * CMOS clock counts them.
 *
 * <p>Block ({@code block}), sectors of 512 bytes, 1..{@link #MAX_SECTORS} per request, data as one
 * string of a long message ({@link MessageBuffer}): {@code BLOCK_READ} (argument n, w1 = first
 * sector) answers with the data; {@code BLOCK_WRITE} (argument n, w1 = first sector, the data as
 * the string) answers once the disk has the sectors (in its cache: only {@code BLOCK_FLUSH}, which
 * answers after the disk's FLUSH CACHE, makes them durable); {@code BLOCK_INFO} answers w1 = the
 * disk's sectors. Sectors past the end answer {@code STATUS_OUT_OF_RANGE}, a disk error {@code
 * STATUS_IO_ERROR}, a size that does not match n {@code STATUS_BAD_REQUEST}.
 *
 * <p>Any other operation answers {@code STATUS_BAD_REQUEST}; drivers never crash on a request.
 *
 * <p>Drain ({@link l4.api.UserProgram#DRAIN}, from the root task only): the console, block and clock
 * drivers stop taking requests (senders stay blocked and get 0x10 when the old incarnation is
 * deleted, so they send again, once, to the new one), complete what they have taken — the
 * console until the UART's transmitter is empty — and reply {@code STATUS_OK}.
 */
public final class Protocol {
    public static final int REGISTER = 1;
    public static final int LOOKUP = 2;
    public static final int WRITE = 0x10;
    public static final int READ = 0x11;
    public static final int CLOCK_READ = 0x20;
    public static final int BLOCK_READ = 0x30;
    public static final int BLOCK_WRITE = 0x31;
    public static final int BLOCK_FLUSH = 0x32;
    public static final int BLOCK_INFO = 0x33;
    /** Sectors per block request: one page of data. */
    public static final int MAX_SECTORS = 8;
    public static final int SECTOR = 512;
    /** The largest console write sequence number (16 bits). */
    public static final int MAX_SEQUENCE = 0xFFFF;

    public static final int STATUS_OK = 0;
    public static final int STATUS_NOT_FOUND = 1;
    public static final int STATUS_EXISTS = 2;
    public static final int STATUS_BAD_REQUEST = 3;
    public static final int STATUS_OUT_OF_RANGE = 4;
    public static final int STATUS_IO_ERROR = 5;

    /** The task the root task starts its first server in: the name server. */
    public static final int NAMES_TASK = 3;
    /** The name server's thread that never receives (see the class comment). */
    public static final int NAMES_WATCH_LTHREAD = 1;

    private Protocol() {}

    public static int op(long w0) { return (int) (w0 & 0xFF); }

    public static long arg(long w0) { return (w0 >>> 8) & 0xFF_FFFFL; }

    public static long request(int op, long arg) { return (arg << 8) | (op & 0xFF); }

    /** A console WRITE's argument: {@code n} bytes, sequence number {@code sequence} (0: none). */
    public static long writeArg(int n, int sequence) { return (n & 0xFF) | (long) (sequence & MAX_SEQUENCE) << 8; }

    /** The byte count of a console WRITE's argument. */
    public static int writeCount(long arg) { return (int) (arg & 0xFF); }

    /** The sequence number of a console WRITE's argument. */
    public static int writeSequence(long arg) { return (int) (arg >>> 8) & MAX_SEQUENCE; }

    /** Whether {@code sender} may ask a server of task {@code me} to drain: its chief, the root task. */
    public static boolean drainRequest(ThreadId me, ThreadId sender, long w0) {
        return w0 == l4.api.UserProgram.DRAIN && sender != null && sender.task() == me.chief();
    }

    /** FNV-1a, 32 bits, of the name's UTF-8 bytes; 0 is not a key (an empty name). */
    public static long key(String name) {
        if (name == null || name.isEmpty()) return 0;
        int h = 0x811C9DC5;
        for (byte b : name.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            h ^= b & 0xFF;
            h *= 0x01000193;
        }
        return h & 0xFFFF_FFFFL;
    }

    /**
     * Incarnation {@code version} of the name server of the clan {@code l4}'s thread belongs to (a
     * sibling: same nest and chief). Which incarnation runs is found by asking (see
     * {@link DriverClient}): every restart of the name server counts its version up.
     */
    public static ThreadId nameServer(L4 l4, int version) {
        ThreadId me = l4.myself();
        return ThreadId.of(me.nest(), me.chief(), NAMES_TASK, 0, version & ThreadId.MAX_VERSION);
    }
}
