package l4.devices.uart;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the serial port (PID {@code l4.devices.uart}). */
@ObjectClassDefinition(name = "L4 serial port (16550A)", description = "COM1 at 0x3F8, IRQ 4, and the host end of its line")
public @interface UartConfiguration {
    String PID = "l4.devices.uart";

    @AttributeDefinition(name = "Kept output (KiB)", description = "How much of what the machine sent the shell can show (l4:serial)", min = "1", max = "65536")
    int bufferKiB() default 1024;

    @AttributeDefinition(name = "TCP port", description = "Also offer the line on 127.0.0.1:PORT (one client); 0 = off", min = "0", max = "65535")
    int tcpPort() default 0;
}
