package l4.kernel.trace;

/** One entry of the kernel's event trace. */
public final class TraceEvent {
    public enum Kind { IPC, SWITCH, PAGE_FAULT, IRQ, TIMEOUT, EX_REGS, TASK_NEW, TASK_KILL, UNMAP, MAP, EXCEPTION, SCHEDULE }

    private final long seq;
    private final long micros;
    private final long cycles;
    private final Kind kind;
    private final long from;
    private final long to;
    private final long value;
    private final int result;

    public TraceEvent(long seq, long cycles, long micros, Kind kind, long from, long to, long value, int result) {
        this.seq = seq;
        this.cycles = cycles;
        this.micros = micros;
        this.kind = kind;
        this.from = from;
        this.to = to;
        this.value = value;
        this.result = result;
    }

    public long seq() { return seq; }
    public long cycles() { return cycles; }
    public long micros() { return micros; }
    public Kind kind() { return kind; }
    public long from() { return from; }
    public long to() { return to; }
    public long value() { return value; }
    public int result() { return result; }
}
