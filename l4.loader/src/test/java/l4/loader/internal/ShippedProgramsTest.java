package l4.loader.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Every shipped program by name through the loader on a booted MIPS machine with the real σ0: output and exit value.
 */
@org.junit.jupiter.api.Timeout(value = 60, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class ShippedProgramsTest extends MachinePerTest {
    static String output(Exec.Report r) {
        return new String(r.outcome().output());
    }

    private static void exited(Exec.Report r, long value) {
        assertTrue(r.outcome().exited(), () -> "ended: " + r.outcome().reason() + "\n" + output(r));
        assertEquals(value, r.outcome().exitValue(), () -> output(r));
        assertTrue(r.outcome().run().guestInstructions() > 0);
        assertTrue(r.outcome().run().cycles() > 0);
    }

    @Test
    void hello() throws Exception {
        Exec.Report r = run("hello", "one", "two words");
        exited(r, 3);
        String out = output(r);
        assertTrue(out.startsWith("hello from L4-native guest code, thread 0x"), out);
        assertTrue(out.contains("argv[0] = hello\nargv[1] = one\nargv[2] = two words\n"), out);
        assertTrue(out.contains("env HOME=/\nenv PATH=/bin\n"), out);
        assertTrue(out.contains("a line to fd 2\n"), out);
    }

    @Test
    void nearest() throws Exception {
        Exec.Report r = run("nearest");
        assertTrue(r.outcome().exited(), () -> r.outcome().reason());
    }

    @Test
    void pingpong() throws Exception {
        Exec.Report r = run("pingpong", "1000", "100");
        exited(r, 0);
        assertEquals("round trips: 1000\n", output(r));
        Outcome.Counters marked = r.outcome().between(1, 2);
        long perIpc = Math.round(marked.cycles() / 2000.0);
        assertTrue(perIpc > 0 && perIpc < 1000, "cycles per IPC " + perIpc);
    }

    @Test
    void pager() throws Exception {
        Exec.Report r = run("pager");
        exited(r, 0);
        long sum = 0;
        for (long p = 0; p < 16; p++) sum += p * 0x1001 + 7;
        assertEquals("pager: served 16 faults, checksum " + sum + "\n", output(r));
    }

    @Test
    void faults() throws Exception {
        Exec.Report r = run("faults", "64");
        exited(r, 0);
        assertEquals("pages touched: 64, checksum " + 64 * 65 / 2 + "\n", output(r));
        assertTrue(r.outcome().between(1, 2).pageFaults() >= 64, "a fault per fresh page");
    }

    @Test
    void exceptions() throws Exception {
        Exec.Report r = run("exceptions");
        exited(r, 0);
        String out = output(r);
        assertTrue(out.contains("exception Bp (ExcCode 9)"), out);
        assertTrue(out.contains("exception AdEL (ExcCode 4)"), out);
        assertTrue(out.contains("exception Tr (ExcCode 13)"), out);
        assertTrue(out.contains("exception Ov (ExcCode 12)"), out);
        assertTrue(out.endsWith("exceptions taken: 4\n"), out);
    }

    @Test
    void sieveSmall() throws Exception {
        Exec.Report r = run("sieve", "2");
        exited(r, 0);
        assertEquals("primes below 65536: 6542\nchecksum: 209345\n", output(r), "as under qemu-mips64el");
        String f = r.format();
        for (String key : List.of("exit-value: 0", "guest-instructions: ", "simulated-cycles: ", "guest-mips: ")) {
            assertTrue(f.contains(key), f);
        }
    }

    /** Programs one after another on one machine: each ends with its task killed, the machine goes on. */
    @Test
    void oneAfterAnotherOnOneMachine() throws Exception {
        for (String name : List.of("pager", "hello", "exceptions", "faults", "hello-linux", "pager")) {
            Exec.Report r = run(name);
            assertTrue(r.outcome().exited(), () -> name + " ended: " + r.outcome().reason());
        }
    }

    @Test
    void helloLinux() throws Exception {
        Exec.Report r = run("hello-linux", "x");
        exited(r, 3);
        assertEquals("hello from a freestanding Linux n64 program\narg: x\na line to fd 2\n", output(r));
    }
}
