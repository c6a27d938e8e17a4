package l4.kernel.ipc;

import l4.api.ThreadId;
import l4.kernel.object.IpcOutcome;
import l4.kernel.object.Tcb;

/** Hardware interrupts as IPC partners, as the receive phase meets them. */
public interface InterruptSource {
    /** Attach/detach requests (a receive from an interrupt, or from nil with timeout 0); null for a plain wait. */
    IpcOutcome attachOrDetach(Tcb self, ThreadId from, long micros);

    /** A handler starts a receive: a pending interrupt it accepts, or null. */
    IpcOutcome onReceive(Tcb self);
}
