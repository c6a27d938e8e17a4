package l4.devices.ata;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import l4.devices.IsaDevice;
import l4.hardware.DeviceTimer;
import l4.hardware.PortRange;

/**
 * An ATA disk (device 0) on the primary channel, PIO only, after ATA/ATAPI-6 (T13 1410D rev. 3b):
 * the command block at {@code 0x1F0–0x1F7} (data, error/features, sector count, LBA low/mid/high,
 * device, status/command) and the control block at {@code 0x3F6} (alternate status / device
 * control with nIEN and SRST), INTRQ on ISA IRQ 14.
 *
 * <p>Commands (ATA-6 §8): IDENTIFY DEVICE (ECh), READ SECTORS (20h/21h), WRITE SECTORS (30h/31h),
 * READ VERIFY SECTORS (40h/41h), FLUSH CACHE (E7h), EXECUTE DEVICE DIAGNOSTIC (90h), INITIALIZE
 * DEVICE PARAMETERS (91h), SET FEATURES (EFh: 02h/82h write cache on/off, 03h transfer mode),
 * CHECK POWER MODE (E5h), IDLE/STANDBY IMMEDIATE (E1h/E0h), RECALIBRATE (1xh); anything else is
 * aborted (ERR, ABRT). Addresses are 28-bit LBA (device bit 6), or CHS through the current
 * geometry. Protocols (ATA-6 §9): PIO data-in sets DRQ and INTRQ for each sector and leaves DRQ
 * clear after the last; PIO data-out sets DRQ for the first sector without an interrupt, then
 * INTRQ after each sector written; non-data commands end with INTRQ. Reading the status register
 * clears a pending INTRQ, the alternate status does not; nIEN keeps INTRQ off the line; writing the
 * command register clears it.
 *
 * <p>Time: a command that touches the medium is busy (BSY) for {@code accessMicros} (seek and
 * rotation) plus {@code sectorMicros} per sector; FLUSH CACHE for {@code flushMicros}, and the
 * image file is forced to stable storage before INTRQ. The data phase itself is as fast as the
 * driver moves the words.
 *
 * <p>Protocol violations (undefined in ATA-6, decided here, each counted): register writes while
 * BSY or DRQ is set are ignored; a command written while BSY is ignored; a command written while
 * DRQ is set aborts the transfer in progress (ERR, ABRT, INTRQ) and is not executed; reading the
 * data register without DRQ returns FFFFh, writing it is ignored. A byte access to the data
 * register moves one whole word (its low byte is the value).
 */
public final class AtaDisk extends IsaDevice {
    public static final int PRIMARY = 0x1F0;
    public static final int PRIMARY_CONTROL = 0x3F6;
    public static final int PRIMARY_IRQ = 14;

    // status bits (ATA-6 §7.15)
    static final int BSY = 0x80, DRDY = 0x40, DF = 0x20, DSC = 0x10, DRQ = 0x08, ERR = 0x01;
    // error bits (ATA-6 §7.9)
    static final int UNC = 0x40, IDNF = 0x10, ABRT = 0x04;
    // device control (ATA-6 §7.8)
    static final int NIEN = 0x02, SRST = 0x04;
    static final int LBA = 0x40, DEV = 0x10;
    static final long MAX_LBA28_SECTORS = (1L << 28) - 1;

    enum Phase { IDLE, BUSY, DATA_IN, DATA_OUT, RESET }

    /** Timing of the medium, in simulated µs. */
    public record Timing(long accessMicros, long sectorMicros, long flushMicros) {
        public Timing {
            if (accessMicros < 0 || sectorMicros < 0 || flushMicros < 0) throw new IllegalArgumentException("negative time");
        }
    }

    private final DiskImage image;
    private final Timing timing;
    private final int cylinders;
    private int heads = 16, sectorsPerTrack = 63;

    private int error, features, count, lbaLow, lbaMid, lbaHigh, device;
    private boolean err, deviceFault, nIen;
    private boolean intrq;
    private Phase phase = Phase.IDLE;
    private final byte[] buffer = new byte[DiskImage.SECTOR];
    private int position;
    private int command;
    private long nextLba;
    private int remaining;
    private boolean writeCache = true;
    private DeviceTimer timer;
    private long commands, violations, aborted;

    public AtaDisk(DiskImage image, Timing timing) {
        super("ata", List.of(new PortRange(PRIMARY, 8), new PortRange(PRIMARY_CONTROL, 1)), PRIMARY_IRQ);
        if (image.sectors() > MAX_LBA28_SECTORS) throw new IllegalArgumentException("28-bit LBA addresses at most " + MAX_LBA28_SECTORS + " sectors");
        this.image = image;
        this.timing = timing;
        this.cylinders = (int) Math.min(16383, image.sectors() / (16 * 63));
    }

    public DiskImage image() { return image; }

    @Override
    protected void reset() {
        cancelTimer();
        signature();
        features = 0;
        err = deviceFault = nIen = intrq = false;
        phase = Phase.IDLE;
        heads = 16;
        sectorsPerTrack = 63;
        writeCache = true;
        update();
    }

    @Override
    public void detach() {
        cancelTimer();
        super.detach();
    }

    /** The register contents after a reset or diagnostic (ATA-6 §9.12): device 0 present, diagnostic passed. */
    private void signature() {
        error = 0x01;
        count = 1;
        lbaLow = 1;
        lbaMid = 0;
        lbaHigh = 0;
        device = 0;
    }

    private void cancelTimer() {
        if (timer != null) timer.cancel();
        timer = null;
    }

    // ---- register file ------------------------------------------------------------------------

    private boolean device1() { return (device & DEV) != 0; }

    int statusRegister() {
        if (phase == Phase.BUSY || phase == Phase.RESET) return BSY;
        return DRDY | DSC | (deviceFault ? DF : 0) | (phase == Phase.DATA_IN || phase == Phase.DATA_OUT ? DRQ : 0) | (err ? ERR : 0);
    }

    @Override
    public long read(int port, int width) {
        if (port == PRIMARY) {
            if (width == 4) return (readData() & 0xFFFFL) | ((readData() & 0xFFFFL) << 16);
            int w = readData();
            return width == 1 ? w & 0xFF : w;
        }
        return super.read(port, width);
    }

    @Override
    public void write(int port, int width, long value) {
        if (port == PRIMARY) {
            writeData((int) value & 0xFFFF);
            if (width == 4) writeData((int) (value >>> 16) & 0xFFFF);
            return;
        }
        super.write(port, width, value);
    }

    @Override
    protected int readByte(int port) {
        if (port == PRIMARY_CONTROL) return device1() ? 0 : statusRegister();
        switch (port - PRIMARY) {
            case 0: return readData() & 0xFF;
            case 1: return error;
            case 2: return count;
            case 3: return lbaLow;
            case 4: return lbaMid;
            case 5: return lbaHigh;
            case 6: return device | 0xA0;
            default:
                if (device1()) return 0; // no device 1: device 0 answers its status with 00h
                intrq = false;
                update();
                return statusRegister();
        }
    }

    @Override
    protected void writeByte(int port, int v) {
        if (port == PRIMARY_CONTROL) {
            writeControl(v);
            return;
        }
        int reg = port - PRIMARY;
        if (reg == 0) {
            writeData(v);
            return;
        }
        if (reg == 7) {
            writeCommand(v);
            return;
        }
        if (phase != Phase.IDLE) {
            violations++; // ATA-6 §6.1: the host shall not write the command block while BSY or DRQ is set
            return;
        }
        switch (reg) {
            case 1: features = v; break;
            case 2: count = v; break;
            case 3: lbaLow = v; break;
            case 4: lbaMid = v; break;
            case 5: lbaHigh = v; break;
            default: device = v & 0x5F;
        }
    }

    private void writeControl(int v) {
        boolean srst = (v & SRST) != 0;
        nIen = (v & NIEN) != 0;
        if (srst && phase != Phase.RESET) {
            cancelTimer();
            phase = Phase.RESET;
            intrq = false;
        } else if (!srst && phase == Phase.RESET) {
            // ATA-6 §9.2: after SRST is cleared the device stays busy, then posts its signature without an interrupt.
            timer = bus == null ? null : bus.schedule(Math.max(1, timing.accessMicros()), () -> {
                timer = null;
                signature();
                err = deviceFault = false;
                phase = Phase.IDLE;
                writeCache = true;
                update();
            });
            if (bus == null) reset();
        }
        update();
    }

    // ---- data register ------------------------------------------------------------------------

    private int readData() {
        if (phase != Phase.DATA_IN) {
            violations++;
            return 0xFFFF;
        }
        int w = (buffer[position] & 0xFF) | (buffer[position + 1] & 0xFF) << 8;
        position += 2;
        if (position == DiskImage.SECTOR) sectorRead();
        return w;
    }

    private void writeData(int w) {
        if (phase != Phase.DATA_OUT) {
            violations++;
            return;
        }
        buffer[position] = (byte) w;
        buffer[position + 1] = (byte) (w >>> 8);
        position += 2;
        if (position == DiskImage.SECTOR) {
            phase = Phase.BUSY;
            long t = timing.sectorMicros() + (remaining == initialCount ? timing.accessMicros() : 0);
            busy(t, this::writeSector);
        }
    }

    private int initialCount;

    // ---- commands -----------------------------------------------------------------------------

    private void writeCommand(int c) {
        if (device1() && c != 0x90) return; // addressed to a device that is not there
        if (phase == Phase.BUSY || phase == Phase.RESET) {
            violations++;
            return;
        }
        if (phase == Phase.DATA_IN || phase == Phase.DATA_OUT) {
            violations++;
            abort(ABRT);
            return;
        }
        commands++;
        command = c;
        intrq = false;
        err = false;
        deviceFault = false;
        error = 0;
        update();
        switch (c) {
            case 0xEC -> busy(Math.max(1, timing.accessMicros() / 10), () -> {
                identify(buffer);
                dataIn();
            });
            case 0x20, 0x21 -> startTransfer(true);
            case 0x30, 0x31 -> startTransfer(false);
            case 0x40, 0x41 -> verify();
            case 0xE7 -> busy(timing.flushMicros(), () -> {
                try {
                    image.flush();
                } catch (UncheckedIOException e) {
                    deviceFault = true;
                    abort(ABRT);
                    return;
                }
                complete(true);
            });
            case 0x90 -> busy(Math.max(1, timing.accessMicros()), () -> {
                signature();
                complete(true);
            });
            case 0x91 -> {
                if (count == 0) {
                    abort(ABRT);
                } else {
                    heads = (device & 0x0F) + 1;
                    sectorsPerTrack = count;
                    complete(true);
                }
            }
            case 0xEF -> setFeatures();
            case 0xE5 -> {
                count = 0xFF; // active or idle
                complete(true);
            }
            case 0xE0, 0xE1 -> complete(true);
            default -> {
                if ((c & 0xF0) == 0x10) busy(Math.max(1, timing.accessMicros()), () -> complete(true)); // RECALIBRATE
                else abort(ABRT);
            }
        }
    }

    private void setFeatures() {
        switch (features) {
            case 0x02 -> writeCache = true;
            case 0x82 -> writeCache = false;
            case 0x03 -> { } // transfer mode: PIO timing is not modelled per mode
            default -> {
                abort(ABRT);
                return;
            }
        }
        complete(true);
    }

    /** The address in the command block, or -1 when a CHS address is not on the current geometry. */
    long address() {
        if ((device & LBA) != 0) return ((long) (device & 0x0F) << 24) | (lbaHigh << 16) | (lbaMid << 8) | lbaLow;
        int cylinder = lbaHigh << 8 | lbaMid;
        int head = device & 0x0F;
        int sector = lbaLow;
        if (sector == 0 || sector > sectorsPerTrack || head >= heads) return -1;
        return ((long) cylinder * heads + head) * sectorsPerTrack + sector - 1;
    }

    private int sectorCount() { return count == 0 ? 256 : count; }

    private boolean inRange(long lba, int n) { return lba >= 0 && lba + n <= image.sectors(); }

    private void startTransfer(boolean read) {
        long lba = address();
        int n = sectorCount();
        if (!inRange(lba, n)) {
            busy(Math.max(1, timing.accessMicros()), () -> abort(IDNF));
            return;
        }
        nextLba = lba;
        remaining = n;
        initialCount = n;
        if (read) {
            busy(timing.accessMicros() + timing.sectorMicros(), this::readSector);
        } else {
            position = 0;
            phase = Phase.DATA_OUT; // DRQ for the first sector, no interrupt (ATA-6 §9.8)
        }
    }

    private void verify() {
        long lba = address();
        int n = sectorCount();
        if (!inRange(lba, n)) {
            busy(Math.max(1, timing.accessMicros()), () -> abort(IDNF));
            return;
        }
        busy(timing.accessMicros() + n * timing.sectorMicros(), () -> complete(true));
    }

    private void readSector() {
        try {
            image.read(nextLba, buffer);
        } catch (UncheckedIOException e) {
            failAt(nextLba, UNC);
            return;
        }
        dataIn();
    }

    private void sectorRead() {
        nextLba++;
        remaining--;
        if (remaining > 0) busy(timing.sectorMicros(), this::readSector);
        else complete(false); // PIO data-in: no interrupt after the last block
    }

    private void writeSector() {
        try {
            image.write(nextLba, buffer);
            if (!writeCache) image.flush();
        } catch (UncheckedIOException e) {
            deviceFault = true;
            failAt(nextLba, ABRT);
            return;
        }
        nextLba++;
        remaining--;
        if (remaining > 0) {
            position = 0;
            phase = Phase.DATA_OUT;
            raise();
        } else {
            complete(true);
        }
    }

    private void failAt(long lba, int errorBits) {
        lbaLow = (int) lba & 0xFF;
        lbaMid = (int) (lba >>> 8) & 0xFF;
        lbaHigh = (int) (lba >>> 16) & 0xFF;
        device = (device & 0xF0) | (int) (lba >>> 24) & 0x0F;
        abort(errorBits);
    }

    private void busy(long micros, Runnable then) {
        phase = Phase.BUSY;
        update();
        if (bus == null) return;
        timer = bus.schedule(micros, () -> {
            timer = null;
            then.run();
            update();
        });
    }

    private void dataIn() {
        position = 0;
        phase = Phase.DATA_IN;
        raise();
    }

    private void complete(boolean interrupt) {
        phase = Phase.IDLE;
        if (interrupt) raise();
        else update();
    }

    private void abort(int errorBits) {
        aborted++;
        cancelTimer();
        error = errorBits;
        err = true;
        phase = Phase.IDLE;
        raise();
    }

    private void raise() {
        intrq = true;
        update();
    }

    private void update() {
        irq(intrq && !nIen);
    }

    // ---- IDENTIFY DEVICE (ATA-6 §8.15, Table 27) -------------------------------------------------

    void identify(byte[] into) {
        java.util.Arrays.fill(into, (byte) 0);
        long total = image.sectors();
        word(into, 0, 0x0040);                           // fixed device
        word(into, 1, cylinders);
        word(into, 3, 16);
        word(into, 6, 63);
        text(into, 10, 20, "L4SIM0001");                 // serial number
        text(into, 23, 8, "1.0");                        // firmware revision
        text(into, 27, 40, "L4 simulated ATA disk");     // model number
        word(into, 47, 0x8000);                          // READ/WRITE MULTIPLE: no sectors (not supported)
        word(into, 49, 0x0200);                          // LBA supported
        word(into, 53, 0x0003);                          // words 54-58 and 64-70 valid
        word(into, 54, cylinders);
        word(into, 55, heads);
        word(into, 56, sectorsPerTrack);
        long chs = Math.min(total, (long) cylinders * heads * sectorsPerTrack);
        word(into, 57, (int) chs);
        word(into, 58, (int) (chs >>> 16));
        word(into, 60, (int) total);                     // total user-addressable sectors (28-bit)
        word(into, 61, (int) (total >>> 16));
        word(into, 64, 0x0003);                          // PIO modes 3 and 4
        word(into, 80, 0x007E);                          // ATA-1 .. ATA-6
        word(into, 82, 0x0020);                          // write cache supported
        word(into, 83, 0x5000);                          // bit 14 set, FLUSH CACHE supported
        word(into, 84, 0x4000);
        word(into, 85, writeCache ? 0x0020 : 0);         // write cache enabled
        word(into, 86, 0x1000);                          // FLUSH CACHE enabled
        word(into, 87, 0x4000);
        into[510] = (byte) 0xA5;                         // integrity word: signature, then checksum
        int sum = 0;
        for (int i = 0; i < 511; i++) sum += into[i] & 0xFF;
        into[511] = (byte) -sum;
    }

    private static void word(byte[] b, int index, int value) {
        b[2 * index] = (byte) value;
        b[2 * index + 1] = (byte) (value >>> 8);
    }

    /** ATA strings: space-padded, the first character of each pair in the word's high byte. */
    private static void text(byte[] b, int index, int length, String s) {
        byte[] chars = String.format("%-" + length + "s", s).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < length; i += 2) {
            b[2 * index + i] = chars[i + 1];
            b[2 * index + i + 1] = chars[i];
        }
    }

    // ---- status -------------------------------------------------------------------------------

    Phase phase() { return phase; }

    boolean intrq() { return intrq; }

    int errorRegister() { return error; }

    public long violations() { return violations; }

    @Override
    public Map<String, String> status() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("sectors", String.valueOf(image.sectors()));
        m.put("accessTime", timing.accessMicros() + "us");
        m.put("sectorTime", timing.sectorMicros() + "us");
        m.put("flushTime", timing.flushMicros() + "us");
        m.put("commands", String.valueOf(commands));
        m.put("read", String.valueOf(image.sectorsRead()));
        m.put("written", String.valueOf(image.sectorsWritten()));
        m.put("flushes", String.valueOf(image.flushes()));
        m.put("aborted", String.valueOf(aborted));
        m.put("violations", String.valueOf(violations));
        return m;
    }
}
