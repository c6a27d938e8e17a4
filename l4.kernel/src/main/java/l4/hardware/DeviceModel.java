package l4.hardware;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A simulated device, registered as a DS service. Register accesses address ISA I/O ports by
 * their port number on both architectures: the machine translates a MIPS load or store in the ISA
 * window to the port it decodes. One model is attached to at most one machine at a time.
 */
@ConsumerType
public interface DeviceModel {
    /** Service property with the device's short name ({@code uart}, {@code ata}, {@code rtc}). */
    String NAME = "l4.device";

    /** No interrupt line. */
    int NO_IRQ = -1;

    String name();

    /** The ISA I/O port ranges the device decodes. */
    List<PortRange> ports();

    /** The ISA interrupt line (0–15), or {@link #NO_IRQ}. */
    int irq();

    /** Power on: the machine boots with the model (one that arrives later reboots the machine). The device starts from its reset state. */
    void attach(DeviceBus bus);

    /** Power off: the machine halts or the model goes away. Host resources are released here. */
    void detach();

    /** A read of {@code width} bytes (1, 2 or 4) from {@code port}; the low {@code width} bytes count. */
    long read(int port, int width);

    /** A write of the low {@code width} bytes (1, 2 or 4) of {@code value} to {@code port}. */
    void write(int port, int width, long value);

    /** Counters and state for the shell, in a stable order. */
    default java.util.Map<String, String> status() { return java.util.Map.of(); }
}
