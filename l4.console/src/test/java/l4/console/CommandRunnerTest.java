package l4.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.Test;

class CommandRunnerTest {

    /** A stand-in for Gogo: "echo X" returns X, "fail X" throws with message X, "void" returns null. */
    private final List<String> executed = new ArrayList<>();
    private final Map<String, Object> variables = new HashMap<>();
    private final AtomicInteger closed = new AtomicInteger();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private CommandProcessor processor() {
        CommandSession session = (CommandSession) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] { CommandSession.class }, (proxy, method, args) -> {
                switch (method.getName()) {
                    case "execute": {
                        String program = args[0].toString();
                        executed.add(program);
                        if (program.startsWith("fail ")) {
                            throw new IllegalArgumentException(program.substring(5));
                        }
                        if (program.startsWith("echo ")) {
                            return program.substring(5);
                        }
                        if (program.equals("stop 0")) {
                            // as BundleCommands.stop does; the framework itself is still ACTIVE here
                            variables.put(BundleCommands.SYSTEM_STOPPED, Boolean.TRUE);
                        }
                        return null;
                    }
                    case "format":
                        return "<" + args[0] + ">";
                    case "put":
                        return variables.put((String) args[0], args[1]);
                    case "get":
                        return variables.get(args[0]);
                    case "close":
                        closed.incrementAndGet();
                        return null;
                    default:
                        throw new UnsupportedOperationException(method.getName());
                }
            });
        return (CommandProcessor) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] { CommandProcessor.class }, (proxy, method, args) -> session);
    }

    private int run(ConsoleMode mode, String stdin, boolean withProcessor) throws Exception {
        InputStream in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        CommandProcessor p = withProcessor ? processor() : null;
        return new CommandRunner(mode, () -> p, () -> {
        }, new Failures(null), () -> true, in, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
            .call();
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void commandsSucceedPrintFormattedResultAndExitZero() throws Exception {
        int status = run(new ConsoleMode(ConsoleMode.Kind.COMMANDS, "echo hello"), "", true);
        assertEquals(CommandRunner.OK, status);
        assertEquals("<hello>" + System.lineSeparator(), out());
        assertEquals("", err());
        assertEquals(List.of("echo hello"), executed);
        assertEquals("gogo:*", variables.get("SCOPE"));
        assertEquals(1, closed.get(), "session closed");
    }

    @Test
    void everyStatementOfAProgramShowsItsResultAndAFailureStopsTheRest() throws Exception {
        int status = run(new ConsoleMode(ConsoleMode.Kind.COMMANDS, "echo a; echo b; fail c; echo d"), "", true);
        assertEquals(CommandRunner.FAILED, status);
        assertEquals(List.of("echo a", "echo b", "fail c"), executed);
        assertEquals("<a>" + System.lineSeparator() + "<b>" + System.lineSeparator(), out());
        assertEquals("Error: c" + System.lineSeparator(), err());
    }

    @Test
    void nothingRunsAfterStop0EvenWhileTheFrameworkIsStillActive() throws Exception {
        assertEquals(CommandRunner.OK, run(new ConsoleMode(ConsoleMode.Kind.COMMANDS, "echo a; stop 0; echo b"), "", true));
        assertEquals(List.of("echo a", "stop 0"), executed);
        assertEquals("<a>" + System.lineSeparator(), out());
    }

    @Test
    void nullResultPrintsNothing() throws Exception {
        assertEquals(CommandRunner.OK, run(new ConsoleMode(ConsoleMode.Kind.COMMANDS, "void"), "", true));
        assertEquals("", out());
    }

    @Test
    void failingCommandPrintsOneErrorLineAndExitsNonZero() throws Exception {
        int status = run(new ConsoleMode(ConsoleMode.Kind.COMMANDS, "fail no such task"), "", true);
        assertEquals(CommandRunner.FAILED, status);
        assertEquals("Error: no such task" + System.lineSeparator(), err());
        assertTrue(variables.get("exception") instanceof IllegalArgumentException);
    }

    @Test
    void stdinRunsEveryNonBlankLineAndRemembersAFailure() throws Exception {
        int status = run(new ConsoleMode(ConsoleMode.Kind.STDIN, null), "echo a\n\n  \nfail b\necho c\n", true);
        assertEquals(CommandRunner.FAILED, status);
        assertEquals(List.of("echo a", "fail b", "echo c"), executed);
        assertEquals("<a>" + System.lineSeparator() + "<c>" + System.lineSeparator(), out());
        assertEquals("Error: b" + System.lineSeparator(), err());
    }

    @Test
    void stdinAllSucceedingExitsZero() throws Exception {
        assertEquals(CommandRunner.OK, run(new ConsoleMode(ConsoleMode.Kind.STDIN, null), "echo a\necho b", true));
        assertEquals(List.of("echo a", "echo b"), executed);
    }

    @Test
    void emptyStdinRunsNothingAndExitsZero() throws Exception {
        assertEquals(CommandRunner.OK, run(new ConsoleMode(ConsoleMode.Kind.STDIN, null), "", true));
        assertTrue(executed.isEmpty());
    }

    @Test
    void missingProcessorIsReportedWithItsOwnStatus() throws Exception {
        assertEquals(CommandRunner.NO_SHELL, run(new ConsoleMode(ConsoleMode.Kind.COMMANDS, "lb"), "", false));
        assertTrue(err().startsWith("Error: "), err());
        assertEquals(1, err().lines().count(), err());
    }

    @Test
    void interactiveModeIsNotABatch() {
        assertThrows(IllegalArgumentException.class, () -> new CommandRunner(
            new ConsoleMode(ConsoleMode.Kind.INTERACTIVE, null), () -> null, () -> {
            }, new Failures(null), () -> true, InputStream.nullInputStream(), System.out, System.err));
    }

    @Test
    void callDeclaresIntegerForTheLauncher() throws Exception {
        // the bnd launcher accepts a main-thread Callable only if getMethod("call") returns Integer
        assertEquals(Integer.class, CommandRunner.class.getMethod("call").getReturnType());
    }
}
