package l4.devices.ata;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import l4.devices.FakeBus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The disk against ATA/ATAPI-6 (T13 1410D): registers, PIO data-in/data-out/non-data protocols, error bits, nIEN, SRST. */
class AtaDiskTest {
    static final int DATA = 0x1F0, ERROR = 0x1F1, FEATURES = 0x1F1, COUNT = 0x1F2, LBA0 = 0x1F3, LBA1 = 0x1F4, LBA2 = 0x1F5,
            DEVICE = 0x1F6, STATUS = 0x1F7, COMMAND = 0x1F7, ALT = 0x3F6, CONTROL = 0x3F6;
    static final long SECTORS = 2048; // 1 MiB
    static final AtaDisk.Timing TIMING = new AtaDisk.Timing(100, 31, 1000);

    @TempDir
    Path dir;
    final FakeBus bus = new FakeBus();
    DiskImage image;
    AtaDisk disk;

    int in(int port) { return (int) disk.read(port, 1); }

    void out(int port, int v) { disk.write(port, 1, v); }

    @BeforeEach
    void powerOn() throws Exception {
        image = new DiskImage(dir.resolve("disk.img"), SECTORS);
        disk = new AtaDisk(image, TIMING);
        disk.attach(bus);
    }

    @AfterEach
    void close() throws Exception {
        image.close();
    }

    void select(long lba, int count) {
        out(COUNT, count);
        out(LBA0, (int) lba & 0xFF);
        out(LBA1, (int) (lba >> 8) & 0xFF);
        out(LBA2, (int) (lba >> 16) & 0xFF);
        out(DEVICE, 0xE0 | (int) (lba >> 24) & 0x0F);
    }

    void writeSector(byte fill) {
        for (int i = 0; i < 256; i++) disk.write(DATA, 2, (fill & 0xFF) | (i & 0xFF) << 8);
    }

    @Test
    void powerOnSignature() throws Exception {
        assertEquals(0x01, in(ERROR), "diagnostic code: device 0 passed");
        assertEquals(1, in(COUNT));
        assertEquals(1, in(LBA0));
        assertEquals(0, in(LBA1));
        assertEquals(0, in(LBA2));
        assertEquals(0x50, in(STATUS), "DRDY, DSC");
        assertFalse(bus.irq);
        assertTrue(Files.size(dir.resolve("disk.img")) == SECTORS * 512, "the image has the configured size");
    }

    @Test
    void identifyDevice() {
        out(DEVICE, 0xA0);
        out(COMMAND, 0xEC);
        assertEquals(0x80, in(ALT), "BSY");
        bus.advance(1000);
        assertTrue(bus.irq);
        assertEquals(0x58, in(ALT), "DRDY DSC DRQ");
        assertTrue(bus.irq, "alternate status does not clear INTRQ");
        assertEquals(0x58, in(STATUS));
        assertFalse(bus.irq, "status does");
        int[] w = new int[256];
        int sum = 0;
        for (int i = 0; i < 256; i++) {
            w[i] = (int) disk.read(DATA, 2);
            sum += (w[i] & 0xFF) + (w[i] >> 8);
        }
        assertEquals(0x0040, w[0]);
        assertEquals(SECTORS, w[60] | (long) w[61] << 16, "words 60-61: user-addressable sectors");
        assertEquals(0x0200, w[49] & 0x0200, "LBA supported");
        assertEquals(0x1000, w[83] & 0x1000, "FLUSH CACHE supported");
        assertEquals(0x4000, w[83] & 0xC000, "word 83: bit 14 one, bit 15 zero");
        assertEquals(0x007E, w[80], "ATA-1 to ATA-6");
        StringBuilder model = new StringBuilder();
        for (int i = 27; i < 47; i++) model.append((char) (w[i] >> 8)).append((char) (w[i] & 0xFF));
        assertEquals("L4 simulated ATA disk", model.toString().trim());
        assertEquals(0xA5, w[255] & 0xFF);
        assertEquals(0, sum & 0xFF, "integrity word: the bytes sum to 0");
        assertEquals(0x50, in(STATUS), "DRQ clear after the block");
        assertFalse(bus.irq, "PIO data-in: no interrupt after the last block");
    }

    @Test
    void writeThenReadTwoSectorsWithAnInterruptPerSector() throws Exception {
        select(5, 2);
        out(COMMAND, 0x30);
        assertEquals(0x58, in(ALT), "DRQ for the first sector at once");
        assertFalse(bus.irq, "no interrupt before the first data-out block");
        writeSector((byte) 0x11);
        assertEquals(0x80, in(ALT), "BSY while the sector is written");
        bus.advance(TIMING.accessMicros() + TIMING.sectorMicros());
        assertTrue(bus.irq);
        assertEquals(0x58, in(STATUS), "DRQ for the second sector");
        writeSector((byte) 0x22);
        bus.advance(TIMING.sectorMicros());
        assertTrue(bus.irq, "interrupt after the last sector");
        assertEquals(0x50, in(STATUS));
        assertEquals(2, image.sectorsWritten());

        select(5, 2);
        out(COMMAND, 0x20);
        bus.advance(TIMING.accessMicros() + TIMING.sectorMicros() - 1);
        assertEquals(0x80, in(ALT), "still seeking");
        bus.advance(1);
        assertTrue(bus.irq);
        assertEquals(0x58, in(STATUS));
        for (int i = 0; i < 256; i++) assertEquals(0x11 | (i & 0xFF) << 8, disk.read(DATA, 2));
        assertEquals(0x80, in(ALT), "BSY for the next sector");
        bus.advance(TIMING.sectorMicros());
        assertTrue(bus.irq, "interrupt per sector");
        assertEquals(0x58, in(STATUS));
        for (int i = 0; i < 128; i++) {
            long two = disk.read(DATA, 4);
            assertEquals(0x22 | (2 * i & 0xFF) << 8, two & 0xFFFF, "a 32-bit read moves two words");
            assertEquals(0x22 | ((2 * i + 1) & 0xFF) << 8, two >>> 16);
        }
        assertEquals(0x50, in(STATUS));
        assertEquals(2, image.sectorsRead());
    }

    @Test
    void flushCacheForcesTheImageAndInterrupts() throws Exception {
        select(0, 1);
        out(COMMAND, 0x30);
        writeSector((byte) 0x7A);
        bus.advance(1000);
        in(STATUS);
        out(COMMAND, 0xE7);
        assertEquals(0x80, in(ALT));
        bus.advance(TIMING.flushMicros());
        assertTrue(bus.irq);
        assertEquals(0x50, in(STATUS));
        assertEquals(1, image.flushes());
        byte[] onDisk = Files.readAllBytes(dir.resolve("disk.img"));
        assertEquals(0x7A, onDisk[0]);
        assertEquals(1, onDisk[3]);
        image.close();
        try (DiskImage again = new DiskImage(dir.resolve("disk.img"), SECTORS)) {
            byte[] s = new byte[512];
            again.read(0, s);
            assertEquals(0x7A, s[0], "kept across runs");
        }
        image = new DiskImage(dir.resolve("disk.img"), SECTORS);
    }

    @Test
    void sectorsPastTheEndAreIdNotFound() {
        select(SECTORS - 1, 2);
        out(COMMAND, 0x20);
        bus.advance(1000);
        assertTrue(bus.irq);
        assertEquals(0x51, in(STATUS), "DRDY DSC ERR");
        assertEquals(0x10, in(ERROR), "IDNF");
        assertEquals(0, image.sectorsRead());
        select(SECTORS, 1);
        out(COMMAND, 0x30);
        bus.advance(1000);
        assertEquals(0x10, in(ERROR));
        assertEquals(0x51, in(STATUS), "no DRQ: nothing is written");
    }

    @Test
    void unknownCommandIsAborted() {
        out(COMMAND, 0xC8); // READ DMA: no DMA here
        assertTrue(bus.irq);
        assertEquals(0x51, in(STATUS));
        assertEquals(0x04, in(ERROR), "ABRT");
        out(FEATURES, 0x55);
        out(COMMAND, 0xEF); // SET FEATURES with an unknown subcommand
        assertEquals(0x04, in(ERROR));
        out(COMMAND, 0xE5);
        assertEquals(0x50, in(STATUS), "a good command clears ERR");
        assertEquals(0xFF, in(COUNT), "CHECK POWER MODE: active");
    }

    @Test
    void commandWhileBusyIsIgnored() {
        select(1, 1);
        out(COMMAND, 0x20);
        out(COMMAND, 0xEC);
        out(LBA0, 0x99);
        assertEquals(1, in(LBA0), "register writes while BSY are ignored");
        bus.advance(1000);
        assertEquals(0x58, in(STATUS), "the read went on");
        assertEquals(0, disk.read(DATA, 2), "sector data, not IDENTIFY data");
        assertEquals(2, disk.violations());
    }

    @Test
    void dataRegisterWithoutDrqFloatsAndIgnoresWrites() {
        assertEquals(0xFFFF, disk.read(DATA, 2));
        disk.write(DATA, 2, 0x1234);
        assertEquals(0x50, in(STATUS));
        assertEquals(2, disk.violations());
        assertEquals(0, image.sectorsWritten());
    }

    @Test
    void commandDuringDataOutAbortsTheTransfer() {
        select(3, 1);
        out(COMMAND, 0x30);
        disk.write(DATA, 2, 0xABCD);
        out(COMMAND, 0x20);
        assertTrue(bus.irq);
        assertEquals(0x51, in(STATUS), "ERR, DRQ gone");
        assertEquals(0x04, in(ERROR));
        assertEquals(0, image.sectorsWritten(), "the half sector was not written");
        assertFalse(bus.busy(), "and no read started");
    }

    @Test
    void nIenKeepsIntrqOffTheLine() {
        out(CONTROL, 0x02);
        out(COMMAND, 0xE5);
        assertFalse(bus.irq, "nIEN set");
        out(CONTROL, 0x00);
        assertTrue(bus.irq, "the pending INTRQ reaches the line once nIEN is cleared");
        in(STATUS);
        assertFalse(bus.irq);
    }

    @Test
    void softwareResetPostsTheSignatureWithoutInterrupt() {
        select(7, 3);
        out(COMMAND, 0x20);
        out(CONTROL, 0x04);
        assertEquals(0x80, in(ALT));
        bus.advance(10_000);
        assertEquals(0x80, in(ALT), "held in reset while SRST is set");
        out(CONTROL, 0x00);
        assertEquals(0x80, in(ALT));
        bus.advance(1000);
        assertEquals(0x50, in(ALT));
        assertEquals(1, in(COUNT));
        assertEquals(1, in(LBA0));
        assertEquals(0x01, in(ERROR));
        assertFalse(bus.irq);
        assertEquals(0, image.sectorsRead(), "the read was abandoned");
    }

    @Test
    void chsAddressesTranslateThroughTheGeometry() {
        // cylinder 1, head 2, sector 3 with 16 heads and 63 sectors per track
        long lba = (1L * 16 + 2) * 63 + 2;
        select(lba, 1);
        out(COMMAND, 0x30);
        writeSector((byte) 0x42);
        bus.advance(1000);
        out(COUNT, 1);
        out(LBA0, 3);
        out(LBA1, 1);
        out(LBA2, 0);
        out(DEVICE, 0xA2);
        out(COMMAND, 0x20);
        bus.advance(1000);
        assertEquals(0x58, in(STATUS));
        assertEquals(0x42, disk.read(DATA, 2) & 0xFF);
        for (int i = 1; i < 256; i++) disk.read(DATA, 2);
        out(LBA0, 0); // CHS sectors count from 1
        out(COMMAND, 0x20);
        bus.advance(1000);
        assertEquals(0x51, in(STATUS));
        assertEquals(0x10, in(ERROR), "IDNF");
    }

    @Test
    void device1IsAbsent() {
        out(DEVICE, 0xB0);
        assertEquals(0, in(STATUS), "no device 1: status reads 00h");
        out(COMMAND, 0xEC);
        bus.advance(1000);
        assertFalse(bus.irq, "commands to device 1 go nowhere");
        out(DEVICE, 0xA0);
        assertEquals(0x50, in(STATUS));
    }

    @Test
    void newImageHasItsFullLength() throws Exception {
        Path big = dir.resolve("big.img");
        try (DiskImage d = new DiskImage(big, 1L << 21)) { // 1 GiB
            assertEquals(1L << 30, Files.size(big), "full length at once: one byte written at the end, the rest is a hole");
            assertEquals(1L << 21, d.sectors());
        }
    }
}
