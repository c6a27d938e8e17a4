package l4.view;

import java.util.Map;

/**
 * The machine at a glance: architecture, memory, simulated time and the kernel's counters (by
 * name, in a fixed order).
 */
public record MachineSummary(String arch, long memoryBytes, long simulatedMicros, long simulatedCycles, long clockHz,
        String scheduler, Map<String, Long> counters, String traceDigest) {
    public MachineSummary {
        counters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(counters));
    }
}
