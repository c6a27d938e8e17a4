package l4.api;

/**
 * The 32-bit IPC timeout word: bits 24–31 m_r, 16–23 m_s, 12–15 p_r, 8–11 p_s, 4–7 e_s, 0–3 e_r.
 * Send/receive timeout = m·4^(15−e) µs, e = 0 infinite, m = 0 with e ≠ 0 zero. Page-fault timeout
 * = 4^(15−p) µs, p = 0 infinite, p = 15 zero.
 */
public final class Timeout {
    /** Marker for an infinite timeout in microsecond results. */
    public static final long INFINITE = -1L;

    /** Everything infinite (the raw word 0). */
    public static final Timeout NEVER = new Timeout(0);
    /** Send and receive zero, page faults infinite. */
    public static final Timeout ZERO = new Timeout(0x11);

    private final int raw;

    private Timeout(int raw) { this.raw = raw; }

    /** The word every IPC carries; 0 (all infinite, the common case) needs no new object. */
    public static Timeout ofRaw(int raw) { return raw == 0 ? NEVER : new Timeout(raw); }

    /** Send and receive timeouts in µs ({@link #INFINITE} allowed), page faults infinite. */
    public static Timeout of(long sendMicros, long receiveMicros) {
        int[] s = encode(sendMicros);
        int[] r = encode(receiveMicros);
        return new Timeout(r[0] << 24 | s[0] << 16 | s[1] << 4 | r[1]);
    }

    public static Timeout receive(long receiveMicros) { return of(INFINITE, receiveMicros); }

    public static Timeout send(long sendMicros) { return of(sendMicros, INFINITE); }

    /** This timeout with page-fault exponents p_s (send side) and p_r (receive side), 0..15. */
    public Timeout withPagefault(int pSend, int pReceive) {
        if (pSend < 0 || pSend > 15 || pReceive < 0 || pReceive > 15) {
            throw new IllegalArgumentException("page-fault exponent outside 0..15");
        }
        return new Timeout(raw & ~0xFF00 | pReceive << 12 | pSend << 8);
    }

    /** Smallest encoding (m, e) whose value is ≥ micros: a finite timeout never shrinks. */
    static int[] encode(long micros) {
        if (micros == INFINITE) return new int[] {0, 0};
        if (micros < 0) throw new IllegalArgumentException("timeout " + micros + " µs is negative");
        if (micros == 0) return new int[] {0, 1};
        for (int e = 15; e >= 1; e--) {
            long unit = 1L << (2 * (15 - e));
            long m = (micros + unit - 1) / unit;
            if (m <= 255) return new int[] {(int) m, e};
        }
        throw new IllegalArgumentException("timeout " + micros + " µs exceeds 255·4^14 µs");
    }

    static long decode(int m, int e) {
        if (e == 0) return INFINITE;
        if (m == 0) return 0;
        return (long) m << (2 * (15 - e));
    }

    static long decodePagefault(int p) {
        if (p == 0) return INFINITE;
        if (p == 15) return 0;
        return 1L << (2 * (15 - p));
    }

    public int raw() { return raw; }
    public long sendMicros() { return decode(raw >>> 16 & 0xFF, raw >>> 4 & 0xF); }
    public long receiveMicros() { return decode(raw >>> 24 & 0xFF, raw & 0xF); }
    public long sendPagefaultMicros() { return decodePagefault(raw >>> 8 & 0xF); }
    public long receivePagefaultMicros() { return decodePagefault(raw >>> 12 & 0xF); }

    @Override
    public boolean equals(Object o) { return o instanceof Timeout && ((Timeout) o).raw == raw; }

    @Override
    public int hashCode() { return raw; }

    @Override
    public String toString() {
        return "timeout(snd " + fmt(sendMicros()) + ", rcv " + fmt(receiveMicros())
                + ", pf " + fmt(sendPagefaultMicros()) + "/" + fmt(receivePagefaultMicros()) + ")";
    }

    private static String fmt(long us) { return us == INFINITE ? "inf" : us + "us"; }
}
