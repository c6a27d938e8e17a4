package l4.console;

import java.io.IOError;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;

import org.apache.felix.gogo.jline.Expander;
import org.apache.felix.gogo.jline.Highlighter;
import org.apache.felix.gogo.jline.ParsedLineImpl;
import org.apache.felix.gogo.jline.Parser;
import org.apache.felix.gogo.jline.Shell;
import org.apache.felix.gogo.runtime.CommandSessionImpl;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.apache.felix.service.command.Function;
import org.apache.felix.service.command.Job;
import org.jline.builtins.Completers;
import org.jline.builtins.Completers.CompletionData;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.Terminal.Signal;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;

/**
 * The interactive shell: Gogo's JLine front end (its parser, highlighter, completer and profile)
 * with a read-eval loop of our own, so that a failed command shows one line (its message, or its
 * usage when the arguments fit none of its methods) instead of Gogo's exception text. Ctrl-C
 * interrupts the running command (the JVM ignores SIGINT while this terminal is open), Ctrl-D or
 * {@code stop 0} quits, history is kept in the data directory.
 */
final class InteractiveShell implements Runnable {

    /** Failed prompts in a row after which the terminal is taken for gone. */
    private static final int MAX_TERMINAL_FAILURES = 5;

    private final CommandProcessor processor;
    private final Terminal terminal;
    private final Path history;
    private final Failures failures;
    private final CommandCompletions completions;
    private final BooleanSupplier frameworkActive;
    private final Runnable shutdown;

    InteractiveShell(CommandProcessor processor, Terminal terminal, Path history, Failures failures,
        CommandCompletions completions, BooleanSupplier frameworkActive, Runnable shutdown) {
        this.processor = Objects.requireNonNull(processor);
        this.terminal = Objects.requireNonNull(terminal);
        this.history = history;
        this.failures = Objects.requireNonNull(failures);
        this.completions = Objects.requireNonNull(completions);
        this.frameworkActive = Objects.requireNonNull(frameworkActive);
        this.shutdown = Objects.requireNonNull(shutdown);
    }

    @Override
    public void run() {
        OutputStream shown = new FlushingOutputStream(terminal.output());
        CommandSession session = processor.createSession(terminal.input(), shown, shown);
        try {
            LineReader reader = reader(session);
            session.setJobListener((job, previous, current) -> {
                String line = BackgroundJobs.report(job.id(), job.command(), previous, current, job.result());
                if (line != null) reader.printAbove(line);
            });
            profile(session);
            loop(session, reader);
        } catch (RuntimeException e) {
            if (frameworkActive.getAsBoolean()) {
                terminal.writer().println("l4: the shell failed: " + ErrorMessage.of(e));
                terminal.flush();
            }
        } finally {
            session.close();
        }
        if (frameworkActive.getAsBoolean()) {
            shutdown.run();
        }
    }

    private LineReader reader(CommandSession session) {
        session.put(Shell.VAR_TERMINAL, terminal);
        session.put(Shell.VAR_PROCESSOR, processor);
        session.put(Shell.VAR_SESSION, session);
        session.put("#TERM", (Function) (s, args) -> terminal.getType());
        session.put("#COLUMNS", (Function) (s, args) -> terminal.getWidth());
        session.put("#LINES", (Function) (s, args) -> terminal.getHeight());
        session.put("#PWD", (Function) (s, args) -> s.currentDir().toString());
        session.put(".gosh_quiet", Boolean.TRUE);
        if (history != null) {
            session.put(LineReader.HISTORY_FILE, history);
        }
        session.put(Shell.VAR_COMPLETIONS, new HashMap<String, List<CompletionData>>());
        Completers.CompletionEnvironment environment = new Completers.CompletionEnvironment() {
            @Override
            public Map<String, List<CompletionData>> getCompletions() {
                Map<String, List<CompletionData>> map = Shell.getCompletions(session);
                completions.addMissing(map, getCommands());
                return map;
            }

            @Override
            public Set<String> getCommands() {
                return Shell.getCommands(session);
            }

            @Override
            public String resolveCommand(String command) {
                return Shell.resolve(session, command);
            }

            @Override
            public String commandName(String command) {
                int colon = command.indexOf(':');
                return colon >= 0 ? command.substring(colon + 1) : command;
            }

            @Override
            public Object evaluate(LineReader reader, ParsedLine line, String function) throws Exception {
                session.put(Shell.VAR_COMMAND_LINE, line);
                return session.execute(function);
            }
        };
        LineReader reader = LineReaderBuilder.builder()
            .terminal(terminal)
            .appName("l4")
            .variables(((CommandSessionImpl) session).getVariables())
            .completer(new Completers.Completer(environment))
            .highlighter(new Highlighter(session))
            .parser(new Parser())
            .expander(new Expander(session))
            .build();
        reader.setOpt(LineReader.Option.AUTO_FRESH_LINE);
        session.put(Shell.VAR_READER, reader);
        return reader;
    }

    /** Gogo JLine's own profile (prompt, SCOPE, completions of the gogo commands). */
    private void profile(CommandSession session) {
        URL profile = Shell.class.getResource("/gosh_profile");
        if (profile == null) {
            session.put("SCOPE", "gogo:*");
            return;
        }
        try (InputStream in = profile.openStream()) {
            session.put("0", profile.toURI());
            session.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (Exception e) {
            session.put("SCOPE", "gogo:*");
        }
    }

    private void loop(CommandSession session, LineReader reader) {
        Terminal.SignalHandler previous = terminal.handle(Signal.INT, signal -> {
            Job job = session.foregroundJob();
            if (job != null) {
                job.interrupt();
            }
        });
        try {
            int terminalFailures = 0;
            while (frameworkActive.getAsBoolean()) {
                Thread.interrupted(); // a Ctrl-C that arrived as the last command ended is spent
                try {
                    reader.readLine(Shell.getPrompt(session), Shell.getRPrompt(session), (Character) null, null);
                    terminalFailures = 0;
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    break;
                } catch (IOError | RuntimeException e) {
                    // a terminal without a native library asks stty for its size and modes: a
                    // Ctrl-C that reaches stty too fails that query; the next prompt asks again
                    if (!frameworkActive.getAsBoolean()) {
                        break;
                    }
                    if (++terminalFailures >= MAX_TERMINAL_FAILURES) {
                        terminal.writer().println("l4: the terminal failed " + terminalFailures + " times in a row ("
                            + ErrorMessage.of(e) + "); the shell ends");
                        terminal.flush();
                        break;
                    }
                    terminal.writer().println();
                    terminal.flush();
                    continue;
                }
                ParsedLine parsed = reader.getParsedLine();
                if (parsed == null) {
                    break;
                }
                execute(session, parsed);
                if (Thread.currentThread().isInterrupted() && !frameworkActive.getAsBoolean()) {
                    break;
                }
            }
        } finally {
            terminal.handle(Signal.INT, previous);
            try {
                reader.getHistory().save();
            } catch (IOException | RuntimeException e) {
                // history is a convenience
            }
        }
    }

    private void execute(CommandSession session, ParsedLine parsed) {
        try {
            Object result = session.execute(((ParsedLineImpl) parsed).program());
            session.put(Shell.VAR_RESULT, result);
            if (result != null && !Boolean.FALSE.equals(session.get(".Gogo.format"))) {
                terminal.writer().println(session.format(result, Converter.INSPECT));
            }
        } catch (Exception e) {
            if (!frameworkActive.getAsBoolean()) {
                return; // stop 0: whatever fails while the framework goes down is no news
            }
            session.put(Shell.VAR_EXCEPTION, e);
            String line = failures.describe(e, parsed.line());
            terminal.writer().println(new AttributedString(line, AttributedStyle.DEFAULT.foreground(AttributedStyle.RED))
                .toAnsi(terminal));
        } finally {
            terminal.flush();
        }
    }
}
