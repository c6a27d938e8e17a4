package l4.drivers.clock;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * MC146818A time registers to seconds since 2000-01-01 00:00:00. Pure. The registers are read in
 * the data mode register B says (DM: binary or BCD; 24/12: in 12-hour mode bit 7 of the hours is
 * PM), the century from CMOS byte 0x32 (BCD, as the PC BIOS keeps it). Invalid values give -1.
 */
public final class RtcTime {
    static final long EPOCH_2000 = LocalDateTime.of(2000, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);

    private RtcTime() {}

    /** {@code regs}: seconds, minutes, hours, date, month, year, century, register B. */
    public static long secondsSince2000(int sec, int min, int hour, int date, int month, int year, int century, int b) {
        boolean binary = (b & 0x04) != 0;
        boolean h24 = (b & 0x02) != 0;
        int h;
        if (h24) {
            h = dec(hour, binary);
        } else {
            h = dec(hour & 0x7F, binary) % 12 + ((hour & 0x80) != 0 ? 12 : 0);
        }
        try {
            LocalDateTime t = LocalDateTime.of(dec(century, false) * 100 + dec(year, binary), dec(month, binary), dec(date, binary),
                    h, dec(min, binary), dec(sec, binary));
            return t.toEpochSecond(ZoneOffset.UTC) - EPOCH_2000;
        } catch (java.time.DateTimeException e) {
            return -1;
        }
    }

    static int dec(int v, boolean binary) {
        return binary ? v : (v >> 4) * 10 + (v & 0x0F);
    }
}
