package l4.linuxserver.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import l4.api.ThreadId;
import l4.arch.ix86.Ix86Architecture;
import l4.arch.mips.MipsArchitecture;
import l4.kernel.Kernel;
import l4.kernel.KernelConfig;
import l4.kernel.testarch.TestMachine;
import l4.linuxserver.transport.LinuxServer;
import l4.run.Launched;
import l4.run.ProgramBody;
import l4.run.ProgramRunner;
import l4.spi.Architecture;
import org.junit.jupiter.api.Test;

/**
 * The linux: commands' logic on a booted machine: the Linux server runs as a program of its own
 * (as the root task starts it), the commands' clients in fresh tasks ask it by IPC.
 */
class LinuxShellTest {
    /** {@link ProgramRunner} over a test machine: {@link Kernel#launch}, as the kernel bundle's runner does. */
    static ProgramRunner runner(Kernel k) {
        return (label, body, priority) -> {
            ThreadId task = inspect(k, () -> k.launch(label, l4 -> body.run(l4, null), priority));
            return new Launched() {
                @Override public ThreadId task() { return task; }
                @Override public String architecture() { return k.arch.name(); }
                @Override public long guestInstructionsNow() { return 0; }
                @Override public void kill() {
                    if (!k.halted()) inspect(k, () -> {
                        k.kill(task);
                        return null;
                    });
                }
                @Override public CompletionStage<Void> halted() { return k.stoppedFuture(); }
            };
        };
    }

    private static <T> T inspect(Kernel k, java.util.concurrent.Callable<T> q) {
        try {
            return k.inspect(q, 5000);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Boots {@code arch}, starts the Linux server in a task of its own and waits until it runs. */
    static LinuxServer boot(TestMachine m) throws Exception {
        LinuxServer server = new LinuxServer();
        ProgramBody main = (l4, machine) -> server.main(l4);
        runner(m.kernel).launch("linux", main, 100);
        for (int i = 0; i < 100 && server.serverThread() == null; i++) TimeUnit.MILLISECONDS.sleep(20);
        return server;
    }

    private static TestMachine machine(Architecture arch) {
        return new TestMachine(arch, new KernelConfig());
    }

    @Test
    void runPrintsTheMergedOutputAndTheStatus() throws Exception {
        try (TestMachine m = machine(new MipsArchitecture())) {
            LinuxServer server = boot(m);
            LinuxShell shell = new LinuxShell(runner(m.kernel), server::serverThread);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int status = shell.run("echo one; echo two >&2; cd /tmp; pwd; echo $PATH $HOME; read x; echo \"[$x]\"; exit 3", out::writeBytes);
            assertEquals("one\ntwo\n/tmp\n/bin:/usr/bin:/sbin:/usr/sbin /\n[]\n", out.toString(StandardCharsets.UTF_8));
            assertEquals(3, status);
            // a long line goes in many chunks, long output comes back in many
            ByteArrayOutputStream more = new ByteArrayOutputStream();
            String word = "x".repeat(300);
            assertEquals(0, shell.run("seq 1000 | wc -l; echo " + word, more::writeBytes));
            assertEquals("1000\n" + word + "\n", more.toString(StandardCharsets.UTF_8));
            String ps = shell.ps();
            assertTrue(ps.startsWith("  PID  PPID STATE    TASK"), ps);
        }
    }

    @Test
    void psShowsARunningProcessWithItsTask() throws Exception {
        try (TestMachine m = machine(new MipsArchitecture())) {
            LinuxServer server = boot(m);
            LinuxShell shell = new LinuxShell(runner(m.kernel), server::serverThread);
            Thread sleeper = new Thread(() -> {
                try {
                    shell.run("sleep 2", b -> {});
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            sleeper.start();
            String ps = "";
            for (int i = 0; i < 100 && !ps.contains("sleep 2"); i++) {
                TimeUnit.MILLISECONDS.sleep(20);
                ps = shell.ps();
            }
            assertTrue(ps.matches("(?s).*\\n +\\d+ +0 +\\w+ +\\S+ +/bin/sh -c sleep 2\\n.*"), ps);
            sleeper.join(20_000);
        }
    }

    /** An interrupted linux:run (Ctrl-C) kills its client; the server then kills the command's processes. */
    @Test
    void interruptedRunEndsTheCommand() throws Exception {
        try (TestMachine m = machine(new MipsArchitecture())) {
            LinuxServer server = boot(m);
            LinuxShell shell = new LinuxShell(runner(m.kernel), server::serverThread);
            java.util.concurrent.CountDownLatch output = new java.util.concurrent.CountDownLatch(1);
            Thread runner = new Thread(() -> {
                try {
                    shell.run("while true; do echo tick; sleep 0.1; done", b -> output.countDown());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            runner.start();
            assertTrue(output.await(10, TimeUnit.SECONDS), "the loop wrote");
            runner.interrupt();
            runner.join(10_000);
            String ps = shell.ps();
            for (int i = 0; i < 100 && ps.contains("while true"); i++) {
                TimeUnit.MILLISECONDS.sleep(20);
                ps = shell.ps();
            }
            assertTrue(!ps.contains("while true"), ps);
        }
    }

    @Test
    void ix86SaysThePersonalityIsNotThere() throws Exception {
        try (TestMachine m = machine(new Ix86Architecture())) {
            LinuxServer server = boot(m);
            LinuxShell shell = new LinuxShell(runner(m.kernel), server::serverThread);
            LinuxShell.Failure f = assertThrows(LinuxShell.Failure.class, () -> shell.run("echo hi", b -> {}));
            assertEquals("the ix86 personality is not there yet: the Linux server runs busybox on MIPS only (l4:arch mips)", f.getMessage());
        }
    }

    /**
     * The server's thread is forgotten when its machine halts: a client of the next machine, in
     * which that id may name any thread, is told that no server runs instead of calling it.
     */
    @Test
    void theServerThreadIsForgottenWhenItsMachineHalts() throws Exception {
        LinuxServer server;
        try (TestMachine m = machine(new MipsArchitecture())) {
            server = boot(m);
            assertNotNull(server.serverThread());
        }
        for (int i = 0; i < 250 && server.serverThread() != null; i++) TimeUnit.MILLISECONDS.sleep(20);
        assertNull(server.serverThread(), "the halted machine's server thread");
        try (TestMachine m = machine(new MipsArchitecture())) {
            LinuxShell shell = new LinuxShell(runner(m.kernel), server::serverThread);
            LinuxShell.Failure f = assertThrows(LinuxShell.Failure.class, () -> shell.ps());
            assertTrue(f.getMessage().startsWith("the Linux server does not run"), f.getMessage());
        }
    }

    @Test
    void noServerIsOneLine() throws Exception {
        try (TestMachine m = machine(new MipsArchitecture())) {
            LinuxShell shell = new LinuxShell(runner(m.kernel), () -> null);
            LinuxShell.Failure f = assertThrows(LinuxShell.Failure.class, () -> shell.ps());
            assertTrue(f.getMessage().startsWith("the Linux server does not run"), f.getMessage());
        }
    }
}
