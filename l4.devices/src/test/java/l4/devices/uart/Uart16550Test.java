package l4.devices.uart;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import l4.devices.FakeBus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The UART against the PC16550D datasheet (National Semiconductor): register reset values (Table IV), IIR priorities, FIFO and line timing. */
class Uart16550Test {
    static final int BASE = 0x3F8;
    static final int RBR = 0, THR = 0, DLL = 0, IER = 1, DLM = 1, IIR = 2, FCR = 2, LCR = 3, MCR = 4, LSR = 5, MSR = 6, SCR = 7;
    /** 8N1 at 115200 baud: 10 bits per character, 86.8 µs; rounded up, so that n of them have surely passed. */
    static final long CHAR = 87;

    final FakeBus bus = new FakeBus();
    final ByteArrayOutputStream line = new ByteArrayOutputStream();
    final Uart16550 uart = new Uart16550(BASE, 4, line::write);

    int in(int reg) { return (int) uart.read(BASE + reg, 1); }

    void out(int reg, int v) { uart.write(BASE + reg, 1, v); }

    @BeforeEach
    void powerOn() {
        uart.attach(bus);
    }

    void setup115200FifoInterrupts(int ier) {
        out(LCR, 0x80);
        out(DLL, 1);
        out(DLM, 0);
        out(LCR, 0x03);
        out(FCR, 0x07);
        out(MCR, 0x0B); // DTR, RTS, OUT2
        out(IER, ier);
    }

    @Test
    void resetValuesOfTableIV() {
        assertEquals(0x00, in(IER));
        assertEquals(0x01, in(IIR), "no interrupt pending, FIFOs off");
        assertEquals(0x00, in(LCR));
        assertEquals(0x00, in(MCR));
        assertEquals(0x60, in(LSR), "THRE and TEMT");
        assertEquals(0xB0, in(MSR), "the host end asserts DCD, DSR and CTS; no deltas");
        assertFalse(bus.irq);
    }

    @Test
    void divisorLatchIsBehindDlab() {
        out(LCR, 0x83);
        out(DLL, 0x34);
        out(DLM, 0x12);
        assertEquals(0x34, in(DLL));
        assertEquals(0x12, in(DLM));
        out(LCR, 0x03);
        out(IER, 0x05);
        assertEquals(0x05, in(IER), "IER again with DLAB clear");
        out(SCR, 0x5A);
        assertEquals(0x5A, in(SCR));
        assertEquals(115_200 / 0x1234, Integer.parseInt(uart.status().get("baud")));
    }

    @Test
    void transmitThroughTheFifoWithThreInterrupt() {
        setup115200FifoInterrupts(0);
        for (byte b : "hello".getBytes(StandardCharsets.US_ASCII)) out(THR, b);
        assertEquals(0, in(LSR) & 0x60, "THR/FIFO not empty, transmitter busy");
        out(IER, 0x02);
        assertFalse(bus.irq, "ETBEI set while the FIFO still holds data: no interrupt yet");
        bus.advance(CHAR * 3);
        assertEquals("hel", line.toString(StandardCharsets.US_ASCII));
        bus.advance(CHAR);
        assertTrue(bus.irq, "the FIFO emptied into the shift register: THRE interrupt");
        assertEquals(0x20, in(LSR) & 0x60, "THRE but not TEMT: the last character is still shifting");
        assertEquals(0xC2, in(IIR), "THRE, FIFOs enabled");
        assertFalse(bus.irq, "reading IIR cleared the THRE interrupt");
        assertEquals(0xC1, in(IIR));
        bus.advance(CHAR);
        assertEquals("hello", line.toString(StandardCharsets.US_ASCII));
        assertEquals(0x60, in(LSR) & 0x60, "TEMT");
    }

    @Test
    void settingEtbeiWhileEmptyInterruptsAtOnceButOnlyWithOut2() {
        out(IER, 0x02);
        assertEquals(0x02, in(IIR) & 0x0F);
        out(IER, 0x00);
        out(IER, 0x02);
        assertFalse(bus.irq, "OUT2 clear: the PC's IRQ line is gated off");
        out(MCR, 0x08);
        assertTrue(bus.irq);
        out(THR, 'x');
        assertTrue(bus.irq, "without FIFOs THR empties into the idle shift register at once: THRE again");
        out(THR, 'y');
        assertFalse(bus.irq, "the shift register is busy: 'y' stays in THR, THRE is clear");
    }

    @Test
    void receiveTriggerLevelAndCharacterTimeout() {
        setup115200FifoInterrupts(0x01);
        out(FCR, 0x41); // trigger level 4
        uart.hostInput("abc".getBytes(StandardCharsets.US_ASCII));
        bus.advance(CHAR * 3);
        assertEquals(0x01, in(LSR) & 0x01, "DR");
        assertEquals(0xC1, in(IIR), "below the trigger level: no RDA yet");
        bus.advance(CHAR * 4);
        assertEquals(0xCC, in(IIR), "character timeout after 4 quiet character times");
        assertTrue(bus.irq);
        assertEquals('a', in(RBR));
        assertEquals(0xC1, in(IIR), "reading RBR cleared the timeout");
        assertFalse(bus.irq);
        uart.hostInput("defg".getBytes(StandardCharsets.US_ASCII));
        bus.advance(CHAR * 2);
        assertEquals(0xC4, in(IIR), "4 characters in the FIFO: received data available");
        StringBuilder got = new StringBuilder();
        while ((in(LSR) & 1) != 0) got.append((char) in(RBR));
        assertEquals("bcde", got.toString());
        bus.advance(CHAR * 2);
        while ((in(LSR) & 1) != 0) got.append((char) in(RBR));
        assertEquals("bcdefg", got.toString());
    }

    @Test
    void overrunWithoutFifoAndLineStatusPriority() {
        out(LCR, 0x80);
        out(DLL, 1);
        out(LCR, 0x03);
        out(MCR, 0x08);
        out(IER, 0x05); // ERBFI, ELSI
        uart.hostInput("xy".getBytes(StandardCharsets.US_ASCII));
        bus.advance(CHAR * 2);
        assertEquals(0x06, in(IIR), "receiver line status outranks received data");
        int lsr = in(LSR);
        assertEquals(0x03, lsr & 0x03, "DR and OE");
        assertEquals(0x01, in(LSR) & 0x03, "reading LSR cleared OE");
        assertEquals(0x04, in(IIR), "now received data available");
        assertEquals('x', in(RBR), "the overrunning character was lost, RBR kept its own");
        assertEquals("1", uart.status().get("overruns"));
    }

    @Test
    void readingRbrWithoutDataReturnsTheLastCharacterAndChangesNothing() {
        out(LCR, 0x80);
        out(DLL, 1);
        out(LCR, 0x03);
        assertEquals(0, in(RBR));
        uart.hostInput(new byte[] {'q'});
        bus.advance(CHAR);
        assertEquals('q', in(RBR));
        assertEquals('q', in(RBR));
        assertEquals(0x60, in(LSR), "no DR, no error bits");
    }

    @Test
    void writesToAFullFifoAreLost() {
        setup115200FifoInterrupts(0);
        for (int i = 0; i < 20; i++) out(THR, 'A' + i);
        bus.advance(CHAR * 40);
        // one went straight into the shift register, 16 into the FIFO, 3 were lost
        assertEquals("ABCDEFGHIJKLMNOPQ", line.toString(StandardCharsets.US_ASCII));
        assertEquals("3", uart.status().get("thr-lost"));
    }

    @Test
    void loopbackFeedsTheReceiverAndKeepsTheIrqLineLow() {
        setup115200FifoInterrupts(0x01);
        out(MCR, 0x1B); // LOOP + OUT2 + RTS + DTR
        assertEquals(0x30 | 0x80, in(MSR) & 0xF0, "CTS=RTS, DSR=DTR, DCD=OUT2, RI=OUT1=0");
        out(THR, 0x55);
        bus.advance(CHAR);
        assertEquals(0x01, in(LSR) & 0x01);
        assertEquals(0xC4, in(IIR), "an interrupt is pending inside the chip");
        assertFalse(bus.irq, "but the OUT2 pin is forced inactive in loopback");
        assertEquals(0x55, in(RBR));
        assertEquals(0, line.size(), "nothing reached the host end");
    }

    @Test
    void modemStatusDeltasAndInterrupt() {
        out(MCR, 0x18); // loopback, OUT2 -> DCD
        assertEquals(0x03, in(MSR) & 0x0F, "DCTS and DDSR: CTS and DSR now follow RTS and DTR (off); DCD follows OUT2 (on, unchanged)");
        assertEquals(0, in(MSR) & 0x0F, "reading MSR cleared the deltas");
        out(IER, 0x08);
        out(MCR, 0x19); // DTR -> DSR changes
        assertEquals(0x00, in(IIR), "modem status interrupt");
        assertEquals(0x02, in(MSR) & 0x0F, "DDSR");
        assertEquals(0x01, in(IIR));
    }

    @Test
    void divisorZeroStopsTheTransmitter() {
        out(LCR, 0x80);
        out(DLL, 0);
        out(DLM, 0);
        out(LCR, 0x03);
        out(THR, 'z');
        bus.advance(1_000_000);
        assertEquals(0, line.size());
        assertEquals(0, in(LSR) & 0x20, "the character waits in THR");
    }

    @Test
    void wideAccessesAreByteCycles() {
        out(LCR, 0x03);
        out(SCR, 0x77);
        // a 16-bit read at LSR returns LSR in the low byte and MSR in the high byte
        long v = uart.read(BASE + LSR, 2);
        assertEquals(0x60, v & 0xFF);
        assertEquals(0xB0, (v >> 8) & 0xF0);
        assertEquals(0xFF77, uart.read(BASE + SCR, 2), "the byte lane past the device floats high");
    }
}
