package l4.kernel.ipc;

import java.util.Arrays;
import l4.api.ConditionCode;
import l4.api.Fpage;
import l4.api.IpcDescriptor;
import l4.api.IpcError;
import l4.api.MsgDope;
import l4.api.Nearest;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.kernel.Kernel;
import l4.kernel.object.IpcOutcome;
import l4.kernel.object.SendPhase;
import l4.kernel.object.Task;
import l4.kernel.object.Tcb;
import l4.kernel.object.ThreadState;
import l4.kernel.object.ThreadState.Kind;
import l4.kernel.object.Transfer;
import l4.kernel.trace.TraceEvent;
import l4.spi.Cost;
import l4.spi.Syscall;

/**
 * Synchronous, unbuffered IPC: rendezvous, register and memory messages with strings, map and
 * grant items, timeouts, clans-and-chiefs redirection, deceit, cancel and abort, and the nested
 * page-fault RPC. The copying is always done by the running thread; a fault in the partner's
 * space is an RPC to the partner's pager in the partner's name, during which the running
 * thread waits on the partner's behalf.
 */
public final class IpcPath {
    /** Outcome given to a waiting sender whose receiver chose it: go on and transfer. */
    private static final IpcOutcome PICKED = IpcOutcome.error(0);
    /** The route of a message that goes where it is addressed (the id part is not used). */
    private static final Nearest DIRECT = new Nearest(Nearest.SAME_CLAN, ThreadId.NIL);

    private final Kernel k;
    private final int mr;
    private final SendPhase immediateMessage =
            new SendPhase(0, null, ThreadId.NIL, ThreadId.NIL, false, false, false, Timeout.NEVER, 0, false);

    public IpcPath(Kernel k) {
        this.k = k;
        this.mr = k.arch.messageRegisters();
    }

    // ---- the system call ---------------------------------------------------------------------

    public long[] ipc(Tcb self, long[] a) {
        k.charge(Cost.IPC_PATH);
        k.stats.ipcs++;
        long snd = a[Syscall.IPC_SND];
        long rcv = a[Syscall.IPC_RCV];
        Timeout timeout = Timeout.ofRaw((int) a[Syscall.IPC_TIMEOUT]);
        ThreadId dest = ThreadId.ofRaw(a[Syscall.IPC_DEST]);
        // A call names its partner twice (dest and rcv_from): one id object serves both.
        ThreadId from = a[Syscall.IPC_RCV_FROM] == a[Syscall.IPC_DEST] ? dest : ThreadId.ofRaw(a[Syscall.IPC_RCV_FROM]);
        ThreadId vsender = ThreadId.ofRaw(a[Syscall.IPC_VSENDER]);
        long[] words = self.sendWords(mr);
        // Message registers are machine words: on a 32-bit machine the high halves of the
        // caller's Java longs are not part of the message (they were passed through unmasked).
        for (int i = 0; i < mr; i++) words[i] = a[Syscall.IPC_WORDS_IN + i] & k.wordMask();
        if (!k.isNilWord(snd)) {
            int cc = send(self, dest, snd & k.wordMask(), words, vsender, timeout);
            if ((cc & 0xF0) != 0 || k.isNilWord(rcv)) return result(self, cc, ThreadId.NIL, null, ThreadId.NIL);
        }
        if (k.isNilWord(rcv)) return result(self, 0, ThreadId.NIL, null, ThreadId.NIL);
        rcv &= k.wordMask();
        IpcOutcome o = receive(self, rcv, IpcDescriptor.open(rcv) ? ThreadId.NIL : from, timeout);
        return result(self, o.cc, o.source, o.words, o.intended);
    }

    /** The results in {@code self}'s IPC result buffer; no words (null) read as zeros. */
    private long[] result(Tcb self, int cc, ThreadId source, long[] words, ThreadId intended) {
        long[] r = self.ipcResults(Syscall.IPC_WORDS_OUT + mr);
        r[Syscall.IPC_DOPE] = cc & 0xFFFF_FFFFL; // condition code, and after a long message its counts
        r[Syscall.IPC_SOURCE] = source.raw();
        r[Syscall.IPC_INTENDED] = intended.raw();
        int n = words == null ? 0 : Math.min(mr, words.length);
        if (n > 0) System.arraycopy(words, 0, r, Syscall.IPC_WORDS_OUT, n);
        Arrays.fill(r, Syscall.IPC_WORDS_OUT + n, r.length, 0L);
        return r;
    }

    // ---- send phase --------------------------------------------------------------------------

    private int send(Tcb self, ThreadId dest, long descriptor, long[] words, ThreadId vsender, Timeout timeout) {
        Task destTask = k.clans.activeTask(dest);
        if (destTask == null || destTask.thread(dest.lthread()).state.is(Kind.INACTIVE)) {
            return IpcError.NON_EXISTENT.code();
        }
        Tcb direct = destTask.thread(dest.lthread());
        // The page-fault RPC is the kernel's own exchange: the fault message goes to the pager
        // directly (pagefaultRpc), so the pager's reply to a thread waiting for it in page-fault
        // state goes back directly too. Redirecting it by clans would send σ0's replies for any
        // task outside σ0's own clan to a chief, and such a task could never be paged.
        ThreadState ds = direct.state;
        boolean pagefaultReply = ds.is(Kind.PAGE_FAULT) && ds.accepting() && !ds.open() && ds.from().equals(self.id());
        Nearest nearest = pagefaultReply || ClanRouter.sameClan(self.task, destTask) ? DIRECT
                : k.clans.nearest(self.task, destTask);
        boolean redirected = nearest.type() != Nearest.SAME_CLAN;
        Tcb target = redirected ? k.tasks[nearest.id().task()].thread(0) : direct;
        boolean deceived = IpcDescriptor.deceiving(descriptor) && k.clans.deceitAllowed(self.task, vsender, destTask);
        ThreadId source = deceived ? vsender : self.id();
        boolean fromInner = nearest.type() == Nearest.OUTER_CLAN
                || !redirected && ClanRouter.below(self.task, target.task);
        // The real destination, reported to the receiver of every message (redirected or not).
        ThreadId intended = dest;
        if (target.state.accepting() && target.state.accepts(source) && IpcDescriptor.pointer(descriptor) == 0
                && !IpcDescriptor.mappings(descriptor)) {
            // The short IPC to a waiting receiver: transferred at once, and a register-only
            // transfer cannot fault, block or nest, so the one scratch message is enough.
            return transfer(self, target, immediateMessage.set(descriptor, words, intended, source, deceived,
                    redirected, fromInner, timeout, 0, false));
        }
        return deliver(self, target, new SendPhase(descriptor, words, intended, source, deceived, redirected,
                fromInner, timeout, timeout.sendMicros(), false));
    }

    /** Rendezvous with {@code target} (waiting if needed) and transfer; returns the sender's condition code. */
    private int deliver(Tcb self, Tcb target, SendPhase m) {
        Tcb ctx = k.current();
        while (true) {
            if (target.state.accepting() && target.state.accepts(m.source)) {
                return transfer(self, target, m);
            }
            if (target.state.is(Kind.STOPPED) || target.state.is(Kind.INACTIVE)) {
                return IpcError.NON_EXISTENT.code();
            }
            if (m.sendMicros == 0) {
                k.trace(TraceEvent.Kind.IPC, self.id().raw(), target.id().raw(), 0, IpcError.SEND_TIMEOUT.code());
                return IpcError.SEND_TIMEOUT.code();
            }
            Kind before = self.state.kind();
            self.state.beginSend(target, m, m.pagefaultRpc ? Kind.PAGE_FAULT : Kind.SENDING, ctx);
            k.armTimeout(self, m.sendMicros);
            blockAs(self, ctx, null);
            IpcOutcome o = self.state.takeOutcome();
            self.state.sendDone();
            self.state.set(before == Kind.PAGE_FAULT ? Kind.PAGE_FAULT : Kind.RUNNING);
            if (o != PICKED) return o == null ? IpcError.SEND_CANCELLED.code() : o.cc;
        }
    }

    /**
     * Blocks the running coroutine {@code ctx} while it waits as {@code self}. When these differ (a
     * nested page fault in the partner's space during a transfer), ctx itself must not stay
     * runnable: it is in the transfer. Before this, ctx kept state RUNNING, so the dispatcher ran
     * it again at once and the fault RPC ended with no reply ("cancelled"), failing the transfer
     * with a page-fault timeout after a few µs whatever p_s/p_r said.
     */
    private void blockAs(Tcb self, Tcb ctx, Tcb prefer) {
        if (ctx != self) ctx.state.set(Kind.LOCKED);
        k.block(ctx, prefer);
    }

    // ---- receive phase -----------------------------------------------------------------------

    private IpcOutcome receive(Tcb self, long descriptor, ThreadId from, Timeout timeout) {
        long micros = timeout.receiveMicros();
        if (from.isInterrupt() || from.isNil() && !IpcDescriptor.open(descriptor) && micros == 0) {
            IpcOutcome o = k.interrupts.attachOrDetach(self, from, micros);
            if (o != null) return o;
        }
        self.state.receiveSpec(from.isNil() && IpcDescriptor.open(descriptor), from, descriptor, timeout.raw());
        IpcOutcome irq = k.interrupts.onReceive(self);
        if (irq != null) return irq;
        return awaitMessage(self, k.current(), micros);
    }

    /** Waits (as {@code self}, blocking {@code ctx}) for a message matching self's receive state. */
    private IpcOutcome awaitMessage(Tcb self, Tcb ctx, long micros) {
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
            k.cancelTimeout(picked);
            st.acceptOnly(source);
            st.beginAccept(Kind.LOCKED, ctx);
            k.wake(picked);
            blockAs(self, ctx, picked.state.waker());
        } else {
            if (micros == 0) {
                st.outcome(null);
                k.trace(TraceEvent.Kind.IPC, 0, self.id().raw(), 0, IpcError.RECEIVE_TIMEOUT.code());
                return IpcOutcome.error(IpcError.RECEIVE_TIMEOUT.code());
            }
            st.beginAccept(before == Kind.PAGE_FAULT ? null : Kind.RECEIVING, ctx);
            k.armTimeout(self, micros);
            blockAs(self, ctx, null);
        }
        st.endAccept();
        st.waker(self);
        if (before != Kind.PAGE_FAULT) st.set(Kind.RUNNING);
        IpcOutcome o = st.takeOutcome();
        return o == null ? IpcOutcome.error(IpcError.RECEIVE_CANCELLED.code()) : o;
    }

    // ---- the transfer ------------------------------------------------------------------------

    private int transfer(Tcb sender, Tcb receiver, SendPhase m) {
        ThreadState rs = receiver.state;
        rs.endAccept();
        k.cancelTimeout(receiver);
        Kind receiverBefore = rs.kind();
        rs.set(Kind.LOCKED);
        k.charge(Cost.IPC_REGISTER_WORD, mr);
        long[] words = m.words; // the sender's: unchanged until its send phase ends, after this transfer
        int senderErr = 0;
        int receiverErr = 0;
        int flags = 0;
        int received = 0;
        // Only a memory part or map items can fault and so let other threads run (and ex_regs
        // abort) in the middle of the transfer; a register-only message, the common short IPC,
        // needs neither the copy machinery nor a Transfer record that nobody could observe.
        boolean memoryPart = !m.pagefaultRpc && IpcDescriptor.pointer(m.descriptor) != 0;
        boolean mapItems = IpcDescriptor.mappings(m.descriptor);
        Transfer tr = null;
        if (memoryPart || mapItems) {
            tr = new Transfer(sender, receiver);
            sender.state.transfer(tr);
            rs.transfer(tr);
            MessageCopy copy = new MessageCopy(k, tr, m, rs.descriptor(), rs.timeout());
            if (memoryPart) {
                int err = copy.copyMemoryPart();
                if (err != 0) {
                    senderErr = err | 0x10;
                    receiverErr = err & 0xE0;
                }
            }
            if (mapItems && (senderErr == 0 || (senderErr & 0xF0) == IpcError.SEND_CUT.code())) {
                int err = copy.mapItems(words);
                if (err < 0 && senderErr == 0) {
                    senderErr = IpcError.SEND_PF_TIMEOUT.code();
                    receiverErr = IpcError.SEND_PF_TIMEOUT_RECEIVER.code();
                }
                if (copy.mapped()) flags |= ConditionCode.MAPPED;
            }
            received = copy.receivedDope();
        }
        if (tr != null && tr.aborted) {
            senderErr = IpcError.SEND_ABORTED.code();
            receiverErr = IpcError.RECEIVE_ABORTED.code();
        }
        if (m.deceived) flags |= ConditionCode.DECEIVED;
        if (m.redirected) flags |= ConditionCode.REDIRECTED;
        if (m.fromInner) flags |= ConditionCode.INNER_CLAN;
        sender.state.transfer(null);
        rs.transfer(null);
        rs.set(receiverBefore == Kind.PAGE_FAULT ? Kind.PAGE_FAULT : Kind.LOCKED);
        receiver.deliver(receiverErr | flags | received, m.source, words, m.intended);
        k.trace(TraceEvent.Kind.IPC, m.source.raw(), receiver.id().raw(), words.length > 0 ? words[0] : 0, receiverErr | flags);
        k.wake(receiver);
        return senderErr;
    }

    // ---- the page-fault message ----------------------------------------------------------------

    /**
     * The IPC of the kernel's page-fault RPC (its state saved by the caller): the fault message
     * {@code words} goes to {@code pager} directly, not routed by clans, and the faulter waits for
     * the reply with the whole space as its window. Blocks the running thread, which may be
     * another one copying a message into the faulter's space. Returns true if the reply arrived
     * (with or without a mapping).
     */
    public boolean pagefaultIpc(Tcb faulter, Tcb pager, long[] words, long timeoutMicros) {
        ThreadState st = faulter.state;
        st.endAccept();
        st.set(Kind.PAGE_FAULT);
        SendPhase m = new SendPhase(IpcDescriptor.registers(), words, pager.id(), faulter.id(), false,
                false, false, Timeout.NEVER, timeoutMicros, true);
        int cc = deliver(faulter, pager, m);
        if ((cc & 0xF0) != 0) return false;
        st.receiveSpec(false, faulter.pager,
                IpcDescriptor.receiveWindow(Fpage.wholeSpace(k.arch.wholeSpaceSizeLog2(), true), false), 0);
        IpcOutcome o = awaitMessage(faulter, k.current(), timeoutMicros);
        return o.errorCode() == 0;
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
    private static IpcOutcome endWait(Tcb t, End why) {
        ThreadState st = t.state;
        switch (st.kind()) {
            case INACTIVE:
            case STOPPED:
                return null;
            default:
                IpcOutcome o;
                if (st.endSend()) o = IpcOutcome.error(why.send.code());
                else if (st.endAccept()) o = IpcOutcome.error(why.receive.code());
                else return null;
                st.outcome(o);
                return o;
        }
    }

    /**
     * Resets {@code t}'s IPC: a waiting phase is cancelled, a transfer in progress aborted, and
     * every thread waiting to send to {@code t} released with send-cancelled (or {@code senderCode}).
     */
    public void reset(Tcb t, int senderCode) {
        ThreadState st = t.state;
        Transfer tr = st.transfer();
        if (tr != null) {
            tr.aborted = true;
            for (Tcb side : new Tcb[] {tr.sender, tr.receiver}) {
                if (side.state.is(Kind.PAGE_FAULT)) cancelWait(side);
            }
        } else {
            cancelWait(t);
        }
        for (Tcb s : t.senders.toArray(new Tcb[0])) {
            s.state.endSend();
            k.cancelTimeout(s);
            s.state.outcome(IpcOutcome.error(senderCode));
            k.wake(s);
        }
    }

    /** Ends {@code t}'s waiting send or receive with cancelled. */
    public void cancelWait(Tcb t) {
        if (endWait(t, End.CANCEL) == null) return;
        k.cancelTimeout(t);
        k.wake(t);
    }

    /** A timeout expired for {@code t}: end whichever wait it is in. */
    public void timeoutExpired(Tcb t) {
        k.stats.timeouts++;
        IpcOutcome o = endWait(t, End.TIMEOUT);
        if (o == null) return;
        k.trace(TraceEvent.Kind.TIMEOUT, t.id().raw(), 0, 0, o.cc);
        k.wake(t);
    }

    /** Receives an interrupt message if {@code t} is waiting for it; true if delivered. */
    public boolean offerInterrupt(Tcb t, ThreadId irq) {
        if (!t.state.accepting() || !t.state.accepts(irq)) return false;
        t.state.endAccept();
        k.cancelTimeout(t);
        t.state.outcome(new IpcOutcome(0, irq, new long[mr], t.id()));
        k.trace(TraceEvent.Kind.IRQ, irq.raw(), t.id().raw(), 0, 0);
        k.wake(t);
        return true;
    }
}
