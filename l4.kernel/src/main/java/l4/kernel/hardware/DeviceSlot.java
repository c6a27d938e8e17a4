package l4.kernel.hardware;

import java.util.ArrayList;
import java.util.List;
import l4.hardware.DeviceBus;
import l4.hardware.DeviceModel;
import l4.hardware.DeviceTimer;
import l4.hardware.PhysicalMemoryPort;
import l4.hardware.PortRange;
import l4.kernel.memory.DeviceWindow;
import l4.spi.Cost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One device model on the machine: the decoders that route its ports to it (port bus entries on
 * ix86, windows of physical memory on MIPS), its interrupt line with edge detection, and the
 * {@link DeviceBus} it sees. Every register access is charged {@link Cost#DEVICE_ACCESS}; a model
 * that throws is treated as a device that does not answer (reads float high), never as a kernel
 * failure.
 */
final class DeviceSlot implements DeviceBus {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceSlot.class);

    final DeviceModel model;
    private final DeviceBoard.Wiring wiring;
    private final long window;
    private final int irq;
    private final List<IoDevice> portDecoders = new ArrayList<>();
    private final List<DeviceWindow> memoryDecoders = new ArrayList<>();
    private boolean level;
    private boolean plugged = true;
    private boolean complained;
    long accesses;
    long interrupts;

    DeviceSlot(DeviceBoard.Wiring wiring, DeviceModel model) {
        this.wiring = wiring;
        this.model = model;
        this.window = wiring.arch().portWindowBase();
        this.irq = model.irq();
        if (irq != DeviceModel.NO_IRQ && (irq < 0 || irq >= 16 || irq >= wiring.pic().lines() || irq == wiring.pic().timerLine())) {
            throw new IllegalArgumentException("no usable ISA interrupt line " + irq);
        }
        List<PortRange> ranges = List.copyOf(model.ports());
        if (ranges.isEmpty()) throw new IllegalArgumentException("the model decodes no ports");
        try {
            for (PortRange r : ranges) plug(r);
        } catch (IllegalArgumentException e) {
            unplug();
            throw e;
        }
    }

    private void plug(PortRange r) {
        if (window < 0) {
            if (wiring.arch().deviceAccess() != l4.spi.DeviceAccess.IO_PORTS) throw new IllegalArgumentException("the machine has neither I/O ports nor a port window");
            IoDevice d = new IoDevice() {
                @Override public int base() { return r.base(); }
                @Override public int count() { return r.count(); }
                @Override public long read(int port, int width) { return access(port, width, 0, false); }
                @Override public void write(int port, int width, long value) { access(port, width, value, true); }
                @Override public String toString() { return model.name(); }
            };
            wiring.ports().attach(d);
            portDecoders.add(d);
        } else {
            DeviceWindow w = new DeviceWindow() {
                @Override public long base() { return window + r.base(); }
                @Override public long size() { return r.count(); }
                @Override public long read(long offset, int width) { return wide(r.base() + (int) offset, width, 0, false); }
                @Override public void write(long offset, int width, long value) { wide(r.base() + (int) offset, width, value, true); }
            };
            wiring.physical().attach(w);
            memoryDecoders.add(w);
        }
    }

    /** A 64-bit load or store to the window becomes two 32-bit cycles, low word first (as a 32-bit bus does it). */
    private long wide(int port, int width, long value, boolean write) {
        if (width < 8) return access(port, width, value, write);
        long lo = access(port, 4, value, write);
        long hi = access(port + 4, 4, value >>> 32, write);
        return (lo & 0xFFFF_FFFFL) | (hi << 32);
    }

    private long access(int port, int width, long value, boolean write) {
        wiring.chargeAccess().run();
        accesses++;
        long mask = width >= 8 ? -1L : (1L << (8 * width)) - 1;
        try {
            if (write) {
                model.write(port, width, value & mask);
                return 0;
            }
            return model.read(port, width) & mask;
        } catch (RuntimeException e) {
            if (!complained) {
                complained = true;
                LOG.warn("device {} failed on {} of port 0x{}: {}", model.name(), write ? "a write" : "a read", Integer.toHexString(port), e.toString());
            }
            return mask;
        }
    }

    void unplug() {
        plugged = false;
        for (IoDevice d : portDecoders) wiring.ports().detach(d);
        for (DeviceWindow w : memoryDecoders) wiring.physical().detach(w);
        portDecoders.clear();
        memoryDecoders.clear();
    }

    String placement() {
        return DeviceBoard.describe(model.ports(), window);
    }

    // ---- DeviceBus ------------------------------------------------------------------------------

    @Override
    public String architecture() { return wiring.arch().name(); }

    @Override
    public long portWindow() { return window; }

    @Override
    public void setIrq(boolean high) {
        if (irq == DeviceModel.NO_IRQ || !plugged) return;
        boolean rising = high && !level;
        level = high;
        if (rising) {
            interrupts++;
            wiring.raiseIrq().accept(irq);
        }
    }

    @Override
    public long cycles() { return wiring.clock().cycles(); }

    @Override
    public long micros() { return wiring.clock().micros(); }

    @Override
    public long clockHz() { return wiring.clock().hz(); }

    @Override
    public DeviceTimer schedule(long delayMicros, Runnable action) {
        if (delayMicros < 0) throw new IllegalArgumentException("negative delay");
        return wiring.timers().schedule(wiring.clock().cycles() + wiring.clock().cyclesForMicros(delayMicros), () -> {
            if (plugged) action.run();
        });
    }

    @Override
    public void post(Runnable action) {
        wiring.post().accept(() -> {
            if (plugged) action.run();
        });
    }

    @Override
    public PhysicalMemoryPort memory() {
        return new PhysicalMemoryPort() {
            @Override public long size() { return wiring.physical().bytes(); }

            @Override
            public void read(long physical, byte[] into, int offset, int length) {
                ram(physical, length);
                wiring.physical().read(physical, into, offset, length);
            }

            @Override
            public void write(long physical, byte[] from, int offset, int length) {
                ram(physical, length);
                wiring.physical().write(physical, from, offset, length);
            }

            private void ram(long physical, int length) {
                if (!wiring.physical().isRam(physical, length)) {
                    throw new IllegalArgumentException(String.format("DMA to 0x%x+%d is outside RAM", physical, length));
                }
            }
        };
    }
}
