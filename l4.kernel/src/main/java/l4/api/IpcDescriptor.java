package l4.api;

/**
 * Send and receive descriptor words.
 * Send: {@code ptr | m | d} — ptr 0 is a register-only message, m says the words carry fpage
 * items, d asks for deceit. Receive: {@code ptr | 0 | o} (memory buffer) or
 * {@code rcvfpage | 1 | o} (register message that may carry mappings into the window);
 * o = 1 is an open wait. All ones (nil) skips that phase.
 */
public final class IpcDescriptor {
    public static final long NIL = -1L;
    public static final long DECEIVE = 1;
    public static final long MAP = 2;
    public static final long OPEN = 1;
    public static final long FPAGE_WINDOW = 2;

    private IpcDescriptor() {}

    public static long send(long bufferAddress, boolean mappings, boolean deceive) {
        if ((bufferAddress & 3) != 0) throw new IllegalArgumentException("message buffer must be word aligned");
        return bufferAddress | (mappings ? MAP : 0) | (deceive ? DECEIVE : 0);
    }

    public static long registers() { return 0; }

    public static long receiveBuffer(long bufferAddress, boolean open) {
        if ((bufferAddress & 3) != 0) throw new IllegalArgumentException("message buffer must be word aligned");
        return bufferAddress | (open ? OPEN : 0);
    }

    public static long receiveWindow(Fpage window, boolean open) {
        return (window.encode() & ~3L) | FPAGE_WINDOW | (open ? OPEN : 0);
    }

    public static boolean isNil(long d) { return d == NIL; }
    public static boolean open(long rcv) { return (rcv & OPEN) != 0; }
    public static boolean hasWindow(long rcv) { return (rcv & FPAGE_WINDOW) != 0; }
    public static long pointer(long d) { return d & ~3L; }
    public static boolean mappings(long snd) { return (snd & MAP) != 0; }
    public static boolean deceiving(long snd) { return (snd & DECEIVE) != 0; }

    public static Fpage window(long rcv) {
        return Fpage.decode(rcv & ~3L);
    }
}
