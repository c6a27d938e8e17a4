package l4.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ConsoleModeTest {

    @Test
    void noPropertiesMeansInteractive() {
        ConsoleMode mode = ConsoleMode.from(k -> null);
        assertEquals(ConsoleMode.Kind.INTERACTIVE, mode.kind());
        assertFalse(mode.batch());
        assertNull(mode.commands());
    }

    @Test
    void commandsPropertyWinsOverStdin() {
        Map<String, String> p = Map.of(ConsoleMode.COMMANDS, "lb; scr:list", ConsoleMode.STDIN, "true");
        ConsoleMode mode = ConsoleMode.from(p::get);
        assertEquals(ConsoleMode.Kind.COMMANDS, mode.kind());
        assertEquals("lb; scr:list", mode.commands());
        assertTrue(mode.batch());
    }

    @Test
    void stdinOnlyWhenTrue() {
        assertEquals(ConsoleMode.Kind.STDIN, ConsoleMode.from(Map.of(ConsoleMode.STDIN, "true")::get).kind());
        assertEquals(ConsoleMode.Kind.INTERACTIVE, ConsoleMode.from(Map.of(ConsoleMode.STDIN, "no")::get).kind());
    }
}
