package l4.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsageTest {

    /** A command as Gogo sees it: overloads, options, a session parameter, varargs. */
    public static final class Sample {
        public String run() {
            return "";
        }

        public String run(@Descriptor("task") String task) {
            return task;
        }

        public String run(CommandSession session,
            @Parameter(names = {"-r", "--rounds"}, absentValue = "1") String rounds,
            @Parameter(names = {"-i", "--intra"}, absentValue = "false", presentValue = "true") boolean intra,
            String... taskIds) {
            return rounds;
        }
    }

    @Test
    void coercionFailureNamesTheFunction() {
        assertEquals(Optional.of("threads"),
            Usage.coercedFunction("Cannot coerce threads(Token, Token) to any of [(String), ()]"));
        assertEquals(Optional.empty(), Usage.coercedFunction("no task 0x5 is active"));
        assertEquals(Optional.empty(), Usage.coercedFunction(null));
    }

    @Test
    void usageLinesShowOptionsAndArgumentNames() {
        List<String> lines = Usage.lines("l4:run", "run", Sample.class);
        assertEquals(List.of("l4:run", "l4:run TASK", "l4:run [--rounds ROUNDS] [--intra] TASK_IDS..."), lines);
        assertEquals("usage: l4:run | l4:run TASK | l4:run [--rounds ROUNDS] [--intra] TASK_IDS...", Usage.oneLine(lines));
    }

    /** {@code break} is a Java keyword: Gogo calls {@code _break} for it. */
    public static final class KeywordSample {
        public String _break() { return ""; }

        public String _break(@org.apache.felix.service.command.Descriptor("ipc") String action, String from, String to) { return ""; }
    }

    @Test
    void aKeywordFunctionIsItsUnderscoreMethod() {
        List<String> lines = Usage.lines("l4:break", "break", KeywordSample.class);
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).equals("l4:break"), lines.toString());
        assertTrue(lines.get(1).startsWith("l4:break "), lines.toString());
    }

    @Test
    void theScopeTypedBeforeTheFunctionIsTheOneMeant() {
        assertEquals("l4", Failures.scopeIn("l4:threads 1 2", "threads"));
        assertNull(Failures.scopeIn("threads 1 2", "threads"));
        assertNull(Failures.scopeIn("l4:threadsx 1", "threads"));
    }

    @Test
    void failuresWithoutAFrameworkKeepTheCommandsMessage() {
        assertEquals("no task 0x5 is active",
            new Failures(null).describe(new IllegalArgumentException("no task 0x5 is active"), "l4:threads 5"));
    }

    @Test
    void installLocationsArePathsOrUrls(@TempDir Path dir) throws Exception {
        Path jar = Files.createFile(dir.resolve("b.jar"));
        assertEquals(jar.toUri().toString(), BundleCommands.location(null, jar.toString()));
        assertEquals("https://example.org/b.jar", BundleCommands.location(null, "https://example.org/b.jar"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> BundleCommands.location(null, dir.resolve("missing.jar").toString()));
        assertTrue(e.getMessage().startsWith("no such file: "), e.getMessage());
    }

    @Test
    void completionsListOptionsAndDescription() {
        var data = CommandCompletions.of(Sample.class, "run");
        assertTrue(data.stream().anyMatch(d -> d.options != null && d.options.contains("--rounds")));
        assertTrue(data.stream().anyMatch(d -> d.options != null && d.options.contains("--intra")));
    }
}
