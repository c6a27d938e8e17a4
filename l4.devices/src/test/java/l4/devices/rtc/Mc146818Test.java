package l4.devices.rtc;

import static org.junit.jupiter.api.Assertions.*;

import java.time.LocalDateTime;
import l4.devices.FakeBus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The clock against the MC146818A datasheet (Motorola): time registers, modes, update cycle, register A-D, interrupts. */
class Mc146818Test {
    static final long S = 1_000_000L;
    final FakeBus bus = new FakeBus();
    final Mc146818 rtc = new Mc146818(LocalDateTime.of(2000, 1, 1, 0, 0, 0));

    int reg(int index) {
        rtc.write(0x70, 1, index);
        return (int) rtc.read(0x71, 1);
    }

    void reg(int index, int value) {
        rtc.write(0x70, 1, index);
        rtc.write(0x71, 1, value);
    }

    @BeforeEach
    void powerOn() {
        bus.advance(123); // power-on need not be at time 0
        rtc.attach(bus);
    }

    @Test
    void powerOnState() {
        assertEquals(0x26, reg(0x0A), "32.768 kHz time base, 1024 Hz rate (the PC BIOS setting)");
        assertEquals(0x02, reg(0x0B), "24 hours, BCD");
        assertEquals(0x80, reg(0x0D), "VRT");
        assertEquals(0x00, reg(0x00));
        assertEquals(0x00, reg(0x04));
        assertEquals(0x07, reg(0x06), "1 January 2000 was a Saturday (day 7, Sunday = 1)");
        assertEquals(0x01, reg(0x07));
        assertEquals(0x01, reg(0x08));
        assertEquals(0x00, reg(0x09));
        assertEquals(0x20, reg(0x32), "century byte");
        assertFalse(bus.irq);
    }

    @Test
    void timeAdvancesOncePerSecondInBcd() {
        bus.advance(S);
        assertEquals(0x01, reg(0x00));
        bus.advance(59 * S);
        assertEquals(0x00, reg(0x00));
        assertEquals(0x01, reg(0x02));
        bus.advance(3600L * 24 * S);
        assertEquals(0x02, reg(0x07), "next day");
        assertEquals(0x01, reg(0x06), "Sunday");
    }

    @Test
    void updateInProgressWindow() {
        assertEquals(0, reg(0x0A) & 0x80);
        bus.advance(S - 1984 - 244 - 1);
        assertEquals(0, reg(0x0A) & 0x80, "just before the 244 µs lead");
        bus.advance(2);
        assertEquals(0x80, reg(0x0A) & 0x80, "UIP: an update is about to start or running");
        assertEquals(0x00, reg(0x00), "the time is not updated before the cycle ends");
        bus.advance(2300);
        assertEquals(0, reg(0x0A) & 0x80);
        assertEquals(0x01, reg(0x00));
    }

    @Test
    void setStopsTheClockAndLeapYearsCount() {
        reg(0x0B, 0x82 | 0x10); // SET with UIE
        assertEquals(0x82, reg(0x0B), "setting SET clears UIE");
        reg(0x09, 0x00);
        reg(0x08, 0x02);
        reg(0x07, 0x28);
        reg(0x04, 0x23);
        reg(0x02, 0x59);
        reg(0x00, 0x59);
        bus.advance(5 * S);
        assertEquals(0x59, reg(0x00), "no updates while SET");
        reg(0x0B, 0x02);
        bus.advance(S);
        assertEquals(0x00, reg(0x00));
        assertEquals(0x29, reg(0x07), "2000 is a leap year: 29 February");
        assertEquals(0x02, reg(0x08));
    }

    @Test
    void binaryAnd12HourModes() {
        reg(0x0B, 0x80 | 0x04); // SET, binary, 12 hours
        reg(0x04, 0x0B);        // 11 AM
        reg(0x02, 59);
        reg(0x00, 59);
        reg(0x0B, 0x04);
        bus.advance(S);
        assertEquals(0x8C, reg(0x04), "12 PM: bit 7 PM, 12 in binary");
        assertEquals(0, reg(0x02));
        reg(0x0B, 0x80 | 0x04);
        reg(0x04, 0x8B); // 11 PM
        reg(0x02, 59);
        reg(0x00, 59);
        reg(0x0B, 0x04);
        bus.advance(S);
        assertEquals(0x0C, reg(0x04), "12 AM");
        assertEquals(0x02, reg(0x07), "and the next day");
    }

    @Test
    void updateEndedInterruptAndRegisterCReadClears() {
        reg(0x0B, 0x12); // UIE, 24h, BCD
        assertFalse(bus.irq);
        bus.advance(S);
        assertTrue(bus.irq);
        assertEquals(1, bus.edges);
        assertEquals(0x90, reg(0x0C) & 0xB0, "IRQF and UF (PF runs at 1024 Hz but is not enabled)");
        assertFalse(bus.irq, "reading C clears the flags and the line");
        assertEquals(0x00, reg(0x0C));
        bus.advance(S);
        assertEquals(2, bus.edges, "one interrupt per update");
    }

    @Test
    void periodicInterruptAtTheSelectedRate() {
        reg(0x0A, 0x2F); // 500 ms
        reg(0x0B, 0x42); // PIE
        bus.advance(S / 2 - 1);
        assertFalse(bus.irq);
        bus.advance(1);
        assertTrue(bus.irq);
        assertEquals(0xC0, reg(0x0C) & 0xF0, "IRQF and PF");
        bus.advance(S / 2);
        assertTrue(bus.irq);
        assertEquals(2, bus.edges);
        assertEquals(500_000_000L, rtc.periodNanos());
        reg(0x0A, 0x23);
        assertEquals(122_070L, rtc.periodNanos(), "RS=3: 122.070 µs");
        reg(0x0A, 0x21);
        assertEquals(3_906_250L, rtc.periodNanos(), "RS=1: 3.90625 ms");
    }

    @Test
    void flagsAreSetWithoutTheirEnables() {
        bus.advance(S);
        int c = reg(0x0C);
        assertEquals(0x50, c, "PF (1024 Hz) and UF, but no IRQF: nothing is enabled");
        assertFalse(bus.irq);
        assertFalse(bus.busy(), "nothing enabled: no timers");
    }

    @Test
    void alarmInterruptWithDontCareBytes() {
        reg(0x01, 0x05);
        reg(0x03, 0xC0); // any minute
        reg(0x05, 0xFF); // any hour
        reg(0x0B, 0x22); // AIE
        bus.advance(4 * S);
        assertFalse(bus.irq);
        bus.advance(S);
        assertTrue(bus.irq);
        assertEquals(0xA0, reg(0x0C) & 0xA0, "IRQF and AF");
        bus.advance(60 * S);
        assertTrue(bus.irq, "again a minute later");
    }

    @Test
    void dividerResetStopsTheClockAndTheFirstUpdateComesHalfASecondAfter() {
        reg(0x0A, 0x76);
        bus.advance(3 * S);
        assertEquals(0x00, reg(0x00), "divider in reset: no updates");
        reg(0x0A, 0x26);
        bus.advance(S / 2 - 1);
        assertEquals(0x00, reg(0x00));
        bus.advance(1);
        assertEquals(0x01, reg(0x00));
    }

    @Test
    void readOnlyRegistersIndexPortAndCmosRam() {
        reg(0x0C, 0xFF);
        reg(0x0D, 0x00);
        assertEquals(0x80, reg(0x0D));
        assertEquals(0, reg(0x0C));
        rtc.write(0x70, 1, 0x80 | 0x20); // NMI mask bit is not part of the index
        rtc.write(0x71, 1, 0x5A);
        assertEquals(0x5A, reg(0x20));
        assertEquals(0xFF, rtc.read(0x70, 1), "the index port is write-only on the PC");
    }
}
