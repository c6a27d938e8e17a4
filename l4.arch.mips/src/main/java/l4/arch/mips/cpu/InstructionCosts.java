package l4.arch.mips.cpu;

import java.util.EnumMap;
import java.util.Map;

/**
 * The cycle prices the guest CPU charges: per {@link InstructionClass} the issue cycles and the
 * multiply/divide latency, each overridable through an options map with the key
 * {@code CPU_<class>} (issue) or {@code CPU_<class>_LATENCY}, and the price of a data access that
 * hits the TLB (the MMU's {@code USER_MEMORY_ACCESS}).
 */
public final class InstructionCosts {
    private final EnumMap<InstructionClass, Integer> cycles = new EnumMap<>(InstructionClass.class);
    private final EnumMap<InstructionClass, Integer> latency = new EnumMap<>(InstructionClass.class);
    private final long memoryAccess;

    private InstructionCosts(Map<String, ?> options, long memoryAccess) {
        if (memoryAccess < 0) throw new IllegalArgumentException("negative memory access price");
        this.memoryAccess = memoryAccess;
        for (InstructionClass c : InstructionClass.values()) {
            cycles.put(c, read(options, "CPU_" + c.name(), c.cycles));
            latency.put(c, read(options, "CPU_" + c.name() + "_LATENCY", c.latency));
        }
    }

    /** The R4600 defaults, with a data access hitting the TLB priced {@code memoryAccess} cycles. */
    public static InstructionCosts r4600(long memoryAccess) {
        return new InstructionCosts(Map.of(), memoryAccess);
    }

    public static InstructionCosts of(Map<String, ?> options, long memoryAccess) {
        return new InstructionCosts(options == null ? Map.of() : options, memoryAccess);
    }

    private static int read(Map<String, ?> options, String key, int dflt) {
        Object v = options.get(key);
        if (v == null) return dflt;
        long n;
        try {
            n = v instanceof Number ? ((Number) v).longValue() : Long.parseLong(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": not a number of cycles: " + v);
        }
        if (n < 0 || n > 0xFFFF) throw new IllegalArgumentException(key + ": cycles out of range 0-65535: " + v);
        return (int) n;
    }

    public int cycles(InstructionClass c) {
        return cycles.get(c);
    }

    public int latency(InstructionClass c) {
        return latency.get(c);
    }

    public long memoryAccess() {
        return memoryAccess;
    }
}
