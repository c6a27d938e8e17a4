package l4.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;

import org.junit.jupiter.api.Test;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;

class LogCommandsTest {

    private static LogEntry entry(LogLevel level, String logger, String message) {
        return (LogEntry) Proxy.newProxyInstance(LogEntry.class.getClassLoader(), new Class<?>[] {LogEntry.class},
            (proxy, method, args) -> switch (method.getName()) {
                case "getLogLevel" -> level;
                case "getLoggerName" -> logger;
                case "getMessage" -> message;
                case "getTime" -> 0L;
                default -> null;
            });
    }

    @Test
    void levelsAreKaraf() {
        assertEquals(LogLevel.WARN, LogCommands.level("warn"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LogCommands.level("loud"));
        assertTrue(e.getMessage().contains("TRACE, DEBUG, INFO, WARN or ERROR"), e.getMessage());
    }

    @Test
    void filterByMinimumLevelAndLoggerPrefix() {
        LogEntry warn = entry(LogLevel.WARN, "l4.kernel.boot.MachineService", "halted");
        LogEntry debug = entry(LogLevel.DEBUG, "l4.kernel.Kernel", "tick");
        assertTrue(LogCommands.matches(warn, LogLevel.INFO, ""));
        assertFalse(LogCommands.matches(debug, LogLevel.INFO, ""));
        assertTrue(LogCommands.matches(warn, LogLevel.WARN, "l4.kernel"));
        assertFalse(LogCommands.matches(warn, LogLevel.ERROR, "l4.kernel"));
        assertFalse(LogCommands.matches(warn, LogLevel.INFO, "l4.sigma0"));
        assertTrue(LogCommands.format(warn).contains("WARN  l4.kernel.boot.MachineService - halted"), LogCommands.format(warn));
    }
}
