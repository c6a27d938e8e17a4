package l4.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.regex.Pattern;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The Linux server as the root task starts it ({@code linux} among the servers of l4.machine):
 * {@code linux:run} prints exactly the command line's merged output and fails with its status,
 * {@code linux:ps} lists the server's processes; on ix86 both answer in one line.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LinuxIT extends ReconfiguringRuntime {
    static final String PID = "l4.machine";

    @Test
    public void busyboxRunsInTheLinuxServer() throws Exception {
        String ix86 = shell.failure("linux:run 'echo hi'").getMessage();
        assertEquals("linux:run: the ix86 personality is not there yet: the Linux server runs busybox on MIPS only (l4:arch mips)", ix86);
        configure(PID, "arch", "mips", "servers", new String[] {"linux"});
        assertTrue("no mips machine", shell.awaitArch("mips", Await.TIMEOUT));
        boolean up = Await.until(() -> shell.attempt("linux:ps").isPresent(), Await.TIMEOUT);
        if (!up) fail("linux:ps never answered: " + shell.failure("linux:ps").getMessage());
        assertEquals("one\ntwo\n/\n", shell.run("linux:run 'echo one; echo two >&2; echo $HOME'"));
        assertEquals("linux:run: exit status 3", shell.failure("linux:run 'exit 3'").getMessage());
        assertTrue(shell.run("linux:ps").startsWith("  PID  PPID STATE    TASK"));
    }

    /**
     * With the name server and the console driver, the server's /sbin/init runs a shell on the
     * serial console: a line typed into the UART runs, its output comes back on the serial line,
     * ^C interrupts the foreground job, and the shell goes on with a restarted console driver.
     */
    @Test
    public void initRunsAShellOnTheSerialConsole() throws Exception {
        configure(PID, "arch", "mips", "servers", new String[] {"names", "console", "linux"});
        assertTrue("no mips machine", shell.awaitArch("mips", Await.TIMEOUT));
        awaitSerial("/ # ");
        shell.run("l4:serial --input 'echo hi | tr a-z A-Z'");
        awaitSerial("\nHI\r\n/ # ");
        // a foreground job that waits for the terminal: a timed one (sleep 100) ends at once when
        // everything else waits too, since a machine that is not paced skips to its next wakeup
        shell.run("l4:serial --input 'cat'");
        awaitSerial("cat\r\n");
        // ^C reaches the foreground job only once the shell has made cat's group the terminal's
        // (before its execve): typed earlier, it goes to the shell, as on Linux
        Pattern cat = Pattern.compile("(?m)\\scat$");
        assertTrue("no 'cat' process:\n" + shell.attempt("linux:ps").orElse("(failed)"),
                Await.until(() -> shell.attempt("linux:ps").map(s -> cat.matcher(s).find()).orElse(false), Await.TIMEOUT));
        shell.run("l4:serial --input '\u0003'");
        shell.run("l4:serial --input 'echo status $?'");
        awaitSerial("\nstatus 130\r\n");
        shell.run("l4:killserver console"); // the server's console threads find the new driver by name
        shell.run("l4:serial --input 'echo again | tr a-z A-Z'");
        awaitSerial("\nAGAIN\r\n/ # ");
        String list = shell.run("config:list l4.linuxserver");
        assertTrue(list, list.contains("consoleInit") && list.contains("consoleDriver"));
    }

    private void awaitSerial(String expected) throws Exception {
        boolean seen = Await.until(() -> shell.attempt("l4:serial").map(s -> s.contains(expected)).orElse(false), Await.TIMEOUT);
        assertTrue("the serial line shows no '" + expected + "':\n" + shell.attempt("l4:serial").orElse("(failed)")
                + "\nlinux:ps:\n" + shell.attempt("linux:ps").orElse("(failed)"), seen);
    }

}
