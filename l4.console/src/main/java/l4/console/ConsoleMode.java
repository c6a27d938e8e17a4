package l4.console;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * How {@code ./l4} asked to be run, read from framework properties. The launcher script sets
 * {@value #COMMANDS} for {@code -c 'cmd; cmd'} and {@value #STDIN} when commands are piped on
 * standard input; without either, the Gogo shell runs interactively and this bundle only prints
 * the banner.
 */
record ConsoleMode(Kind kind, String commands) {

    /** Framework property: a Gogo program to run instead of the interactive shell. */
    static final String COMMANDS = "l4.console.commands";
    /** Framework property: {@code true} to run the lines of standard input as Gogo commands. */
    static final String STDIN = "l4.console.stdin";

    enum Kind {
        /** The Gogo shell owns the terminal; nothing to run here. */
        INTERACTIVE,
        /** Run {@link ConsoleMode#commands()} as one Gogo program, then exit. */
        COMMANDS,
        /** Run each line of standard input, then exit. */
        STDIN
    }

    ConsoleMode {
        Objects.requireNonNull(kind, "kind");
    }

    boolean batch() {
        return kind != Kind.INTERACTIVE;
    }

    /** Reads the mode from framework properties ({@code BundleContext::getProperty}). */
    static ConsoleMode from(UnaryOperator<String> properties) {
        String commands = properties.apply(COMMANDS);
        if (commands != null) {
            return new ConsoleMode(Kind.COMMANDS, commands);
        }
        if (Boolean.parseBoolean(properties.apply(STDIN))) {
            return new ConsoleMode(Kind.STDIN, null);
        }
        return new ConsoleMode(Kind.INTERACTIVE, null);
    }
}
