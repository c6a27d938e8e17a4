package l4.arch.mips;

import l4.spi.InterruptController;

/**
 * The interrupt wiring of a MIPS Malta board: the CPU's eight Cause lines IP0–IP7 (Status.IM is
 * the mask) and, on IP2, the PIIX4 south bridge's two cascaded 8259A PICs with the 16 ISA
 * interrupts. Lines are numbered as Linux numbers them on the Malta, so that ISA devices keep
 * their PC numbers on both architectures:
 *
 * <ul>
 * <li>lines 0–15: ISA IRQ0–15 (master 8259: 0–7, slave: 8–15 on the master's input 2);</li>
 * <li>lines 16–23: IP0–IP7 — IP0/IP1 the software interrupts, IP2 the 8259 pair's INT output,
 *     IP3–IP6 the other board pins (SMI, CoreHI, CoreLO, int4), IP7 the Count/Compare timer the
 *     kernel keeps.</li>
 * </ul>
 *
 * Priority: the CPU scans IP7 down to IP0 (as the L4/MIPS handler scans the pending bits); IP2
 * means an INTA cycle at the 8259 pair, which answers its highest request in fully nested order
 * (0 > 1 > [8 > ... > 15] > 3 > ... > 7) with automatic EOI. Both cascade inputs (ISA IRQ2 and IP2)
 * are wiring, not device lines: raising them is an error, they are never pending on their own and
 * masking them has no effect, so that no handler can cut off the lines behind them. At reset the
 * CPU lines are unmasked and every ISA line is masked; the kernel unmasks a line when a handler
 * attaches.
 */
final class MipsInterruptController implements InterruptController {
    static final int ISA_LINES = 16;
    static final int CPU_BASE = 16;
    static final int LINES = CPU_BASE + 8;
    static final int TIMER_LINE = CPU_BASE + 7;
    static final int ISA_CASCADE = 2;
    static final int CPU_CASCADE = CPU_BASE + 2;

    /** ISA lines from highest to lowest priority in the 8259's fully nested mode. */
    private static final int[] ISA_PRIORITY = {0, 1, 8, 9, 10, 11, 12, 13, 14, 15, 3, 4, 5, 6, 7};

    private static final String[] CPU_NAMES = {
        "IP0 (soft0)",
        "IP1 (soft1)",
        "IP2 (PIIX4 8259 pair, cascade)",
        "IP3 (SMI)",
        "IP4 (CoreHI)",
        "IP5 (CoreLO)",
        "IP6 (int4)",
        "IP7 (count/compare timer)"
    };

    /** Cause.IP bits of the CPU lines (bit n = IPn), IP2 excluded: it is the 8259 pair's output. */
    private int cpuPending;
    /** Set bit = masked (the inverse of Status.IM). */
    private int cpuMasked;
    /** IRR and IMR of the 8259 pair, bit n = ISA IRQn. */
    private int isaRequests;
    private int isaMasks = 0xFFFF & ~(1 << ISA_CASCADE);

    private static void check(int line) {
        if (line < 0 || line >= LINES) {
            throw new IllegalArgumentException("no Malta interrupt line " + line + " (0-15 ISA, 16-23 IP0-IP7)");
        }
    }

    private static boolean isa(int line) { return line < CPU_BASE; }

    @Override
    public int lines() { return LINES; }

    @Override
    public int timerLine() { return TIMER_LINE; }

    @Override
    public synchronized void raise(int line) {
        check(line);
        if (line == ISA_CASCADE) throw new IllegalArgumentException("ISA IRQ2 is the slave 8259's cascade input");
        if (line == CPU_CASCADE) throw new IllegalArgumentException("IP2 is driven by the 8259 pair, not raised directly");
        if (isa(line)) isaRequests |= 1 << line;
        else cpuPending |= 1 << (line - CPU_BASE);
    }

    /** The 8259 pair's INT output: an unmasked request. */
    private boolean isaInt() {
        return (isaRequests & ~isaMasks) != 0;
    }

    @Override
    public synchronized int acknowledge() {
        int ip = cpuPending | (isaInt() ? 1 << 2 : 0);
        int ready = ip & ~cpuMasked;
        if (ready == 0) return -1;
        int n = 31 - Integer.numberOfLeadingZeros(ready);
        if (n != 2) {
            cpuPending &= ~(1 << n);
            return CPU_BASE + n;
        }
        for (int line : ISA_PRIORITY) {
            int bit = 1 << line;
            if ((isaRequests & bit) != 0 && (isaMasks & bit) == 0) {
                isaRequests &= ~bit;
                return line;
            }
        }
        throw new AssertionError("IP2 without a request");
    }

    @Override
    public synchronized void mask(int line) {
        check(line);
        if (line == ISA_CASCADE || line == CPU_CASCADE) return;
        if (isa(line)) isaMasks |= 1 << line;
        else cpuMasked |= 1 << (line - CPU_BASE);
    }

    @Override
    public synchronized void unmask(int line) {
        check(line);
        if (isa(line)) isaMasks &= ~(1 << line);
        else cpuMasked &= ~(1 << (line - CPU_BASE));
    }

    @Override
    public synchronized boolean masked(int line) {
        check(line);
        return isa(line) ? (isaMasks & 1 << line) != 0 : (cpuMasked & 1 << (line - CPU_BASE)) != 0;
    }

    @Override
    public synchronized boolean pending(int line) {
        check(line);
        if (line == CPU_CASCADE) return false;
        return isa(line) ? (isaRequests & 1 << line) != 0 : (cpuPending & 1 << (line - CPU_BASE)) != 0;
    }

    @Override
    public String lineName(int line) {
        check(line);
        if (!isa(line)) return CPU_NAMES[line - CPU_BASE];
        if (line == ISA_CASCADE) return "IRQ2 (PIIX4 8259 master, cascade)";
        return "IRQ" + line + " (PIIX4 8259 " + (line < 8 ? "master" : "slave") + ", on IP2)";
    }
}
