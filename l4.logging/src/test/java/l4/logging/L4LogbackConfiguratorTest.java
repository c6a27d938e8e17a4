package l4.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.FilterReply;

class L4LogbackConfiguratorTest {

    private final LoggerContext context = new LoggerContext();

    {
        // what LogbackServiceProvider does for the context it hands to SLF4J
        context.setMDCAdapter(new LogbackMDCAdapter());
    }

    @AfterEach
    void stop() {
        context.stop();
        System.clearProperty("l4.data");
        System.clearProperty("l4.log.level");
    }

    private ExecutionStatus configure(Path data) {
        System.setProperty("l4.data", data.toString());
        L4LogbackConfigurator configurator = new L4LogbackConfigurator();
        configurator.setContext(context);
        return configurator.configure(context);
    }

    @Test
    void logsGoToTheFileInTheDataDirectory(@TempDir Path data) throws Exception {
        assertEquals(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY, configure(data));
        context.getLogger("l4.kernel.Test").info("hello from the test");
        context.getLogger("l4.kernel.Test").debug("not at INFO");
        context.stop(); // flushes and closes the file
        String log = Files.readString(data.resolve("l4.log"));
        assertTrue(log.contains("INFO  [") && log.contains("hello from the test"),
            log + context.getStatusManager().getCopyOfStatusList());
        assertFalse(log.contains("not at INFO"), log);
    }

    @Test
    void theConsoleShowsWarningsAndErrorsOnly(@TempDir Path data) {
        configure(data);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        List<Appender<ILoggingEvent>> consoles = new ArrayList<>();
        root.iteratorForAppenders().forEachRemaining(a -> {
            if (a instanceof ConsoleAppender) {
                consoles.add(a);
            }
        });
        assertEquals(1, consoles.size(), "one console appender");
        Appender<ILoggingEvent> console = consoles.get(0);
        assertEquals(FilterReply.DENY, console.getFilterChainDecision(event(Level.INFO)));
        assertEquals(FilterReply.NEUTRAL, console.getFilterChainDecision(event(Level.WARN)));
        assertEquals(FilterReply.NEUTRAL, console.getFilterChainDecision(event(Level.ERROR)));
    }

    @Test
    void theL4LevelFollowsTheSystemProperty(@TempDir Path data) {
        System.setProperty("l4.log.level", "DEBUG");
        configure(data);
        assertEquals(Level.DEBUG, context.getLogger("l4").getLevel());
        assertEquals(Level.INFO, context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel());
    }

    private ILoggingEvent event(Level level) {
        return new ch.qos.logback.classic.spi.LoggingEvent("test", context.getLogger("l4.test"), level, "m", null,
            null);
    }
}
