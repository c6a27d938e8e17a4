package l4.kernel.binding;

import l4.api.IoFpage;
import l4.api.Timeout;
import l4.kernel.dispatch.Scheduler;
import l4.kernel.hardware.PortBus;
import l4.kernel.io.IoPortDatabase;
import l4.kernel.ipc.Meter;
import l4.kernel.object.Tcb;
import l4.kernel.rpc.KernelRpc;
import l4.spi.Architecture;
import l4.spi.Cost;
import l4.spi.DeviceAccess;

/**
 * A Java thread's in and out instructions (ix86). The task's I/O permission set is checked for
 * every port the access touches; a missing port is an I/O fault, sent to the thread's pager like
 * a page fault (w0 = the one-port I/O fpage, w1 = IP), and the access is retried after the reply
 * — a reply that gave nothing faults again. Each access is charged as one user memory access and
 * is a preemption point.
 */
final class PortAccess {
    private final Architecture arch;
    private final PortBus portBus;
    private final IoPortDatabase ioPorts;
    private final KernelRpc rpc;
    private final Meter meter;
    private final Scheduler scheduler;
    private final Tcb self;
    private final Runnable enter;

    PortAccess(Architecture arch, PortBus portBus, IoPortDatabase ioPorts, KernelRpc rpc, Meter meter, Scheduler scheduler,
               Tcb self, Runnable enter) {
        this.arch = arch;
        this.portBus = portBus;
        this.ioPorts = ioPorts;
        this.rpc = rpc;
        this.meter = meter;
        this.scheduler = scheduler;
        this.self = self;
        this.enter = enter;
    }

    long read(int port, int width) {
        check(port, width);
        long v = portBus.read(port, width);
        scheduler.checkpoint(self);
        return v;
    }

    void write(int port, int width, long value) {
        check(port, width);
        portBus.write(port, width, value);
        scheduler.checkpoint(self);
    }

    private void check(int port, int width) {
        enter.run();
        if (arch.deviceAccess() != DeviceAccess.IO_PORTS || ioPorts == null) {
            throw new IoPortError(port, width, "no I/O ports on " + arch.name());
        }
        if (width != 1 && width != 2 && width != 4) throw new IoPortError(port, width, "width must be 1, 2 or 4");
        if (port < 0 || port + width > IoFpage.PORTS) throw new IoPortError(port, width, "outside the port space");
        meter.charge(Cost.USER_MEMORY_ACCESS);
        while (true) {
            int missing = ioPorts.firstMissing(self.task.number, port, width);
            if (missing < 0) return;
            boolean replied = rpc.ioFault(self, IoFpage.of(missing, 0).encode(), self.ip(), Timeout.INFINITE);
            if (!replied) throw new IoPortError(port, width, String.format("I/O fault on port 0x%x not resolved", missing));
        }
    }

    /** Thrown into Java user code for an in/out that cannot be done: the thread gets a program exception. */
    public static final class IoPortError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        IoPortError(int port, int width, String why) {
            super(String.format("I/O port 0x%x (width %d): %s", port, width, why));
        }
    }
}
