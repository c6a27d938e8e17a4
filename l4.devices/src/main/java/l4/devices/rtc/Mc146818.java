package l4.devices.rtc;

import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import l4.devices.IsaDevice;
import l4.hardware.DeviceTimer;
import l4.hardware.PortRange;

/**
 * The Motorola MC146818A real-time clock with its CMOS RAM, as on the PC: index port 0x70 (bit 7
 * is the PC's NMI mask, not part of the index), data port 0x71, IRQ 8. After the MC146818A
 * datasheet (Motorola):
 *
 * <ul>
 * <li>registers 0–9: seconds, seconds alarm, minutes, minutes alarm, hours, hours alarm, day of
 *     week, date, month, year — BCD or binary (register B DM), 12 or 24 hours (B 24/12; in 12-hour
 *     mode bit 7 of the hours is PM); an alarm byte of C0h–FFh is "don't care";</li>
 * <li>register A: UIP (bit 7, read-only), divider DV2–0 (010 = 32.768 kHz time base, running; 11x
 *     holds the divider in reset; after it leaves reset the first update comes 500 ms later),
 *     rate select RS3–0 (periodic interrupt every 2^(RS−1)/32768 s for RS ≥ 3, 3.90625 ms for 1,
 *     7.8125 ms for 2, none for 0);</li>
 * <li>register B: SET (stops updates so the time can be written; setting it clears UIE), PIE, AIE,
 *     UIE, SQWE, DM, 24/12, DSE;</li>
 * <li>register C: IRQF, PF, AF, UF — flags set whatever the enables say, all cleared by reading C;
 *     IRQF = PF·PIE + AF·AIE + UF·UIE drives the interrupt line;</li>
 * <li>register D: VRT (valid RAM and time) always 1; bytes 14–127: battery-backed RAM.</li>
 * </ul>
 *
 * Update cycle: once a second the time advances (with the calendar: days per month, leap years
 * every fourth year as the chip counts them), UF is set and the alarm compared; UIP is 1 from 244
 * µs before the cycle until it ends 1984 µs later, and the time bytes are not valid meanwhile.
 * The clock is computed from simulated time when it is read, so a machine nobody asks costs no
 * events; timers exist only while an enabled interrupt is due. Daylight saving (DSE) is not done.
 */
public final class Mc146818 extends IsaDevice {
    public static final int INDEX = 0x70;
    public static final int DATA = 0x71;
    public static final int IRQ = 8;
    static final int A = 0x0A, B = 0x0B, C = 0x0C, D = 0x0D;
    static final int UIP = 0x80;
    static final int SET = 0x80, PIE = 0x40, AIE = 0x20, UIE = 0x10, DM = 0x04, H24 = 0x02;
    static final int IRQF = 0x80, PF = 0x40, AF = 0x20, UF = 0x10;
    static final long SECOND = 1_000_000L;
    static final long UPDATE_MICROS = 1984;
    static final long UIP_LEAD_MICROS = 244;
    /** The CMOS byte the PC BIOS keeps the century in (BCD). */
    static final int CENTURY = 0x32;

    private final byte[] ram = new byte[128];
    private final LocalDateTime start;
    private int index;
    private int flags;
    /** Simulated µs at which the divider chain's phase starts: updates end at origin + k s. */
    private long origin;
    /** Updates are applied up to this time. */
    private long syncedTo;
    /** Periodic flags are applied up to this time. */
    private long periodicTo;
    private DeviceTimer timer;
    private long updates, interruptsRaised;

    public Mc146818(LocalDateTime start) {
        super("rtc", List.of(new PortRange(INDEX, 2)), IRQ);
        this.start = start;
    }

    @Override
    protected void reset() {
        cancelTimer();
        long now = bus.micros();
        origin = now;
        syncedTo = now;
        periodicTo = now;
        index = 0;
        flags = 0;
        ram[A] = 0x26; // the PC BIOS setting: 32.768 kHz time base, 1024 Hz periodic rate
        ram[B] = H24;  // 24 hours, BCD
        ram[D] = (byte) 0x80;
        setTime(start);
        update();
    }

    @Override
    public void detach() {
        cancelTimer();
        super.detach();
    }

    private void cancelTimer() {
        if (timer != null) timer.cancel();
        timer = null;
    }

    // ---- registers ----------------------------------------------------------------------------

    @Override
    protected int readByte(int port) {
        if (port == INDEX) return 0xFF; // write-only on the PC
        catchUp();
        int v;
        switch (index) {
            case A -> v = (ram[A] & 0x7F) | (updateInProgress() ? UIP : 0);
            case C -> {
                v = flags | (irqf() ? IRQF : 0);
                flags = 0;
                update();
            }
            case D -> v = 0x80;
            default -> v = ram[index] & 0xFF;
        }
        return v;
    }

    @Override
    protected void writeByte(int port, int v) {
        if (port == INDEX) {
            index = v & 0x7F;
            return;
        }
        catchUp();
        switch (index) {
            case A -> writeA(v);
            case B -> writeB(v);
            case C, D -> { } // read-only
            default -> ram[index] = (byte) v;
        }
        update();
    }

    private void writeA(int v) {
        boolean wasRunning = dividerRunning();
        ram[A] = (byte) (v & 0x7F);
        if (!wasRunning && dividerRunning()) {
            long now = bus.micros();
            origin = now + SECOND / 2 - SECOND; // first update 500 ms after the divider leaves reset
            syncedTo = now;
            periodicTo = now;
        }
    }

    private void writeB(int v) {
        boolean wasSet = (ram[B] & SET) != 0;
        if ((v & SET) != 0) v &= ~UIE;
        ram[B] = (byte) v;
        if (wasSet && (v & SET) == 0) syncedTo = bus.micros(); // counting resumes from the written time
    }

    private boolean dividerRunning() { return ((ram[A] >> 4) & 7) == 2; }

    private boolean counting() { return dividerRunning() && (ram[B] & SET) == 0; }

    private boolean irqf() {
        int b = ram[B];
        return (flags & PF) != 0 && (b & PIE) != 0 || (flags & AF) != 0 && (b & AIE) != 0 || (flags & UF) != 0 && (b & UIE) != 0;
    }

    boolean updateInProgress() {
        if (!counting()) return false;
        long phase = Math.floorMod(bus.micros() - origin, SECOND);
        return phase >= SECOND - UPDATE_MICROS - UIP_LEAD_MICROS;
    }

    /** Periodic interrupt period in ns (0: none). */
    long periodNanos() {
        int rs = ram[A] & 0x0F;
        if (rs == 0) return 0;
        int shift = rs <= 2 ? rs + 6 : rs - 1;
        return (1L << shift) * 1_000_000_000L / 32768;
    }

    // ---- time -----------------------------------------------------------------------------------

    /** Applies every update cycle and periodic tick between the last access and now. */
    private void catchUp() {
        long now = bus.micros();
        if (counting()) {
            long done = Math.floorDiv(syncedTo - origin, SECOND);
            long due = Math.floorDiv(now - origin, SECOND);
            if (due > done) {
                advance(due - done);
                syncedTo = origin + due * SECOND;
            }
        } else {
            syncedTo = now;
        }
        long p = periodNanos();
        if (p > 0 && dividerRunning()) {
            long last = Math.floorDiv((periodicTo - origin) * 1000, p);
            long current = Math.floorDiv((now - origin) * 1000, p);
            if (current > last) flags |= PF;
        }
        periodicTo = now;
    }

    private void advance(long seconds) {
        updates += seconds;
        flags |= UF;
        Fields f = Fields.read(ram);
        // AF: any of the passed seconds matching the alarm; one day covers every alarm pattern.
        long scan = Math.min(seconds, 86_400 + 1);
        Fields t = f.plus(seconds - scan);
        for (long i = 0; i < scan; i++) {
            t = t.plus(1);
            if (alarmMatches(t)) flags |= AF;
        }
        t.write(ram);
    }

    private boolean alarmMatches(Fields t) {
        return matches(ram[1], t.encode(t.second)) && matches(ram[3], t.encode(t.minute)) && matches(ram[5], t.encodeHour());
    }

    private static boolean matches(byte alarm, int value) {
        return (alarm & 0xC0) == 0xC0 || (alarm & 0xFF) == value;
    }

    void setTime(LocalDateTime t) {
        Fields f = new Fields((ram[B] & DM) != 0, (ram[B] & H24) != 0, t.getSecond(), t.getMinute(), t.getHour(),
                t.getDayOfWeek().getValue() % 7 + 1, t.getDayOfMonth(), t.getMonthValue(), t.getYear() % 100);
        f.write(ram);
        ram[CENTURY] = (byte) Fields.bcd(t.getYear() / 100);
    }

    // ---- interrupts -----------------------------------------------------------------------------

    private void update() {
        boolean level = irqf();
        irq(level);
        schedule(level);
    }

    /** A timer only while an enabled interrupt can still come (the line is low and something is enabled). */
    private void schedule(boolean lineHigh) {
        cancelTimer();
        if (lineHigh || bus == null || !dividerRunning()) return;
        long now = bus.micros();
        long next = Long.MAX_VALUE;
        int b = ram[B];
        if ((b & PIE) != 0 && periodNanos() > 0) {
            long p = periodNanos();
            long k = Math.floorDiv((now - origin) * 1000, p) + 1;
            next = Math.min(next, origin + Math.floorDiv(k * p + 999, 1000));
        }
        if ((b & (UIE | AIE)) != 0 && counting()) {
            next = Math.min(next, origin + (Math.floorDiv(now - origin, SECOND) + 1) * SECOND);
        }
        if (next == Long.MAX_VALUE) return;
        timer = bus.schedule(Math.max(1, next - now), () -> {
            timer = null;
            catchUp();
            if (irqf()) interruptsRaised++;
            update();
        });
    }

    // ---- status ---------------------------------------------------------------------------------

    int flagsForTest() { return flags; }

    @Override
    public Map<String, String> status() {
        Map<String, String> m = new LinkedHashMap<>();
        catchUp();
        Fields f = Fields.read(ram);
        m.put("time", String.format("%02d%02d-%02d-%02d %02d:%02d:%02d", Fields.dec(ram[CENTURY] & 0xFF, false), f.year, f.month, f.date,
                f.hour, f.minute, f.second));
        m.put("mode", ((ram[B] & DM) != 0 ? "binary" : "BCD") + "/" + ((ram[B] & H24) != 0 ? "24h" : "12h"));
        m.put("updates", String.valueOf(updates));
        m.put("interrupts", String.valueOf(interruptsRaised));
        return m;
    }

    /** The time registers decoded in the current data mode, and encoded back the same way. */
    record Fields(boolean binary, boolean h24, int second, int minute, int hour, int weekday, int date, int month, int year) {
        static Fields read(byte[] ram) {
            boolean bin = (ram[B] & DM) != 0;
            boolean h24 = (ram[B] & H24) != 0;
            int rawHour = ram[4] & 0xFF;
            int hour;
            if (h24) {
                hour = dec(rawHour, bin);
            } else {
                boolean pm = (rawHour & 0x80) != 0;
                int h12 = dec(rawHour & 0x7F, bin);
                hour = h12 % 12 + (pm ? 12 : 0);
            }
            return new Fields(bin, h24, dec(ram[0] & 0xFF, bin), dec(ram[2] & 0xFF, bin), hour, dec(ram[6] & 0xFF, bin),
                    dec(ram[7] & 0xFF, bin), dec(ram[8] & 0xFF, bin), dec(ram[9] & 0xFF, bin));
        }

        void write(byte[] ram) {
            ram[0] = (byte) encode(second);
            ram[2] = (byte) encode(minute);
            ram[4] = (byte) encodeHour();
            ram[6] = (byte) encode(weekday);
            ram[7] = (byte) encode(date);
            ram[8] = (byte) encode(month);
            ram[9] = (byte) encode(year);
        }

        int encode(int v) { return binary ? v : bcd(v); }

        int encodeHour() {
            if (h24) return encode(hour);
            int h12 = hour % 12 == 0 ? 12 : hour % 12;
            return encode(h12) | (hour >= 12 ? 0x80 : 0);
        }

        static int bcd(int v) { return (v / 10) << 4 | v % 10; }

        static int dec(int v, boolean binary) { return binary ? v : (v >> 4) * 10 + (v & 0x0F); }

        /**
         * {@code n} seconds later. The calendar is the chip's: 28/29 (every year divisible by 4,
         * as the MC146818A counts)/30/31 days. Invalid values count on as the chip's counters do:
         * a field past its end rolls over to its first value.
         */
        Fields plus(long n) {
            if (n <= 0) return this;
            if (valid()) {
                LocalDateTime t = LocalDateTime.of(2000 + year, month, date, hour, minute, second).plusSeconds(n);
                long days = java.time.temporal.ChronoUnit.DAYS.between(
                        LocalDateTime.of(2000 + year, month, date, 0, 0).toLocalDate(), t.toLocalDate());
                int wd = (int) Math.floorMod(weekday - 1 + days, 7) + 1;
                return new Fields(binary, h24, t.getSecond(), t.getMinute(), t.getHour(), wd, t.getDayOfMonth(), t.getMonthValue(), t.getYear() % 100);
            }
            Fields f = this;
            for (long i = 0; i < Math.min(n, 86_400L * 2); i++) f = f.tick();
            return f;
        }

        private boolean valid() {
            return second < 60 && minute < 60 && hour < 24 && month >= 1 && month <= 12 && date >= 1 && year < 100
                    && date <= java.time.YearMonth.of(2000 + year, month).lengthOfMonth();
        }

        private Fields tick() {
            int s = second + 1, m = minute, h = hour, d = date, mo = month, y = year, wd = weekday;
            if (s >= 60) { s = 0; m++; }
            if (m >= 60) { m = 0; h++; }
            if (h >= 24) { h = 0; d++; wd = wd % 7 + 1; }
            if (d > 31) { d = 1; mo++; }
            if (mo > 12) { mo = 1; y = (y + 1) % 100; }
            return new Fields(binary, h24, s, m, h, wd, d, mo, y);
        }
    }
}
