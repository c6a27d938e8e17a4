package l4.linuxserver.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import l4.api.IpcDescriptor;
import l4.api.IpcResult;
import l4.api.L4;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.arch.mips.MipsArchitecture;
import l4.drivers.client.DriverClient;
import l4.drivers.client.Protocol;
import l4.drivers.client.Words;
import l4.drivers.names.NameServer;
import l4.kernel.KernelConfig;
import l4.kernel.testarch.TestMachine;
import l4.linuxserver.transport.LinuxServer;
import org.junit.jupiter.api.Test;

/**
 * The server's /sbin/init runs busybox's shell on its console tty, which talks to a console
 * driver found through the name server (task 3, as the root task starts it): typed lines run,
 * ^C interrupts the foreground job, a restarted driver is found again, and busybox's reboot and
 * poweroff restart and halt the Linux system.
 */
class ConsoleInitTest {
    /** A console driver after the drivers' protocol: WRITE appends to {@code shown}, READ waits for {@code typed}. */
    static final class FakeConsole {
        final ByteArrayOutputStream shown = new ByteArrayOutputStream();
        final ConcurrentLinkedQueue<Byte> typed = new ConcurrentLinkedQueue<>();
        /** Simulated µs between two bytes handed to a READ (0: all that was typed at once). */
        volatile long gapMicros;

        synchronized String shown() {
            return shown.toString(StandardCharsets.ISO_8859_1);
        }

        void type(String s) {
            for (byte b : s.getBytes(StandardCharsets.ISO_8859_1)) typed.add(b);
        }

        void main(L4 l4) {
            if (!new DriverClient(l4).register("console").ok()) throw new IllegalStateException("no name server");
            ThreadId reader = null;
            int readMax = 0;
            long next = 0;
            while (true) {
                IpcResult r = l4.waitAny(Timeout.receive(gapMicros > 0 ? 500 : 2_000));
                if (r.ok()) {
                    long w0 = r.word(0);
                    if (Protocol.op(w0) == Protocol.WRITE) {
                        int n = Protocol.writeCount(Protocol.arg(w0));
                        byte[] b = Words.unpack(r.words(), n, l4.wordBytes());
                        synchronized (this) {
                            shown.writeBytes(b);
                        }
                        reply(l4, r.source(), new long[l4.messageRegisters()]);
                    } else if (Protocol.op(w0) == Protocol.READ) {
                        reader = r.source();
                        readMax = (int) Protocol.arg(w0);
                    }
                }
                long gap = gapMicros;
                if (reader != null && !typed.isEmpty() && (gap == 0 || l4.clockMicros() >= next)) {
                    next = l4.clockMicros() + gap;
                    byte[] b = new byte[gap > 0 ? 1 : Math.min(readMax, typed.size())];
                    for (int i = 0; i < b.length; i++) b[i] = typed.poll();
                    long[] w = new long[l4.messageRegisters()];
                    w[0] = Protocol.request(Protocol.STATUS_OK, b.length);
                    Words.pack(b, 0, b.length, w, l4.wordBytes());
                    reply(l4, reader, w);
                    reader = null;
                }
            }
        }

        private static void reply(L4 l4, ThreadId to, long[] w) {
            l4.ipc(to, IpcDescriptor.registers(), w, IpcDescriptor.NIL, ThreadId.NIL, ThreadId.NIL, Timeout.of(0, Timeout.INFINITE));
        }
    }

    private static void await(FakeConsole c, String expected) throws InterruptedException {
        for (int i = 0; i < 1000 && !c.shown().contains(expected); i++) TimeUnit.MILLISECONDS.sleep(20);
        assertTrue(c.shown().contains(expected), "no '" + expected + "' on the console:\n" + c.shown());
    }

    @Test
    void initRunsAShellOnTheConsoleDriver() throws Exception {
        shellOnTheConsole(0);
    }

    /**
     * The same, typed one byte per 100 µs (about a UART's pace at 115200 baud): the first bytes
     * after ^C come while the shell's tty is still canonical, before its line editing turns it
     * raw, and are read all the same.
     */
    @Test
    void bytesTypedOneByOneAfterCtrlCAreAllRead() throws Exception {
        shellOnTheConsole(100);
    }

    /**
     * busybox's reboot and poweroff at the console. {@code reboot} asks init (SIGTERM), which ends
     * every process and calls reboot(2) in a vfork child: the Linux system starts afresh (a file
     * written before is gone) with a new shell on the same console. {@code poweroff -f} calls
     * reboot(2) itself: the system is down, and linux:run says so in one line.
     */
    @Test
    void rebootRestartsTheLinuxSystemAndPoweroffHaltsIt() throws Exception {
        try (TestMachine m = new TestMachine(new MipsArchitecture(), new KernelConfig())) {
            var runner = LinuxShellTest.runner(m.kernel);
            NameServer names = new NameServer();
            runner.launch("names", (l4, machine) -> names.main(l4), 100);
            FakeConsole console = new FakeConsole();
            runner.launch("console", (l4, machine) -> console.main(l4), 100);
            LinuxServer server = new LinuxServer();
            server.setConsole("console");
            runner.launch("linux", (l4, machine) -> server.main(l4), 100);
            LinuxShell shell = new LinuxShell(runner, server::serverThread);

            await(console, "/ # ");
            console.type("echo before > /tmp/mark; reboot\r");
            await(console, "reboot: Restarting system\r\n");
            int restart = console.shown().indexOf("reboot: Restarting system");
            for (int i = 0; i < 1000 && !console.shown().substring(restart).contains("/ # "); i++) TimeUnit.MILLISECONDS.sleep(20);
            assertTrue(console.shown().substring(restart).contains("/ # "), "no new shell after the restart:\n" + console.shown());
            console.type("cat /tmp/mark; echo status $?\r");
            await(console, "\nstatus 1\r\n");
            assertTrue(shell.ps().contains("/bin/sh"), "the new system's processes: " + shell.ps());

            console.type("poweroff -f\r");
            await(console, "reboot: Power down\r\n");
            LinuxShell.Failure f = assertThrows(LinuxShell.Failure.class, () -> shell.run("echo hi", b -> {}));
            assertTrue(f.getMessage().contains("halted"), f.getMessage());
            f = assertThrows(LinuxShell.Failure.class, shell::ps);
            assertTrue(f.getMessage().contains("halted"), f.getMessage());
        }
    }

    /**
     * The server in task 3, where the name server would be (the root task started it first, with
     * no {@code names} among the servers): the machine has no name server, and the console's
     * threads do not look for a driver. They used to, every 16 s of simulated time for good, and
     * their lookups reached the server's own loop; now the machine comes to rest once init's shell
     * waits for input, and the server still answers.
     */
    @Test
    void withoutANameServerTheConsoleThreadsDoNotLookForADriver() throws Exception {
        try (TestMachine m = new TestMachine(new MipsArchitecture(), new KernelConfig())) {
            var runner = LinuxShellTest.runner(m.kernel);
            LinuxServer server = new LinuxServer();
            server.setConsole("console");
            runner.launch("linux", (l4, machine) -> server.main(l4), 100);
            LinuxShell shell = new LinuxShell(runner, server::serverThread);
            for (int i = 0; i < 250 && !shell.ps().contains("/bin/sh"); i++) TimeUnit.MILLISECONDS.sleep(20);
            assertEquals(Protocol.NAMES_TASK, server.serverThread().task());
            assertTrue(shell.ps().contains("/bin/sh"), "init's shell runs: " + shell.ps());
            assertTrue(m.kernel.awaitQuiescent(10_000), "the machine comes to rest");
        }
    }

    private static void shellOnTheConsole(long gapMicros) throws Exception {
        try (TestMachine m = new TestMachine(new MipsArchitecture(), new KernelConfig())) {
            var runner = LinuxShellTest.runner(m.kernel);
            NameServer names = new NameServer();
            runner.launch("names", (l4, machine) -> names.main(l4), 100);
            FakeConsole console = new FakeConsole();
            console.gapMicros = gapMicros;
            var driver = runner.launch("console", (l4, machine) -> console.main(l4), 100);
            LinuxServer server = new LinuxServer();
            server.setConsole("console");
            runner.launch("linux", (l4, machine) -> server.main(l4), 100);

            await(console, "/ # ");
            console.type("echo hi | tr a-z A-Z\r");
            await(console, "\nHI\r\n/ # ");
            console.type("sleep 100\r");
            await(console, "sleep 100\r\n");
            // ^C reaches the foreground job only once the shell has made sleep's group the
            // terminal's (before its execve): typed earlier, it goes to the shell, as on Linux
            LinuxShell ps = new LinuxShell(runner, server::serverThread);
            for (int i = 0; i < 250 && !ps.ps().contains("sleep 100"); i++) TimeUnit.MILLISECONDS.sleep(20);
            assertTrue(ps.ps().contains("sleep 100"), ps.ps());
            console.type("\u0003echo status $?\r");
            await(console, "\nstatus 130\r\n");

            // the driver is killed and another one registers: the server finds it by name
            driver.kill();
            FakeConsole again = new FakeConsole();
            again.gapMicros = gapMicros;
            runner.launch("console", (l4, machine) -> again.main(l4), 100);
            again.type("echo again | tr a-z A-Z\r");
            await(again, "\nAGAIN\r\n/ # ");
        }
    }
}
