package l4.clients;

import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checked {@code l4.clients} configuration. A bad value is one error line naming the property,
 * the value and what is allowed; the last good value stays. A change is taken by programs started
 * after it (a running stream keeps the bound it started with), and never restarts a program.
 */
@Component(service = ClientSettings.class, configurationPid = ClientConfiguration.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ClientConfiguration.class)
public final class ClientSettings {
    private static final Logger LOG = LoggerFactory.getLogger(ClientSettings.class);
    static final String WAIT_BOUND = "waitBoundMillis";
    static final long DEFAULT_MILLIS = 10_000, MIN_MILLIS = 10, MAX_MILLIS = 600_000;

    private volatile long waitBoundMillis = DEFAULT_MILLIS;

    @Activate
    @Modified
    void configure(Map<String, Object> properties) {
        try {
            waitBoundMillis = waitBound(properties.get(WAIT_BOUND));
        } catch (IllegalArgumentException e) {
            LOG.error("{} {}; keeping {} ms", ClientConfiguration.PID, e.getMessage(), waitBoundMillis);
        }
    }

    /** The checked wait bound in ms: absent is the default; anything else must be a whole number in range. */
    static long waitBound(Object value) {
        if (value == null) return DEFAULT_MILLIS;
        long ms;
        try {
            ms = value instanceof Number n && !(value instanceof Double || value instanceof Float) ? n.longValue() : Long.parseLong(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(WAIT_BOUND + " = '" + value + "' is not a whole number of milliseconds (" + MIN_MILLIS + " to " + MAX_MILLIS + ")");
        }
        if (ms < MIN_MILLIS || ms > MAX_MILLIS) {
            throw new IllegalArgumentException(WAIT_BOUND + " = " + ms + " is out of range (" + MIN_MILLIS + " to " + MAX_MILLIS + " ms)");
        }
        return ms;
    }

    /** The wait bound in simulated µs. */
    public long waitBoundMicros() { return waitBoundMillis * 1000; }
}
