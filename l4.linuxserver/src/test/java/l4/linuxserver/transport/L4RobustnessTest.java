package l4.linuxserver.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

import l4.api.ThreadId;
import l4.arch.mips.MipsArchitecture;
import l4.kernel.KernelConfig;
import l4.kernel.testarch.TestMachine;
import l4.linuxserver.colocated.CoLocatedLinux;
import l4.linuxserver.colocated.DifferentialTest;
import l4.linuxserver.mips.MipsN64Abi;
import l4.linuxserver.mips.MipsTrapAbi;
import l4.linuxserver.sys.LinuxSystem;
import l4.linuxserver.sys.Process;
import org.junit.jupiter.api.Test;

/**
 * The misbehaving programs of the co-located {@code RobustnessTest} (src/test/guest/robust) as L4
 * tasks, one after the other on one machine and one server: each gets the signal Linux sends
 * (through the exception IPC, the pager's answer and the signal thread), busybox ash reports it,
 * and a job started before them goes on meanwhile and ends as it would have. Afterwards no
 * process, L4 task or frame of the server is left over.
 */
class L4RobustnessTest {
    /** Command line and what ash prints for it, as in the co-located {@code RobustnessTest}. */
    private static final String[][] CASES = {
        {"/bin/garbage; echo status=$?", "before\nIllegal instruction\nstatus=132\n"},
        {"/bin/jumpzero; echo status=$?", "before\nSegmentation fault\nstatus=139\n"},
        {"/bin/unmapped; echo status=$?", "before\nSegmentation fault\nstatus=139\n"},
        {"/bin/closedpipe; echo status=$?", "ignored: -32\nstatus=141\n"},
        {"/bin/lxtest threadsegv; echo status=$?", "Segmentation fault\nstatus=139\n"},
        // the layer's limit of 256 processes: some 250 L4 tasks at once
        {"/bin/forkbomb; echo status=$?", "fork failed: -11 after 1\nKilled\nstatus=137\n"},
        {"nc 10.0.0.1 80; echo status=$?", "nc: socket: Function not implemented\nstatus=1\n"},
    };

    private static byte[] initramfs() throws IOException {
        Map<String, byte[]> programs = new LinkedHashMap<>();
        for (String p : new String[] {"garbage", "jumpzero", "unmapped", "closedpipe", "forkbomb"}) {
            try (InputStream in = L4RobustnessTest.class.getResourceAsStream("/l4/linuxserver/robust/" + p)) {
                programs.put("bin/" + p, in.readAllBytes());
            }
        }
        programs.putAll(DifferentialTest.programs());
        return CoLocatedLinux.initramfsWith(programs);
    }

    @Test
    void misbehavingProcessesGetTheirSignalsAndTheRestGoesOn() throws Exception {
        byte[] initramfs = initramfs();
        try (TestMachine m = new TestMachine(new MipsArchitecture(), new KernelConfig())) {
            m.run(l4 -> {
                ServerPages pages = new ServerPages(l4, L4TransportTest.WINDOW + 0x2000, L4TransportTest.WINDOW_END);
                LinuxSystem linux = new LinuxSystem(new MipsN64Abi(), pages, () -> l4.clockMicros() * 1000, initramfs, b -> {});
                LinuxTransport t = new LinuxTransport(l4, linux, new MipsTrapAbi(), pages, L4TransportTest.WINDOW, 64);
                // a bystander: polls for /tmp/go, counting, while the others misbehave
                LinuxTransport.Job bystander = t.start("n=0; until [ -e /tmp/go ]; do n=$((n+1)); sleep 0.01; done; "
                        + "[ $n -gt 3 ] && echo bystander went on");
                for (String[] c : CASES) {
                    LinuxTransport.Job job = t.start(c[0]);
                    t.serveUntil(job::done);
                    assertEquals(c[1], job.output(), c[0] + ": " + t.counters());
                    assertFalse(bystander.done(), "the bystander runs on after " + c[0]);
                }
                assertTrue(linux.unknownCalls().contains("socket"), linux.unknownCalls().toString());
                LinuxTransport.Job go = t.start("touch /tmp/go; echo ok");
                t.serveUntil(() -> go.done() && bystander.done());
                assertEquals("ok\n", go.output());
                assertEquals("bystander went on\n", bystander.output());
                assertEquals(0, bystander.status());
                for (Process p : linux.processes()) assertFalse(p.alive(), "left over: " + p);
                assertEquals(0, pages.inUse(), "frames left over");
            }, 120);
            for (int n = 64; n < ThreadId.MAX_TASKS; n++) assertFalse(m.kernel.task(n).active, "task " + n + " left over");
        }
    }
}
