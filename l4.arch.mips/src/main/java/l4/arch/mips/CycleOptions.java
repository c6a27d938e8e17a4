package l4.arch.mips;

import java.util.Map;
import java.util.OptionalLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads cycle counts from a ConfigAdmin options map: a value may be a {@link Number} or a numeric
 * String (decimal or 0x-hex). A malformed or negative value is logged and ignored, so a typo in
 * the configuration never stops the machine from booting.
 */
final class CycleOptions {
    private static final Logger LOG = LoggerFactory.getLogger(CycleOptions.class);

    private CycleOptions() {}

    static OptionalLong read(Map<String, ?> options, String key) {
        if (options == null) return OptionalLong.empty();
        Object value = options.get(key);
        if (value == null) return OptionalLong.empty();
        long cycles;
        if (value instanceof Number) {
            cycles = ((Number) value).longValue();
        } else {
            try {
                cycles = Long.decode(value.toString().trim());
            } catch (NumberFormatException e) {
                LOG.warn("mips: option {}={} is not a number of cycles; keeping the default", key, value);
                return OptionalLong.empty();
            }
        }
        if (cycles < 0) {
            LOG.warn("mips: option {}={} is negative; keeping the default", key, value);
            return OptionalLong.empty();
        }
        return OptionalLong.of(cycles);
    }
}
