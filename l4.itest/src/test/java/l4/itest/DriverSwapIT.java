package l4.itest;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * The drivers swapped under load, on both machines: {@code consolestream} (l4.clients) streams a
 * numbered text to the console and {@code sectorstream} writes and flushes a sequence of sectors
 * while l4.drivers is updated three times. Afterwards the console output is exactly the stream (no
 * byte lost or doubled), every sector acknowledged after a flush is in the image file, and neither
 * client waited longer than the configured bound ({@code l4.clients waitBoundMillis}) for a reply.
 * The machine is paced and the disk slowed down so that the streams outlast the three updates.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DriverSwapIT extends ReconfiguringRuntime {
    static final String CLIENTS = "l4.clients", ATA = "l4.devices.ata";
    static final String[] SERVERS = {"names", "console", "block", "consolestream", "sectorstream"};
    static final String[] DRIVERS = {"names", "console", "block"};
    static final int LINES = 3000;
    static final long FIRST = 1000, REPORT = FIRST - 1;
    static final int COUNT = 2048, SECTOR = 512;
    static final long BOUND_MILLIS = 8000;
    static final int UPDATES = 3;
    static final Duration STREAM = Duration.ofSeconds(180);

    @Override
    protected String[] changedPids() {
        return new String[] {MACHINE, ATA, CLIENTS};
    }

    @Test
    public void theStreamsSurviveThreeUpdatesOfTheDriversExactlyOnBothMachines() throws Exception {
        configure(CLIENTS, "waitBoundMillis", BOUND_MILLIS);
        configure(ATA, "accessMicros", 5000);
        for (String arch : new String[] {"ix86", "mips"}) swapUnderLoad(arch);
    }

    private void swapUnderLoad(String arch) throws Exception {
        configure(MACHINE, "arch", arch, "servers", SERVERS, "pacing", true);
        assertTrue("no " + arch + " machine", shell.awaitArch(arch, Await.TIMEOUT));
        Bundle drivers = null;
        for (Bundle b : context.getBundles()) if ("l4.drivers".equals(b.getSymbolicName())) drivers = b;
        assertTrue("l4.drivers is not installed", drivers != null);
        for (int update = 1; update <= UPDATES; update++) {
            awaitLine(arch, 200 * update);
            drivers.update();
            int n = update;
            boolean restarted = Await.until(() -> restarts(shell.attempt("l4:servers").orElse("")) == n, Await.TIMEOUT);
            String servers = shell.attempt("l4:servers").orElse("(failed)");
            assertTrue(arch + ": the drivers were not restarted " + update + " times:\n" + servers, restarted);
            assertTrue(arch + ": a client was restarted:\n" + servers,
                Pattern.compile("consolestream\\s+running\\s+0\\s").matcher(servers).find()
                    && Pattern.compile("sectorstream\\s+running\\s+0\\s").matcher(servers).find());
        }
        String done = "consolestream " + arch + ": ";
        assertTrue(arch + ": the console stream ended before the last update", !shell.run("l4:serial --tail 5").contains(done));
        String running = "sectorstream " + arch + ": running";
        assertEquals(arch + ": the sector stream is not running at the last update", running, report(arch));

        boolean ended = Await.until(() -> shell.attempt("l4:serial --tail 3").map(s -> Pattern.compile(Pattern.quote(done) + ".* us of \\d+ us\\R").matcher(s).find()).orElse(false), STREAM)
            && Await.until(() -> report(arch).startsWith("sectorstream " + arch + ": ") && !report(arch).equals(running), STREAM);
        String serial = shell.run("l4:serial");
        assertTrue(arch + ": the streams did not end:\n" + tail(serial) + "\nsector " + REPORT + ": " + report(arch), ended);

        int from = serial.lastIndexOf(line(1, arch));
        int end = serial.indexOf(done, from);
        assertTrue(arch + ": no stream on the console:\n" + tail(serial), from >= 0 && end > from);
        StringBuilder expected = new StringBuilder();
        for (int i = 1; i <= LINES; i++) expected.append(line(i, arch));
        String got = serial.substring(from, end);
        if (!expected.toString().equals(got)) fail(arch + ": the console output is not exactly the stream: " + firstDifference(expected.toString(), got));
        String consoleReport = serial.substring(end).lines().findFirst().orElse("");
        checkReport(arch, consoleReport, done + "done, " + LINES + " lines, (\\d+) retries, max wait (\\d+) us of (\\d+) us");
        String blockReport = report(arch);
        checkReport(arch, blockReport, "done, " + COUNT + " sectors acknowledged from " + FIRST + ", (\\d+) retries, max wait (\\d+) us of (\\d+) us");
        checkImage(arch);
    }

    /** How often each of the drivers was restarted (all the same), or -1. */
    private static int restarts(String servers) {
        int n = -1;
        for (String name : DRIVERS) {
            Matcher m = Pattern.compile("\\s" + name + "\\s+running\\s+(\\d+)\\s+l4\\.drivers").matcher(servers);
            if (!m.find()) return -1;
            int r = Integer.parseInt(m.group(1));
            if (n >= 0 && r != n) return -1;
            n = r;
        }
        return n;
    }

    private static void checkReport(String arch, String report, String regex) {
        Matcher m = Pattern.compile(regex).matcher(report);
        assertTrue(arch + ": " + report, m.find());
        long retries = Long.parseLong(m.group(1)), maxWait = Long.parseLong(m.group(2)), bound = Long.parseLong(m.group(3));
        assertEquals(arch + ": the configured bound did not reach the client: " + report, BOUND_MILLIS * 1000, bound);
        assertTrue(arch + ": a client waited longer than the bound: " + report, maxWait <= bound);
        assertTrue(arch + ": the updates did not hit the stream (no request was sent again): " + report, retries > 0);
    }

    /** The text of sector {@link #REPORT} in the image file, up to its newline. */
    private String report(String arch) {
        try (RandomAccessFile f = new RandomAccessFile(image(), "r")) {
            byte[] s = new byte[SECTOR];
            f.seek(REPORT * SECTOR);
            f.readFully(s);
            String text = new String(s, StandardCharsets.US_ASCII);
            int nl = text.indexOf('\n');
            return nl < 0 ? "" : text.substring(0, nl);
        } catch (Exception e) {
            return "";
        }
    }

    private String image() throws Exception {
        Matcher m = Pattern.compile("(/\\S+\\.img)").matcher(shell.run("l4:disk"));
        assertTrue("l4:disk names no image file", m.find());
        return m.group(1);
    }

    private void checkImage(String arch) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(image(), "r")) {
            byte[] got = new byte[SECTOR];
            for (int i = 0; i < COUNT; i++) {
                f.seek((FIRST + i) * SECTOR);
                f.readFully(got);
                assertArrayEquals(arch + ": sector " + (FIRST + i), DriverCrashIT.content(i, arch), got);
            }
        }
    }

    /** Line {@code n} of consolestream's text (l4.clients.ConsoleStream). */
    static String line(int n, String arch) {
        return String.format("consolestream line %05d of %05d on %s: the quick brown fox\r\n", n, LINES, arch);
    }

    /** Waits until the console stream on {@code arch} has reached line {@code n}. */
    private void awaitLine(String arch, int n) throws Exception {
        Pattern numbered = Pattern.compile("consolestream line (\\d{5}) of \\d{5} on " + arch + ":");
        boolean seen = Await.until(() -> {
            Matcher m = numbered.matcher(shell.attempt("l4:serial --tail 3").orElse(""));
            int last = 0;
            while (m.find()) last = Math.max(last, Integer.parseInt(m.group(1)));
            return last >= n;
        }, Await.TIMEOUT);
        assertTrue(arch + ": the console stream did not reach line " + n + ":\n" + shell.attempt("l4:serial --tail 5").orElse("(failed)")
            + "\nl4:servers:\n" + shell.attempt("l4:servers").orElse("(failed)"), seen);
    }

    private static String firstDifference(String expected, String got) {
        int i = 0;
        while (i < expected.length() && i < got.length() && expected.charAt(i) == got.charAt(i)) i++;
        return "at byte " + i + " (expected " + expected.length() + " bytes, got " + got.length() + "): expected '"
            + expected.substring(Math.max(0, i - 40), Math.min(expected.length(), i + 40)) + "', got '"
            + got.substring(Math.max(0, i - 40), Math.min(got.length(), i + 40)) + "'";
    }

    private static String tail(String text) {
        return text.substring(Math.max(0, text.length() - 2000));
    }

}
