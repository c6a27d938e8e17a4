package l4.kernel;

import java.util.function.BooleanSupplier;
import l4.api.Fpage;
import l4.api.IoFpage;
import l4.kernel.ipc.MessageMemory;
import l4.kernel.object.Tcb;

/** The memory part of messages as the IPC path sees it: user memory with page faults, and mappings. */
final class IpcMemory implements MessageMemory {
    private final Kernel k;

    IpcMemory(Kernel k) {
        this.k = k;
    }

    @Override
    public long readWord(Tcb owner, long va, long pfMicros, BooleanSupplier aborted) {
        return k.user.readWord(owner, va, pfMicros, aborted);
    }

    @Override
    public boolean lastFailed() { return k.user.lastFailed(); }

    @Override
    public boolean writeWord(Tcb owner, long va, long value, long pfMicros, BooleanSupplier aborted) {
        return k.user.writeWord(owner, va, value, pfMicros, aborted);
    }

    @Override
    public boolean read(Tcb owner, long va, byte[] into, int length, long pfMicros, BooleanSupplier aborted) {
        return k.user.read(owner, va, into, length, pfMicros, aborted);
    }

    @Override
    public boolean write(Tcb owner, long va, byte[] from, int length, long pfMicros, BooleanSupplier aborted) {
        return k.user.write(owner, va, from, length, pfMicros, aborted);
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
