package l4.linuxserver.transport;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the Linux server (PID {@code l4.linuxserver}). */
@ObjectClassDefinition(name = "L4 Linux server", description = "The Linux personality server the root task starts as 'linux'")
public @interface LinuxServerConfiguration {
    String PID = "l4.linuxserver";

    @AttributeDefinition(name = "Console init", description = "Start /sbin/init (busybox init, /etc/inittab: a shell on /dev/console) on the serial console driver")
    boolean consoleInit() default true;

    @AttributeDefinition(name = "Console driver", description = "The name the console driver is registered under with the name server")
    String consoleDriver() default "console";
}
