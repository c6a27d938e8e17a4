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
import l4.kernel.object.IpcWait;
import l4.kernel.object.Task;
import l4.kernel.object.Tcb;
import l4.kernel.object.ThreadState;
import l4.kernel.trace.TraceEvent;
import l4.kernel.user.Coroutine;
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
    /** Outcome given to a receiver whose chosen sender was cancelled before the transfer: wait again. */
    private static final IpcOutcome SENDER_GONE = IpcOutcome.error(0);
    /** The route of a message that goes where it is addressed (the id part is not used). */
    private static final Nearest DIRECT = new Nearest(Nearest.SAME_CLAN, ThreadId.NIL);

    private final Kernel k;
    private final int mr;
    private final OutgoingMessage immediateMessage =
            new OutgoingMessage(0, null, ThreadId.NIL, ThreadId.NIL, false, false, false, Timeout.NEVER, 0, false);

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
        if (destTask == null || destTask.thread(dest.lthread()).state == ThreadState.INACTIVE) {
            return IpcError.NON_EXISTENT.code();
        }
        Tcb direct = destTask.thread(dest.lthread());
        // The page-fault RPC is the kernel's own exchange: the fault message goes to the pager
        // directly (pagefaultRpc), so the pager's reply to a thread waiting for it in page-fault
        // state goes back directly too. Redirecting it by clans would send σ0's replies for any
        // task outside σ0's own clan to a chief, and such a task could never be paged.
        boolean pagefaultReply = direct.state == ThreadState.PAGE_FAULT && direct.receiving
                && !direct.receiveOpen && direct.receiveFrom.equals(self.id());
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
        if (target.receiving && accepts(target, source) && IpcDescriptor.pointer(descriptor) == 0
                && !IpcDescriptor.mappings(descriptor)) {
            // The short IPC to a waiting receiver: transferred at once, and a register-only
            // transfer cannot fault, block or nest, so the one scratch message is enough.
            return transfer(self, target, immediateMessage.set(descriptor, words, intended, source, deceived,
                    redirected, fromInner, timeout, 0, false));
        }
        return deliver(self, target, new OutgoingMessage(descriptor, words, intended, source, deceived, redirected,
                fromInner, timeout, timeout.sendMicros(), false));
    }

    /** Rendezvous with {@code target} (waiting if needed) and transfer; returns the sender's condition code. */
    private int deliver(Tcb self, Tcb target, OutgoingMessage m) {
        Tcb ctx = k.current();
        while (true) {
            if (target.receiving && accepts(target, m.source)) {
                return transfer(self, target, m);
            }
            if (target.state == ThreadState.STOPPED || target.state == ThreadState.INACTIVE) {
                return IpcError.NON_EXISTENT.code();
            }
            if (m.sendMicros == 0) {
                k.trace(TraceEvent.Kind.IPC, self.id().raw(), target.id().raw(), 0, IpcError.SEND_TIMEOUT.code());
                return IpcError.SEND_TIMEOUT.code();
            }
            ThreadState before = self.state;
            target.senders.addLast(self);
            self.partner = target;
            self.pendingSend = m;
            self.outcome = null;
            self.waker = ctx;
            self.ipcWait = IpcWait.SEND;
            self.state = m.pagefaultRpc ? ThreadState.PAGE_FAULT : ThreadState.SENDING;
            k.armTimeout(self, m.sendMicros);
            blockAs(self, ctx, null);
            // Waiting in another thread's name (a fault RPC), that thread may have been taken out
            // of the transfer meanwhile (detachReceiver): its state is restored, hands off.
            if (abandoned(self, ctx)) return IpcError.SEND_CANCELLED.code();
            IpcOutcome o = self.outcome;
            self.outcome = null;
            self.ipcWait = IpcWait.NONE;
            self.pendingSend = null;
            self.partner = null;
            self.waker = self;
            self.state = before == ThreadState.PAGE_FAULT ? ThreadState.PAGE_FAULT : ThreadState.RUNNING;
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
        if (ctx != self) ctx.state = ThreadState.LOCKED;
        k.block(ctx, prefer);
    }

    /** True if {@code self}, waited for by {@code ctx} in its name, was detached from ctx meanwhile. */
    private static boolean abandoned(Tcb self, Tcb ctx) {
        return ctx != self && self.waker != ctx;
    }

    private static boolean accepts(Tcb receiver, ThreadId source) {
        return receiver.receiveOpen || receiver.receiveFrom.equals(source);
    }

    // ---- receive phase -----------------------------------------------------------------------

    private IpcOutcome receive(Tcb self, long descriptor, ThreadId from, Timeout timeout) {
        long micros = timeout.receiveMicros();
        if (from.isInterrupt() || from.isNil() && !IpcDescriptor.open(descriptor) && micros == 0) {
            IpcOutcome o = k.interrupts.attachOrDetach(self, from, micros);
            if (o != null) return o;
        }
        self.receiveOpen = from.isNil() && IpcDescriptor.open(descriptor);
        self.receiveFrom = from;
        self.receiveDescriptor = descriptor;
        self.receiveTimeout = timeout.raw();
        IpcOutcome irq = k.interrupts.onReceive(self);
        if (irq != null) return irq;
        return awaitMessage(self, k.current(), micros);
    }

    /** Waits (as {@code self}, blocking {@code ctx}) for a message matching self's receive state. */
    private IpcOutcome awaitMessage(Tcb self, Tcb ctx, long micros) {
        ThreadState before = self.state;
        boolean openBefore = self.receiveOpen;
        ThreadId fromBefore = self.receiveFrom;
        while (true) {
            Tcb picked = null;
            for (Tcb s : self.senders) {
                if (accepts(self, ((OutgoingMessage) s.pendingSend).source)) {
                    picked = s;
                    break;
                }
            }
            self.outcome = null;
            self.waker = ctx;
            if (picked != null) {
                self.senders.remove(picked);
                k.cancelTimeout(picked);
                self.receiveOpen = false;
                self.receiveFrom = ((OutgoingMessage) picked.pendingSend).source;
                self.receiving = true;
                self.ipcWait = IpcWait.RECEIVE;
                self.partner = picked;
                self.state = ThreadState.LOCKED;
                picked.outcome = PICKED;
                picked.ipcWait = IpcWait.PICKED;
                k.wake(picked);
                blockAs(self, ctx, picked.waker);
            } else {
                if (micros == 0) {
                    self.waker = self;
                    k.trace(TraceEvent.Kind.IPC, 0, self.id().raw(), 0, IpcError.RECEIVE_TIMEOUT.code());
                    return IpcOutcome.error(IpcError.RECEIVE_TIMEOUT.code());
                }
                self.receiving = true;
                self.ipcWait = IpcWait.RECEIVE;
                if (before != ThreadState.PAGE_FAULT) self.state = ThreadState.RECEIVING;
                k.armTimeout(self, micros);
                blockAs(self, ctx, null);
            }
            if (abandoned(self, ctx)) return IpcOutcome.error(IpcError.RECEIVE_CANCELLED.code());
            self.receiving = false;
            self.ipcWait = IpcWait.NONE;
            self.partner = null;
            self.waker = self;
            if (before != ThreadState.PAGE_FAULT) self.state = ThreadState.RUNNING;
            IpcOutcome o = self.outcome;
            self.outcome = null;
            if (o == SENDER_GONE) {
                // the chosen sender was cancelled before it could transfer: the receive goes on
                self.receiveOpen = openBefore;
                self.receiveFrom = fromBefore;
                continue;
            }
            return o == null ? IpcOutcome.error(IpcError.RECEIVE_CANCELLED.code()) : o;
        }
    }

    // ---- the transfer ------------------------------------------------------------------------

    private int transfer(Tcb sender, Tcb receiver, OutgoingMessage m) {
        receiver.receiving = false;
        receiver.ipcWait = IpcWait.NONE;
        receiver.partner = null;
        k.cancelTimeout(receiver);
        ThreadState receiverBefore = receiver.state;
        receiver.state = ThreadState.LOCKED;
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
            tr = new Transfer(sender, receiver, receiverBefore);
            sender.transfer = tr;
            receiver.transfer = tr;
            MessageCopy copy = new MessageCopy(k, tr, m, receiver.receiveDescriptor, receiver.receiveTimeout);
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
        if (tr != null) {
            sender.transfer = null;
            if (receiver.transfer != tr) {
                // the receiver was killed or restarted during the copy (detachReceiver): it got
                // its abort code then, and whatever it does now is none of this transfer's business
                return senderErr;
            }
            receiver.transfer = null;
        }
        receiver.state = receiverBefore == ThreadState.PAGE_FAULT ? ThreadState.PAGE_FAULT : ThreadState.LOCKED;
        receiver.deliver(receiverErr | flags | received, m.source, words, m.intended);
        k.trace(TraceEvent.Kind.IPC, m.source.raw(), receiver.id().raw(), words.length > 0 ? words[0] : 0, receiverErr | flags);
        k.wake(receiver);
        return senderErr;
    }

    // ---- the nested page-fault RPC -----------------------------------------------------------

    /**
     * Sends the page-fault message for {@code faulter} to its pager and waits for the reply,
     * blocking the running thread. Returns true if the reply arrived (with or without mapping).
     */
    public boolean pagefaultRpc(Tcb faulter, long address, boolean write, boolean protection, long ipWord, long timeoutMicros) {
        long w0 = (address & ~3L & k.wordMask()) | (write ? 2 : 0) | (protection && k.arch.wordBits() == 32 ? 1 : 0);
        return faultRpc(faulter, w0, address, write ? 1 : 0, ipWord, timeoutMicros);
    }

    /**
     * The same RPC with a ready-made fault word {@code w0} (ix86 I/O faults: an I/O fpage); w1 is
     * the faulting IP. Returns true if the reply arrived (with or without mapping).
     */
    public boolean faultRpc(Tcb faulter, long w0, long ipWord, long timeoutMicros) {
        return faultRpc(faulter, w0 & k.wordMask(), w0 & k.wordMask(), 0, ipWord, timeoutMicros);
    }

    private boolean faultRpc(Tcb faulter, long w0, long traceAddress, int traceWrite, long ipWord, long timeoutMicros) {
        k.stats.pageFaults++;
        k.charge(Cost.KERNEL_ENTRY_EXIT);
        k.charge(Cost.PAGE_FAULT);
        k.charge(Cost.IPC_PATH); // the fault message takes the ordinary IPC path to the pager
        k.trace(TraceEvent.Kind.PAGE_FAULT, faulter.id().raw(), faulter.pager.raw(), traceAddress, traceWrite);
        Task pagerTask = k.clans.activeTask(faulter.pager);
        if (pagerTask == null) return false;
        Tcb pager = pagerTask.thread(faulter.pager.lthread());
        long[] words = new long[mr];
        words[0] = w0;
        words[1] = ipWord & k.wordMask();
        FaultSave save = new FaultSave(k.current(), faulter.state, faulter.receiving, faulter.receiveOpen,
                faulter.receiveFrom, faulter.receiveDescriptor, faulter.receiveTimeout, faulter.waker, faulter.transfer);
        faulter.faultSave = save;
        faulter.receiving = false;
        faulter.state = ThreadState.PAGE_FAULT;
        boolean unwound = false;
        try {
            OutgoingMessage m = new OutgoingMessage(IpcDescriptor.registers(), words, pager.id(), faulter.id(), false,
                    false, false, Timeout.NEVER, timeoutMicros, true);
            int cc = deliver(faulter, pager, m);
            if ((cc & 0xF0) != 0 || faulter.faultSave != save) return false;
            faulter.receiveOpen = false;
            faulter.receiveFrom = faulter.pager;
            faulter.receiveDescriptor = IpcDescriptor.receiveWindow(Fpage.wholeSpace(k.arch.wholeSpaceSizeLog2(), true), false);
            faulter.receiveTimeout = 0;
            IpcOutcome o = awaitMessage(faulter, save.ctx, timeoutMicros);
            return o.errorCode() == 0 && faulter.faultSave == save;
        } catch (Coroutine.Unwind u) {
            // This host stack belongs to a killed or restarted thread and is unwinding while
            // another coroutine holds the CPU: it must not touch kernel state any more (whoever
            // killed it has ended the RPC and restored the faulter: reset).
            unwound = true;
            throw u;
        } finally {
            if (!unwound && faulter.faultSave == save) restore(faulter, save);
        }
    }

    /** A thread's state before a page-fault RPC in its name, and the coroutine that runs the RPC. */
    private record FaultSave(Tcb ctx, ThreadState state, boolean receiving, boolean receiveOpen, ThreadId receiveFrom,
                             long receiveDescriptor, int receiveTimeout, Tcb waker, Object transfer) {}

    private static void restore(Tcb faulter, FaultSave save) {
        faulter.faultSave = null;
        faulter.state = save.state;
        faulter.receiving = save.receiving;
        faulter.ipcWait = IpcWait.NONE;
        faulter.partner = null;
        faulter.pendingSend = null;
        faulter.receiveOpen = save.receiveOpen;
        faulter.receiveFrom = save.receiveFrom;
        faulter.receiveDescriptor = save.receiveDescriptor;
        faulter.receiveTimeout = save.receiveTimeout;
        faulter.waker = save.waker;
        // the pager's reply is a transfer of its own, which ends by clearing the faulter's
        faulter.transfer = save.transfer;
    }

    // ---- cancel and abort (lthread_ex_regs, task_new, a thread's end) -------------------------

    /**
     * Resets {@code t}'s IPC: a waiting phase is cancelled, a transfer in progress aborted for both
     * partners, and every thread waiting to send to {@code t} released with {@code senderCode}.
     * {@code dying}: t's host stack is about to be unwound (kill, restart at a new IP), so nothing
     * t's coroutine was doing in another thread's name may be left waiting for it.
     */
    public void reset(Tcb t, int senderCode, boolean dying) {
        Transfer tr = (Transfer) t.transfer;
        if (tr != null) {
            tr.aborted = true;
            if (t == tr.receiver || dying) {
                detachReceiver(tr);
            } else if (inFaultRpcOf(tr.receiver, tr.sender)) {
                cancelWait(tr.receiver); // wakes the copier out of the RPC in the receiver's name
            }
            // the copier in a fault RPC of its own: it ends the transfer as soon as it runs
            if (tr.sender.ipcWait != IpcWait.NONE) cancelWait(tr.sender);
        } else {
            cancelWait(t);
        }
        for (Tcb s : t.senders.toArray(new Tcb[0])) {
            t.senders.remove(s);
            k.cancelTimeout(s);
            s.ipcWait = IpcWait.NONE;
            s.outcome = IpcOutcome.error(senderCode);
            k.wake(s);
        }
    }

    private static boolean inFaultRpcOf(Tcb faulter, Tcb ctx) {
        return faulter.faultSave != null && ((FaultSave) faulter.faultSave).ctx == ctx && ctx != faulter;
    }

    /**
     * Takes the receiver out of {@code tr} at once, whatever the copier is doing: the fault RPC
     * the copier runs in the receiver's name ends (waking the copier, which then sees the abort
     * and leaves the receiver alone), the receiver's state from before it is restored, and the
     * receiver gets the abort code.
     */
    private void detachReceiver(Transfer tr) {
        Tcb r = tr.receiver;
        if (r.transfer != tr) return;
        if (inFaultRpcOf(r, tr.sender)) {
            endWait(r, IpcError.SEND_CANCELLED.code(), IpcError.RECEIVE_CANCELLED.code());
            k.wake(r); // its waker: the copier
            restore(r, (FaultSave) r.faultSave);
        }
        r.transfer = null;
        r.state = tr.receiverState == ThreadState.PAGE_FAULT ? ThreadState.PAGE_FAULT : ThreadState.LOCKED;
        r.outcome = IpcOutcome.error(IpcError.RECEIVE_ABORTED.code());
        k.wake(r);
    }

    /** Ends {@code t}'s waiting send or receive with cancelled. */
    public void cancelWait(Tcb t) {
        if (endWait(t, IpcError.SEND_CANCELLED.code(), IpcError.RECEIVE_CANCELLED.code())) k.wake(t);
    }

    /**
     * Ends whichever IPC wait {@code t} is in with {@code sendCode} or {@code receiveCode} as its
     * outcome, without waking it. A sender already chosen by its receiver lets that receiver go
     * back to waiting. Returns false if t was in no wait.
     */
    private boolean endWait(Tcb t, int sendCode, int receiveCode) {
        switch (t.ipcWait) {
            case SEND:
                t.partner.senders.remove(t);
                k.cancelTimeout(t);
                t.outcome = IpcOutcome.error(sendCode);
                break;
            case PICKED: {
                Tcb receiver = t.partner;
                if (receiver.ipcWait == IpcWait.RECEIVE && receiver.partner == t) {
                    receiver.receiving = false;
                    receiver.ipcWait = IpcWait.NONE;
                    receiver.outcome = SENDER_GONE;
                    k.wake(receiver);
                }
                t.outcome = IpcOutcome.error(sendCode);
                break;
            }
            case RECEIVE:
                t.receiving = false;
                k.cancelTimeout(t);
                t.outcome = IpcOutcome.error(receiveCode);
                break;
            default:
                return false;
        }
        t.ipcWait = IpcWait.NONE;
        return true;
    }

    /** A timeout expired for {@code t}: end whichever wait it is in. */
    public void timeoutExpired(Tcb t) {
        k.stats.timeouts++;
        if (t.ipcWait != IpcWait.SEND && t.ipcWait != IpcWait.RECEIVE) return;
        endWait(t, IpcError.SEND_TIMEOUT.code(), IpcError.RECEIVE_TIMEOUT.code());
        k.trace(TraceEvent.Kind.TIMEOUT, t.id().raw(), 0, 0, t.outcome.cc);
        k.wake(t);
    }

    /** Receives an interrupt message if {@code t} is waiting for it; true if delivered. */
    public boolean offerInterrupt(Tcb t, ThreadId irq) {
        if (!t.receiving || !accepts(t, irq)) return false;
        t.receiving = false;
        t.ipcWait = IpcWait.NONE;
        k.cancelTimeout(t);
        t.outcome = new IpcOutcome(0, irq, new long[mr], t.id());
        k.trace(TraceEvent.Kind.IRQ, irq.raw(), t.id().raw(), 0, 0);
        k.wake(t);
        return true;
    }
}
