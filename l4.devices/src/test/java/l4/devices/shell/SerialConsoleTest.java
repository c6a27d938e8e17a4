package l4.devices.shell;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import l4.devices.uart.SerialLine;
import org.jline.terminal.Attributes;
import org.jline.terminal.impl.ExternalTerminal;
import org.junit.jupiter.api.Test;

/**
 * {@code l4:console} on a terminal with a line discipline (JLine's external terminal, as a
 * pseudo-terminal behaves): while attached, Ctrl-C reaches the UART as a byte instead of raising
 * SIGINT, what the machine sends appears on the screen, Ctrl-] detaches, and the terminal's
 * settings are put back.
 */
class SerialConsoleTest {
    /** What the terminal shows, readable while it is written. */
    static final class Screen extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) { bytes.write(b); }

        synchronized String text() { return bytes.toString(StandardCharsets.ISO_8859_1); }
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 500 && !condition.getAsBoolean(); i++) Thread.sleep(10);
        assertTrue(condition.getAsBoolean());
    }

    @Test
    void ctrlCGoesToTheMachineAndCtrlBracketDetaches() throws Exception {
        PipedOutputStream keyboard = new PipedOutputStream();
        Screen screen = new Screen();
        ExecutorService shell = Executors.newSingleThreadExecutor();
        try (ExternalTerminal terminal = new ExternalTerminal("pty", "xterm", new PipedInputStream(keyboard), screen, StandardCharsets.UTF_8)) {
            Attributes cooked = terminal.getAttributes();
            assertTrue(cooked.getLocalFlag(Attributes.LocalFlag.ISIG), "a terminal turns Ctrl-C into SIGINT");
            SerialLine line = new SerialLine(1024);
            ByteArrayOutputStream uart = new ByteArrayOutputStream();
            Future<SerialAttachment.End> attached = shell.submit(() -> SerialConsole.attach(terminal, line, b -> {
                synchronized (uart) {
                    uart.write(b);
                }
            }));
            await(() -> screen.text().contains("attached to COM1; Ctrl-] detaches"));
            keyboard.write('r');
            keyboard.flush();
            await(() -> {
                synchronized (uart) {
                    return uart.size() == 1;
                }
            });
            for (byte b : "login: ".getBytes(StandardCharsets.US_ASCII)) line.accept(b);
            await(() -> screen.text().endsWith("login: "));
            keyboard.write(new byte[] {'o', 'o', 't', '\r', 0x03, 0x1D, 'x'});
            keyboard.flush();
            assertEquals(SerialAttachment.End.DETACHED, attached.get(5, TimeUnit.SECONDS));
            synchronized (uart) {
                assertArrayEquals(new byte[] {'r', 'o', 'o', 't', '\r', 0x03}, uart.toByteArray(),
                    "the keys as typed, Enter as CR and Ctrl-C as 0x03, nothing after Ctrl-]");
            }
            Attributes after = terminal.getAttributes();
            assertTrue(after.getLocalFlag(Attributes.LocalFlag.ISIG), "signals are back");
            assertEquals(cooked.getLocalFlag(Attributes.LocalFlag.ICANON), after.getLocalFlag(Attributes.LocalFlag.ICANON));
            assertEquals(cooked.getLocalFlag(Attributes.LocalFlag.ECHO), after.getLocalFlag(Attributes.LocalFlag.ECHO));
            line.accept('!');
            assertFalse(screen.text().endsWith("!"), "detached: the machine's output no longer reaches the terminal");
        } finally {
            shell.shutdownNow();
        }
    }
}
