package l4.arch.mips.cpu;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * The guest L4 library (src/main/guest): its stubs trap with the MIPS ABI (number in AT, message
 * words in s0..s7), and crt0 ends a program with the loader's EXIT message, the loader found as
 * the pager of lthread 0 (lthread_ex_regs with nothing changed). The system calls are served
 * here by hand, as the kernel and the loader would answer them.
 */
class GuestLibraryTest {
    static final long LOADER = 0x1234_5678_9AL << 17;
    static final long WRITE = -16, EXIT = -17;

    private static GuestTestMachine machine(String program) throws IOException {
        GuestTestMachine m = new GuestTestMachine();
        m.load(Files.readAllBytes(Path.of("src/main/guest/examples/" + program)));
        return m;
    }

    private static GuestException next(GuestTestMachine m) {
        assertEquals(GuestCpu.Stop.EXCEPTION, m.cpu.run(m.state, m.memory, 1_000_000, Long.MAX_VALUE));
        GuestException e = m.state.lastException();
        assertEquals(GuestException.SYS, e.code(), () -> "exception " + e);
        return e;
    }

    private static void resume(GuestTestMachine m, GuestException e) {
        m.state.jump(e.epc() + 4);
    }

    /** lthread_ex_regs(0, -1, -1, invalid, invalid): the query of the loader's id; answers it. */
    private static void answerLoaderQuery(GuestTestMachine m, GuestException e) {
        long[] r = m.state.gpr;
        assertEquals(6, r[1], "AT: lthread_ex_regs");
        assertEquals(0, r[4], "lthread 0");
        assertEquals(-1, r[5], "ip unchanged");
        assertEquals(-1, r[6], "sp unchanged");
        assertEquals(-1, r[7], "excepter unchanged");
        assertEquals(-1, r[8], "pager unchanged");
        r[8] = LOADER;
        resume(m, e);
    }

    @Test
    void nearestExampleTrapsWithTheL4AbiAndExitsThroughTheLoader() throws IOException {
        GuestTestMachine m = machine("nearest.elf");
        GuestException e = next(m);
        assertEquals(2, m.state.gpr[1], "AT carries id_nearest's trap number");
        assertEquals(0, m.state.gpr[4], "a0: nil = myself");
        m.state.gpr[2] = 0;
        m.state.gpr[3] = 0x1234_5678_9AL;
        resume(m, e);
        answerLoaderQuery(m, next(m));
        e = next(m);
        long[] r = m.state.gpr;
        assertEquals(0, r[1], "AT: ipc");
        assertEquals(LOADER, r[8], "a4: to the loader");
        assertEquals(0, r[4], "a0: a register message");
        assertEquals(-1, r[5], "a1: no receive");
        assertEquals(0x10, r[6], "a2: send timeout 0");
        assertEquals(EXIT, r[16], "w0: EXIT");
        assertEquals(0x9A, r[17], "w1: main's value");
        r[2] = 0x20; // no loader took it (send timeout)
        resume(m, e);
        assertEquals(GuestCpu.Stop.EXCEPTION, m.cpu.run(m.state, m.memory, 1000, Long.MAX_VALUE));
        assertEquals(GuestException.BP, m.state.lastException().code(), "then break 1");
        assertEquals(0x9A, m.state.gpr[4], "with main's value in a0");
    }

    @Test
    void helloWritesThroughTheLoaderInMessagesOf48Bytes() throws IOException {
        GuestTestMachine m = machine("hello.elf");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        boolean asked = false;
        while (true) {
            GuestException e = next(m);
            long[] r = m.state.gpr;
            if (r[1] == 2) { // id_nearest
                r[3] = 0x4_0401L << 10;
                resume(m, e);
                continue;
            }
            if (!asked) {
                answerLoaderQuery(m, e);
                asked = true;
                continue;
            }
            assertEquals(0, r[1], "AT: ipc");
            assertEquals(LOADER, r[8]);
            if (r[16] == EXIT) {
                assertEquals(0, r[17], "argc (the test stack has none)");
                break;
            }
            assertEquals(WRITE, r[16]);
            int fd = (int) (r[17] >>> 32);
            int n = (int) r[17];
            assertTrue(n > 0 && n <= 48, "count " + n);
            for (int i = 0; i < n; i++) (fd == 1 ? out : err).write((int) (r[18 + i / 8] >>> (8 * (i % 8))));
            r[2] = 0; // dope: ok
            r[16] = n;
            resume(m, e);
        }
        assertEquals("hello from L4-native guest code, thread 0x" + Long.toHexString(0x4_0401L << 10) + "\n", out.toString());
        assertEquals("a line to fd 2\n", err.toString());
    }

    @Test
    void linuxHelloRunsOnTheLinuxHarness() throws IOException {
        GuestTestMachine m = new GuestTestMachine();
        m.load(Files.readAllBytes(Path.of("src/main/guest/linux/hello-linux.elf")));
        assertEquals(3, m.run(100_000));
        assertEquals("hello from a freestanding Linux n64 program\na line to fd 2\n", m.output.toString());
    }
}
