package l4.linuxserver.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import l4.api.L4;
import l4.arch.mips.MipsArchitecture;
import l4.kernel.KernelConfig;
import l4.kernel.testarch.TestMachine;
import l4.linuxserver.colocated.CoLocatedLinux;
import l4.linuxserver.mips.MipsN64Abi;
import l4.linuxserver.mips.MipsTrapAbi;
import l4.linuxserver.sys.LinuxSystem;
import org.junit.jupiter.api.Test;

/** The Linux server's IPC loop on a booted MIPS machine: busybox runs as L4 tasks. */
class L4TransportTest {
    static final long WINDOW = 0x0200_0000L, WINDOW_END = 0x0400_0000L;

    static LinuxTransport transport(L4 l4) {
        return transport(l4, CoLocatedLinux.defaultInitramfs());
    }

    static LinuxTransport transport(L4 l4, byte[] initramfs) {
        ServerPages pages = new ServerPages(l4, WINDOW + 0x2000, WINDOW_END);
        LinuxSystem linux = new LinuxSystem(new MipsN64Abi(), pages, () -> l4.clockMicros() * 1000, initramfs, b -> {});
        return new LinuxTransport(l4, linux, new MipsTrapAbi(), pages, WINDOW, 64);
    }

    @Test
    void echoRunsAsAnL4Task() throws Exception {
        try (TestMachine m = new TestMachine(new MipsArchitecture(), new KernelConfig())) {
            m.run(l4 -> {
                LinuxTransport t = transport(l4);
                LinuxTransport.Job job = t.start("echo hello");
                assertTrue(t.taskOf(job.process()) != null, "the shell is an L4 task");
                t.serveUntil(job::done);
                assertEquals("hello\n", job.output(), t.counters());
                assertEquals(0, job.status());
                assertTrue(t.exceptions() > 5 && t.pageFaults() > 5, t.counters());
                assertTrue(m.kernel.stats.pageFaults >= t.pageFaults(), "the faults came through the kernel");
            });
        }
    }

    /** The same command line on two fresh machines: the same trace digest (threads, signals, timers, pipes). */
    @Test
    void sameInputSameTrace() throws Exception {
        byte[] initramfs = CoLocatedLinux.initramfsWith(l4.linuxserver.colocated.DifferentialTest.programs());
        String line = "/bin/lxtest threads; /bin/lxtest timers | head -3; seq 50 | sort -r | head -2";
        long[] digests = new long[2];
        String[] outputs = new String[2];
        for (int run = 0; run < 2; run++) {
            try (TestMachine m = new TestMachine(new MipsArchitecture(), new KernelConfig())) {
                int r = run;
                m.run(l4 -> {
                    LinuxTransport t = transport(l4, initramfs);
                    LinuxTransport.Job job = t.start(line);
                    t.serveUntil(job::done);
                    outputs[r] = job.output();
                });
                m.kernel.awaitQuiescent(3000);
                digests[run] = m.kernel.inspect(() -> m.kernel.trace.digest(), 5000);
            }
        }
        assertEquals(outputs[0], outputs[1]);
        assertEquals(digests[0], digests[1], "trace digests");
    }

    /**
     * A process whose main thread ends before its last thread (pthread_exit in main, as lxtest's
     * mainexit does): its task goes when the last thread ends, so none is left once the job is
     * done (the leader's end is swept first, without the task; the last thread's takes it).
     */
    @Test
    void aProcessWhoseLeaderEndsFirstLeavesNoTask() throws Exception {
        byte[] initramfs = CoLocatedLinux.initramfsWith(l4.linuxserver.colocated.DifferentialTest.programs());
        try (TestMachine m = new TestMachine(new MipsArchitecture(), new KernelConfig())) {
            m.run(l4 -> {
                LinuxTransport t = transport(l4, initramfs);
                LinuxTransport.Job job = t.start("/bin/lxtest mainexit; /bin/lxtest mainexit; echo status=$?");
                t.serveUntil(job::done);
                assertTrue(job.output().endsWith("status=0\n"), job.output());
                assertEquals(0, t.tasksInUse(), "tasks left after the job: " + t.counters());
            });
        }
    }

    /**
     * A signal to a process while every thread blocks it waits for the process, and the thread
     * that unblocks it first takes it, through the L4 transport (differential case 119, against
     * its qemu golden file): the kill comes before the other thread's sigsuspend, so a signal
     * kept by the leader alone would leave that thread waiting and the leader in pthread_join.
     */
    @Test
    void aSignalEveryThreadBlocksReachesTheThreadThatUnblocksIt() throws Exception {
        byte[] initramfs = CoLocatedLinux.initramfsWith(l4.linuxserver.colocated.DifferentialTest.programs());
        String golden;
        try (java.io.InputStream in = L4TransportTest.class.getResourceAsStream("/l4/linuxserver/differential/119.out")) {
            golden = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        try (TestMachine m = new TestMachine(new MipsArchitecture(), new KernelConfig())) {
            m.run(l4 -> {
                LinuxTransport t = transport(l4, initramfs);
                LinuxTransport.Job job = t.start("/bin/lxsem sharedpending");
                t.serveUntil(() -> job.done() || t.linux().now() > 5_000_000_000L);
                assertTrue(job.done(), "lxsem sharedpending still runs after 5 s of simulated time: " + job.output());
                assertEquals(golden, job.output(), t.counters());
                assertEquals(0, job.status());
            });
        }
    }
}
