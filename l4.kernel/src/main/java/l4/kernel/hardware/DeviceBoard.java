package l4.kernel.hardware;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import l4.hardware.DeviceModel;
import l4.hardware.PortRange;
import l4.kernel.memory.PhysicalMemory;
import l4.kernel.sched.Clock;
import l4.spi.Architecture;
import l4.spi.InterruptController;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The machine's slots for device models: attaching puts a model on the port bus (ix86) or into
 * the ISA port window of physical memory (MIPS) and connects its interrupt line; detaching undoes
 * both. Machine context only (or before boot, after halt).
 */
public final class DeviceBoard {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceBoard.class);

    private final Wiring wiring;
    private final List<DeviceSlot> slots = new ArrayList<>();

    public DeviceBoard(Wiring wiring) {
        this.wiring = wiring;
    }

    /**
     * What the slots are wired to: the architecture (port window or I/O ports), the interrupt
     * controller's lines, the port bus and physical memory as decoders, the simulated time line,
     * and three kernel services: charging one register access, raising an ISA line in kernel
     * context, and posting work to kernel context.
     */
    public record Wiring(Architecture arch, InterruptController pic, PortBus ports, PhysicalMemory physical, Clock clock,
                         DeviceTimers timers, Runnable chargeAccess, IntConsumer raiseIrq, Consumer<Runnable> post) { }

    /** Plugs {@code model} in and powers it on; false (and a warning) if its ports or line are unusable. */
    public boolean attach(DeviceModel model) {
        if (slot(model) != null) return true;
        DeviceSlot slot;
        try {
            slot = new DeviceSlot(wiring, model);
        } catch (IllegalArgumentException e) {
            LOG.warn("device {} not attached: {}", model.name(), e.getMessage());
            return false;
        }
        try {
            model.attach(slot);
        } catch (RuntimeException e) {
            slot.unplug();
            LOG.warn("device {} failed to power on: {}", model.name(), e.toString());
            return false;
        }
        slots.add(slot);
        LOG.info("device {} attached at {}, irq {}", model.name(), slot.placement(), model.irq());
        return true;
    }

    /** Powers {@code model} off and unplugs it. */
    public void detach(DeviceModel model) {
        DeviceSlot s = slot(model);
        if (s == null) return;
        slots.remove(s);
        s.unplug();
        try {
            model.detach();
        } catch (RuntimeException e) {
            LOG.warn("device {} failed to power off: {}", model.name(), e.toString());
        }
        LOG.info("device {} detached", model.name());
    }

    public void detachAll() {
        for (DeviceSlot s : new ArrayList<>(slots)) detach(s.model);
    }

    /** The attached devices in attach order. */
    public List<Attached> attached() {
        List<Attached> out = new ArrayList<>();
        for (DeviceSlot s : slots) {
            java.util.Map<String, String> status;
            try {
                status = s.model.status();
            } catch (RuntimeException e) {
                status = java.util.Map.of("status", "failed: " + e);
            }
            out.add(new Attached(s.model.name(), s.placement(), s.model.irq(), s.accesses, s.interrupts, status));
        }
        return out;
    }

    /** Where a model sits: {@code ports 0x3f8-0x3ff} or {@code mmio 0x180003f8-0x180003ff}. */
    public String placement(DeviceModel model) {
        DeviceSlot s = slot(model);
        return s == null ? null : s.placement();
    }

    private DeviceSlot slot(DeviceModel model) {
        for (DeviceSlot s : slots) if (s.model == model) return s;
        return null;
    }

    /** One attached device for the shell: register accesses and interrupt requests (rising edges) so far, the model's own status. */
    public record Attached(String name, String placement, int irq, long accesses, long interrupts, java.util.Map<String, String> status) { }

    static String describe(List<PortRange> ranges, long window) {
        StringBuilder b = new StringBuilder();
        for (PortRange r : ranges) {
            if (b.length() > 0) b.append(", ");
            if (window < 0) b.append("ports ").append(r);
            else if (r.count() == 1) b.append(String.format("mmio 0x%x", window + r.base()));
            else b.append(String.format("mmio 0x%x-0x%x", window + r.base(), window + r.last()));
        }
        return b.toString();
    }
}
