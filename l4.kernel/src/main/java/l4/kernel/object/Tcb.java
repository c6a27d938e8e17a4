package l4.kernel.object;

import java.util.ArrayDeque;
import l4.api.ThreadId;
import l4.kernel.sched.Queueable;
import l4.kernel.user.Coroutine;
import l4.spi.RegisterFile;

/**
 * A thread control block. Created only when its task is activated; the 128 threads of a task
 * exist from then on, all but lthread 0 inactive until lthread_ex_regs starts them.
 */
public final class Tcb implements Queueable {
    public final Task task;
    public final int lthread;
    public final RegisterFile registers;

    /** What this thread does: the one value cancel, abort and kill switch over. */
    public final ThreadState state;
    /**
     * Whether this TCB has been touched: L4/MIPS allocates a TCB when lthread_ex_regs first names
     * the thread (or the thread is started) and fills in the toucher's pager and excepter, which
     * an inactive thread then reports and keeps on activation.
     */
    public boolean touched;
    public int priority;
    public long timesliceMicros;
    public long sliceLeftCycles;
    public long cpuCycles;
    public ThreadId pager = ThreadId.NIL;
    /** MIPS excepter or ix86 internal preempter. */
    public ThreadId excepter = ThreadId.NIL;
    public ThreadId externalPreempter = ThreadId.NIL;
    public long flags;
    /**
     * Alien (l4.api.AlienFlags): every system call and every other exception of this thread's
     * guest code is reflected to its excepter with the whole register frame.
     */
    public boolean alien;
    /** ix86: the vector table installed by the emulated LIDT (base in user memory, entries); 0 entries = none. */
    public long vectorTable;
    public int vectorCount;

    /**
     * The coroutine carrying this thread's Java code; null while inactive or stopped. A guest
     * thread has none: the machine's guest runner runs it, and every kernel operation it waits in
     * is data (its state, its {@link GuestContext}, a transfer's continuation).
     */
    public Coroutine coroutine;
    /** Non-null while this thread runs guest code (its IP is no Java body's entry). */
    public GuestContext guest;

    // ---- IPC -------------------------------------------------------------------------------
    /** Threads blocked sending to this one, FIFO; each has its send phase in its {@link #state}. */
    public final ArrayDeque<Tcb> senders = new ArrayDeque<>();
    /** Hardware interrupt lines this thread handles. */
    public long attachedIrqs;

    /**
     * The kernel's copy of this thread's IPC parameters (snd_desc .. virtual_sender, decoded from
     * its registers at the trap), allocated at its first IPC and reused by every later one. They
     * stay for the whole call, which resumes from them after a wait: on ix86 the results go into
     * some of the parameter registers (EAX, ESI/EDI), and dest and rcv_from share ESI/EDI. A later
     * call of the same thread (the preemption RPC at the end of a system call) starts only after
     * the call has ended. The message words are not copied: they are {@link #message}.
     */
    private long[] ipcArguments;

    public long[] ipcArguments(int count) {
        if (ipcArguments == null) ipcArguments = new long[count];
        return ipcArguments;
    }

    /**
     * The last message delivered to a wait of the kernel's own (the page-fault reply), with its
     * outcome; a thread's own IPC call gets its message in its registers instead. Allocated at
     * the first use, then reused.
     */
    private long[] receivedWords;
    private IpcOutcome delivered;

    /**
     * Records a message delivered to a kernel wait as this thread's outcome: the words of
     * {@code m}, which {@code sender} sends (its message registers unless the kernel sent them).
     */
    public IpcOutcome deliver(int cc, ThreadId source, SendPhase m, Tcb sender, ThreadId intended) {
        int n = message.count();
        if (receivedWords == null || receivedWords.length != n) {
            receivedWords = new long[n];
            delivered = new IpcOutcome(0, ThreadId.NIL, receivedWords, ThreadId.NIL);
        }
        if (m.words == null) {
            sender.message.copyTo(receivedWords);
        } else {
            int given = Math.min(n, m.words.length);
            System.arraycopy(m.words, 0, receivedWords, 0, given);
            java.util.Arrays.fill(receivedWords, given, n, 0L);
        }
        delivered.cc = cc;
        delivered.source = source;
        delivered.intended = intended;
        state.outcome(delivered);
        return delivered;
    }

    /** This thread's IPC message words: the view over its word registers. */
    public final MessageRegisters message;

    /** {@code wordRegisters}: the register of each IPC message word; {@code wordMask}: a machine word's bits. */
    public Tcb(Task task, int lthread, RegisterFile registers, int[] wordRegisters, long wordMask) {
        this.task = task;
        this.lthread = lthread;
        this.registers = registers;
        this.message = new MessageRegisters(registers, wordRegisters, wordMask);
        this.state = new ThreadState(this);
        registers.set(registers.ip(), -1);
        registers.set(registers.sp(), -1);
    }

    /** The instruction pointer: the register file's, the only one. */
    public long ip() { return registers.get(registers.ip()); }

    public void ip(long value) { registers.set(registers.ip(), value); }

    /** The stack pointer: the register file's, the only one. */
    public long sp() { return registers.get(registers.sp()); }

    public void sp(long value) { registers.set(registers.sp(), value); }

    /** The last id {@link #id} derived; one field, so a reader on another host never sees a torn pair. */
    private ThreadId id;

    /**
     * This thread's id: the task's id with this lthread. Built again only when the task's id has
     * changed (task_new gives it a new version); the IPC path asks for it several times per call.
     */
    public ThreadId id() {
        ThreadId t = task.id();
        ThreadId cached = id;
        // The cached id has this lthread; it is current while all its other fields are the task's.
        if (cached == null || ((cached.raw() ^ t.raw()) & ~LTHREAD_FIELD) != 0) {
            cached = t.withLthread(lthread);
            id = cached;
        }
        return cached;
    }

    /** The lthread's bits in a thread id ({@link ThreadId}'s layout). */
    private static final long LTHREAD_FIELD = 0x7FL << 10;

    @Override
    public int priority() { return priority; }

    @Override
    public boolean runnable() { return state.runnable(); }

    @Override
    public long order() { return id().raw(); }

    private int queuedIn = -1;

    @Override
    public int queuedIn() { return queuedIn; }

    @Override
    public boolean timeScheduled() { return timesliceMicros != 0; }

    @Override
    public void queuedIn(int priority) { queuedIn = priority; }

    public boolean active() { return !state.is(ThreadState.Kind.INACTIVE); }

    @Override
    public String toString() { return id().toString(); }

    // ---- snapshots -----------------------------------------------------------------------------

    /**
     * The kernel's per-thread IPC buffers (null where not yet allocated), for a machine snapshot.
     * {@code ipcResults} and {@code sendWords} are always null: results and send words are the
     * thread's registers (the slots stay in the format, and a snapshot that has them loads).
     */
    public record Buffers(long[] ipcArguments, long[] ipcResults, long[] sendWords, long[] receivedWords, IpcOutcome delivered) {}

    public Buffers buffers() {
        return new Buffers(ipcArguments, null, null, receivedWords, delivered);
    }

    /** Sets the buffers from a snapshot; {@code delivered}'s words must be {@code receivedWords}. */
    public void loadBuffers(Buffers b) {
        ipcArguments = b.ipcArguments();
        receivedWords = b.receivedWords();
        delivered = b.delivered();
    }
}
