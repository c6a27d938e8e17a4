package l4.kernel.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Pure parsing and formatting helpers of the {@code l4:} shell commands (no kernel, no OSGi), so
 * that they can be unit tested. Parse errors are {@link IllegalArgumentException}s whose message
 * is the one line the console shows.
 */
public final class Format {
    private Format() {}

    /** A one-line command error: {@code l4:CMD: WHAT}. */
    public static IllegalArgumentException error(String command, String what) {
        return new IllegalArgumentException("l4:" + command + ": " + what);
    }

    /**
     * Parses a number as the shell accepts it: {@code 0x1f}, {@code 1fh}... are hexadecimal;
     * plain digits are decimal unless {@code hexDefault}. Underscores are ignored.
     */
    public static long parseNumber(String command, String what, String text, boolean hexDefault) {
        if (text == null || text.isBlank()) throw error(command, "missing " + what);
        String s = text.trim().replace("_", "").toLowerCase(Locale.ROOT);
        boolean hex = hexDefault;
        if (s.startsWith("0x")) {
            s = s.substring(2);
            hex = true;
        } else if (s.endsWith("h") && s.length() > 1) {
            s = s.substring(0, s.length() - 1);
            hex = true;
        }
        if (s.isEmpty()) throw error(command, "bad " + what + " '" + text.trim() + "'");
        try {
            return Long.parseUnsignedLong(s, hex ? 16 : 10);
        } catch (NumberFormatException e) {
            throw error(command, "bad " + what + " '" + text.trim() + "'" + (hex ? " (hexadecimal expected)" : ""));
        }
    }

    /**
     * A task number: hexadecimal as the shell prints it ({@code 7ff}, {@code 0x7ff}), or a thread
     * id as printed by {@code ThreadId.toString()} ({@code 7ff.00}, whose task part is taken).
     */
    public static int parseTask(String command, String text) {
        if (text == null || text.isBlank()) throw error(command, "missing task number");
        String s = text.trim();
        int dot = s.indexOf('.');
        if (dot > 0) s = s.substring(0, dot);
        long n = parseNumber(command, "task number", s, true);
        if (n < 0 || n >= l4.api.ThreadId.MAX_TASKS) {
            throw error(command, "task number " + text.trim() + " out of range (0..7ff)");
        }
        return (int) n;
    }

    /** A positive count, decimal by default. */
    public static int parseCount(String command, String what, String text, int min, int max) {
        long n = parseNumber(command, what, text, false);
        if (n < min || n > max) throw error(command, what + " must be between " + min + " and " + max);
        return (int) n;
    }

    public static String hex(long v) { return "0x" + Long.toHexString(v); }

    /** Host nanoseconds as seconds with one decimal ("0.4 s"). */
    public static String millis(long nanos) { return String.format(java.util.Locale.ROOT, "%.1f s", nanos / 1e9); }

    /** 16 hexadecimal digits, as {@code trace-digest:} prints. */
    public static String hex16(long v) { return String.format("%016x", v); }

    /** {@code 4K}, {@code 4M}, {@code 16M}, {@code 1G} ... for power-of-two (or other) byte sizes. */
    public static String size(long bytes) {
        if (bytes >= (1L << 30) && bytes % (1L << 30) == 0) return (bytes >> 30) + "G";
        if (bytes >= (1L << 20) && bytes % (1L << 20) == 0) return (bytes >> 20) + "M";
        if (bytes >= (1L << 10) && bytes % (1L << 10) == 0) return (bytes >> 10) + "K";
        return bytes + "B";
    }

    /** The page sizes of a KIP page-size mask (bit n set: 2^n bytes), e.g. {@code 4K 4M}. */
    public static String pageSizes(long mask) {
        StringBuilder b = new StringBuilder();
        for (int bit = 0; bit < 64; bit++) {
            if ((mask >>> bit & 1) == 0) continue;
            if (b.length() > 0) b.append(' ');
            b.append(size(bit == 63 ? Long.MIN_VALUE : 1L << bit));
        }
        return b.length() == 0 ? "none" : b.toString();
    }

    /** Reads a NUL-terminated ASCII string of at most {@code max} bytes. */
    public static String ascii(byte[] bytes) {
        StringBuilder b = new StringBuilder();
        for (byte x : bytes) {
            if (x == 0) break;
            b.append(x >= 0x20 && x < 0x7f ? (char) x : '?');
        }
        return b.toString();
    }

    /** Rights as {@code l4:space} prints them. */
    public static String rights(boolean writable, boolean uncached) {
        return (writable ? "rw" : "ro") + (uncached ? ",uc" : "");
    }

    /** Escapes a label for a double-quoted Graphviz string. */
    public static String dot(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** The trace filter's kind: case-insensitive, {@code page-fault} and {@code page_fault} alike. */
    public static l4.kernel.trace.TraceEvent.Kind parseKind(String command, String text) {
        String s = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (l4.kernel.trace.TraceEvent.Kind k : l4.kernel.trace.TraceEvent.Kind.values()) {
            if (k.name().equals(s)) return k;
        }
        List<String> names = new ArrayList<>();
        for (l4.kernel.trace.TraceEvent.Kind k : l4.kernel.trace.TraceEvent.Kind.values()) {
            names.add(k.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        throw error(command, "unknown event kind '" + text.trim() + "' (one of " + String.join(", ", names) + ")");
    }

    /** Lower-case, dashed name of an event kind. */
    public static String kindName(l4.kernel.trace.TraceEvent.Kind k) {
        return k.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * A left-aligned text table: every column as wide as its widest cell, two spaces apart, no
     * trailing blanks. The first row is the header.
     */
    public static String table(List<String[]> rows) {
        if (rows.isEmpty()) return "";
        int cols = 0;
        for (String[] r : rows) cols = Math.max(cols, r.length);
        int[] width = new int[cols];
        for (String[] r : rows) for (int c = 0; c < r.length; c++) width[c] = Math.max(width[c], r[c].length());
        StringBuilder b = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < r.length; c++) {
                line.append(r[c]);
                if (c < r.length - 1) line.append(" ".repeat(width[c] - r[c].length() + 2));
            }
            int end = line.length();
            while (end > 0 && line.charAt(end - 1) == ' ') end--;
            b.append(line, 0, end).append('\n');
        }
        return b.toString();
    }
}
