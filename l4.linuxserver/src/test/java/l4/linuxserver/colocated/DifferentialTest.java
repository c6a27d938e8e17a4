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
 * Normalised: the date column of {@code ls -l} (qemu's files carry the host's wall-clock time, the
 * simulated system's its simulated time since boot). Nothing else: the programs that measure time
 * (lxtest) print only whether a bound held, and threads meet at joins, so their lines are the same
 * on any Linux. Cases in {@link #KNOWN} still
 * differ; they run and are reported as skipped with the reason, so a fix shows up as a pass to
 * move out of the list.
 */
public class DifferentialTest {
    private static final String DIR = "/l4/linuxserver/differential/";
    private static byte[] initramfs;
    /** Known differences, by case number, with what is not understood or not done yet. */
    private static final java.util.Map<String, String> KNOWN = java.util.Map.of();

    /** One case: its number ({@code 01}...), the command line, qemu's output and exit status. */
    public record Case(String id, String line, String output, int status) {}

    /** Every case of the suite, in order (the golden files 01.cmd, 02.cmd, ... up to the first missing number). */
    public static List<Case> cases() throws IOException {
        List<Case> all = new ArrayList<>();
        for (int i = 1; ; i++) {
            Case c = load(i);
            if (c == null) return all;
            all.add(c);
        }
    }

    /** Case {@code n}, or null if there is none. */
    public static Case load(int n) throws IOException {
        String id = String.format("%02d", n);
        String cmd = resource(id + ".cmd");
        if (cmd == null) return null;
        String line = cmd.endsWith("\n") ? cmd.substring(0, cmd.length() - 1) : cmd;
        return new Case(id, line, resource(id + ".out"), Integer.parseInt(resource(id + ".status").trim()));
    }

    @TestFactory
    Stream<DynamicTest> busyboxAgainstQemu() throws IOException {
        if (initramfs == null) initramfs = CoLocatedLinux.initramfsWith(programs());
        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : cases()) {
            String id = c.id(), line = c.line(), out = c.output();
            int status = c.status();
            tests.add(DynamicTest.dynamicTest(id + ": " + line, () -> {
                CoLocatedLinux l = new CoLocatedLinux(initramfs);
                CoLocatedLinux.Result r = l.shell(line, 500_000_000L);
                String expected = normalise(out), actual = normalise(r.output());
                boolean same = expected.equals(actual) && status == r.status();
                org.junit.jupiter.api.Assumptions.assumeTrue(same || !KNOWN.containsKey(id), () -> "known difference: " + KNOWN.get(id));
                assertEquals(expected, actual, "output of " + line);
                assertEquals(status, r.status(), "status of " + line);
            }));
        }
        return tests.stream();
    }

    /** The glibc test programs (src/test/guest/programs), in /bin as generate.sh puts them. */
    public static java.util.Map<String, byte[]> programs() throws IOException {
        java.util.Map<String, byte[]> m = new java.util.LinkedHashMap<>();
        for (String name : new String[] {"lxtest", "lxsem"}) {
            try (InputStream in = DifferentialTest.class.getResourceAsStream("/l4/linuxserver/programs/" + name)) {
                m.put("bin/" + name, in.readAllBytes());
            }
        }
        return m;
    }

    private static final java.util.regex.Pattern LS_DATE =
            java.util.regex.Pattern.compile("(?m)(^[-dlcbps][-rwxsStT]{9}.*?) [A-Z][a-z]{2} [ 0-9]\\d ( \\d{4}|\\d\\d:\\d\\d) ");

    public static String normalise(String s) {
        return LS_DATE.matcher(s).replaceAll("$1 <date> ");
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = DifferentialTest.class.getResourceAsStream(DIR + name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
