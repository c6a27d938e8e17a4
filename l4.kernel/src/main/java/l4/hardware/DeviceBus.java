package l4.hardware;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What the machine offers an attached device. Only the kernel implements it. Every method except
 * {@link #post} must be called in the machine's context (a register access, a timer action, a
 * posted task, attach).
 */
@ProviderType
public interface DeviceBus {
    /** The architecture of the machine ({@code ix86}, {@code mips}). */
    String architecture();

    /**
     * The physical address at which ISA port 0 appears as memory (MIPS Malta: 0x1800_0000), or -1
     * when the ports are reached by in and out instructions (ix86).
     */
    long portWindow();

    /**
     * Drives the device's interrupt output. ISA interrupts are edge-triggered: a rising edge (low
     * to high) requests an interrupt at the interrupt controller; the line must go low before it
     * can request again. Without an interrupt line this does nothing.
     */
    void setIrq(boolean high);

    /** Simulated time since boot in cycles of the CPU clock. */
    long cycles();

    /** Simulated time since boot in µs. */
    long micros();

    /** CPU clock rate in Hz (cycles per simulated second). */
    long clockHz();

    /** Runs {@code action} in the machine's context once {@code delayMicros} of simulated time have passed. */
    DeviceTimer schedule(long delayMicros, Runnable action);

    /** Runs {@code action} in the machine's context at its next safe point; callable from any host thread. */
    void post(Runnable action);

    /** Simulated physical memory, for DMA. */
    PhysicalMemoryPort memory();
}
