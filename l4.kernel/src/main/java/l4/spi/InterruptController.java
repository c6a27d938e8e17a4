package l4.spi;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The interrupt controller and timer of the machine (ix86: two cascaded 8259 PICs and the PIT;
 * MIPS: CPU interrupt lines and the count/compare timer). Devices raise lines; the kernel polls
 * for the highest pending unmasked line at its preemption points.
 */
@ProviderType
public interface InterruptController {
    /** Number of interrupt lines user handlers may attach to. */
    int lines();

    /** The line the kernel keeps for its timer (never given to users). */
    int timerLine();

    void raise(int line);

    /** Highest-priority pending, unmasked line, acknowledged; -1 if none. */
    int acknowledge();

    void mask(int line);

    void unmask(int line);

    boolean masked(int line);

    boolean pending(int line);

    /** Human name of a line ({@code IRQ3 (PIC1)}, {@code IP4}). */
    String lineName(int line);
}
