package l4.kernel;

import l4.api.IoFpage;
import l4.api.Timeout;
import l4.kernel.object.Tcb;
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
    private final Kernel k;
    private final Tcb self;
    private final Runnable enter;

    PortAccess(Kernel k, Tcb self, Runnable enter) {
        this.k = k;
        this.self = self;
        this.enter = enter;
    }

    long read(int port, int width) {
        check(port, width);
        long v = k.portBus.read(port, width);
        k.checkpoint(self);
        return v;
    }

    void write(int port, int width, long value) {
        check(port, width);
        k.portBus.write(port, width, value);
        k.checkpoint(self);
    }

    private void check(int port, int width) {
        enter.run();
        if (k.arch.deviceAccess() != DeviceAccess.IO_PORTS || k.ioPorts == null) {
            throw new IoPortError(port, width, "no I/O ports on " + k.arch.name());
        }
        if (width != 1 && width != 2 && width != 4) throw new IoPortError(port, width, "width must be 1, 2 or 4");
        if (port < 0 || port + width > IoFpage.PORTS) throw new IoPortError(port, width, "outside the port space");
        k.charge(Cost.USER_MEMORY_ACCESS);
        while (true) {
            int missing = k.ioPorts.firstMissing(self.task.number, port, width);
            if (missing < 0) return;
            boolean replied = k.rpc.ioFault(self, IoFpage.of(missing, 0).encode(), self.ip(), Timeout.INFINITE);
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
