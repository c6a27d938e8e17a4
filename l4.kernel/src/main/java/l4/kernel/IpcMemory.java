package l4.kernel;

import l4.api.Fpage;
import l4.api.IoFpage;
import l4.kernel.ipc.MessageMemory;
import l4.kernel.object.Tcb;
import l4.kernel.object.ThreadState;
import l4.spi.Translation;

/** The memory part of messages as the IPC path sees it: user memory, the copy's page-fault RPC, and mappings. */
final class IpcMemory implements MessageMemory {
    private final Kernel k;

    IpcMemory(Kernel k) {
        this.k = k;
    }

    @Override
    public boolean inUserSpace(long va) { return k.user.inUserSpace(va, 1); }

    @Override
    public Translation translate(Tcb owner, long va, boolean write) {
        return owner.task.space.mmu().translate(va, write);
    }

    @Override
    public void readPhysical(long pa, byte[] into, int offset, int length) { k.physical.read(pa, into, offset, length); }

    @Override
    public void writePhysical(long pa, byte[] from, int offset, int length) { k.physical.write(pa, from, offset, length); }

    @Override
    public int pageFault(Tcb faulter, Tcb copier, long va, boolean write, boolean protection, long pfMicros) {
        return k.rpc.transferFault(faulter, copier, va, write, protection, pfMicros);
    }

    @Override
    public int resumePageFault(Tcb faulter, Tcb copier, ThreadState.Saved rpc, long pfMicros) {
        return k.rpc.resumeTransferFault(faulter, copier, rpc, pfMicros);
    }

    @Override
    public void mapItem(Tcb sender, Fpage item, long hotSpot, Tcb receiver, Fpage window) {
        k.mapItem(sender, item, hotSpot, receiver, window);
    }

    @Override
    public boolean ioPorts() { return k.ioPorts != null; }

    @Override
    public void mapIoItem(Tcb sender, IoFpage item, Tcb receiver) {
        k.mapIoItem(sender, item, receiver);
    }
}
