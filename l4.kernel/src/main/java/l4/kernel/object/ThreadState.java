package l4.kernel.object;

import l4.api.ThreadId;
import l4.spi.RegisterFile;

/**
 * What a thread is doing, as one value (seL4's {@code thread_state_t}): the kind, the partner it
 * is blocked on, and the data of its wait — the send phase it waits to deliver, the receive
 * phase it can accept a message in, the transfer it takes part in, the outcome whoever ends the
 * wait leaves. Each TCB owns one; the transitions below keep one rule: a thread is in its
 * partner's senders queue exactly while {@link #queued()} says so.
 * Whoever takes it out of the queue (its receiver picking it, a cancel, a timeout, a kill) ends
 * the send phase in the same step, so no queue can hold a thread that stopped waiting to send.
 */
public final class ThreadState {
    /** The kinds, as {@code l4:threads} shows them. */
    public enum Kind {
        INACTIVE("inactive"),
        RUNNING("running"),
        READY("ready"),
        SENDING("sending"),
        RECEIVING("receiving"),
        /** Partner of a transfer in progress. */
        LOCKED("in transfer"),
        /** In the kernel's page-fault RPC to its pager. */
        PAGE_FAULT("in page fault"),
        /** In the kernel's exception RPC to its excepter (shown, never set: the RPC is an IPC). */
        EXCEPTION("in exception"),
        /** Halted: its code ended, or an exception nobody handles. Threads are never deleted. */
        STOPPED("stopped");

        private final String label;

        Kind(String label) { this.label = label; }

        public String label() { return label; }
    }

    /**
     * Where a thread's IPC system call stands while it is blocked: the kernel resumes the call
     * from here when the thread runs again (its arguments are in the TCB, the send phase and the
     * receive spec in this state). A thread that is not in an IPC call is in NONE.
     */
    public enum Phase { NONE, SEND, RECEIVE }

    /** The kernel's RPCs in a thread's name: the fault, exception and preemption messages. */
    public enum Rpc { PAGE_FAULT, EXCEPTION, PREEMPTION }

    /**
     * What a kernel RPC replaces and puts back when it ends, as Pistachio's
     * save_state/restore_state and Fiasco's Pf_msg_utcb_saver keep it: the IPC state the thread
     * was in, the RPC it was already in, and its registers except IP and SP (which belong to
     * whoever sets them meanwhile, lthread_ex_regs).
     */
    public record Saved(Kind kind, boolean accepting, boolean open, ThreadId from, long descriptor, int timeout,
                        Tcb waker, Transfer transfer, Rpc rpc, Tcb runner, Saved outer, long[] registers) {}

    private final Tcb owner;
    /*
     * The kind and the phase as ordinals, and the references below stored only when they change:
     * the IPC path sets them several times per call, and on the host every store of a reference
     * into a long-lived object (a TCB's state is one) costs a garbage-collector write barrier.
     */
    private static final Kind[] KINDS = Kind.values();
    private static final Phase[] PHASES = Phase.values();
    private static final byte READY = (byte) Kind.READY.ordinal(), RUNNING = (byte) Kind.RUNNING.ordinal();
    private static final byte NO_PHASE = (byte) Phase.NONE.ordinal();

    private byte kind = (byte) Kind.INACTIVE.ordinal();
    /** Whom this thread waits to send to (queued there while {@link #send} is set), or last sent to. */
    private Tcb partner;
    private SendPhase send;
    /** In {@link #partner}'s senders queue; only the transitions below change it together with the queue. */
    private boolean queued;
    /** Receive phase: whether a message can be accepted now, and which. */
    private boolean accepting;
    private boolean open;
    private ThreadId from = ThreadId.NIL;
    private long descriptor = -1;
    /** The timeout word of the current receive (its p_r bounds faults in the sender's space). */
    private int timeout;
    private Transfer transfer;
    private IpcOutcome outcome;
    /**
     * The outcome {@link #RESULTS_IN_REGISTERS}, held as a flag: it ends every short IPC
     * delivered to a waiting receiver, and a reference to the shared object, which can lie in
     * another heap region than the state, would make G1's write barrier a fence at each store.
     */
    private boolean resultsInRegisters;
    /** The thread whose coroutine runs again when this wait ends (another one during a nested page fault). */
    private Tcb waker;
    private byte phase = NO_PHASE;
    /** The kernel RPC this thread is in, the innermost if nested; null if none. */
    private Rpc rpc;
    /** The thread whose host runs the kernel RPC this thread is in (another one: a copy into this thread's space). */
    private Tcb runner;
    /** What the kernel RPC this thread is in will put back; null outside an RPC. */
    private Saved saved;
    /** A sender this receiver picked: out of the queue, about to transfer; the receive spec it replaced. */
    private boolean picked;
    private boolean openBeforePick;
    private ThreadId fromBeforePick = ThreadId.NIL;

    ThreadState(Tcb owner) {
        this.owner = owner;
        this.waker = owner;
    }

    public Kind kind() { return KINDS[kind]; }

    public boolean is(Kind k) { return kind == k.ordinal(); }

    /**
     * The kind as l4:threads and thread_schedule report it: a thread whose IPC belongs to the
     * kernel's exception RPC is in exception.
     */
    public Kind shown() {
        Kind k = kind();
        boolean ipcWait = k == Kind.SENDING || k == Kind.RECEIVING || k == Kind.LOCKED;
        return ipcWait && rpc == Rpc.EXCEPTION ? Kind.EXCEPTION : k;
    }

    public String label() { return shown().label(); }

    public boolean runnable() { return kind == READY || kind == RUNNING; }

    /**
     * A scheduling or blocking kind that keeps the IPC data. A thread that becomes inactive or
     * stops leaves every queue and wait.
     */
    public void set(Kind k) {
        if (k == Kind.INACTIVE || k == Kind.STOPPED) {
            sendDone();
            phase = NO_PHASE;
            accepting = false;
            transfer = null;
            outcome(null);
            waker = owner;
            restart();
        }
        kind = (byte) k.ordinal();
    }

    // ---- send phase ----------------------------------------------------------------------------

    public Tcb partner() { return partner; }

    /** The message of the send phase in progress (from its start until {@link #sendDone}), or null. */
    public SendPhase sendPhase() { return send; }

    /** Whether this thread waits in its partner's senders queue. */
    public boolean queued() { return queued; }

    /** Starts waiting to send {@code m} to {@code receiver}: queued there, as {@code k}, resumed through {@code w}. */
    public void beginSend(Tcb receiver, SendPhase m, Kind k, Tcb w) {
        endSend();
        receiver.senders.addLast(owner);
        queued = true;
        partner = receiver;
        send = m;
        outcome(null);
        if (waker != w) waker = w;
        kind = (byte) k.ordinal();
    }

    /** The receiver took this waiting sender: out of the queue, told to transfer ({@code go}). */
    public void picked(IpcOutcome go) {
        if (!queued) return;
        partner.senders.remove(owner);
        queued = false;
        picked = true;
        outcome(go);
    }

    /** Whether this sender was picked by its receiver and has not transferred yet. */
    public boolean picked() { return picked; }

    /** Leaves the senders queue if still there; true if it was still waiting. */
    public boolean endSend() {
        boolean waiting = queued && partner.senders.remove(owner);
        queued = false;
        return waiting;
    }

    /** After the send phase: out of any queue, message and partner forgotten. */
    public void sendDone() {
        endSend();
        picked = false;
        send = null;
        partner = null;
        if (waker != owner) waker = owner;
    }

    // ---- receive phase -------------------------------------------------------------------------

    public boolean accepting() { return accepting; }

    public boolean open() { return open; }

    public ThreadId from() { return from; }

    public long descriptor() { return descriptor; }

    public int timeout() { return timeout; }

    /** Which messages the next receive phase takes. */
    public void receiveSpec(boolean openWait, ThreadId source, long rcvDescriptor, int timeoutWord) {
        open = openWait;
        if (from != source) from = source;
        descriptor = rcvDescriptor;
        timeout = timeoutWord;
    }

    /** Whether a message from {@code source} matches the receive phase. */
    public boolean accepts(ThreadId source) { return open || from.equals(source); }

    /** Starts accepting (as {@code k}, or keeping a kernel RPC's kind when null), resumed through {@code w}. */
    public void beginAccept(Kind k, Tcb w) {
        accepting = true;
        outcome(null);
        if (waker != w) waker = w;
        if (k != null) kind = (byte) k.ordinal();
    }

    /** Accepting only {@code sender}, picked from the queue, which sends as {@code source}. */
    public void awaitPicked(Tcb sender, ThreadId source) {
        openBeforePick = open;
        fromBeforePick = from;
        open = false;
        from = source;
        partner = sender;
    }

    /** The picked sender is gone before its transfer: the receive spec it replaced holds again. */
    public void unpick() {
        open = openBeforePick;
        from = fromBeforePick;
        partner = null;
    }

    /** The transfer to this receiver starts: it no longer waits for a partner. */
    public void receiving() {
        accepting = false;
        if (send == null) partner = null;
    }

    /** Stops accepting; true if it was accepting. */
    public boolean endAccept() {
        boolean was = accepting;
        accepting = false;
        return was;
    }

    // ---- transfer, outcome, waker --------------------------------------------------------------

    public Transfer transfer() { return transfer; }

    public void transfer(Transfer tr) { transfer = tr; }

    /** The outcome of a receive whose results are in the thread's registers already. */
    public static final IpcOutcome RESULTS_IN_REGISTERS = IpcOutcome.error(0);

    public IpcOutcome outcome() { return resultsInRegisters ? RESULTS_IN_REGISTERS : outcome; }

    public void outcome(IpcOutcome o) {
        resultsInRegisters = o == RESULTS_IN_REGISTERS;
        outcome = resultsInRegisters ? null : o;
    }

    /** The outcome, cleared. */
    public IpcOutcome takeOutcome() {
        IpcOutcome o = outcome();
        outcome(null);
        return o;
    }

    public Tcb waker() { return waker; }

    public void waker(Tcb w) {
        if (waker != w) waker = w;
    }

    // ---- kernel RPC ----------------------------------------------------------------------------

    public Rpc rpc() { return rpc; }

    public Phase phase() { return PHASES[phase]; }

    /**
     * The thread starts new code (lthread_ex_regs with a new IP): it is in no system call and no
     * kernel RPC any more, whatever its old code was waiting in (that wait was ended first).
     */
    public void restart() {
        phase = NO_PHASE;
        rpc = null;
        runner = null;
        saved = null;
    }

    public void phase(Phase p) { phase = (byte) p.ordinal(); }

    /** The thread whose host runs this thread's kernel RPC, or null outside one. */
    public Tcb runner() { return runner; }

    /** What the kernel RPC this thread is in will put back, or null. */
    public Saved saved() { return saved; }

    /** Saves what a kernel RPC of kind {@code r}, run on {@code by}'s host, replaces, and enters it. */
    public Saved enter(Rpc r, Tcb by) {
        RegisterFile regs = owner.registers;
        long[] values = new long[regs.count()];
        for (int i = 0; i < values.length; i++) values[i] = regs.get(i);
        Saved s = new Saved(kind(), accepting, open, from, descriptor, timeout, waker, transfer, rpc, runner, saved, values);
        rpc = r;
        runner = by;
        saved = s;
        return s;
    }

    /**
     * Puts back what {@link #enter} saved, if the RPC is still the one in progress (whoever took
     * the thread out of an RPC its runner could no longer end has put it back already).
     */
    public void restore(Saved s) {
        if (saved != s) return;
        RegisterFile regs = owner.registers;
        long[] values = s.registers();
        for (int i = 0; i < values.length; i++) {
            if (i != regs.ip() && i != regs.sp()) regs.set(i, values[i]);
        }
        rpc = s.rpc();
        runner = s.runner();
        saved = s.outer();
        transfer = s.transfer();
        kind = (byte) s.kind().ordinal();
        accepting = s.accepting();
        open = s.open();
        from = s.from();
        descriptor = s.descriptor();
        timeout = s.timeout();
        waker = s.waker();
    }

    @Override
    public String toString() {
        return kind().label() + (partner == null ? "" : " " + partner.id());
    }

    // ---- snapshots -----------------------------------------------------------------------------

    /** The whole state as one value, for a machine snapshot ({@code l4.kernel.snapshot}). */
    public record Image(Kind kind, Tcb partner, SendPhase send, boolean queued, boolean accepting, boolean open,
                        ThreadId from, long descriptor, int timeout, Transfer transfer, IpcOutcome outcome, Tcb waker,
                        Phase phase, Rpc rpc, Tcb runner, Saved saved, boolean picked, boolean openBeforePick,
                        ThreadId fromBeforePick) {}

    public Image image() {
        return new Image(kind(), partner, send, queued, accepting, open, from, descriptor, timeout, transfer, outcome(),
                waker, phase(), rpc, runner, saved, picked, openBeforePick, fromBeforePick);
    }

    /**
     * Sets the whole state from a snapshot, queues untouched: the importer rebuilds every senders
     * queue in its recorded order, which keeps the rule of {@link #queued()}.
     */
    public void load(Image i) {
        kind = (byte) i.kind().ordinal();
        partner = i.partner();
        send = i.send();
        queued = i.queued();
        accepting = i.accepting();
        open = i.open();
        from = i.from();
        descriptor = i.descriptor();
        timeout = i.timeout();
        transfer = i.transfer();
        outcome(i.outcome());
        waker = i.waker();
        phase = (byte) i.phase().ordinal();
        rpc = i.rpc();
        runner = i.runner();
        saved = i.saved();
        picked = i.picked();
        openBeforePick = i.openBeforePick();
        fromBeforePick = i.fromBeforePick();
    }
}
