package l4.drivers.clock;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Register decoding per the MC146818A data modes. */
class RtcTimeTest {
    @Test
    void bcd24Hours() {
        assertEquals(0, RtcTime.secondsSince2000(0, 0, 0, 1, 1, 0, 0x20, 0x02));
        assertEquals(86_400L * 59 + 3600 * 23 + 60 * 59 + 59, RtcTime.secondsSince2000(0x59, 0x59, 0x23, 0x29, 0x02, 0x00, 0x20, 0x02),
                "29 February 2000 23:59:59");
    }

    @Test
    void binary12Hours() {
        assertEquals(12 * 3600, RtcTime.secondsSince2000(0, 0, 0x80 | 12, 1, 1, 0, 0x20, 0x04), "12 PM is noon");
        assertEquals(0, RtcTime.secondsSince2000(0, 0, 12, 1, 1, 0, 0x20, 0x04), "12 AM is midnight");
    }

    @Test
    void invalidRegistersGiveMinusOne() {
        assertEquals(-1, RtcTime.secondsSince2000(0x61, 0, 0, 1, 1, 0, 0x20, 0x02));
        assertEquals(-1, RtcTime.secondsSince2000(0, 0, 0, 0x31, 0x02, 0, 0x20, 0x02));
    }
}
