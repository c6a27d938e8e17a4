package l4.devices.uart;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import l4.devices.IsaDevice;
import l4.hardware.DeviceTimer;
import l4.hardware.PortRange;

/**
 * A National Semiconductor PC16550D UART (the "16550A") as wired on a PC: eight registers from
 * {@code base}, the INTRPT output gated by MCR OUT2 onto the ISA interrupt line. Register
 * behaviour follows the PC16550D datasheet (National Semiconductor, June 1995), Table II
 * (registers), Table IV (interrupt identification and reset):
 *
 * <ul>
 * <li>offset 0: RBR (read) / THR (write); with LCR.DLAB = 1 the divisor latch low byte DLL;</li>
 * <li>1: IER (ERBFI bit 0, ETBEI 1, ELSI 2, EDSSI 3); with DLAB the divisor latch high byte DLM;</li>
 * <li>2: IIR (read: bit 0 = 1 no interrupt, bits 1–3 the source, bits 6–7 set with FIFOs on) /
 *     FCR (write: FIFO enable, clear RCVR, clear XMIT, DMA mode, RCVR trigger 1/4/8/14);</li>
 * <li>3: LCR (word length, stop bits, parity, break, DLAB); 4: MCR (DTR, RTS, OUT1, OUT2, LOOP);
 *     5: LSR (DR, OE, PE, FE, BI, THRE, TEMT, error in RCVR FIFO); 6: MSR; 7: SCR.</li>
 * </ul>
 *
 * Interrupt priority (IIR): receiver line status (OE/PE/FE/BI, cleared by reading LSR) &gt;
 * received data available (FIFO at its trigger level, or DR without FIFOs; cleared below it) or
 * character timeout (FIFO not empty and nothing in or out for 4 character times; cleared by
 * reading RBR) &gt; THR empty (set when THR/XMIT FIFO empties, or when ETBEI is set while it is
 * empty; cleared by reading IIR when it is the source, or by writing THR) &gt; modem status.
 *
 * <p>Timing: a character takes (start + data + parity + stop bits) / (115200 / divisor) seconds
 * on the line (1.8432 MHz crystal, 16x clock), both ways; with divisor 0 the baud generator
 * stops. The host side: bytes sent go to {@code line}; bytes from the host arrive one character
 * time apart, and one that arrives while the RCVR FIFO (or the RBR) is full is lost with OE, as
 * on the real chip. In loopback (MCR bit 4) the transmitter feeds the receiver, the modem inputs
 * follow DTR/RTS/OUT1/OUT2, and the interrupt line to the PIC stays low (the OUT2 pin is forced
 * inactive).
 *
 * <p>Undefined in the datasheet, decided here: reading RBR with no data returns the last character
 * again; a THR write with the XMIT FIFO full is lost (counted); the divisor latch powers up as 12
 * (9600 baud).
 */
public final class Uart16550 extends IsaDevice {
    public static final int COM1 = 0x3F8;
    public static final int COM1_IRQ = 4;
    static final int FIFO = 16;
    static final long CRYSTAL_DIVIDED = 115_200L; // 1.8432 MHz / 16

    // LSR bits
    static final int DR = 0x01, OE = 0x02, PE = 0x04, FE = 0x08, BI = 0x10, THRE = 0x20, TEMT = 0x40;
    // IER bits
    static final int ERBFI = 0x01, ETBEI = 0x02, ELSI = 0x04, EDSSI = 0x08;
    // MCR bits
    static final int DTR = 0x01, RTS = 0x02, OUT1 = 0x04, OUT2 = 0x08, LOOP = 0x10;
    // IIR source codes
    static final int IIR_NONE = 0x01, IIR_LINE = 0x06, IIR_RDA = 0x04, IIR_TIMEOUT = 0x0C, IIR_THRE = 0x02, IIR_MODEM = 0x00;

    private final int base;
    private final IntConsumer line;

    private final ArrayDeque<Integer> rx = new ArrayDeque<>();
    private final ArrayDeque<Integer> tx = new ArrayDeque<>();
    private final ArrayDeque<Integer> hostIn = new ArrayDeque<>();
    private int ier, lcr, mcr, scr, dll, dlm;
    private int lineErrors;      // OE/PE/FE/BI, sticky until LSR is read
    private boolean fifos;
    private int trigger;
    private int lastRbr;
    private boolean thrEmptyInterrupt;
    private boolean timeoutInterrupt;
    private int msrDeltas;
    private int lastModemInputs;
    private boolean shifting;     // a character is in the transmitter shift register
    private DeviceTimer txTimer, rxTimer, timeoutTimer;
    private long sent, received, overruns, txDropped;

    public Uart16550(int base, int irq, IntConsumer line) {
        super("uart", List.of(new PortRange(base, 8)), irq);
        this.base = base;
        this.line = line;
    }

    @Override
    protected void reset() {
        rx.clear();
        tx.clear();
        ier = lcr = mcr = scr = 0;
        dll = 12;
        dlm = 0;
        lineErrors = 0;
        fifos = false;
        trigger = 1;
        lastRbr = 0;
        thrEmptyInterrupt = false;
        timeoutInterrupt = false;
        shifting = false;
        txTimer = rxTimer = timeoutTimer = null;
        lastModemInputs = modemInputs();
        msrDeltas = 0;
        update();
        if (!hostIn.isEmpty()) startReceiver();
    }

    @Override
    public void detach() {
        cancel(txTimer);
        cancel(rxTimer);
        cancel(timeoutTimer);
        super.detach();
    }

    private static void cancel(DeviceTimer t) {
        if (t != null) t.cancel();
    }

    // ---- registers ------------------------------------------------------------------------------

    private boolean dlab() { return (lcr & 0x80) != 0; }

    @Override
    protected int readByte(int port) {
        switch (port - base) {
            case 0: return dlab() ? dll : readRbr();
            case 1: return dlab() ? dlm : ier;
            case 2: return readIir();
            case 3: return lcr;
            case 4: return mcr;
            case 5: return readLsr();
            case 6: return readMsr();
            default: return scr;
        }
    }

    @Override
    protected void writeByte(int port, int v) {
        switch (port - base) {
            case 0:
                if (dlab()) dll = v;
                else writeThr(v);
                break;
            case 1:
                if (dlab()) {
                    dlm = v;
                } else {
                    boolean enablingThre = (v & ETBEI) != 0 && (ier & ETBEI) == 0;
                    ier = v & 0x0F;
                    // PC16550D: setting ETBEI while THR is empty gives a THRE interrupt at once.
                    if (enablingThre && thrEmpty()) thrEmptyInterrupt = true;
                }
                break;
            case 2: writeFcr(v); break;
            case 3: lcr = v; break;
            case 4: writeMcr(v); break;
            case 5: break; // LSR is read-only here (factory test register)
            case 6: break; // MSR: read-only
            default: scr = v;
        }
        update();
    }

    private int readRbr() {
        if (!rx.isEmpty()) lastRbr = rx.poll();
        timeoutInterrupt = false;
        restartTimeout();
        update();
        return lastRbr;
    }

    private void writeThr(int v) {
        thrEmptyInterrupt = false;
        int capacity = fifos ? FIFO : 1;
        if (tx.size() >= capacity) {
            txDropped++;
            return;
        }
        tx.add(v);
        if (!shifting) startTransmitter();
    }

    private int readIir() {
        int id = interruptId();
        if (id == IIR_THRE) thrEmptyInterrupt = false;
        update();
        return id | (fifos ? 0xC0 : 0);
    }

    private int readLsr() {
        int v = lineErrors | (rx.isEmpty() ? 0 : DR) | (thrEmpty() ? THRE : 0) | (thrEmpty() && !shifting ? TEMT : 0);
        lineErrors = 0;
        update();
        return v;
    }

    private int readMsr() {
        int inputs = modemInputs();
        int v = inputs | msrDeltas;
        msrDeltas = 0;
        update();
        return v;
    }

    private void writeFcr(int v) {
        boolean enable = (v & 0x01) != 0;
        if (enable != fifos) {
            rx.clear();
            tx.clear();
        }
        fifos = enable;
        if (enable) {
            if ((v & 0x02) != 0) {
                rx.clear();
                timeoutInterrupt = false;
            }
            if ((v & 0x04) != 0) {
                tx.clear();
                if (thrEmpty()) thrEmptyInterrupt = (ier & ETBEI) != 0;
            }
            trigger = switch ((v >> 6) & 3) {
                case 0 -> 1;
                case 1 -> 4;
                case 2 -> 8;
                default -> 14;
            };
        } else {
            trigger = 1;
        }
    }

    private void writeMcr(int v) {
        boolean wasLoop = (mcr & LOOP) != 0;
        mcr = v & 0x1F;
        if (wasLoop && (mcr & LOOP) == 0 && !hostIn.isEmpty()) startReceiver();
        int inputs = modemInputs();
        int changed = inputs ^ lastModemInputs;
        // MSR deltas: DCTS, DDSR, DDCD on any change; TERI when RI goes from on to off.
        if ((changed & 0x10) != 0) msrDeltas |= 0x01;
        if ((changed & 0x20) != 0) msrDeltas |= 0x02;
        if ((lastModemInputs & 0x40) != 0 && (inputs & 0x40) == 0) msrDeltas |= 0x04;
        if ((changed & 0x80) != 0) msrDeltas |= 0x08;
        lastModemInputs = inputs;
    }

    /** MSR bits 4–7 (CTS, DSR, RI, DCD): a connected host asserts CTS, DSR and DCD; in loopback they follow the MCR. */
    private int modemInputs() {
        if ((mcr & LOOP) == 0) return 0x10 | 0x20 | 0x80;
        return ((mcr & RTS) != 0 ? 0x10 : 0) | ((mcr & DTR) != 0 ? 0x20 : 0) | ((mcr & OUT1) != 0 ? 0x40 : 0) | ((mcr & OUT2) != 0 ? 0x80 : 0);
    }

    private boolean thrEmpty() { return tx.isEmpty(); }

    // ---- interrupts -----------------------------------------------------------------------------

    /** The IIR source code of the highest-priority pending interrupt (Table IV). */
    int interruptId() {
        if ((ier & ELSI) != 0 && lineErrors != 0) return IIR_LINE;
        if ((ier & ERBFI) != 0 && !rx.isEmpty() && rx.size() >= (fifos ? trigger : 1)) return IIR_RDA;
        if ((ier & ERBFI) != 0 && fifos && timeoutInterrupt) return IIR_TIMEOUT;
        if ((ier & ETBEI) != 0 && thrEmptyInterrupt) return IIR_THRE;
        if ((ier & EDSSI) != 0 && msrDeltas != 0) return IIR_MODEM;
        return IIR_NONE;
    }

    /** The ISA interrupt line: INTRPT gated by OUT2, forced low in loopback. */
    boolean irqLine() {
        return interruptId() != IIR_NONE && (mcr & OUT2) != 0 && (mcr & LOOP) == 0;
    }

    private void update() {
        irq(irqLine());
    }

    // ---- the line -------------------------------------------------------------------------------

    /** Nanoseconds one character takes on the line with the current LCR and divisor; 0 when the baud generator is stopped. */
    long characterNanos() {
        int divisor = (dlm << 8) | dll;
        if (divisor == 0) return 0;
        int data = 5 + (lcr & 3);
        int stop = (lcr & 4) == 0 ? 1 : 2;
        int parity = (lcr & 8) != 0 ? 1 : 0;
        int bits = 1 + data + parity + stop;
        return bits * 1_000_000_000L * divisor / CRYSTAL_DIVIDED;
    }

    /** Microseconds one character takes, rounded up (for timeouts). */
    long characterMicros() {
        long ns = characterNanos();
        return ns == 0 ? 0 : Math.max(1, (ns + 999) / 1000);
    }

    /** Fractions of a µs carried over between characters, so that each direction keeps the exact baud rate. */
    private final long[] carry = new long[2];

    /** The next character time in whole µs for direction {@code d} (0 transmit, 1 receive). */
    private long nextCharacterMicros(int d) {
        long ns = characterNanos();
        if (ns == 0) return 0;
        long total = ns + carry[d];
        long us = Math.max(1, total / 1000);
        carry[d] = total - us * 1000;
        return us;
    }

    private void startTransmitter() {
        if (tx.isEmpty() || bus == null) return;
        long t = nextCharacterMicros(0);
        if (t == 0) return; // no baud clock: the character waits in THR
        int c = tx.poll();
        shifting = true;
        if (tx.isEmpty()) thrEmptyInterrupt = (ier & ETBEI) != 0;
        txTimer = bus.schedule(t, () -> shifted(c));
    }

    private void shifted(int c) {
        shifting = false;
        int mask = (1 << (5 + (lcr & 3))) - 1;
        if ((mcr & LOOP) != 0) {
            receive(c & mask);
        } else {
            sent++;
            line.accept(c & mask);
        }
        startTransmitter();
        update();
    }

    /** Bytes from the host side of the line (machine context); they arrive one character time apart. */
    public void hostInput(byte[] data) {
        for (byte b : data) hostIn.add(b & 0xFF);
        if (rxTimer == null || !rxTimer.pending()) startReceiver();
    }

    private void startReceiver() {
        if (bus == null || hostIn.isEmpty() || (mcr & LOOP) != 0) return;
        long t = nextCharacterMicros(1);
        if (t == 0) return;
        rxTimer = bus.schedule(t, () -> {
            if ((mcr & LOOP) != 0) return; // the receiver listens to the transmitter now
            receive(hostIn.poll());
            startReceiver();
            update();
        });
    }

    private void receive(int c) {
        int capacity = fifos ? FIFO : 1;
        if (rx.size() >= capacity) {
            // Overrun: the character in the shift register is lost, the FIFO (or RBR) keeps its contents.
            lineErrors |= OE;
            overruns++;
        } else {
            rx.add(c);
            received++;
        }
        timeoutInterrupt = false;
        restartTimeout();
    }

    /** Character timeout: 4 character times with data in the FIFO and nothing read or received. */
    private void restartTimeout() {
        cancel(timeoutTimer);
        timeoutTimer = null;
        if (!fifos || rx.isEmpty() || bus == null) return;
        long t = characterMicros();
        if (t == 0) return;
        timeoutTimer = bus.schedule(4 * t, () -> {
            if (!rx.isEmpty()) timeoutInterrupt = true;
            update();
        });
    }

    // ---- status ---------------------------------------------------------------------------------

    int rxLevel() { return rx.size(); }

    int txLevel() { return tx.size(); }

    int pendingHostInput() { return hostIn.size(); }

    @Override
    public Map<String, String> status() {
        Map<String, String> m = new LinkedHashMap<>();
        int divisor = (dlm << 8) | dll;
        m.put("baud", divisor == 0 ? "stopped" : String.valueOf(CRYSTAL_DIVIDED / divisor));
        m.put("sent", String.valueOf(sent));
        m.put("received", String.valueOf(received));
        m.put("overruns", String.valueOf(overruns));
        if (txDropped > 0) m.put("thr-lost", String.valueOf(txDropped));
        return m;
    }
}
