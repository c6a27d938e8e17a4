package l4.devices.rtc;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.annotation.Annotation;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import l4.devices.FakeBus;
import org.junit.jupiter.api.Test;

/** The clock's host side: a configured, deterministic start time by default; the host's UTC clock when asked. */
class RtcComponentTest {
    static RtcConfiguration config(String start, boolean host) {
        return new RtcConfiguration() {
            @Override public Class<? extends Annotation> annotationType() { return RtcConfiguration.class; }
            @Override public String startTime() { return start; }
            @Override public boolean hostClock() { return host; }
        };
    }

    static int reg(RtcComponent rtc, int index) {
        rtc.write(0x70, 1, index);
        return (int) rtc.read(0x71, 1);
    }

    static int bcd(int v) { return (v / 10) << 4 | v % 10; }

    @Test
    void theConfiguredStartTimeIsWhatTheClockSaysAtPowerOn() {
        RtcComponent rtc = new RtcComponent();
        rtc.activate(config("2024-02-29T12:34:56", false));
        rtc.attach(new FakeBus());
        assertEquals(0x56, reg(rtc, 0x00));
        assertEquals(0x34, reg(rtc, 0x02));
        assertEquals(0x12, reg(rtc, 0x04));
        assertEquals(0x29, reg(rtc, 0x07));
        assertEquals(0x02, reg(rtc, 0x08));
        assertEquals(0x24, reg(rtc, 0x09));
        assertEquals(0x20, reg(rtc, 0x32), "century");
    }

    @Test
    void aBadStartTimeIsTheDefault() {
        for (String bad : new String[] {"yesterday", "1850-01-01T00:00:00", "2100-01-01T00:00:00"}) {
            RtcComponent rtc = new RtcComponent();
            rtc.activate(config(bad, false));
            rtc.attach(new FakeBus());
            assertEquals(0x00, reg(rtc, 0x09), bad);
            assertEquals(0x01, reg(rtc, 0x08), bad);
            assertEquals(0x20, reg(rtc, 0x32), bad);
        }
    }

    @Test
    void theHostClockSwitchStartsFromTheWallClockInUtc() {
        RtcComponent rtc = new RtcComponent();
        rtc.activate(config("2000-01-01T00:00:00", true));
        LocalDateTime before = LocalDateTime.now(ZoneOffset.UTC);
        rtc.attach(new FakeBus());
        LocalDateTime after = LocalDateTime.now(ZoneOffset.UTC);
        int year = reg(rtc, 0x09), century = reg(rtc, 0x32);
        assertTrue(year == bcd(before.getYear() % 100) || year == bcd(after.getYear() % 100), Integer.toHexString(year));
        assertEquals(bcd(before.getYear() / 100), century);
        int day = reg(rtc, 0x07);
        assertTrue(day == bcd(before.getDayOfMonth()) || day == bcd(after.getDayOfMonth()), Integer.toHexString(day));
    }
}
