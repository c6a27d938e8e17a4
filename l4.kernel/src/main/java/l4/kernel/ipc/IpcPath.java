package l4.kernel.ipc;

import l4.api.ConditionCode;
import l4.api.Fpage;
import l4.api.IpcDescriptor;
import l4.api.IpcError;
import l4.api.MsgDope;
import l4.api.Nearest;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.kernel.object.IpcOutcome;
import l4.kernel.object.SendPhase;
import l4.kernel.object.Task;
import l4.kernel.object.Tcb;
import l4.kernel.object.ThreadState;
import l4.kernel.object.ThreadState.Kind;
import l4.kernel.object.Transfer;
import l4.kernel.trace.TraceEvent;
import l4.spi.Architecture;
import l4.spi.Cost;
import l4.spi.Syscall;
import l4.spi.SyscallAbi;

/**
 * Synchronous, unbuffered IPC: rendezvous, register and memory messages with strings, map and
 * grant items, timeouts, clans-and-chiefs redirection, deceit, cancel and abort, and the nested
 * page-fault RPC. The copying is always done by the sender's call; a fault in the partner's
 * space is an RPC to the partner's pager in the partner's name, during which the sender waits on
 * the partner's behalf. A copy that faults is a continuation ({@link Transfer}: the cursors, the
 * faulting side, the page-fault timeout): the sender's call waits like any other, and goes on
 * from the cursors when the RPC has ended.
 *
 * <p>The system call keeps its progress in the thread's state, not on a host stack: when it must
 * wait, {@link #ipc} returns and the kernel blocks the thread at the trap; whoever ends the wait
 * (the partner's transfer, a timeout, a cancel, an interrupt) writes the thread's results into its
 * registers and makes it ready, and {@link #resume} goes on from the state's phase when the
 * thread runs again — only a waiting sender that its receiver picked still has work to do (the
 * transfer, then its receive phase).
 */
public final class IpcPath {
    /** Outcome given to a waiting sender whose receiver chose it: go on and transfer. */
    private static final IpcOutcome PICKED = IpcOutcome.error(0);
    /** Outcome given to a receiver whose picked sender was cancelled before the transfer: wait again. */
    private static final IpcOutcome SENDER_GONE = IpcOutcome.error(0);
    /** Outcome of a receive whose results are already in the receiver's registers. */
    private static final IpcOutcome IN_REGISTERS = ThreadState.RESULTS_IN_REGISTERS;
    /** The route of a message that goes where it is addressed (the id part is not used). */
    private static final Nearest DIRECT = new Nearest(Nearest.SAME_CLAN, ThreadId.NIL);

    private final Architecture arch;
    private final SyscallAbi abi;
    private final Task[] tasks;
    private final ClanRouter clans;
    private final Dispatcher cpu;
    private final Meter meter;
    private final InterruptSource irqs;
    private final MessageMemory memory;
    private final MessageCopy copy;
    private final int mr;
    private final long wordMask;
    /** Whether {@link #fastPath} may take the common call and reply-and-wait (off: every IPC takes the generic path). */
    private final boolean fastPathOn;
    /** IPC calls {@link #fastPath} completed, for tests that the common case takes it. */
    private long fastPathCalls;
    private final SendPhase immediateMessage =
            new SendPhase(0, null, ThreadId.NIL, ThreadId.NIL, false, false, false, Timeout.NEVER, 0, false);
    /** Whom to run while the thread that just had to wait is blocked (null: the scheduler's choice), unless {@link #preferDelivered}. */
    private Tcb preferNext;
    /**
     * Whether that is {@link #delivered}: the fast path's choice, as a flag, not a second store of
     * the receiver (on the host a reference stored into a long-lived object can cost G1 a fence).
     */
    private boolean preferDelivered;
    /** The receiver of the last transfer: a call's partner, if its receive phase follows at once. */
    private Tcb delivered;

    public IpcPath(Architecture arch, SyscallAbi abi, Task[] tasks, ClanRouter clans, Dispatcher cpu, Meter meter,
                   InterruptSource irqs, MessageMemory memory, boolean fastPath) {
        this.fastPathOn = fastPath;
        this.arch = arch;
        this.abi = abi;
        this.tasks = tasks;
        this.clans = clans;
        this.cpu = cpu;
        this.meter = meter;
        this.irqs = irqs;
        this.memory = memory;
        this.copy = new MessageCopy(arch, meter, memory);
        this.mr = arch.messageRegisters();
        this.wordMask = arch.wordBits() >= 64 ? -1L : (1L << arch.wordBits()) - 1;
    }

    private boolean isNilWord(long w) { return (w & wordMask) == wordMask; }

    /**
     * The id object for {@code raw}: the named thread's own when it exists with this id (a call
     * names its partner every time; the short path allocates no id), else a new one.
     */
    private ThreadId idOf(long raw) {
        if (raw == 0L || raw == -1L) return ThreadId.ofRaw(raw);
        Task t = tasks[ThreadId.taskOf(raw)];
        if (t != null && t.threads != null) {
            ThreadId id = t.threads[ThreadId.lthreadOf(raw)].id();
            if (id.raw() == raw) return id;
        }
        return ThreadId.ofRaw(raw);
    }

    // ---- the system call ---------------------------------------------------------------------

    /**
     * Starts the IPC system call of {@code self} with the arguments {@code a} (kept in the TCB
     * until the call ends). Returns true when it is complete, its results in self's registers;
     * false when self must wait: the caller blocks it (in favour of {@link #preferNext}) and calls
     * {@link #resume} when it runs again.
     */
    public boolean ipc(Tcb self, long[] a) {
        if (fastPathOn && fastPath(self, a)) return false;
        meter.charge(Cost.IPC_PATH);
        meter.countIpc();
        long snd = a[Syscall.IPC_SND];
        Timeout timeout = Timeout.ofRaw((int) a[Syscall.IPC_TIMEOUT]);
        ThreadId dest = idOf(a[Syscall.IPC_DEST]);
        delivered(null);
        if (!isNilWord(snd)) {
            self.state.phase(ThreadState.Phase.SEND);
            // The message words stay in self's registers until the send phase ends.
            if (!send(self, dest, snd & wordMask, a[Syscall.IPC_VSENDER], timeout)) return false;
            if (self.state.phase() == ThreadState.Phase.NONE) return true;
        }
        return receive(self, a, dest, timeout);
    }

    /** Whom to run while the thread {@link #ipc} or {@link #resume} left waiting is blocked; null: any. */
    public Tcb preferNext() { return preferDelivered ? delivered : preferNext; }

    private void preferNext(Tcb t) {
        preferDelivered = false;
        preferNext = t;
    }

    /** Sets {@link #delivered}, {@link #preferNext()} unchanged. */
    private void delivered(Tcb receiver) {
        if (preferDelivered) preferNext(delivered);
        delivered = receiver;
    }

    /** Goes on with {@code self}'s IPC call after it waited; as {@link #ipc}. */
    public boolean resume(Tcb self) {
        ThreadState st = self.state;
        Transfer copying = copying(self);
        if (copying != null) return continueTransfer(self, copying);
        if (st.phase() == ThreadState.Phase.SEND) {
            IpcOutcome o = st.takeOutcome();
            if (o == PICKED) {
                Tcb target = st.partner();
                SendPhase m = st.sendPhase();
                st.sendDone();
                st.set(Kind.RUNNING);
                delivered(null);
                if (!sendTo(self, target, m)) return false;
                if (st.phase() == ThreadState.Phase.NONE) return true;
                long[] a = self.ipcArguments(0);
                return receive(self, a, m.intended, Timeout.ofRaw((int) a[Syscall.IPC_TIMEOUT]));
            }
            st.sendDone();
            st.set(Kind.RUNNING);
            if (o == null) sendResult(self, IpcError.SEND_CANCELLED.code());
            st.phase(ThreadState.Phase.NONE);
            return true;
        }
        st.endAccept();
        st.waker(self);
        st.set(Kind.RUNNING);
        IpcOutcome o = st.takeOutcome();
        if (o == SENDER_GONE) {
            // the picked sender was cancelled before it could transfer: the receive goes on
            long micros = Timeout.ofRaw((int) self.ipcArguments(0)[Syscall.IPC_TIMEOUT]).receiveMicros();
            IpcOutcome again = awaitStep(self, self, micros);
            return again == null ? false : received(self, again);
        }
        if (o == null) result(self, IpcError.RECEIVE_CANCELLED.code(), ThreadId.NIL, null, ThreadId.NIL);
        st.phase(ThreadState.Phase.NONE);
        return true;
    }

    /** The send phase ended with {@code cc}: an error or a send-only call ends the call with it. */
    private boolean sendEnded(Tcb self, int cc) {
        ThreadState st = self.state;
        long rcv = self.ipcArguments(0)[Syscall.IPC_RCV];
        if ((cc & 0xF0) != 0 || isNilWord(rcv)) {
            st.sendDone();
            sendResult(self, cc);
            st.phase(ThreadState.Phase.NONE);
        } else {
            st.phase(ThreadState.Phase.RECEIVE);
        }
        return true;
    }

    private void sendResult(Tcb self, int cc) {
        result(self, cc, ThreadId.NIL, null, ThreadId.NIL);
    }

    /** The results into {@code t}'s registers; no words (null) read as zeros. */
    private void result(Tcb t, int cc, ThreadId source, long[] words, ThreadId intended) {
        status(t, cc, source, intended);
        t.message.copyFrom(words);
    }

    /** The dope (condition code, and after a long message its counts), source and real destination into t's registers. */
    private void status(Tcb t, int cc, ThreadId source, ThreadId intended) {
        abi.writeIpcStatus(cc & 0xFFFF_FFFFL, source.raw(), intended.raw(), t.registers);
    }

    // ---- the fast path -------------------------------------------------------------------------

    /**
     * The common IPC in one straight line, shaped as seL4's {@code fastpath_call} and
     * {@code fastpath_reply_recv} ({@code src/fastpath/fastpath.c}) and Pistachio's IPC fast path
     * ({@code kernel/src/glue/v4-alpha/fastpath.S}): a short message (registers only) sent to a
     * thread that already waits in its own IPC call for exactly this caller or for anyone, then
     * the caller's receive phase — closed on the destination (a call) or open (reply-and-wait) —
     * waits, and the partner runs next. Every condition is checked before any state is touched;
     * anything else (no such thread, another clan, deceit, strings, map items, a guest's exception
     * frame, an interrupt handler, queued senders, a receive timeout of 0, a receiver in a
     * page-fault RPC) returns false and takes the generic path. What it does is what the generic
     * path does in this case — the same charges (two of them as one step of the clock, since
     * nothing reads it between them), trace event, state transitions, timeouts and wake, in the
     * same order — only without the generic path's decisions on the way, so the
     * trace digest and the simulated cycles are the same with it on and off
     * ({@link l4.kernel.KernelConfig#ipcFastPath}).
     */
    private boolean fastPath(Tcb self, long[] a) {
        long snd = a[Syscall.IPC_SND];
        long rcv = a[Syscall.IPC_RCV];
        if (isNilWord(snd) || isNilWord(rcv)) return false;
        snd &= wordMask;
        rcv &= wordMask;
        if (!registersOnly(snd)) return false;
        boolean open = IpcDescriptor.open(rcv);
        if (!open && a[Syscall.IPC_RCV_FROM] != a[Syscall.IPC_DEST]) return false;
        Timeout timeout = Timeout.ofRaw((int) a[Syscall.IPC_TIMEOUT]);
        long micros = timeout.receiveMicros();
        if (micros == 0 || !canWaitPlainly(self)) return false;
        long destRaw = a[Syscall.IPC_DEST];
        Tcb receiver = threadAt(destRaw);
        if (receiver == null) return false;
        ThreadId dest = receiver.id();
        if (dest.raw() != destRaw) return false;
        Task destTask = receiver.task;
        if (!ClanRouter.sameClan(self.task, destTask)) return false;
        ThreadId source = self.id();
        if (!waitsInCallFor(receiver, source)) return false;

        // The path's and the words' cycles in one step: nothing up to the trace event reads the clock.
        meter.charge(Cost.IPC_PATH, Cost.IPC_REGISTER_WORD, mr);
        meter.countIpc();
        fastPathCalls++;
        // Within the clan the only enclosing task a message reaches is the sender's own chief.
        int cc = destTask == self.task.chief ? ConditionCode.INNER_CLAN : 0;
        deliverShort(self, receiver, source, dest, cc);
        awaitReply(self, open ? ThreadId.NIL : dest, open, rcv, timeout.raw(), micros);
        // the partner the message woke runs next (Pistachio switch_to, seL4 switchToThread_fp)
        preferDelivered = true;
        return true;
    }

    /**
     * The thread in the task slot and lthread {@code raw} names, if that task is active, or null.
     * It is the thread {@link ClanRouter#activeTask} and {@link Task#thread} find for
     * {@link #idOf}'s id exactly when its id is {@code raw}: a thread's id is its task's id with
     * its lthread, so a match means the task's version, chief and nest are those {@code raw} names.
     */
    private Tcb threadAt(long raw) {
        if (raw == 0L || raw == -1L || (raw > 0 && raw <= 256)) return null; // nil, invalid, an interrupt
        Task t = tasks[ThreadId.taskOf(raw)];
        if (t == null || !t.active || t.threads == null) return null;
        return t.threads[ThreadId.lthreadOf(raw)];
    }

    /** A send descriptor of a message in registers alone: no string, no map or grant item, no deceit. */
    private static boolean registersOnly(long snd) {
        return IpcDescriptor.pointer(snd) == 0 && !IpcDescriptor.mappings(snd) && !IpcDescriptor.deceiving(snd);
    }

    /**
     * Whether {@code self}'s receive phase would wait at once, touching nothing else: it runs in
     * no kernel RPC's kind, handles no interrupt (whose pending request the receive would take),
     * has no sender queued (which it would pick) and sends no guest exception frame.
     */
    private static boolean canWaitPlainly(Tcb self) {
        return self.state.is(Kind.RUNNING) && self.attachedIrqs == 0 && self.senders.isEmpty()
                && (self.guest == null || !self.guest.frameSending);
    }

    /**
     * Whether {@code receiver} waits to receive in its own IPC call (its results go into its
     * registers) from {@code source} or from anyone. The closed receive of a call compares the id
     * object first: a call's partner names it by the caller's own id object.
     */
    private static boolean waitsInCallFor(Tcb receiver, ThreadId source) {
        ThreadState rs = receiver.state;
        return rs.is(Kind.RECEIVING) && rs.accepting() && inCall(receiver)
                && (rs.open() || rs.from() == source || rs.from().equals(source));
    }

    /**
     * The short transfer to a waiting receiver, as {@link #transfer} and {@link #finishTransfer}
     * make it (the words' cycles charged already): the receiver stops waiting, its results and the
     * words go straight into its registers (the one copy), the event is traced and the receiver
     * made ready. {@code dest} is the receiver's id, the one the sender named.
     */
    private void deliverShort(Tcb sender, Tcb receiver, ThreadId source, ThreadId dest, int cc) {
        ThreadState rs = receiver.state;
        rs.receiving();
        cpu.cancelTimeout(receiver);
        rs.set(Kind.LOCKED);
        status(receiver, cc, source, dest);
        receiver.message.copyFrom(sender.message);
        rs.outcome(IN_REGISTERS);
        meter.trace(TraceEvent.Kind.IPC, source.raw(), dest.raw(), mr > 0 ? sender.message.word(0) : 0, cc);
        cpu.wake(receiver);
        delivered = receiver; // and fastPath prefers it next (preferDelivered)
    }

    /** The caller's send phase ends and its receive phase waits, as {@link #receive} and {@link #awaitStep} leave it. */
    private void awaitReply(Tcb self, ThreadId from, boolean open, long rcv, int timeoutWord, long micros) {
        ThreadState st = self.state;
        st.sendDone();
        st.phase(ThreadState.Phase.RECEIVE);
        st.receiveSpec(open, from, rcv, timeoutWord);
        st.beginAccept(Kind.RECEIVING, self);
        cpu.armTimeout(self, micros);
    }

    /** IPC calls the fast path completed. */
    public long fastPathCalls() { return fastPathCalls; }

    // ---- send phase --------------------------------------------------------------------------

    /** The send phase; false if self must wait (its state holds the send phase). */
    private boolean send(Tcb self, ThreadId dest, long descriptor, long vsenderRaw, Timeout timeout) {
        Task destTask = clans.activeTask(dest);
        if (destTask == null || destTask.thread(dest.lthread()).state.is(Kind.INACTIVE)) {
            return sendEnded(self, IpcError.NON_EXISTENT.code());
        }
        Tcb direct = destTask.thread(dest.lthread());
        // The page-fault RPC is the kernel's own exchange: the fault message goes to the pager
        // directly (pagefaultIpc), so the pager's reply to a thread waiting for it in page-fault
        // state goes back directly too. Redirecting it by clans would send σ0's replies for any
        // task outside σ0's own clan to a chief, and such a task could never be paged.
        ThreadState ds = direct.state;
        boolean pagefaultReply = ds.is(Kind.PAGE_FAULT) && ds.accepting() && !ds.open() && ds.from().equals(self.id());
        Nearest nearest = pagefaultReply || ClanRouter.sameClan(self.task, destTask) ? DIRECT
                : clans.nearest(self.task, destTask);
        boolean redirected = nearest.type() != Nearest.SAME_CLAN;
        Tcb target = redirected ? tasks[nearest.id().task()].thread(0) : direct;
        // the virtual sender's id only for a deceiving message: the common send allocates none
        ThreadId vsender = IpcDescriptor.deceiving(descriptor) ? ThreadId.ofRaw(vsenderRaw) : null;
        boolean deceived = vsender != null && clans.deceitAllowed(self.task, vsender, destTask);
        ThreadId source = deceived ? vsender : self.id();
        // Within the clan the only enclosing task a message can reach is the sender's own chief;
        // a page-fault reply goes directly across clans and needs the walk up the chief chain.
        boolean fromInner = nearest.type() == Nearest.OUTER_CLAN
                || !redirected && (pagefaultReply ? ClanRouter.below(self.task, target.task)
                        : target.task == self.task.chief && target.task != null);
        // The real destination, reported to the receiver of every message (redirected or not).
        ThreadId intended = dest;
        long[] frame = self.guest != null && self.guest.frameSending ? self.guest.frameOut : null;
        if (target.state.accepting() && target.state.accepts(source) && IpcDescriptor.pointer(descriptor) == 0
                && !IpcDescriptor.mappings(descriptor) && frame == null) {
            // The short IPC to a waiting receiver: transferred at once, and a register-only
            // transfer cannot fault, block or nest, so the one scratch message is enough.
            return sendEnded(self, transfer(self, target, immediateMessage.set(descriptor, null, intended, source,
                    deceived, redirected, fromInner, timeout, 0, false)));
        }
        SendPhase m = new SendPhase(descriptor, null, intended, source, deceived, redirected, fromInner, timeout,
                timeout.sendMicros(), false);
        m.kernelFrame = frame;
        return sendTo(self, target, m);
    }

    /** Rendezvous with {@code target} and transfer, or wait for it (false). */
    private boolean sendTo(Tcb self, Tcb target, SendPhase m) {
        int cc = deliverStep(self, self, target, m);
        if (cc == WAIT) return false;
        return sendEnded(self, cc);
    }

    /** Returned by {@link #deliverStep} when the sender waits in the receiver's queue. */
    private static final int WAIT = -1;

    /**
     * One rendezvous attempt of {@code self}'s send phase {@code m} to {@code target}, the running
     * thread being {@code ctx}: the transfer's sender code, or {@link #WAIT} after queueing self
     * (its wait to be resumed through ctx).
     */
    private int deliverStep(Tcb self, Tcb ctx, Tcb target, SendPhase m) {
        if (target.state.accepting() && target.state.accepts(m.source)) {
            return transfer(self, target, m);
        }
        if (target.state.is(Kind.STOPPED) || target.state.is(Kind.INACTIVE)) {
            return IpcError.NON_EXISTENT.code();
        }
        if (m.sendMicros == 0) {
            meter.trace(TraceEvent.Kind.IPC, self.id().raw(), target.id().raw(), 0, IpcError.SEND_TIMEOUT.code());
            return IpcError.SEND_TIMEOUT.code();
        }
        self.state.beginSend(target, m, m.pagefaultRpc ? Kind.PAGE_FAULT : Kind.SENDING, ctx);
        cpu.armTimeout(self, m.sendMicros);
        if (ctx != self) ctx.state.set(Kind.LOCKED);
        preferNext(null);
        return WAIT;
    }

    // ---- receive phase -----------------------------------------------------------------------

    /** The receive phase of the call with arguments {@code a}; {@code dest} is the send's id object, if any. */
    private boolean receive(Tcb self, long[] a, ThreadId dest, Timeout timeout) {
        ThreadState st = self.state;
        st.sendDone();
        long rcv = a[Syscall.IPC_RCV];
        if (isNilWord(rcv)) {
            sendResult(self, 0);
            st.phase(ThreadState.Phase.NONE);
            return true;
        }
        st.phase(ThreadState.Phase.RECEIVE);
        rcv &= wordMask;
        // A call names its partner twice (dest and rcv_from): one id object serves both.
        ThreadId from = IpcDescriptor.open(rcv) ? ThreadId.NIL
                : dest != null && a[Syscall.IPC_RCV_FROM] == dest.raw() ? dest : ThreadId.ofRaw(a[Syscall.IPC_RCV_FROM]);
        long micros = timeout.receiveMicros();
        if (from.isInterrupt() || from.isNil() && !IpcDescriptor.open(rcv) && micros == 0) {
            IpcOutcome o = irqs.attachOrDetach(self, from, micros);
            if (o != null) return received(self, o);
        }
        st.receiveSpec(from.isNil() && IpcDescriptor.open(rcv), from, rcv, timeout.raw());
        IpcOutcome irq = irqs.onReceive(self);
        if (irq != null) return received(self, irq);
        Tcb partner = delivered;
        IpcOutcome o = awaitStep(self, self, micros);
        // A send and receive in one call (call, reply-and-wait) switches straight to the partner
        // its message just woke, if it can run (Pistachio switch_to, seL4 attemptSwitchTo).
        if (o == null && preferNext() == null) preferNext(partner);
        if (o == null) return false;
        return received(self, o);
    }

    private boolean received(Tcb self, IpcOutcome o) {
        result(self, o.cc, o.source, o.words, o.intended);
        self.state.phase(ThreadState.Phase.NONE);
        return true;
    }

    /**
     * One attempt of {@code self}'s receive phase, the running thread being {@code ctx}: picks the
     * first queued sender it accepts (which then transfers), or waits for one; null when self
     * waits, else the outcome of a receive that cannot wait (timeout 0).
     */
    private IpcOutcome awaitStep(Tcb self, Tcb ctx, long micros) {
        ThreadState st = self.state;
        Tcb picked = null;
        for (Tcb s : self.senders) {
            if (st.accepts(s.state.sendPhase().source)) {
                picked = s;
                break;
            }
        }
        Kind before = st.kind();
        if (picked != null) {
            ThreadId source = picked.state.sendPhase().source;
            picked.state.picked(PICKED);
            cpu.cancelTimeout(picked);
            st.awaitPicked(picked, source);
            st.beginAccept(Kind.LOCKED, ctx);
            cpu.wake(picked);
            if (ctx != self) ctx.state.set(Kind.LOCKED);
            preferNext(picked.state.waker());
            return null;
        }
        if (micros == 0) {
            st.outcome(null);
            meter.trace(TraceEvent.Kind.IPC, 0, self.id().raw(), 0, IpcError.RECEIVE_TIMEOUT.code());
            return IpcOutcome.error(IpcError.RECEIVE_TIMEOUT.code());
        }
        st.beginAccept(before == Kind.PAGE_FAULT ? null : Kind.RECEIVING, ctx);
        cpu.armTimeout(self, micros);
        if (ctx != self) ctx.state.set(Kind.LOCKED);
        preferNext(null);
        return null;
    }

    // ---- the transfer ------------------------------------------------------------------------

    /**
     * The transfer of {@code m} from {@code sender} (the running thread, whose IPC call copies) to
     * {@code receiver}: the sender's code, or {@link #WAIT} when the copy of a long message waits
     * for a page-fault RPC; then the transfer is a continuation in both partners' states, and
     * {@link #resume} goes on with it when the sender runs again.
     */
    private int transfer(Tcb sender, Tcb receiver, SendPhase m) {
        ThreadState rs = receiver.state;
        rs.receiving();
        cpu.cancelTimeout(receiver);
        Kind receiverBefore = rs.kind();
        rs.set(Kind.LOCKED);
        meter.charge(Cost.IPC_REGISTER_WORD, mr);
        // Only a memory part or map items can fault and so let other threads run (and ex_regs
        // abort) in the middle of the transfer; a register-only message, the common short IPC,
        // needs neither the copy machinery nor a Transfer record that nobody could observe.
        boolean memoryPart = !m.pagefaultRpc && (IpcDescriptor.pointer(m.descriptor) != 0 || m.kernelFrame != null);
        boolean mapItems = IpcDescriptor.mappings(m.descriptor);
        if (!memoryPart && !mapItems) return finishTransfer(sender, receiver, m, receiverBefore, null);
        Transfer tr = new Transfer(sender, receiver, receiverBefore, m, rs.descriptor(), rs.timeout(), memoryPart, mapItems);
        sender.state.transfer(tr);
        rs.transfer(tr);
        return copyAndFinish(tr);
    }

    /** Runs the copy of {@code tr} from its cursors on; the sender's code, or {@link #WAIT} while a fault RPC waits. */
    private int copyAndFinish(Transfer tr) {
        if (tr.stage == Transfer.Stage.MEMORY) {
            if (tr.memoryPart) {
                int err = copy.memoryPart(tr);
                if (err == MessageCopy.WAITING) return WAIT;
                if (err != 0) {
                    tr.senderError = err | 0x10;
                    tr.receiverError = err & 0xE0;
                }
            }
            tr.stage = Transfer.Stage.MAP_ITEMS;
            tr.step = 0;
        }
        if (tr.stage == Transfer.Stage.MAP_ITEMS) {
            if (tr.mapItems && (tr.senderError == 0 || (tr.senderError & 0xF0) == IpcError.SEND_CUT.code())) {
                int err = copy.mapItems(tr);
                if (err == MessageCopy.WAITING) return WAIT;
                if (err < 0 && tr.senderError == 0) {
                    tr.senderError = IpcError.SEND_PF_TIMEOUT.code();
                    tr.receiverError = IpcError.SEND_PF_TIMEOUT_RECEIVER.code();
                }
            }
            tr.stage = Transfer.Stage.DONE;
        }
        return finishTransfer(tr.sender, tr.receiver, tr.message, tr.receiverKind, tr);
    }

    /** The transfer's end: both partners' codes, the receiver's results, the trace, the receiver woken. */
    private int finishTransfer(Tcb sender, Tcb receiver, SendPhase m, Kind receiverBefore, Transfer tr) {
        ThreadState rs = receiver.state;
        int senderErr = 0;
        int receiverErr = 0;
        int flags = 0;
        int received = 0;
        if (tr != null) {
            senderErr = tr.senderError;
            receiverErr = tr.receiverError;
            if (tr.mapped) flags |= ConditionCode.MAPPED;
            received = MessageCopy.receivedDope(tr);
            if (tr.aborted) {
                senderErr = IpcError.SEND_ABORTED.code();
                receiverErr = IpcError.RECEIVE_ABORTED.code();
            }
        }
        if (m.deceived) flags |= ConditionCode.DECEIVED;
        if (m.redirected) flags |= ConditionCode.REDIRECTED;
        if (m.fromInner) flags |= ConditionCode.INNER_CLAN;
        if (tr != null) {
            sender.state.transfer(null);
            if (rs.transfer() != tr) {
                // the receiver was killed or restarted during the copy (detachReceiver): it got
                // its abort code then, and whatever it does now is none of this transfer's business
                return senderErr;
            }
            rs.transfer(null);
        }
        rs.set(receiverBefore == Kind.PAGE_FAULT ? Kind.PAGE_FAULT : Kind.LOCKED);
        int cc = receiverErr | flags | received;
        if (inCall(receiver)) {
            // The receiver's results go straight into its registers, the words straight from the
            // sender's (unchanged until its send phase ends, after this transfer): the one copy.
            status(receiver, cc, m.source, m.intended);
            if (m.words == null) receiver.message.copyFrom(sender.message);
            else receiver.message.copyFrom(m.words);
            rs.outcome(IN_REGISTERS);
        } else {
            receiver.deliver(cc, m.source, m, sender, m.intended);
        }
        meter.trace(TraceEvent.Kind.IPC, m.source.raw(), receiver.id().raw(), mr > 0 ? m.word(sender, 0) : 0, receiverErr | flags);
        cpu.wake(receiver);
        delivered(receiver);
        return senderErr;
    }

    /**
     * The transfer {@code self} copies and whose copy waits for a page-fault RPC, or null. While
     * the RPC runs in self's own name, its record holds the transfer (a reply with map items is a
     * transfer of its own to self).
     */
    private static Transfer copying(Tcb self) {
        ThreadState st = self.state;
        Transfer tr = st.transfer();
        if ((tr == null || tr.sender != self) && st.rpc() == ThreadState.Rpc.PAGE_FAULT && st.saved() != null) {
            tr = st.saved().transfer();
        }
        return tr != null && tr.sender == self && tr.waitsForFault() ? tr : null;
    }

    /**
     * Goes on with the transfer {@code self} copies after it waited for the fault RPC: the RPC
     * first (it may have to wait again), then the copy from its cursors, then the rest of the
     * call (its receive phase), as after a transfer that never waited.
     */
    private boolean continueTransfer(Tcb self, Transfer tr) {
        int r = memory.resumePageFault(tr.faulter, self, tr.faultRpc, tr.faultMicros);
        if (r == PF_PENDING) return false;
        tr.faulter = null;
        tr.faultRpc = null;
        tr.faultResult = r;
        ThreadState st = self.state;
        st.set(Kind.RUNNING);
        delivered(null);
        int cc = copyAndFinish(tr);
        if (cc == WAIT) return false;
        sendEnded(self, cc);
        if (st.phase() == ThreadState.Phase.NONE) return true;
        long[] a = self.ipcArguments(0);
        return receive(self, a, tr.message.intended, Timeout.ofRaw((int) a[Syscall.IPC_TIMEOUT]));
    }

    // ---- the page-fault message ----------------------------------------------------------------

    /** {@link #pagefaultStart} and {@link #pagefaultResume}: the faulter waits (its progress in its state). */
    public static final int PF_PENDING = -1;
    /** The RPC ended without a reply (no pager, cancelled, timed out). */
    public static final int PF_FAILED = 0;
    /** The pager replied (with or without a mapping). */
    public static final int PF_REPLIED = 1;

    /**
     * The page-fault IPC of the running thread's own access (its state saved by the caller as
     * {@code rpc}): {@link #pagefaultStart}, and while it waits the thread's host blocks here, at
     * the access, which is the thread's trap. Returns true if the reply arrived (with or without a
     * mapping).
     */
    public boolean pagefaultIpc(Tcb faulter, Tcb pager, long[] words, long timeoutMicros, ThreadState.Saved rpc) {
        int r = pagefaultStart(faulter, faulter, pager, words, timeoutMicros);
        while (r == PF_PENDING) {
            cpu.block(faulter, preferNext());
            // the RPC may have been ended for it meanwhile: its state is put back, hands off
            if (faulter.state.saved() != rpc) return false;
            r = pagefaultResume(faulter, faulter, timeoutMicros);
        }
        return r == PF_REPLIED;
    }

    /**
     * The page-fault IPC in {@code faulter}'s name (its RPC state saved by the caller), run by
     * {@code ctx}: the faulter itself, or the thread that copies a long message into or out of
     * the faulter's space and waits on its behalf. The fault message {@code words} goes to
     * {@code pager} directly, not routed by clans, and the faulter waits for the reply with the
     * whole space as its window. Never blocks a host: when the RPC must wait it returns
     * {@link #PF_PENDING} with its progress in the faulter's state (waiting to send, or to
     * receive), and {@link #pagefaultResume} goes on when {@code ctx} runs again.
     */
    public int pagefaultStart(Tcb faulter, Tcb ctx, Tcb pager, long[] words, long timeoutMicros) {
        ThreadState st = faulter.state;
        st.endAccept();
        st.set(Kind.PAGE_FAULT);
        SendPhase m = new SendPhase(IpcDescriptor.registers(), words, pager.id(), faulter.id(), false,
                false, false, Timeout.NEVER, timeoutMicros, true);
        int cc = deliverStep(faulter, ctx, pager, m);
        if (cc == WAIT) return PF_PENDING;
        return pagefaultAwaitReply(faulter, ctx, cc, timeoutMicros);
    }

    /**
     * Continues {@link #pagefaultStart} after {@code ctx} waited. The faulter's send phase tells
     * which half the RPC is in (the IPC call it may be in keeps its own phase).
     */
    public int pagefaultResume(Tcb faulter, Tcb ctx, long timeoutMicros) {
        ThreadState st = faulter.state;
        if (st.sendPhase() != null) {
            IpcOutcome o = st.takeOutcome();
            Tcb pager = st.partner();
            SendPhase m = st.sendPhase();
            st.sendDone();
            st.set(Kind.PAGE_FAULT);
            int cc;
            if (o == PICKED && pager != null) {
                cc = deliverStep(faulter, ctx, pager, m);
                if (cc == WAIT) return PF_PENDING;
            } else {
                cc = o == null || o == PICKED ? IpcError.SEND_CANCELLED.code() : o.cc;
            }
            return pagefaultAwaitReply(faulter, ctx, cc, timeoutMicros);
        }
        st.endAccept();
        st.waker(faulter);
        st.set(Kind.PAGE_FAULT);
        IpcOutcome o = st.takeOutcome();
        if (o == SENDER_GONE) return pagefaultReceive(faulter, ctx, timeoutMicros);
        return o != null && o.errorCode() == 0 ? PF_REPLIED : PF_FAILED;
    }

    private int pagefaultAwaitReply(Tcb faulter, Tcb ctx, int cc, long timeoutMicros) {
        if ((cc & 0xF0) != 0) return PF_FAILED;
        faulter.state.receiveSpec(false, faulter.pager,
                IpcDescriptor.receiveWindow(Fpage.wholeSpace(arch.wholeSpaceSizeLog2(), true), false), 0);
        return pagefaultReceive(faulter, ctx, timeoutMicros);
    }

    private int pagefaultReceive(Tcb faulter, Tcb ctx, long timeoutMicros) {
        IpcOutcome o = awaitStep(faulter, ctx, timeoutMicros);
        if (o == null) return PF_PENDING;
        return o.errorCode() == 0 ? PF_REPLIED : PF_FAILED;
    }

    // ---- ending a wait -------------------------------------------------------------------------

    /**
     * Whether {@code t} waits in its own IPC system call, whose results go into its registers, and
     * not in the kernel's page-fault IPC, whose outcome stays in its state for whoever runs the RPC.
     */
    private static boolean inCall(Tcb t) {
        return t.state.rpc() != ThreadState.Rpc.PAGE_FAULT && t.state.phase() != ThreadState.Phase.NONE;
    }

    /**
     * Ends {@code t}'s wait with {@code o}: a thread in its IPC call gets the results in its
     * registers now (a picked sender has its transfer still to do), the page-fault IPC the outcome.
     */
    private void complete(Tcb t, IpcOutcome o) {
        if (o != PICKED && o != SENDER_GONE && inCall(t)) result(t, o.cc, o.source, o.words, o.intended);
        t.state.outcome(o);
    }

    // ---- cancel, abort, timeout: one switch over the thread state ----------------------------

    /** Why a wait ends before its message: each cause has its pair of condition codes. */
    private enum End {
        CANCEL(IpcError.SEND_CANCELLED, IpcError.RECEIVE_CANCELLED),
        TIMEOUT(IpcError.SEND_TIMEOUT, IpcError.RECEIVE_TIMEOUT);

        final IpcError send;
        final IpcError receive;

        End(IpcError send, IpcError receive) {
            this.send = send;
            this.receive = receive;
        }
    }

    /**
     * Ends the wait {@code t} is in, by its state: a waiting send phase leaves its receiver's
     * queue, a receive phase stops accepting, each with {@code why}'s code as the outcome. Returns
     * that outcome, or null when {@code t} waits for nothing that can end this way.
     */
    private IpcOutcome endWait(Tcb t, End why) {
        ThreadState st = t.state;
        switch (st.kind()) {
            case INACTIVE:
            case STOPPED:
                return null;
            default:
                IpcOutcome o;
                if (st.endSend()) {
                    o = IpcOutcome.error(why.send.code());
                } else if (st.picked() && why == End.CANCEL) {
                    // chosen by its receiver, not yet transferred: the receiver waits on
                    Tcb receiver = st.partner();
                    ThreadState rs = receiver.state;
                    if (rs.accepting() && rs.partner() == t) {
                        rs.endAccept();
                        rs.unpick();
                        complete(receiver, SENDER_GONE);
                        cpu.wake(receiver);
                    }
                    st.sendDone();
                    o = IpcOutcome.error(why.send.code());
                } else if (st.endAccept()) {
                    o = IpcOutcome.error(why.receive.code());
                } else {
                    return null;
                }
                complete(t, o);
                return o;
        }
    }

    /**
     * Resets {@code t}'s IPC: a waiting phase is cancelled, a transfer in progress aborted for both
     * partners, and every thread waiting to send to {@code t} released with {@code senderCode}.
     * {@code dying}: t's code ends (kill, stop, restart at a new IP), so its call will not go on:
     * the receiver of a transfer it copies is let go at once, and the transfer is dropped.
     */
    public void reset(Tcb t, int senderCode, boolean dying) {
        Transfer tr = t.state.transfer();
        if (tr != null) {
            tr.aborted = true;
            if (t == tr.receiver || dying) {
                detachReceiver(tr);
            } else if (inFaultRpcOf(tr.receiver, tr.sender)) {
                cancelWait(tr.receiver); // wakes the copier out of the RPC in the receiver's name
            }
            // the copier in a fault RPC of its own: it ends the transfer as soon as it runs
            cancelWait(tr.sender);
            if (dying && t == tr.sender) t.state.transfer(null);
        } else {
            cancelWait(t);
        }
        for (Tcb s : t.senders.toArray(new Tcb[0])) {
            s.state.endSend();
            cpu.cancelTimeout(s);
            complete(s, IpcOutcome.error(senderCode));
            cpu.wake(s);
        }
    }

    private static boolean inFaultRpcOf(Tcb faulter, Tcb copier) {
        ThreadState st = faulter.state;
        return st.rpc() == ThreadState.Rpc.PAGE_FAULT && st.runner() == copier && copier != faulter;
    }

    /**
     * Takes the receiver out of {@code tr} at once, whatever the copier is doing: the fault RPC
     * the copier runs in the receiver's name ends (waking the copier, which then sees the abort
     * and leaves the receiver alone), the receiver's state from before it is put back, and the
     * receiver gets the abort code.
     */
    private void detachReceiver(Transfer tr) {
        Tcb r = tr.receiver;
        ThreadState rs = r.state;
        if (rs.transfer() != tr) return;
        if (inFaultRpcOf(r, tr.sender)) {
            endWait(r, End.CANCEL);
            cpu.wake(r); // its waker: the copier
            rs.restore(rs.saved());
        }
        rs.transfer(null);
        rs.set(tr.receiverKind == Kind.PAGE_FAULT ? Kind.PAGE_FAULT : Kind.LOCKED);
        complete(r, IpcOutcome.error(IpcError.RECEIVE_ABORTED.code()));
        cpu.wake(r);
    }

    /** Ends {@code t}'s waiting send or receive with cancelled. */
    public void cancelWait(Tcb t) {
        if (endWait(t, End.CANCEL) == null) return;
        cpu.cancelTimeout(t);
        cpu.wake(t);
    }

    /** A timeout expired for {@code t}: end whichever wait it is in. */
    public void timeoutExpired(Tcb t) {
        meter.countTimeout();
        IpcOutcome o = endWait(t, End.TIMEOUT);
        if (o == null) return;
        meter.trace(TraceEvent.Kind.TIMEOUT, t.id().raw(), 0, 0, o.cc);
        cpu.wake(t);
    }

    /**
     * Checks the senders queues against the thread states (kernel context only): every queued
     * thread has a send phase to that receiver, and every thread whose state says queued is in
     * its receiver's queue once. Throws AssertionError naming the first violation.
     */
    public static void checkQueues(Iterable<Tcb> threads) {
        for (Tcb t : threads) {
            for (Tcb s : t.senders) {
                ThreadState st = s.state;
                if (!st.queued() || st.partner() != t || st.sendPhase() == null) {
                    throw new AssertionError(s.id() + " is in the senders queue of " + t.id() + " but its state is " + st);
                }
            }
            ThreadState st = t.state;
            if (st.queued()) {
                int n = 0;
                for (Tcb s : st.partner().senders) if (s == t) n++;
                if (n != 1) throw new AssertionError(t.id() + " is queued " + n + " times at " + st.partner().id());
            }
        }
    }

    /** Receives an interrupt message if {@code t} is waiting for it; true if delivered. */
    public boolean offerInterrupt(Tcb t, ThreadId irq) {
        if (!t.state.accepting() || !t.state.accepts(irq)) return false;
        t.state.endAccept();
        cpu.cancelTimeout(t);
        complete(t, new IpcOutcome(0, irq, new long[mr], t.id()));
        meter.trace(TraceEvent.Kind.IRQ, irq.raw(), t.id().raw(), 0, 0);
        cpu.wake(t);
        return true;
    }

    // ---- snapshots -----------------------------------------------------------------------------

    /** The path's two marker outcomes a waiting thread may hold (0: none, 1: picked, 2: sender gone). */
    public static int marker(IpcOutcome o) { return o == PICKED ? 1 : o == SENDER_GONE ? 2 : 0; }

    public static IpcOutcome marker(int which) {
        return switch (which) {
            case 1 -> PICKED;
            case 2 -> SENDER_GONE;
            default -> throw new IllegalArgumentException("no marker outcome " + which);
        };
    }

    /** The receiver of the last transfer (see {@link #preferNext}), for snapshots. */
    public Tcb lastDelivered() { return delivered; }

    /** Sets the path's own state from a snapshot. */
    public void restore(Tcb preferNextThread, Tcb lastDelivered) {
        preferNext(preferNextThread);
        delivered = lastDelivered;
    }
}
