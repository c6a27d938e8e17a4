package l4.devices;

import java.util.List;
import l4.hardware.DeviceBus;
import l4.hardware.DeviceModel;
import l4.hardware.PortRange;

/**
 * Common plumbing of an ISA device with 8-bit registers: a wider access is split into byte
 * cycles at consecutive ports, low byte first, as the ISA bus controller does for an 8-bit device
 * (a byte lane outside the device's ports floats high). Subclasses reset to their power-on state in
 * {@link #reset} and see the bus while attached.
 */
public abstract class IsaDevice implements DeviceModel {
    private final String name;
    private final List<PortRange> ports;
    private final int irq;
    protected DeviceBus bus;

    protected IsaDevice(String name, List<PortRange> ports, int irq) {
        this.name = name;
        this.ports = List.copyOf(ports);
        this.irq = irq;
    }

    @Override
    public final String name() { return name; }

    @Override
    public final List<PortRange> ports() { return ports; }

    @Override
    public final int irq() { return irq; }

    @Override
    public void attach(DeviceBus bus) {
        this.bus = bus;
        reset();
    }

    @Override
    public void detach() {
        bus = null;
    }

    public boolean attached() { return bus != null; }

    /** The power-on state of the registers (the datasheet's reset column). */
    protected abstract void reset();

    protected abstract int readByte(int port);

    protected abstract void writeByte(int port, int value);

    protected boolean decodes(int port) {
        for (PortRange r : ports) if (r.contains(port)) return true;
        return false;
    }

    @Override
    public long read(int port, int width) {
        long v = 0;
        for (int i = width - 1; i >= 0; i--) v = (v << 8) | (decodes(port + i) ? readByte(port + i) & 0xFF : 0xFF);
        return v;
    }

    @Override
    public void write(int port, int width, long value) {
        for (int i = 0; i < width; i++) if (decodes(port + i)) writeByte(port + i, (int) (value >>> (8 * i)) & 0xFF);
    }

    /** Drives the interrupt output (no effect while detached). */
    protected void irq(boolean high) {
        if (bus != null) bus.setIrq(high);
    }
}
