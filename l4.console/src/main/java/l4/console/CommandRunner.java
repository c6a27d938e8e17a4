package l4.console;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;

/**
 * Runs Gogo commands without the interactive shell and returns the process exit status. The bnd
 * launcher calls it on its main thread (it is registered as a {@code Callable} with
 * {@code main.thread=true}), then stops the framework and exits with the returned value.
 *
 * <p>
 * Output is what the shell would show: whatever the commands print, then the formatted result of each
 * statement (see {@link Statements}: {@code -c 'lb; scr:list'} shows both). A failure prints one
 * {@code Error: <message>} line on the error stream and ends its program: {@code -c} stops at the
 * first failing statement. Standard input runs line by line like the shell and goes on with the
 * next line after a failure, but the exit status still says that one failed.
 */
final class CommandRunner implements Callable<Integer> {

    static final int OK = 0;
    /** At least one command failed. */
    static final int FAILED = 1;
    /** No Gogo command processor showed up: nothing could run. */
    static final int NO_SHELL = 3;

    private final ConsoleMode mode;
    private final Supplier<CommandProcessor> processor;
    private final Runnable settle;
    private final Failures failures;
    private final BooleanSupplier frameworkActive;
    private final InputStream stdin;
    private final PrintStream out;
    private final PrintStream err;

    /**
     * @param processor supplies the command processor, waiting a bounded time; null if none
     * @param settle run before the first command, to let the boot finish
     */
    CommandRunner(ConsoleMode mode, Supplier<CommandProcessor> processor, Runnable settle, Failures failures,
        BooleanSupplier frameworkActive, InputStream stdin, PrintStream out, PrintStream err) {
        if (!mode.batch()) {
            throw new IllegalArgumentException("nothing to run in mode " + mode.kind());
        }
        this.mode = mode;
        this.processor = Objects.requireNonNull(processor);
        this.settle = Objects.requireNonNull(settle);
        this.failures = Objects.requireNonNull(failures);
        this.frameworkActive = Objects.requireNonNull(frameworkActive);
        this.stdin = Objects.requireNonNull(stdin);
        this.out = Objects.requireNonNull(out);
        this.err = Objects.requireNonNull(err);
    }

    /** The launcher checks that this method itself (not just the bridge) returns Integer. */
    @Override
    public Integer call() throws Exception {
        settle.run();
        CommandProcessor gogo = processor.get();
        if (gogo == null) {
            err.println("Error: the Gogo command processor is not available; no command was run");
            return NO_SHELL;
        }
        CommandSession session = gogo.createSession(InputStream.nullInputStream(), out, err);
        try {
            // as the shell's login profile does: gogo's own commands win over same-named ones
            session.put("SCOPE", "gogo:*");
            return switch (mode.kind()) {
                case COMMANDS -> run(session, mode.commands()) ? OK : FAILED;
                case STDIN -> runLines(session);
                case INTERACTIVE -> throw new IllegalStateException();
            };
        } finally {
            session.close();
            out.flush();
            err.flush();
        }
    }

    private int runLines(CommandSession session) throws Exception {
        boolean allOk = true;
        BufferedReader lines = new BufferedReader(new InputStreamReader(stdin));
        for (String line = lines.readLine(); line != null && running(session); line = lines.readLine()) {
            if (!line.isBlank()) {
                allOk &= run(session, line);
            }
        }
        return allOk ? OK : FAILED;
    }

    /**
     * Whether statements may still run: the framework is active and no statement of this session
     * stopped it. {@code stop 0} returns before the framework leaves ACTIVE (Felix stops it on a
     * thread of its own), so the session's own record of it decides at once.
     */
    private boolean running(CommandSession session) {
        return frameworkActive.getAsBoolean() && !Boolean.TRUE.equals(session.get(BundleCommands.SYSTEM_STOPPED));
    }

    /**
     * Runs the statements of one program in turn; stops at the first failure, as Gogo would, and
     * after a statement that stopped the framework ({@code stop 0}), as the shell would.
     */
    private boolean run(CommandSession session, String program) {
        for (String statement : Statements.split(program)) {
            if (!running(session)) {
                return true;
            }
            try {
                Object result = session.execute(statement);
                session.put("_", result);
                if (result != null && !Boolean.FALSE.equals(session.get(".Gogo.format"))) {
                    out.println(session.format(result, Converter.INSPECT));
                }
            } catch (Exception e) {
                if (!running(session)) {
                    return true; // stop 0: what fails while the framework goes down is no news
                }
                session.put("exception", e);
                out.flush();
                err.println("Error: " + failures.describe(e, statement));
                err.flush();
                return false;
            }
        }
        return true;
    }
}
