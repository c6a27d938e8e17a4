package l4.arch.ix86;

import l4.spi.InterruptController;

/**
 * The PC/AT interrupt hardware: two 8259A PICs, the slave cascaded into the master's input 2,
 * giving IRQ0..15, with the 8254 PIT on IRQ0 as the kernel's timer.
 *
 * <ul>
 * <li>Priority (fully nested mode): IRQ0 > 1 > [2 = the slave: 8 > 9 > ... > 15] > 3 > ... > 7.</li>
 * <li>{@link #acknowledge} is the INTA cycle with automatic EOI (the 8259's AEOI mode): the line's
 *     request (IRR bit) is cleared and nothing stays in service; the kernel keeps a delivered line
 *     masked until its handler receives again, which is what blocks a repeat.</li>
 * <li>A request that arrives while its line is masked is latched in the IRR and delivered on unmask
 *     (edge-triggered: repeated requests before delivery collapse into one).</li>
 * <li>IRQ2 is the cascade input, not a device line: raising it is an error (on the AT bus a device
 *     on IRQ2 appears as IRQ9), it is never pending and it cannot be masked, so that no handler that
 *     attaches to it can cut off IRQ8..15. A handler attached to IRQ2 simply never receives anything.</li>
 * <li>At reset the timer and the cascade are unmasked and every device line is masked: the kernel
 *     unmasks a line when a handler attaches.</li>
 * </ul>
 */
final class CascadedPic implements InterruptController {
    static final int LINES = 16;
    static final int TIMER = 0;
    static final int CASCADE = 2;

    /** Lines from highest to lowest priority in fully nested mode. */
    private static final int[] PRIORITY = {0, 1, 8, 9, 10, 11, 12, 13, 14, 15, 3, 4, 5, 6, 7};

    private int requests;               // IRR bits of both PICs, bit n = IRQn
    private int masks = 0xFFFF & ~(1 << TIMER | 1 << CASCADE); // IMR bits

    @Override
    public int lines() {
        return LINES;
    }

    @Override
    public int timerLine() {
        return TIMER;
    }

    @Override
    public synchronized void raise(int line) {
        check(line);
        if (line == CASCADE) {
            throw new IllegalArgumentException("IRQ2 is the cascade from the slave 8259; AT devices on IRQ2 arrive as IRQ9");
        }
        requests |= 1 << line;
    }

    @Override
    public synchronized int acknowledge() {
        for (int line : PRIORITY) {
            int bit = 1 << line;
            if ((requests & bit) != 0 && (masks & bit) == 0) {
                requests &= ~bit;
                return line;
            }
        }
        return -1;
    }

    @Override
    public synchronized void mask(int line) {
        check(line);
        if (line != CASCADE) masks |= 1 << line;
    }

    @Override
    public synchronized void unmask(int line) {
        check(line);
        masks &= ~(1 << line);
    }

    @Override
    public synchronized boolean masked(int line) {
        check(line);
        return (masks & 1 << line) != 0;
    }

    @Override
    public synchronized boolean pending(int line) {
        check(line);
        return (requests & 1 << line) != 0;
    }

    @Override
    public String lineName(int line) {
        check(line);
        String pic = line < 8 ? "PIC1" : "PIC2";
        if (line == TIMER) return "IRQ0 (PIC1, PIT timer)";
        if (line == CASCADE) return "IRQ2 (PIC1, cascade)";
        return "IRQ" + line + " (" + pic + ")";
    }

    private static void check(int line) {
        if (line < 0 || line >= LINES) throw new IllegalArgumentException("IRQ" + line + " outside 0..15");
    }
}
