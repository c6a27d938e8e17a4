package l4.devices.rtc;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import l4.hardware.DeviceBus;
import l4.hardware.DeviceModel;
import l4.hardware.PortRange;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The CMOS real-time clock as a device model service; it starts at the configured time (or the host's) at every power-on. */
@Component(service = DeviceModel.class, property = DeviceModel.NAME + "=rtc",
        configurationPid = RtcConfiguration.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = RtcConfiguration.class)
public final class RtcComponent implements DeviceModel {
    private static final Logger LOG = LoggerFactory.getLogger(RtcComponent.class);
    static final LocalDateTime DEFAULT_START = LocalDateTime.of(2000, 1, 1, 0, 0, 0);

    private boolean hostClock;
    private LocalDateTime startTime;
    private Mc146818 rtc;

    @Activate
    void activate(RtcConfiguration config) {
        hostClock = config.hostClock();
        try {
            startTime = LocalDateTime.parse(config.startTime().trim());
        } catch (DateTimeParseException e) {
            LOG.warn("rtc: start time '{}' is not yyyy-MM-ddTHH:mm:ss; using {}", config.startTime(), DEFAULT_START);
            startTime = DEFAULT_START;
        }
        if (startTime.getYear() < 1900 || startTime.getYear() > 2099) {
            LOG.warn("rtc: the MC146818 with a BCD century byte counts 1900-2099; using {}", DEFAULT_START);
            startTime = DEFAULT_START;
        }
        rtc = new Mc146818(startTime);
    }

    @Override public String name() { return rtc.name(); }

    @Override public List<PortRange> ports() { return rtc.ports(); }

    @Override public int irq() { return rtc.irq(); }

    @Override
    public void attach(DeviceBus bus) {
        rtc.attach(bus);
        if (hostClock) rtc.setTime(LocalDateTime.now(ZoneOffset.UTC).withNano(0));
    }

    @Override public void detach() { rtc.detach(); }

    @Override public long read(int port, int width) { return rtc.read(port, width); }

    @Override public void write(int port, int width, long value) { rtc.write(port, width, value); }

    @Override public Map<String, String> status() { return rtc.status(); }
}
