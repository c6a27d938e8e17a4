package l4.linuxserver.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import l4.arch.mips.MipsArchitecture;
import l4.kernel.KernelConfig;
import l4.kernel.testarch.TestMachine;
import l4.linuxserver.colocated.CoLocatedLinux;
import l4.linuxserver.colocated.DifferentialTest;
import l4.linuxserver.mips.MipsN64Abi;
import l4.linuxserver.mips.MipsTrapAbi;
import l4.linuxserver.sys.LinuxSystem;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Cases of the differential suite through the real L4 transport: each command line runs on a
 * freshly booted MIPS machine, busybox's processes as L4 tasks whose system calls, exceptions and
 * page faults reach the Linux server by IPC; compared with the same qemu golden files as
 * {@link DifferentialTest}. A few cases (fork, exec, pipes, files, waits, a signal to a sleeping
 * job, signals to oneself), to keep the test command short.
 */
class L4DifferentialTest {
    private static final String DIR = "/l4/linuxserver/differential/";
    private static final String[] CASES = System.getProperty("l4.linuxserver.l4Cases", "04,05,08,18,20,25,31,42,43,46,47,104,105,108").split(",");
    private static byte[] initramfs;

    @TestFactory
    Stream<DynamicTest> throughL4() throws IOException {
        if (initramfs == null) initramfs = CoLocatedLinux.initramfsWith(DifferentialTest.programs());
        List<DynamicTest> tests = new ArrayList<>();
        for (String n : CASES) {
            String id = String.format("%02d", Integer.parseInt(n.trim()));
            String cmd = resource(id + ".cmd");
            String line = cmd.endsWith("\n") ? cmd.substring(0, cmd.length() - 1) : cmd;
            String out = resource(id + ".out");
            int status = Integer.parseInt(resource(id + ".status").trim());
            tests.add(DynamicTest.dynamicTest(id + ": " + line, () -> {
                try (TestMachine m = new TestMachine(new MipsArchitecture(), new KernelConfig())) {
                    m.run(l4 -> {
                        ServerPages pages = new ServerPages(l4, L4TransportTest.WINDOW + 0x2000, L4TransportTest.WINDOW_END);
                        LinuxSystem linux = new LinuxSystem(new MipsN64Abi(), pages, () -> l4.clockMicros() * 1000, initramfs, b -> {});
                        LinuxTransport t = new LinuxTransport(l4, linux, new MipsTrapAbi(), pages, L4TransportTest.WINDOW, 64);
                        LinuxTransport.Job job = t.start(line);
                        t.serveUntil(job::done);
                        assertEquals(DifferentialTest.normalise(out), DifferentialTest.normalise(job.output()), "output of " + line);
                        assertEquals(status, job.status(), "status of " + line);
                        assertTrue(t.exceptions() > 0 && t.pageFaults() > 0, t.counters());
                    });
                }
            }));
        }
        return tests.stream();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = L4DifferentialTest.class.getResourceAsStream(DIR + name)) {
            if (in == null) throw new IOException("no " + DIR + name);
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
