package l4.linuxserver.colocated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Cases of the differential suite run through the server core ({@link CoreDrivenLinux}: every
 * system call, exception and page fault as the L4 transport will carry it), compared with the
 * same qemu golden files: fork and copy-on-write, exec, pipes, waits, signals to running and
 * waiting processes, stopped and killed jobs, timers, sleeps and threads. A subset, to keep the
 * test command short; the whole suite runs co-located in {@link DifferentialTest}.
 */
class ServerCoreDifferentialTest {
    private static final String DIR = "/l4/linuxserver/differential/";
    private static final String[] CASES = System.getProperty("l4.linuxserver.coreCases",
            "01,04,05,08,18,19,20,25,31,41,42,43,46,47,48,49,76,85,87,103,104,105,106,107,108,109,110,111,112,113,114").split(",");
    private static byte[] initramfs;

    @TestFactory
    Stream<DynamicTest> throughTheServerCore() throws IOException {
        if (initramfs == null) initramfs = CoLocatedLinux.initramfsWith(DifferentialTest.programs());
        List<DynamicTest> tests = new ArrayList<>();
        for (String n : CASES) {
            String id = String.format("%02d", Integer.parseInt(n.trim()));
            String cmd = resource(id + ".cmd");
            String line = cmd.endsWith("\n") ? cmd.substring(0, cmd.length() - 1) : cmd;
            String out = resource(id + ".out");
            int status = Integer.parseInt(resource(id + ".status").trim());
            tests.add(DynamicTest.dynamicTest(id + ": " + line, () -> {
                CoreDrivenLinux l = new CoreDrivenLinux(initramfs);
                CoLocatedLinux.Result r = l.shell(line, 500_000_000L);
                assertEquals(DifferentialTest.normalise(out), DifferentialTest.normalise(r.output()), "output of " + line);
                assertEquals(status, r.status(), "status of " + line);
                assertTrue(l.exceptions > 0 && l.pageFaults > 0);
                // a busy loop takes its SIGVTALRM only by being interrupted (forced to the entry)
                if (line.equals("/bin/lxtest timers")) assertTrue(l.interrupts > 0, "interrupts");
            }));
        }
        return tests.stream();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ServerCoreDifferentialTest.class.getResourceAsStream(DIR + name)) {
            if (in == null) throw new IOException("no " + DIR + name);
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
