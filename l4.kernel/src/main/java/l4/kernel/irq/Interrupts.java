package l4.kernel.irq;

import l4.api.IpcError;
import l4.api.ThreadId;
import java.util.function.Consumer;
import l4.kernel.ipc.InterruptSource;
import l4.kernel.ipc.IpcPath;
import l4.kernel.ipc.Meter;
import l4.kernel.meter.KernelStats;
import l4.kernel.object.IpcOutcome;
import l4.kernel.object.Tcb;
import l4.spi.Cost;
import l4.spi.InterruptController;

/**
 * Hardware interrupts as IPC: each line is a virtual thread (id irq+1). A handler attaches by a
 * receive from that id with timeout 0 and detaches by a receive from nil with timeout 0; a
 * delivered interrupt stays masked until its handler's next receive. The kernel keeps the timer.
 */
public final class Interrupts implements InterruptSource {
    private final InterruptController pic;
    private final int mr;
    private final Meter meter;
    private final KernelStats stats;
    /** Runs work in kernel context at the next safe point (for raises from outside). */
    private final Consumer<Runnable> post;
    private final Tcb[] handler;
    private final boolean[] pending;
    private final long[] count;

    public Interrupts(InterruptController pic, int messageRegisters, Meter meter, KernelStats stats, Consumer<Runnable> post) {
        this.pic = pic;
        this.mr = messageRegisters;
        this.meter = meter;
        this.stats = stats;
        this.post = post;
        int n = pic.lines();
        this.handler = new Tcb[n];
        this.pending = new boolean[n];
        this.count = new long[n];
        // Lines without a handler stay masked; the timer line is the kernel's and stays open.
        for (int l = 0; l < n; l++) if (l != pic.timerLine()) pic.mask(l);
    }

    public int lines() { return handler.length; }

    public Tcb handler(int line) { return handler[line]; }

    public long count(int line) { return count[line]; }

    public boolean pendingLine(int line) { return pending[line]; }

    private boolean attachable(int irq) {
        return irq >= 0 && irq < handler.length && irq != pic.timerLine();
    }

    /** Attach/detach requests; null when the receive is an ordinary wait for an interrupt. */
    @Override
    public IpcOutcome attachOrDetach(Tcb self, ThreadId from, long micros) {
        if (from.isNil()) {
            for (int l = 0; l < handler.length; l++) if (handler[l] == self) detach(l);
            return IpcOutcome.error(IpcError.RECEIVE_TIMEOUT.code());
        }
        int irq = from.irq();
        if (!attachable(irq)) return IpcOutcome.error(IpcError.NON_EXISTENT.code());
        if (handler[irq] != null && handler[irq] != self) return IpcOutcome.error(IpcError.NON_EXISTENT.code());
        if (micros != 0) return handler[irq] == self ? null : IpcOutcome.error(IpcError.NON_EXISTENT.code());
        if (handler[irq] == self && pending[irq]) {
            pending[irq] = false;
            count[irq]++;
            return new IpcOutcome(0, from, new long[mr], self.id());
        }
        if (handler[irq] == null) {
            handler[irq] = self;
            self.attachedIrqs |= 1L << irq;
            pic.unmask(irq);
            raised = true; // a request held while masked is delivered now
        }
        return IpcOutcome.error(IpcError.RECEIVE_TIMEOUT.code());
    }

    void detach(int line) {
        Tcb h = handler[line];
        if (h != null) h.attachedIrqs &= ~(1L << line);
        handler[line] = null;
        pending[line] = false;
        pic.mask(line);
    }

    /** A handler starts a receive: its lines are unmasked again, and a pending one is delivered now. */
    @Override
    public IpcOutcome onReceive(Tcb self) {
        if (self.attachedIrqs == 0) return null;
        for (int l = 0; l < handler.length; l++) {
            if (handler[l] != self) continue;
            ThreadId id = ThreadId.interrupt(l);
            if (pending[l] && self.state.accepts(id)) {
                pending[l] = false;
                count[l]++;
                return new IpcOutcome(0, id, new long[mr], self.id());
            }
            if (!pending[l]) {
                pic.unmask(l);
                raised = true;
            }
        }
        return null;
    }

    /** Lines are raised only through {@link #raise}, so a flag says whether the controller needs a look. */
    private boolean raised;

    public boolean anyPending() {
        return raised;
    }

    /** Takes every raised, unmasked line and turns it into an IPC to its handler. */
    public void deliverPending(IpcPath ipc) {
        if (!raised) return;
        raised = false;
        int line;
        while ((line = pic.acknowledge()) >= 0) {
            if (line == pic.timerLine()) continue;
            stats.interrupts++;
            meter.charge(Cost.INTERRUPT);
            pic.mask(line);
            Tcb h = handler[line];
            if (h != null && ipc.offerInterrupt(h, ThreadId.interrupt(line))) {
                count[line]++;
            } else {
                pending[line] = true;
            }
        }
    }

    /** Raises a line from outside the simulation (a device model, a test); safe from any host thread. */
    public void raise(int line) {
        post.accept(() -> {
            pic.raise(line);
            raised = true;
        });
    }

    /** Raises a line in the machine's context (a device model's register access or timer): seen at the next delivery. */
    public void raiseInContext(int line) {
        pic.raise(line);
        raised = true;
    }

    public void detachAll(Tcb t) {
        for (int l = 0; l < handler.length; l++) if (handler[l] == t) detach(l);
    }

    // ---- snapshots -----------------------------------------------------------------------------

    /** Whether a raised line still waits for the controller's look. */
    public boolean raised() { return raised; }

    /** Sets one line from a snapshot (the controller's own state is restored through its SPI). */
    public void restoreLine(int line, Tcb handlerThread, boolean pendingLine, long delivered) {
        handler[line] = handlerThread;
        pending[line] = pendingLine;
        count[line] = delivered;
    }

    public void restoreRaised(boolean value) { raised = value; }
}
