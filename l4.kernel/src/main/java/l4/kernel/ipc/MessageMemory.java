package l4.kernel.ipc;

import l4.api.Fpage;
import l4.api.IoFpage;
import l4.kernel.object.Tcb;
import l4.kernel.object.ThreadState;
import l4.spi.Translation;

/**
 * What the memory part of a message needs: user memory of either partner through the MMU, the
 * page-fault RPC of a copy (in the name of the partner whose space faulted, as resumable steps:
 * {@link IpcPath#PF_PENDING} while it waits), and the map and grant items.
 */
public interface MessageMemory {
    /** Whether {@code va} lies in user space (an access outside it fails without a fault). */
    boolean inUserSpace(long va);

    /** The MMU's translation of {@code va} in {@code owner}'s space, with its costs. */
    Translation translate(Tcb owner, long va, boolean write);

    void readPhysical(long pa, byte[] into, int offset, int length);

    void writePhysical(long pa, byte[] from, int offset, int length);

    /**
     * Starts the page-fault RPC of a copy: {@code faulter}'s space faulted at {@code va} while
     * {@code copier} copies a message (the fault message's w1 all ones), bounded by
     * {@code pfMicros}. Returns {@link IpcPath#PF_PENDING} (the record is then
     * {@code faulter.state.saved()}), {@link IpcPath#PF_REPLIED} or {@link IpcPath#PF_FAILED}.
     */
    int pageFault(Tcb faulter, Tcb copier, long va, boolean write, boolean protection, long pfMicros);

    /** Continues the RPC {@link #pageFault} started (its record {@code rpc}); as there. */
    int resumePageFault(Tcb faulter, Tcb copier, ThreadState.Saved rpc, long pfMicros);

    void mapItem(Tcb sender, Fpage item, long hotSpot, Tcb receiver, Fpage window);

    /** Whether the machine has I/O ports (ix86), whose fpages map through {@link #mapIoItem}. */
    boolean ioPorts();

    void mapIoItem(Tcb sender, IoFpage item, Tcb receiver);
}
