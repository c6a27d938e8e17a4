package l4.itest;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertTrue;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The block driver killed in the middle of a write stream ({@code blockstream} of l4.clients, one
 * sector per request, a flush every 16): the root task starts it again under the same task number
 * with a new version, the client library looks it up again and retries, the stream completes, and
 * every sector acknowledged after a flush is in the disk image; on both machines.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DriverCrashIT extends ReconfiguringRuntime {
    static final String PID = "l4.machine";
    static final String ATA = "l4.devices.ata";
    static final String[] SERVERS = {"names", "console", "block", "blockstream"};
    /** The servers l4.drivers provides (blockstream is l4.clients'). */
    static final String[] DRIVERS = {"names", "console", "block"};
    /** BlockStream's sectors and their content (l4.clients.BlockStream). */
    static final long FIRST = 1000;
    static final int COUNT = 2048;
    static final int SECTOR = 512;
    static final Duration STREAM = Duration.ofSeconds(120);

    @Override
    protected String[] changedPids() {
        return new String[] {PID, ATA};
    }

    /**
     * Each test counts the stream's lines on the serial line from a machine that runs no stream:
     * the configurations the test before put back take effect asynchronously, each with a reboot,
     * and until the last of them a machine of the old configuration may still start a stream whose
     * lines a new count would take for its own.
     */
    @Before
    public void noStreamRuns() throws Exception {
        boolean quiet = Await.until(() -> shell.attempt("l4:servers").map(s -> !s.contains("blockstream")).orElse(false), Await.TIMEOUT);
        assertTrue("the configuration of the test before is still running:\n" + shell.attempt("l4:servers").orElse("(failed)"), quiet);
    }

    @Test
    public void aStreamSurvivesTheBlockDriverBeingKilledOnBothMachines() throws Exception {
        for (String arch : new String[] {"ix86", "mips"}) streamAndKill(arch);
    }

    private void streamAndKill(String arch) throws Exception {
        int runs = count(shell.attempt("l4:serial").orElse(""), "blockstream: done");
        int reports = count(shell.attempt("l4:serial").orElse(""), "blockstream: 256 acknowledged");
        configure(PID, "arch", arch, "servers", SERVERS);
        awaitSerial("blockstream: 256 acknowledged", reports + 1, Await.TIMEOUT);
        String before = shell.run("l4:servers");
        String killed = shell.run("l4:killserver block");
        assertTrue(killed, killed.startsWith("killed block"));
        String done = awaitSerial("blockstream: done", runs + 1, STREAM);
        Matcher m = Pattern.compile("blockstream: done, (\\d+) sectors acknowledged from 1000, (\\d+) retries").matcher(done);
        assertTrue(arch + ": " + done, m.find());
        assertTrue(arch + ": the stream did not complete: " + done, Integer.parseInt(m.group(1)) == COUNT);
        assertTrue(arch + ": the kill did not hit the stream (no request was retried): " + done, Integer.parseInt(m.group(2)) > 0);
        String servers = shell.run("l4:servers");
        Matcher block = Pattern.compile("(\\S+)\\s+(\\d+)\\s+block\\s+running\\s+1\\s").matcher(servers);
        assertTrue(arch + ": l4:servers does not show one restart of block:\n" + servers, block.find());
        Matcher old = Pattern.compile("(\\S+)\\s+(\\d+)\\s+block\\s").matcher(before);
        assertTrue("no block in l4:servers:\n" + before, old.find());
        assertTrue(arch + ": not the same task: " + before + "\n" + servers, old.group(1).equals(block.group(1)));
        assertTrue(arch + ": the new block driver has the old version:\n" + before + "\n" + servers, !old.group(2).equals(block.group(2)));
        checkImage(arch);
    }

    /**
     * An update of l4.drivers while the stream runs: the root task drains the name server and the
     * drivers and starts them again with the new revision's code under their task numbers with new
     * versions, without a reboot; the client (in l4.clients, which keeps running) follows them and
     * completes its stream.
     */
    @Test
    public void anUpdateOfTheDriversBundleRestartsTheServersWithoutAReboot() throws Exception {
        // a slow disk on a paced machine: the stream lasts seconds, so the update hits it. The disk
        // is plugged in (a reboot without servers) before the stream is configured, so that no
        // reboot for it starts the stream again after its lines are awaited.
        configure(ATA, "accessMicros", 3000);
        boolean slow = Await.until(() -> shell.attempt("l4:devices").map(s -> s.contains("accessTime=3000us")).orElse(false), Await.TIMEOUT);
        assertTrue("the slow disk is not plugged in:\n" + shell.attempt("l4:devices").orElse("(failed)"), slow);
        int runs = count(shell.attempt("l4:serial").orElse(""), "blockstream: done");
        int reports = count(shell.attempt("l4:serial").orElse(""), "blockstream: 256 acknowledged");
        configure(PID, "arch", "ix86", "servers", SERVERS, "pacing", true);
        awaitSerial("blockstream: 256 acknowledged", reports + 1, Await.TIMEOUT);
        org.osgi.framework.Bundle drivers = null;
        for (org.osgi.framework.Bundle b : context.getBundles()) if ("l4.drivers".equals(b.getSymbolicName())) drivers = b;
        assertTrue("l4.drivers is not installed", drivers != null);
        drivers.update();
        boolean restarted = Await.until(() -> shell.attempt("l4:servers")
            .map(s -> count(s, " running            1  l4.drivers") == DRIVERS.length).orElse(false), Await.TIMEOUT);
        String servers = shell.attempt("l4:servers").orElse("(failed)");
        assertTrue("not every server of l4.drivers was restarted once after the update:\n" + servers, restarted);
        for (String name : DRIVERS) {
            Matcher m = Pattern.compile("(\\S+)\\s+(\\d+)\\s+" + name + "\\s").matcher(servers);
            assertTrue(servers, m.find());
            assertTrue(name + " has no new version:\n" + servers, Integer.parseInt(m.group(2)) >= 2);
        }
        assertTrue("the client was restarted:\n" + servers, Pattern.compile("\\sblockstream\\s+running\\s+0\\s+l4.clients").matcher(servers).find());
        String done = awaitSerial("blockstream: done", runs + 1, STREAM);
        Matcher m = Pattern.compile("blockstream: done, (\\d+) sectors acknowledged from 1000, (\\d+) retries").matcher(done);
        assertTrue(done, m.find() && Integer.parseInt(m.group(1)) == COUNT);
        assertTrue("the update did not hit the stream (no request was retried): " + done, Integer.parseInt(m.group(2)) > 0);
        checkImage("ix86");
    }

    /**
     * The name server killed while the drivers keep running: its table dies with it, and each
     * driver's watch thread registers the driver with the new incarnation, so a client started
     * afterwards (blockstream, killed and started again) finds console and block.
     */
    @Test
    public void driversRegisterAgainWhenTheNameServerIsRestarted() throws Exception {
        int runs = count(shell.attempt("l4:serial").orElse(""), "blockstream: done");
        configure(PID, "arch", "ix86", "servers", SERVERS);
        awaitSerial("blockstream: done", runs + 1, STREAM);
        String killed = shell.run("l4:killserver names");
        assertTrue(killed, killed.startsWith("killed names"));
        boolean restarted = Await.until(() -> shell.attempt("l4:servers")
            .map(s -> Pattern.compile("\\snames\\s+running\\s+1\\s").matcher(s).find()).orElse(false), Await.TIMEOUT);
        assertTrue("names was not restarted:\n" + shell.attempt("l4:servers").orElse("(failed)"), restarted);
        assertTrue(shell.run("l4:killserver blockstream").startsWith("killed blockstream"));
        String done = awaitSerial("blockstream: done", runs + 2, STREAM);
        assertTrue(done, done.contains("blockstream: done, 2048 sectors acknowledged"));
        String servers = shell.run("l4:servers");
        assertTrue("console or block was restarted:\n" + servers, Pattern.compile("\\sconsole\\s+running\\s+0\\s").matcher(servers).find()
            && Pattern.compile("\\sblock\\s+running\\s+0\\s").matcher(servers).find());
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) n++;
        return n;
    }

    /** Every acknowledged sector, read from the image file (its content as BlockStream writes it). */
    private void checkImage(String arch) throws Exception {
        String disk = shell.run("l4:disk");
        Matcher m = Pattern.compile("(/\\S+\\.img)").matcher(disk);
        assertTrue("l4:disk names no image file:\n" + disk, m.find());
        try (RandomAccessFile f = new RandomAccessFile(m.group(1), "r")) {
            byte[] got = new byte[SECTOR];
            for (int i = 0; i < COUNT; i++) {
                f.seek((FIRST + i) * SECTOR);
                f.readFully(got);
                assertArrayEquals(arch + ": sector " + (FIRST + i), content(i, arch), got);
            }
        }
    }

    static byte[] content(int i, String arch) {
        byte[] s = new byte[SECTOR];
        Arrays.fill(s, (byte) i);
        byte[] tag = ("blockstream sector " + i + " on " + arch + "\n").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(tag, 0, s, 0, tag.length);
        return s;
    }

    /** The serial line's {@code nth} line containing {@code expected}, waiting up to {@code timeout} for it. */
    private String awaitSerial(String expected, int nth, Duration timeout) throws Exception {
        boolean seen = Await.until(() -> shell.attempt("l4:serial").map(s -> count(complete(s), expected) >= nth).orElse(false), timeout);
        String serial = complete(shell.attempt("l4:serial").orElse("(failed)"));
        assertTrue("the serial line shows no '" + expected + "' (" + nth + "):\n" + serial + "\nl4:servers:\n"
            + shell.attempt("l4:servers").orElse("(failed)") + "\nl4:threads:\n" + shell.attempt("l4:threads").orElse("(failed)"), seen);
        int n = 0;
        for (String line : serial.split("\\R")) if (line.contains(expected) && ++n == nth) return line;
        return serial;
    }

    /** The complete lines of {@code serial}: a line the UART is still sending is not there yet. */
    private static String complete(String serial) {
        return serial.substring(0, serial.lastIndexOf('\n') + 1);
    }

}
