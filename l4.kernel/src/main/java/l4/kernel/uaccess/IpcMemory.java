package l4.kernel.uaccess;

import l4.api.Fpage;
import l4.api.IoFpage;
import l4.kernel.io.IoPortDatabase;
import l4.kernel.ipc.MessageMemory;
import l4.kernel.ipc.Meter;
import l4.kernel.memory.AddressSpace;
import l4.kernel.memory.MappingDatabase;
import l4.kernel.memory.PhysicalMemory;
import l4.kernel.object.Tcb;
import l4.kernel.object.ThreadState;
import l4.kernel.rpc.KernelRpc;
import l4.kernel.trace.TraceEvent;
import l4.spi.Architecture;
import l4.spi.Cost;
import l4.spi.DeviceAccess;
import l4.spi.Translation;

/** The memory part of messages as the IPC path sees it: user memory, the copy's page-fault RPC, and mappings. */
public final class IpcMemory implements MessageMemory {
    private final Architecture arch;
    private final UserAccess user;
    private final PhysicalMemory physical;
    private final KernelRpc rpc;
    private final MappingDatabase mappings;
    /** ix86: the tasks' I/O permission sets; null without I/O ports. */
    private final IoPortDatabase ioPorts;
    private final Meter meter;
    private final long wordMask;

    public IpcMemory(Architecture arch, UserAccess user, PhysicalMemory physical, KernelRpc rpc, MappingDatabase mappings,
              IoPortDatabase ioPorts, Meter meter) {
        this.arch = arch;
        this.user = user;
        this.physical = physical;
        this.rpc = rpc;
        this.mappings = mappings;
        this.ioPorts = ioPorts;
        this.meter = meter;
        this.wordMask = arch.wordBits() >= 64 ? -1L : (1L << arch.wordBits()) - 1;
    }

    @Override
    public boolean inUserSpace(long va) { return user.inUserSpace(va, 1); }

    @Override
    public Translation translate(Tcb owner, long va, boolean write) {
        return owner.task.space.mmu().translate(va, write);
    }

    @Override
    public void readPhysical(long pa, byte[] into, int offset, int length) { physical.read(pa, into, offset, length); }

    @Override
    public void writePhysical(long pa, byte[] from, int offset, int length) { physical.write(pa, from, offset, length); }

    @Override
    public int pageFault(Tcb faulter, Tcb copier, long va, boolean write, boolean protection, long pfMicros) {
        return rpc.transferFault(faulter, copier, va, write, protection, pfMicros);
    }

    @Override
    public int resumePageFault(Tcb faulter, Tcb copier, ThreadState.Saved saved, long pfMicros) {
        return rpc.resumeTransferFault(faulter, copier, saved, pfMicros);
    }

    /** One map or grant item of a message. */
    @Override
    public void mapItem(Tcb sender, Fpage item, long hotSpot, Tcb receiver, Fpage window) {
        AddressSpace from = sender.task.space;
        AddressSpace to = receiver.task.space;
        if (sender.task.number == 1 && arch.deviceAccess() == DeviceAccess.MEMORY_MAPPED) {
            materializeDeviceRoots(from, item);
        }
        var outcome = mappings.map(from, item, hotSpot & wordMask, to, window, item.grant());
        meter.trace(TraceEvent.Kind.MAP, sender.id().raw(), receiver.id().raw(), item.encode(), outcome.transferred());
    }

    /** σ0 owns device memory 1:1 too; its roots are created when σ0 first maps a device page. */
    private void materializeDeviceRoots(AddressSpace sigma0, Fpage item) {
        long lo = Math.max(item.base(), arch.deviceBase());
        long hi = Math.min(item.end(), arch.deviceBase() + arch.deviceSize() - 1);
        for (long p = lo & ~0xFFFL; p <= hi && hi - p < (64L << 20); p += 4096) {
            if (sigma0.lookup(p) == null) mappings.addDeviceRoot(sigma0, p);
        }
    }

    @Override
    public boolean ioPorts() { return ioPorts != null; }

    /** One I/O fpage map or grant item (ix86): the receiver gets those of the ports the sender has. */
    @Override
    public void mapIoItem(Tcb sender, IoFpage item, Tcb receiver) {
        int given = ioPorts.map(sender.task.number, receiver.task.number, item, item.grant());
        if (given > 0) meter.charge(Cost.MAP_PER_PAGE);
        meter.trace(TraceEvent.Kind.MAP, sender.id().raw(), receiver.id().raw(), item.encode(), given);
    }
}
