package l4.arch.mips;

import l4.spi.InterruptController;

/**
 * The eight interrupt lines of the R4x00 Cause register, IP0–IP7, with the Status register's IM
 * bits as the mask. Line n is IPn (interrupt id n+1): IP0–IP1 are the software interrupts, IP2–IP6
 * the CPU pins int0–int4 (on the U4600 board, per u4600.h: I/O controller, PCI interrupt
 * controller, Z85230 serial, GT64010A system controller, debug switch), IP7 the Count/Compare timer
 * that the kernel keeps. Priority: the highest line number first, as the L4/MIPS handler scans
 * the pending bits from IP7 down. All lines start unmasked; the kernel masks a line while its
 * handler has not yet asked for the next interrupt.
 *
 * Note: L4/MIPS itself numbered only the hardware pins (interrupt id 1 = int0); here the software
 * lines get ids too, so int0 is id 3.
 */
final class MipsInterruptController implements InterruptController {
    static final int LINES = 8;
    static final int TIMER_LINE = 7;

    private static final String[] NAMES = {
        "IP0 (soft0)",
        "IP1 (soft1)",
        "IP2 (int0: I/O controller)",
        "IP3 (int1: PCI interrupt controller)",
        "IP4 (int2: Z85230 serial)",
        "IP5 (int3: GT64010A)",
        "IP6 (int4: debug switch)",
        "IP7 (count/compare timer)"
    };

    /** Cause.IP bits 8..15 in hardware; bit n here is IPn. */
    private int pending;
    /** Set bit = masked (the inverse of Status.IM). */
    private int masked;

    private static int bit(int line) {
        if (line < 0 || line >= LINES) {
            throw new IllegalArgumentException("no MIPS interrupt line " + line + " (IP0..IP7)");
        }
        return 1 << line;
    }

    @Override
    public int lines() { return LINES; }

    @Override
    public int timerLine() { return TIMER_LINE; }

    @Override
    public synchronized void raise(int line) {
        pending |= bit(line);
    }

    @Override
    public synchronized int acknowledge() {
        int ready = pending & ~masked;
        if (ready == 0) return -1;
        int line = 31 - Integer.numberOfLeadingZeros(ready);
        pending &= ~(1 << line);
        return line;
    }

    @Override
    public synchronized void mask(int line) {
        masked |= bit(line);
    }

    @Override
    public synchronized void unmask(int line) {
        masked &= ~bit(line);
    }

    @Override
    public synchronized boolean masked(int line) {
        return (masked & bit(line)) != 0;
    }

    @Override
    public synchronized boolean pending(int line) {
        return (pending & bit(line)) != 0;
    }

    @Override
    public String lineName(int line) {
        bit(line);
        return NAMES[line];
    }
}
