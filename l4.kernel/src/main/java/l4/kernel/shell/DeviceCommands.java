package l4.kernel.shell;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import l4.kernel.Kernel;
import l4.kernel.boot.Machine;
import l4.kernel.hardware.DeviceBoard;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code l4:devices}: the device models plugged into the running machine, whatever bundle provides them. */
@Component(service = DeviceCommands.class, property = {"osgi.command.scope=l4", "osgi.command.function=devices"})
public final class DeviceCommands {
    @Reference
    Machine machine;

    public DeviceCommands() {}

    /** For use without OSGi (tests). */
    public DeviceCommands(Machine machine) {
        this.machine = machine;
    }

    @Descriptor("device models on the machine: name, ports (ix86) or MMIO window (MIPS), ISA interrupt line, bus accesses, interrupt requests, the model's counters")
    public String devices() {
        Kernel k = machine.kernel().orElseThrow(() -> new IllegalArgumentException("devices: no machine runs (" + machine.status() + ")"));
        List<DeviceBoard.Attached> list;
        try {
            list = k.inspect(k.devices::attached, L4Commands.INSPECT_MILLIS);
        } catch (TimeoutException e) {
            throw new IllegalArgumentException("devices: the machine did not answer within " + L4Commands.INSPECT_MILLIS + " ms");
        }
        if (list.isEmpty()) return "no devices attached (is l4.devices installed and active?)";
        int where = 5;
        for (DeviceBoard.Attached a : list) where = Math.max(where, a.placement().length());
        String row = "%-6s %-" + where + "s %-4s %10s %8s  %s%n";
        StringBuilder b = new StringBuilder(String.format(row, "name", "where", "irq", "accesses", "irqs", "status"));
        for (DeviceBoard.Attached a : list) {
            StringBuilder st = new StringBuilder();
            for (Map.Entry<String, String> e : a.status().entrySet()) {
                if (st.length() > 0) st.append(", ");
                st.append(e.getKey()).append('=').append(e.getValue());
            }
            b.append(String.format(row, a.name(), a.placement(), a.irq() < 0 ? "-" : String.valueOf(a.irq()),
                    a.accesses(), a.interrupts(), st));
        }
        return b.toString().stripTrailing();
    }
}
