package l4.devices.rtc;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the real-time clock (PID {@code l4.devices.rtc}). */
@ObjectClassDefinition(name = "L4 real-time clock (MC146818A)", description = "The CMOS clock at 0x70/0x71, IRQ 8")
public @interface RtcConfiguration {
    String PID = "l4.devices.rtc";

    @AttributeDefinition(name = "Start time", description = "The clock's time at power-on, ISO local date-time (yyyy-MM-ddTHH:mm:ss); a fixed start keeps runs deterministic")
    String startTime() default "2000-01-01T00:00:00";

    @AttributeDefinition(name = "Host clock", description = "Start from the host's wall clock (UTC) instead of the start time")
    boolean hostClock() default false;
}
