package l4.kernel.object;

/**
 * What the kernel keeps of a thread that runs guest code besides its registers and its
 * {@link ThreadState}: which kernel operation it waits in (so that the guest runner continues it,
 * not a host stack), the saved-state record of its kernel RPC, the exception frame going out
 * with its exception message and coming back with the excepter's reply, and its last exception
 * for {@code l4:threads}. All of it is data: any host can continue the thread from it.
 */
public final class GuestContext {
    /** The kernel operation a blocked guest thread is in; the runner continues it when the thread runs again. */
    public enum Pending { NONE, SYSCALL_IPC, PAGE_FAULT, EXCEPTION }

    public Pending pending = Pending.NONE;
    /** The record of the kernel RPC in progress (page fault or exception), or null. */
    public ThreadState.Saved saved;
    /** The frame sent with the exception message in progress ({@link #frameSending}). */
    public final long[] frameOut;
    /** The frame the excepter's reply carried; {@link #frameInWords} of it were received. */
    public final long[] frameIn;
    public int frameInWords;
    /** The thread waits in an exception RPC whose message carries {@link #frameOut} and whose reply may set {@link #frameIn}. */
    public boolean frameSending;

    /** The last exception or fault the CPU stopped at: code, its IP (EPC) and address; {@code exceptions} counts them. */
    public int lastCode = -1;
    public long lastCause;
    public long lastIp;
    public long lastAddress;
    public long exceptions;

    public GuestContext(int frameWords) {
        this.frameOut = new long[frameWords];
        this.frameIn = new long[frameWords];
    }

    /** New code starts (lthread_ex_regs with a new IP): no operation is in progress any more. */
    public void restart() {
        pending = Pending.NONE;
        saved = null;
        frameSending = false;
        frameInWords = 0;
    }
}
