package l4.itest;

import static org.junit.Assert.assertTrue;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The user-level drivers of l4.drivers on both machines: the root task starts the name server,
 * the console, clock and block drivers and two clients that find them by name: {@code hello}
 * writes the time to the console and echoes what is typed at the serial line (interrupt-driven
 * both ways), {@code diskcheck} writes, flushes and reads back sectors through the block driver,
 * {@code badrequests} sends them what they must refuse and finds them still serving.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DriversIT extends ReconfiguringRuntime {
    static final String PID = "l4.machine";
    static final String[] SERVERS = {"names", "console", "clock", "block", "hello", "diskcheck", "badrequests"};

    @Test
    public void consoleAndClockDriversServeAClientOnBothMachines() throws Exception {
        for (String arch : new String[] {"ix86", "mips"}) {
            configure(PID, "arch", arch, "servers", SERVERS);
            String greeting = "hello from L4 on " + arch + ", it is 2000-01-01T00:00";
            awaitSerial(greeting, arch);
            shell.run("l4:serial --input typed-on-" + arch);
            awaitSerial("echo: typed-on-" + arch, arch);
            awaitSerial("diskcheck " + arch + ": wrote, flushed and read back sectors 100-103 of 131072", arch);
            awaitSerial("badrequests " + arch + ": 19 refused, drivers alive", arch);
        }
        String devices = shell.run("l4:devices");
        assertTrue(devices, devices.matches("(?s).*uart .* sent=[1-9].*received=[1-9].*"));
    }

    /**
     * A line typed right after {@code l4:killserver console} returned (the new incarnation is
     * started, its initialisation may still run) reaches {@code hello} whole: the new driver does
     * not reset the receiver FIFO that holds it, and hello's reads follow the restart.
     */
    @Test
    public void aLineTypedWhileTheConsoleDriverRestartsIsNotLost() throws Exception {
        String greeting = "hello from L4 on ix86, it is 2000-01-01T00:00\r\n";
        int greetings = occurrences(shell.run("l4:serial"), greeting); // the serial line outlives machines
        configure(PID, "arch", "ix86", "servers", new String[] {"names", "console", "clock", "hello"});
        assertTrue("no new greeting:\n" + shell.attempt("l4:serial").orElse("(failed)"), Await.until(
                () -> shell.attempt("l4:serial").map(s -> occurrences(s, greeting) > greetings).orElse(false), Await.TIMEOUT));
        for (int i = 1; i <= 3; i++) {
            String killed = shell.run("l4:killserver console");
            assertTrue(killed, killed.startsWith("killed console; the root task started it again as "));
            shell.run("l4:serial --input typed-during-restart-" + i);
            awaitSerial("echo: typed-during-restart-" + i, "ix86");
        }
    }

    private static int occurrences(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) n++;
        return n;
    }

    private void awaitSerial(String expected, String arch) throws Exception {
        boolean seen = Await.until(() -> shell.attempt("l4:serial").map(s -> s.contains(expected)).orElse(false), Await.TIMEOUT);
        assertTrue("on " + arch + " the serial line shows no '" + expected + "':\n" + shell.attempt("l4:serial").orElse("(failed)")
            + "\nl4:tasks:\n" + shell.attempt("l4:tasks").orElse("(failed)") + "\nl4:threads:\n"
            + shell.attempt("l4:threads").orElse("(failed)") + "\nl4:irqs:\n" + shell.attempt("l4:irqs").orElse("(failed)"), seen);
    }

}
