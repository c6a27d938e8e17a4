package l4.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** A command's output reaches a buffered terminal as it is written, not when the command ends. */
class FlushingOutputStreamTest {

    @Test
    void everyWriteReachesTheTerminal() throws IOException {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        BufferedOutputStream terminal = new BufferedOutputStream(screen, 8192);
        PrintStream command = new PrintStream(new FlushingOutputStream(terminal), false, StandardCharsets.UTF_8);
        command.print("pingpong: 1 of 2 round trips");
        assertEquals("pingpong: 1 of 2 round trips", screen.toString(StandardCharsets.UTF_8));
        command.write('\n');
        assertEquals("pingpong: 1 of 2 round trips\n", screen.toString(StandardCharsets.UTF_8));
        command.close();
        terminal.write('x');
        terminal.flush();
        assertEquals("pingpong: 1 of 2 round trips\nx", screen.toString(StandardCharsets.UTF_8), "closing a session leaves the terminal open");
    }
}
