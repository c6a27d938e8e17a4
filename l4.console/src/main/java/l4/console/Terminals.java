package l4.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.terminal.impl.DumbTerminal;

/**
 * The terminal of the process, opened once. JLine allows one system terminal per JVM and Gogo
 * JLine opens one when it starts: the terminal made here is handed to it as JLine's terminal
 * override, so that both use the same one (interactive), or Gogo JLine gets a detached one and
 * leaves stdin and the signals alone (batch mode).
 */
final class Terminals {

    private Terminals() {
    }

    /** The real terminal; SIGINT goes to the shell's handler and never stops the JVM. */
    static Terminal system() throws IOException {
        // JLine finds its terminal providers (exec, ffm, ...) through the context class loader
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(TerminalBuilder.class.getClassLoader());
        try {
            return TerminalBuilder.builder()
                .name("l4")
                // stty through a child process: the native providers (jni, ffm) need
                // --enable-native-access on Java 22+, and JNA/Jansi are not installed
                .providers("exec")
                .jni(false)
                .ffm(false)
                .jna(false)
                .jansi(false)
                .system(true)
                .nativeSignals(true)
                .signalHandler(Terminal.SignalHandler.SIG_IGN)
                .build();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** A terminal on no streams at all. */
    static Terminal detached() {
        try {
            return new DumbTerminal("l4-batch", Terminal.TYPE_DUMB, InputStream.nullInputStream(),
                OutputStream.nullOutputStream(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a detached terminal: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("deprecation")
    static void shareWithGogo(Terminal terminal) {
        TerminalBuilder.setTerminalOverride(terminal);
    }

    @SuppressWarnings("deprecation")
    static void release(Terminal terminal) {
        TerminalBuilder.setTerminalOverride(null);
        try {
            terminal.close();
        } catch (IOException | RuntimeException e) {
            // closing on the way out
        }
    }
}
