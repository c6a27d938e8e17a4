package l4.api;

/** The old values lthread_ex_regs returns; {@code flags} is EFLAGS on ix86, 0 on MIPS. */
public final class ExRegs {
    private final long ip;
    private final long sp;
    private final ThreadId pager;
    private final ThreadId excepterOrPreempter;
    private final long flags;

    public ExRegs(long ip, long sp, ThreadId pager, ThreadId excepterOrPreempter, long flags) {
        this.ip = ip;
        this.sp = sp;
        this.pager = pager;
        this.excepterOrPreempter = excepterOrPreempter;
        this.flags = flags;
    }

    public long ip() { return ip; }
    public long sp() { return sp; }
    public ThreadId pager() { return pager; }
    public ThreadId excepterOrPreempter() { return excepterOrPreempter; }
    public long flags() { return flags; }

    @Override
    public String toString() {
        return String.format("ex_regs(ip 0x%x, sp 0x%x, pager %s, excepter %s)", ip, sp, pager, excepterOrPreempter);
    }
}
