package l4.arch.mips;

/**
 * The v0 word thread_schedule returns on L4/MIPS ({@code k_thread_schedule} in syscalls.S):
 * bits 0–47 the thread's CPU time in µs, 48–51 the page-fault wakeup exponent (always 0 here: the
 * generic kernel reports one wakeup value), 52–55 e and 56–63 m of the remaining wakeup time
 * m·4^(15−e) µs. e = 0 means no wakeup pending (infinite, reported as −1); m = 0 with e ≠ 0 is 0.
 * A wakeup time is rounded up to the next encodable value (as timeouts are) and saturates at
 * 255·4^14 µs.
 */
final class ScheduleTimeWord {
    static final long INFINITE = -1L;
    static final long CPU_TIME_MASK = (1L << 48) - 1;
    private static final long MAX_WAKEUP = 255L << 28;

    private ScheduleTimeWord() {}

    static long pack(long cpuMicros, long wakeupMicros) {
        return (cpuMicros & CPU_TIME_MASK) | encodeWakeup(wakeupMicros) << 52;
    }

    static long cpuMicros(long word) {
        return word & CPU_TIME_MASK;
    }

    static long wakeupMicros(long word) {
        int e = (int) (word >>> 52) & 0xF;
        int m = (int) (word >>> 56) & 0xFF;
        if (e == 0) return INFINITE;
        if (m == 0) return 0;
        return (long) m << (2 * (15 - e));
    }

    /** The 12-bit field m:8 | e:4 (e in the low bits). */
    static long encodeWakeup(long micros) {
        if (micros < 0) return 0;                 // no wakeup: e = 0
        if (micros == 0) return 1;                // m = 0, e = 1: zero
        if (micros >= MAX_WAKEUP) return 255L << 4 | 1;
        for (int e = 15; e >= 1; e--) {
            long unit = 1L << (2 * (15 - e));
            long m = (micros + unit - 1) / unit;
            if (m <= 255) return m << 4 | e;
        }
        return 255L << 4 | 1;
    }
}
