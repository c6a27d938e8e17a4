package l4.devices.ata;

import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import l4.devices.FakeBus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sector acknowledged by FLUSH CACHE's interrupt is in the image file even when the JVM is killed
 * (SIGKILL) right after the acknowledgement: a forked JVM writes and flushes through the ATA
 * registers, says so, and is killed; the next "boot" opens the image and reads the sector back.
 */
class FlushDurabilityTest {
    static final long LBA = 42;

    /** The forked side: write sector LBA, FLUSH CACHE, print ACK when INTRQ says done, then wait to be killed. */
    public static void main(String[] args) throws Exception {
        FakeBus bus = new FakeBus();
        DiskImage image = new DiskImage(Path.of(args[0]), 2048);
        AtaDisk disk = new AtaDisk(image, new AtaDisk.Timing(100, 31, 1000));
        disk.attach(bus);
        disk.write(0x1F2, 1, 1);
        disk.write(0x1F3, 1, (int) LBA);
        disk.write(0x1F4, 1, 0);
        disk.write(0x1F5, 1, 0);
        disk.write(0x1F6, 1, 0xE0);
        disk.write(0x1F7, 1, 0x30);
        for (int i = 0; i < 256; i++) disk.write(0x1F0, 2, 0xD00D);
        bus.advance(1000);
        disk.read(0x1F7, 1);
        disk.write(0x1F7, 1, 0xE7);
        bus.advance(1000);
        // the acknowledgement: INTRQ, and the status register says ready, no error, no DRQ
        boolean acknowledged = bus.irq && (disk.read(0x1F7, 1) & 0xC9) == 0x40;
        System.out.println(acknowledged && image.flushes() == 1 ? "ACK" : "NO");
        System.out.flush();
        Thread.sleep(60_000);
    }

    @Test
    void flushedSectorSurvivesSigkill(@TempDir Path dir) throws Exception {
        Path img = dir.resolve("disk.img");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), FlushDurabilityTest.class.getName(), img.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))) {
            assertEquals("ACK", out.readLine(), "the child acknowledges the flush");
            p.destroyForcibly(); // SIGKILL on Linux
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        }
        assertEquals(137, p.exitValue(), "killed by SIGKILL (128 + 9)");
        try (DiskImage again = new DiskImage(img, 2048)) {
            byte[] s = new byte[512];
            again.read(LBA, s);
            for (int i = 0; i < 512; i += 2) {
                assertEquals(0x0D, s[i] & 0xFF);
                assertEquals(0xD0, s[i + 1] & 0xFF);
            }
        }
        assertTrue(new File(img.toString()).length() >= 2048 * 512L);
    }
}
