package l4.itest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;

/**
 * Runs Gogo commands the way a user would type them, through the framework's CommandProcessor
 * (the machine service itself is not exported). One session per command: its output and result
 * come back as text; a failing command throws {@link Failed} with the command's own message.
 */
final class Shell {

    /** A command that failed: the message the console would print after {@code Error:}. */
    static final class Failed extends Exception {
        private static final long serialVersionUID = 1L;
        final Throwable cause;

        Failed(String command, Throwable cause) {
            super(command + " failed: " + cause, cause);
            this.cause = cause;
        }

        /** The message of what the command threw (null if it had none). */
        String commandMessage() {
            return cause.getMessage();
        }
    }

    private final CommandProcessor processor;

    Shell(CommandProcessor processor) {
        this.processor = processor;
    }

    /** The command's printed output followed by its result, as the shell would show them. */
    String run(String command) throws Failed {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), o, e);
        Object result;
        try {
            result = session.execute(command);
        } catch (Exception ex) {
            throw new Failed(command, ex);
        } finally {
            session.close();
        }
        o.flush();
        String printed = out.toString(StandardCharsets.UTF_8);
        return result == null ? printed : printed + result;
    }

    /** The command's result, or empty when it failed (for polling). */
    Optional<String> attempt(String command) {
        try {
            return Optional.of(run(command));
        } catch (Failed e) {
            return Optional.empty();
        }
    }

    /** The message of the command's failure; an AssertionError if it succeeded. */
    Throwable failure(String command) {
        try {
            String output = run(command);
            throw new AssertionError(command + " should have failed but printed:\n" + output);
        } catch (Failed e) {
            return e.cause;
        }
    }

    /** The {@code name:} of {@code l4:arch}, or empty when no machine is running. */
    Optional<String> arch() {
        return attempt("l4:arch").flatMap(s -> field(s, "name"));
    }

    /** Polls {@code l4:arch} until it names {@code name}. */
    boolean awaitArch(String name, Duration timeout) throws InterruptedException {
        return Await.until(() -> arch().filter(name::equals).isPresent(), timeout);
    }

    /** The value of a {@code name: value} line of a command's output. */
    static Optional<String> field(String output, String name) {
        Matcher m = Pattern.compile("(?m)^\\s*" + Pattern.quote(name) + ":\\s*(.*?)\\s*$").matcher(output);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    static long number(String output, String name) {
        String v = field(output, name).orElseThrow(() -> new AssertionError("no line '" + name + ":' in:\n" + output));
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new AssertionError("'" + name + ":' is not a number (" + v + ") in:\n" + output);
        }
    }
}
