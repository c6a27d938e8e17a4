package l4.kernel.boot;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The checked values of the {@code l4.machine} configuration ({@link MachineConfiguration}). Every
 * property is checked against the limits below; a bad one yields one line naming the property, the
 * value and what is allowed, and the whole configuration is rejected. Properties whose name holds
 * a dot ({@code service.pid}, {@code felix.fileinstall.filename}, ...) belong to the tools and are
 * ignored.
 *
 * @param arch the architecture asked for; empty means the launcher's {@code --arch}, else ix86
 */
public record MachineSettings(String arch, int memoryMiB, String scheduler, boolean pacing, int traceCapacity,
        List<String> servers, int serverPriority, boolean smallSpaces, boolean ipcFastPath) {

    public static final int MEMORY_MIB_MIN = 1;
    public static final int MEMORY_MIB_MAX = 4096;
    /** The trace ring needs room for the events of one system call. */
    public static final int TRACE_MIN = 16;
    /** One event is a few words: 2^20 of them are tens of MiB of host memory. */
    public static final int TRACE_MAX = 1 << 20;
    public static final int PRIORITY_MAX = 255;
    public static final List<String> SCHEDULERS = List.of("LAZY", "BENNO");
    static final String NAME_PATTERN = "[A-Za-z0-9_.-]+";

    /** The property names of {@code l4.machine}, in the order of {@link MachineConfiguration}. */
    public static final List<String> PROPERTIES = List.of("arch", "memoryMiB", "scheduler", "pacing", "traceCapacity",
            "servers", "serverPriority", "smallSpaces", "ipcFastPath");

    public static final MachineSettings DEFAULTS = new MachineSettings("", 64, "LAZY", false, 4096, List.of(), 100, false, true);

    public MachineSettings {
        servers = List.copyOf(servers);
    }

    /** A configuration with at least one bad property; {@link #problems()} has one line for each. */
    public static final class Rejected extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final List<String> problems;

        Rejected(List<String> problems) {
            super(String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    /**
     * Checks a configuration's properties (null: none stored, the defaults).
     *
     * @param installed the architectures installed now, or null when that is not known yet (at
     *        start, before the backends have registered)
     * @throws Rejected naming every bad property
     */
    public static MachineSettings check(Map<String, ?> properties, Set<String> installed) {
        Map<String, Object> p = properties == null ? Map.of() : new TreeMap<>(properties);
        List<String> problems = new ArrayList<>();
        Checker c = new Checker(p, problems);
        String arch = c.arch(installed);
        int memory = c.integer("memoryMiB", DEFAULTS.memoryMiB, MEMORY_MIB_MIN, MEMORY_MIB_MAX);
        String scheduler = c.choice("scheduler", DEFAULTS.scheduler, SCHEDULERS);
        boolean pacing = c.bool("pacing", DEFAULTS.pacing);
        int trace = c.integer("traceCapacity", DEFAULTS.traceCapacity, TRACE_MIN, TRACE_MAX);
        List<String> servers = c.names("servers");
        int priority = c.integer("serverPriority", DEFAULTS.serverPriority, 0, PRIORITY_MAX);
        boolean small = c.bool("smallSpaces", DEFAULTS.smallSpaces);
        boolean fastPath = c.bool("ipcFastPath", DEFAULTS.ipcFastPath);
        for (String key : p.keySet()) {
            if (!key.contains(".") && !PROPERTIES.contains(key)) {
                problems.add(line(key, p.get(key), "unknown property; " + MachineConfiguration.PID + " has " + String.join(", ", PROPERTIES)));
            }
        }
        if (!problems.isEmpty()) throw new Rejected(problems);
        return new MachineSettings(arch, memory, scheduler, pacing, trace, servers, priority, small, fastPath);
    }

    /** {@link #check(Map, Set)} for a ConfigAdmin dictionary. */
    public static MachineSettings check(Dictionary<String, ?> properties, Set<String> installed) {
        return check(toMap(properties), installed);
    }

    public static Map<String, Object> toMap(Dictionary<String, ?> d) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (d == null) return m;
        for (Enumeration<String> keys = d.keys(); keys.hasMoreElements(); ) {
            String k = keys.nextElement();
            m.put(k, d.get(k));
        }
        return m;
    }

    /** These settings as ConfigAdmin properties (the types the Metatype declares). */
    public Map<String, Object> toProperties() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("arch", arch);
        m.put("memoryMiB", memoryMiB);
        m.put("scheduler", scheduler);
        m.put("pacing", pacing);
        m.put("traceCapacity", traceCapacity);
        m.put("servers", servers.toArray(new String[0]));
        m.put("serverPriority", serverPriority);
        m.put("smallSpaces", smallSpaces);
        m.put("ipcFastPath", ipcFastPath);
        return m;
    }

    /** The same settings with the architecture resolved (what a machine boots with). */
    MachineSettings withArch(String resolved) {
        return new MachineSettings(resolved, memoryMiB, scheduler, pacing, traceCapacity, servers, serverPriority, smallSpaces,
                ipcFastPath);
    }

    /** The line for a rejected value: {@code l4.machine: memoryMiB=-1 rejected: allowed ...}. */
    static String line(String property, Object value, String allowed) {
        return MachineConfiguration.PID + ": " + property + "=" + show(value) + " rejected: " + allowed;
    }

    static String show(Object value) {
        if (value == null) return "(none)";
        if (value.getClass().isArray()) {
            List<String> items = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) items.add(String.valueOf(Array.get(value, i)));
            return "[" + String.join(", ", items) + "]";
        }
        if (value instanceof String s) return "'" + s + "'";
        return value.toString();
    }

    /** Reads one property at a time, adding a line to {@code problems} for each bad one. */
    private record Checker(Map<String, Object> p, List<String> problems) {

        String arch(Set<String> installed) {
            Object v = p.get("arch");
            if (v == null) return DEFAULTS.arch;
            String allowed = installed == null ? "ix86, mips or empty (the launcher's --arch, else ix86)"
                    : (installed.isEmpty() ? "empty (no architecture is installed)" : String.join(", ", new java.util.TreeSet<>(installed)) + " or empty (the launcher's --arch, else ix86)");
            if (!(v instanceof String s)) {
                problems.add(line("arch", v, "a string: " + allowed));
                return DEFAULTS.arch;
            }
            String a = s.trim();
            if (a.isEmpty()) return a;
            if (!a.matches(NAME_PATTERN) || (installed != null && !installed.contains(a))) {
                problems.add(line("arch", v, installed == null ? "an architecture name (letters, digits, _ . -)"
                        : "no such architecture is installed; allowed: " + allowed));
                return DEFAULTS.arch;
            }
            return a;
        }

        int integer(String name, int dflt, int min, int max) {
            Object v = p.get(name);
            if (v == null) return dflt;
            long n;
            if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
                n = ((Number) v).longValue();
            } else if (v instanceof String s && s.trim().matches("[+-]?\\d{1,18}")) {
                n = Long.parseLong(s.trim());
            } else {
                problems.add(line(name, v, "an integer from " + min + " to " + max));
                return dflt;
            }
            if (n < min || n > max) {
                problems.add(line(name, v, "an integer from " + min + " to " + max));
                return dflt;
            }
            return (int) n;
        }

        boolean bool(String name, boolean dflt) {
            Object v = p.get(name);
            if (v == null) return dflt;
            if (v instanceof Boolean b) return b;
            if (v instanceof String s && (s.trim().equalsIgnoreCase("true") || s.trim().equalsIgnoreCase("false"))) {
                return Boolean.parseBoolean(s.trim());
            }
            problems.add(line(name, v, "true or false"));
            return dflt;
        }

        String choice(String name, String dflt, List<String> allowed) {
            Object v = p.get(name);
            if (v == null) return dflt;
            if (v instanceof String s && allowed.contains(s.trim().toUpperCase(java.util.Locale.ROOT))) {
                return s.trim().toUpperCase(java.util.Locale.ROOT);
            }
            problems.add(line(name, v, "one of " + String.join(", ", allowed)));
            return dflt;
        }

        List<String> names(String name) {
            Object v = p.get(name);
            if (v == null) return List.of();
            List<Object> items = new ArrayList<>();
            if (v instanceof String s) {
                for (String part : s.split(",")) if (!part.isBlank()) items.add(part.trim());
            } else if (v instanceof String[] a) {
                items.addAll(List.of((Object[]) a));
            } else if (v instanceof Collection<?> c) {
                items.addAll(c);
            } else {
                problems.add(line(name, v, "a list of program names (letters, digits, _ . -)"));
                return List.of();
            }
            List<String> names = new ArrayList<>();
            for (Object item : items) {
                if (!(item instanceof String s) || !s.trim().matches(NAME_PATTERN)) {
                    problems.add(line(name, v, "a list of program names (letters, digits, _ . -), bad: " + show(item)));
                    return List.of();
                }
                names.add(s.trim());
            }
            return names;
        }
    }
}
