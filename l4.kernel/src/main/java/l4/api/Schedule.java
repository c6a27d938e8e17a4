package l4.api;

/**
 * thread_schedule's parameter word and results. Param: bits 0–7 priority, 8–15 small-space
 * number (ix86), 16–19 thread state on output, 20–23 e_t, 24–31 m_t; slice = m_t·4^(15−e_t) µs.
 * An unchanged field is all ones; a refused call returns param all ones.
 */
public final class Schedule {
    public static final long UNCHANGED = -1L;

    private final long oldParam;
    private final ThreadId oldPreempter;
    private final ThreadId partner;
    private final long cpuMicros;
    private final long wakeupMicros;

    public Schedule(long oldParam, ThreadId oldPreempter, ThreadId partner, long cpuMicros, long wakeupMicros) {
        this.oldParam = oldParam;
        this.oldPreempter = oldPreempter;
        this.partner = partner;
        this.cpuMicros = cpuMicros;
        this.wakeupMicros = wakeupMicros;
    }

    public static long param(int priority, long sliceMicros) {
        if (priority < 0 || priority > 255) throw new IllegalArgumentException("priority " + priority + " outside 0..255");
        int[] me = Timeout.encode(sliceMicros);
        return (long) me[0] << 24 | (long) me[1] << 20 | priority;
    }

    public static int priority(long param) { return (int) param & 0xFF; }
    public static int state(long param) { return (int) (param >>> 16) & 0xF; }
    public static long sliceMicros(long param) { return Timeout.decode((int) (param >>> 24) & 0xFF, (int) (param >>> 20) & 0xF); }

    public long oldParam() { return oldParam; }
    public boolean refused() { return (oldParam & 0xFFFFFFFFL) == 0xFFFFFFFFL; }
    public ThreadId oldPreempter() { return oldPreempter; }
    public ThreadId partner() { return partner; }
    public long cpuMicros() { return cpuMicros; }
    public long wakeupMicros() { return wakeupMicros; }

    @Override
    public String toString() {
        return refused() ? "schedule(refused)" : String.format("schedule(prio %d, slice %dus, state %d, partner %s, cpu %dus)",
                priority(oldParam), sliceMicros(oldParam), state(oldParam), partner, cpuMicros);
    }
}
