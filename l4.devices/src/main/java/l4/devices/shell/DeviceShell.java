package l4.devices.shell;

import java.nio.charset.StandardCharsets;
import l4.devices.ata.AtaComponent;
import l4.devices.ata.DiskImage;
import l4.devices.uart.UartComponent;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code l4:serial} and {@code l4:disk}: the host ends of the serial line and the disk. A thin
 * adapter: failures are one-line {@link IllegalArgumentException}s.
 */
@Component(service = DeviceShell.class, property = {"osgi.command.scope=l4", "osgi.command.function=serial", "osgi.command.function=disk"})
public final class DeviceShell {
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile UartComponent uart;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile AtaComponent ata;

    public DeviceShell() {}

    /** For tests without OSGi. */
    public DeviceShell(UartComponent uart, AtaComponent ata) {
        this.uart = uart;
        this.ata = ata;
    }

    @Descriptor("what the machine wrote to the serial line (COM1), as kept on the host side")
    public String serial(
            @Descriptor("only the last N lines")
            @Parameter(names = {"--tail", "-n"}, absentValue = "-1") String tail,
            @Descriptor("send this text (and a carriage return) to the UART's receiver instead")
            @Parameter(names = {"--input", "-i"}, absentValue = "") String input) {
        UartComponent u = uart;
        if (u == null) throw new IllegalArgumentException("serial: no serial port (l4.devices is not active)");
        if (!input.isEmpty()) {
            if (!u.input((input + "\r").getBytes(StandardCharsets.ISO_8859_1))) {
                throw new IllegalArgumentException("serial: the UART is not plugged into a running machine");
            }
            return "";
        }
        int lines;
        try {
            lines = Integer.parseInt(tail.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("serial: --tail needs a number of lines, not '" + tail + "'");
        }
        if (lines < -1) throw new IllegalArgumentException("serial: --tail needs a number of lines >= 0");
        return u.line().tailLines(lines);
    }

    @Descriptor("the disk's image file, its size, sectors read and written (since the component started), flushes")
    public String disk() {
        AtaComponent a = ata;
        if (a == null) throw new IllegalArgumentException("disk: no disk (l4.devices is not active)");
        DiskImage img = a.image();
        return String.format("image: %s%nsectors: %d (%d MiB; file %d bytes)%nread: %d%nwritten: %d%nflushes: %d",
                img.path().toAbsolutePath(), img.sectors(), img.sectors() / 2048, img.fileBytes(), img.sectorsRead(),
                img.sectorsWritten(), img.flushes());
    }
}
