package l4.arch.ix86;

import java.util.Map;

/**
 * Reads values from the ConfigAdmin options map the kernel hands to the backend. ConfigAdmin
 * properties arrive as Numbers, Booleans or Strings depending on how they were set (shell,
 * {@code ./l4} flags, tests), so every reader accepts all of them. A malformed value is an error
 * (naming the key), not silently ignored: a typo in a calibration run must not go unnoticed.
 */
final class Options {
    private Options() {}

    /** The option as a long, or {@code fallback} when absent. Accepts Numbers and decimal or 0x-hex Strings. */
    static long number(Map<String, Object> options, String key, long fallback) {
        Object v = options == null ? null : options.get(key);
        if (v == null) return fallback;
        if (v instanceof Number) {
            Number n = (Number) v;
            if (v instanceof Double || v instanceof Float) {
                double d = n.doubleValue();
                if (d != Math.rint(d) || Double.isInfinite(d)) {
                    throw new IllegalArgumentException("option " + key + " = " + v + " is not a whole number");
                }
            }
            return n.longValue();
        }
        String s = v.toString().trim().replace("_", "");
        try {
            if (s.startsWith("0x") || s.startsWith("0X")) return Long.parseLong(s.substring(2), 16);
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + key + " = '" + v + "' is not a number", e);
        }
    }

    /** The option as a boolean, or {@code fallback} when absent. Accepts Booleans and "true"/"false" (any case). */
    static boolean flag(Map<String, Object> options, String key, boolean fallback) {
        Object v = options == null ? null : options.get(key);
        if (v == null) return fallback;
        if (v instanceof Boolean) return (Boolean) v;
        String s = v.toString().trim();
        if (s.equalsIgnoreCase("true")) return true;
        if (s.equalsIgnoreCase("false")) return false;
        throw new IllegalArgumentException("option " + key + " = '" + v + "' is neither true nor false");
    }
}
