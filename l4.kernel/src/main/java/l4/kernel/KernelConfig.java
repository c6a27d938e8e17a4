package l4.kernel;

import java.util.Map;
import java.util.TreeMap;

/** Settings of one machine, from ConfigAdmin (see {@code MachineConfiguration}). */
public final class KernelConfig {
    public enum SchedulerPolicy { LAZY, BENNO }

    public long memoryBytes = 64L << 20;
    public SchedulerPolicy scheduler = SchedulerPolicy.LAZY;
    public boolean pacing;
    public int traceCapacity = 4096;
    public boolean virtualThreads = true;
    /**
     * Host ms a thread may hold the CPU in Java code without a preemption point before it is
     * abandoned as a runaway and the machine declared frozen; 0 = never (measurements that hold
     * the CPU on purpose).
     */
    public long runawayMillis = 500;
    /** Initial priority and slice of the first threads (σ0, root). */
    public int bootPriority = 128;
    public long bootSliceMicros = 10_000;
    /** A machine booted only to measure something (l4:costs): its boot and halt are not news in the log. */
    public boolean probe;
    /**
     * Whether the kernel takes its IPC fast path for the common short call and reply-and-wait
     * (simulated results, cycles and trace are the same either way; off: every IPC takes the
     * generic path, for tests that compare the two).
     */
    public boolean ipcFastPath = true;
    /** Architecture options (cost overrides, smallSpaces ...). */
    public final Map<String, Object> archOptions = new TreeMap<>();

    public KernelConfig copy() {
        KernelConfig c = new KernelConfig();
        c.memoryBytes = memoryBytes;
        c.scheduler = scheduler;
        c.pacing = pacing;
        c.traceCapacity = traceCapacity;
        c.virtualThreads = virtualThreads;
        c.runawayMillis = runawayMillis;
        c.bootPriority = bootPriority;
        c.bootSliceMicros = bootSliceMicros;
        c.probe = probe;
        c.ipcFastPath = ipcFastPath;
        c.archOptions.putAll(archOptions);
        return c;
    }
}
