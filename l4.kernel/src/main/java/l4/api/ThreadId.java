package l4.api;

/**
 * A Version 2 thread id: 64 bits, laid out from the most significant bit as
 * {@code nest:4 | chief:11 | site:17 || ver1:4 | task:11 | lthread:7 | ver0:10}.
 * The same layout serves both architectures (ix86 carries it in ESI low / EDI high).
 */
public final class ThreadId implements Comparable<ThreadId> {
    public static final int MAX_TASKS = 2048;
    public static final int THREADS_PER_TASK = 128;
    public static final int MAX_NEST = 15;
    public static final int MAX_VERSION = (1 << 14) - 1;

    public static final ThreadId NIL = new ThreadId(0L);
    public static final ThreadId INVALID = new ThreadId(-1L);

    private final long raw;

    private ThreadId(long raw) {
        this.raw = raw;
    }

    public static ThreadId ofRaw(long raw) {
        if (raw == 0L) return NIL;
        if (raw == -1L) return INVALID;
        return new ThreadId(raw);
    }

    public static ThreadId of(int nest, int chief, int task, int lthread, int version) {
        check(nest, 0, MAX_NEST, "nest");
        check(chief, 0, MAX_TASKS - 1, "chief");
        check(task, 0, MAX_TASKS - 1, "task");
        check(lthread, 0, THREADS_PER_TASK - 1, "lthread");
        check(version, 0, MAX_VERSION, "version");
        long hi = ((long) nest << 28) | ((long) chief << 17);
        long lo = ((long) (version >>> 10) << 28) | ((long) task << 17) | ((long) lthread << 10) | (version & 0x3FF);
        return ofRaw((hi << 32) | lo);
    }

    /** The id the kernel uses for hardware interrupt {@code irq}: irq+1 in the low bits. */
    public static ThreadId interrupt(int irq) {
        check(irq, 0, 255, "irq");
        return new ThreadId(irq + 1L);
    }

    private static void check(int v, int min, int max, String what) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(what + " " + v + " outside " + min + ".." + max);
        }
    }

    public long raw() { return raw; }
    public int nest() { return (int) (raw >>> 60) & 0xF; }
    public int chief() { return (int) (raw >>> 49) & 0x7FF; }
    public int site() { return (int) (raw >>> 32) & 0x1FFFF; }
    public int task() { return taskOf(raw); }
    public int lthread() { return lthreadOf(raw); }

    /** The task number of the id {@code raw}, without an id object. */
    public static int taskOf(long raw) { return (int) (raw >>> 17) & 0x7FF; }

    /** The lthread of the id {@code raw}, without an id object. */
    public static int lthreadOf(long raw) { return (int) (raw >>> 10) & 0x7F; }
    public int version() { return (int) (((raw >>> 28) & 0xF) << 10 | (raw & 0x3FF)); }

    public boolean isNil() { return raw == 0L; }
    public boolean isInvalid() { return raw == -1L; }

    /** True for the ids 1..256 that name hardware interrupts. */
    public boolean isInterrupt() { return raw > 0 && raw <= 256; }
    public int irq() { return (int) raw - 1; }

    /** The task id: this id with lthread 0. */
    public ThreadId taskId() {
        return ofRaw(raw & ~(0x7FL << 10));
    }

    public ThreadId withLthread(int lthread) {
        return ofRaw(withLthreadRaw(lthread));
    }

    /** The raw word of {@link #withLthread}, without building the id. */
    public long withLthreadRaw(int lthread) {
        check(lthread, 0, THREADS_PER_TASK - 1, "lthread");
        return (raw & ~(0x7FL << 10)) | ((long) lthread << 10);
    }

    public boolean sameTask(ThreadId other) {
        return !isNil() && !isInvalid() && !isInterrupt() && other != null
                && other.task() == task() && !other.isNil() && !other.isInvalid() && !other.isInterrupt();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ThreadId && ((ThreadId) o).raw == raw;
    }

    @Override
    public int hashCode() { return Long.hashCode(raw); }

    @Override
    public int compareTo(ThreadId o) { return Long.compareUnsigned(raw, o.raw); }

    /** {@code task.lthread} for ordinary ids, {@code nil}, {@code invalid}, {@code irq N}. */
    @Override
    public String toString() {
        if (isNil()) return "nil";
        if (isInvalid()) return "invalid";
        if (isInterrupt()) return "irq" + irq();
        return String.format("%x.%02x", task(), lthread());
    }

    /** Full hexadecimal form, as the L4/MIPS test logs print ids. */
    public String toHex() { return String.format("0x%016x", raw); }
}
