package l4.kernel.snapshot;

import java.nio.charset.StandardCharsets;

/**
 * The machine snapshot's file format; {@code l4.kernel/SNAPSHOT.md} describes every field. All
 * numbers are big-endian; a snapshot is a header and a fixed sequence of sections, each a tag of
 * four ASCII characters, a 32-bit payload length and the payload.
 */
public final class SnapshotFormat {
    /** "L4SNAP" and CR LF, which a text-mode transfer would mangle (as PNG's signature does). */
    public static final byte[] MAGIC = "L4SNAP\r\n".getBytes(StandardCharsets.US_ASCII);
    public static final int VERSION = 2;

    /** The sections, in the order they appear. */
    public static final String[] SECTIONS = {
        "MACH", "CLCK", "TRCE", "STAT", "CODE", "TASK", "OBJS", "TCBS", "SCHD", "IRQS", "MAPS", "PGTB", "IOPT", "PMEM", "END "
    };

    /** A thread reference: task number × 128 + lthread, or this for none. */
    static final int NO_THREAD = -1;
    /** Object table reference for null; outcomes also use the IPC path's two marker outcomes. */
    static final int NONE = -1;
    static final int PICKED = -2;
    static final int SENDER_GONE = -3;
    /** What carries a thread's code. */
    static final int CODE_NONE = 0;
    static final int CODE_JAVA = 1;
    /** Machine code in the thread's address space, run by the architecture's user CPU. */
    static final int CODE_GUEST = 2;

    private SnapshotFormat() {}

    static int tag(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
    }

    static String tagName(int tag) {
        char[] c = new char[4];
        for (int i = 0; i < 4; i++) {
            int ch = tag >>> (24 - 8 * i) & 0xFF;
            c[i] = ch >= 0x20 && ch < 0x7F ? (char) ch : '?';
        }
        return new String(c);
    }
}
