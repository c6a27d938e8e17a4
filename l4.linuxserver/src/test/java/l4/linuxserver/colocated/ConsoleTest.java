package l4.linuxserver.colocated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import l4.linuxserver.sys.Process;

/**
 * The interactive busybox shell on /dev/console: its line editing in raw mode, ^C to the
 * foreground process group, ^D at an empty prompt. Each chunk is typed when every process waits.
 */
class ConsoleTest {
    private static String session(String... typed) {
        return session(List.of("/bin/sh"), typed);
    }

    private static String session(List<String> argv, String... typed) {
        CoLocatedLinux l = new CoLocatedLinux(CoLocatedLinux.defaultInitramfs());
        String out = l.console(argv, List.of(typed), 500_000_000L);
        for (Process p : l.linux.processes()) assertTrue(!p.alive(), "left over: " + p);
        return out;
    }

    @Test
    void commandsRunAndLineEditingErases() {
        String out = session("echo hi\r", "echo abx\u007fc\r", "exit 3\r");
        assertTrue(out.contains("/ # "), out);
        assertTrue(out.contains("hi\r\n"), out);
        assertTrue(out.contains("abc\r\n"), "DEL erased the x: " + out);
    }

    @Test
    void controlCInterruptsTheForegroundJobAndTheShellGoesOn() {
        String out = session("cat\r", "\u0003", "echo after $?\r", "exit\r");
        assertTrue(out.contains("after 130"), "cat died of SIGINT: " + out);
    }

    @Test
    void controlDAtAnEmptyPromptEndsTheShell() {
        String out = session("echo one\r", "\u0004");
        assertTrue(out.contains("one\r\n"), out);
    }

    @Test
    void sttyReportsTheLineDiscipline() {
        String out = session("stty -a | head -n 2\r", "exit\r");
        assertTrue(out.contains("rows 24; columns 80"), out);
        assertEquals(-1, out.indexOf("stty: "), out);
    }

    /**
     * The interactive shell runs as a child of process 1, as under init: a group whose members'
     * parent is init is orphaned, and Linux answers its background reads with EIO, not a stop.
     */
    @Test
    void aBackgroundJobThatReadsTheTerminalIsStoppedBySigttin() {
        String out = session(List.of("/bin/sh", "-c", "/bin/sh -i; true"), "cat &\r", "jobs\r", "kill -9 %1\r", "exit\r", "exit\r");
        assertTrue(out.contains("[1]+  Stopped (tty input)        cat"), "cat stopped by SIGTTIN, as jobs shows: " + out);
    }

    @Test
    void inAnOrphanedGroupABackgroundReadFailsWithEio() {
        String out = session("cat &\r", "wait\r", "exit\r");
        assertTrue(out.contains("cat: read error: Input/output error"), out);
    }
}
