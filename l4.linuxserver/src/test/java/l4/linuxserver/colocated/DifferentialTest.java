package l4.linuxserver.colocated;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Busybox command lines run with {@code sh -c} in the co-located mode, compared with what
 * qemu-mips64el printed for the same line over the same files (golden files made by
 * src/test/guest/differential/generate.sh): output (stdout and stderr merged) and exit status.
 * No normalisation is needed yet: no case prints a pid or a time.
 */
class DifferentialTest {
    private static final String DIR = "/l4/linuxserver/differential/";
    private static byte[] initramfs;

    @TestFactory
    Stream<DynamicTest> busyboxAgainstQemu() throws IOException {
        if (initramfs == null) initramfs = CoLocatedLinux.defaultInitramfs();
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 1; ; i++) {
            String id = String.format("%02d", i);
            String cmd = resource(id + ".cmd");
            if (cmd == null) break;
            String line = cmd.endsWith("\n") ? cmd.substring(0, cmd.length() - 1) : cmd;
            String out = resource(id + ".out");
            int status = Integer.parseInt(resource(id + ".status").trim());
            tests.add(DynamicTest.dynamicTest(id + ": " + line, () -> {
                CoLocatedLinux l = new CoLocatedLinux(initramfs);
                CoLocatedLinux.Result r = l.shell(line, 500_000_000L);
                assertEquals(out, r.output(), "output of " + line);
                assertEquals(status, r.status(), "status of " + line);
            }));
        }
        return tests.stream();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = DifferentialTest.class.getResourceAsStream(DIR + name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
