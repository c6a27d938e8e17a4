package l4.kernel.hardware;

import java.util.ArrayList;
import java.util.List;

/**
 * The ix86 I/O port bus: 65536 ports, devices attached at fixed port ranges. A port no device
 * decodes reads as all ones (the floating bus) and ignores writes. Permission checks are the
 * kernel's business (the task's I/O bitmap), not the bus's. Attach devices before or while the
 * machine runs; accesses happen on the CPU (the kernel's lock), attach is synchronized.
 */
public final class PortBus {
    public static final int PORTS = 65536;

    private final IoDevice[] decoder = new IoDevice[PORTS];
    private final List<IoDevice> devices = new ArrayList<>();

    /** Attaches {@code d} at its ports; throws {@link IllegalArgumentException} if they are out of range or taken. */
    public synchronized void attach(IoDevice d) {
        int base = d.base();
        int count = d.count();
        if (base < 0 || count <= 0 || (long) base + count > PORTS) {
            throw new IllegalArgumentException(String.format("ports 0x%x+%d outside the port space", base, count));
        }
        for (int p = base; p < base + count; p++) {
            if (decoder[p] != null) throw new IllegalArgumentException(String.format("port 0x%x already decoded by %s", p, decoder[p]));
        }
        for (int p = base; p < base + count; p++) decoder[p] = d;
        devices.add(d);
    }

    public synchronized void detach(IoDevice d) {
        for (int p = 0; p < PORTS; p++) if (decoder[p] == d) decoder[p] = null;
        devices.remove(d);
    }

    public synchronized List<IoDevice> devices() { return List.copyOf(devices); }

    public synchronized IoDevice deviceAt(int port) { return port < 0 || port >= PORTS ? null : decoder[port]; }

    public long read(int port, int width) {
        IoDevice d = deviceAt(port);
        long mask = mask(width);
        return d == null ? mask : d.read(port, width) & mask;
    }

    public void write(int port, int width, long value) {
        IoDevice d = deviceAt(port);
        if (d != null) d.write(port, width, value & mask(width));
    }

    private static long mask(int width) {
        return width >= 8 ? -1L : (1L << (8 * width)) - 1;
    }
}
