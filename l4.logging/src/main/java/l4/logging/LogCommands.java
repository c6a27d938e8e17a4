package l4.logging;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;

/**
 * Karaf's log commands over the OSGi Log Service: {@code log:display} prints the newest entries,
 * {@code log:tail} follows new ones until Ctrl-C; both filter by minimum level and by logger
 * (a name prefix: {@code l4.kernel} takes {@code l4.kernel.boot.MachineService} too).
 */
@Component(service = LogCommands.class, property = {
    "osgi.command.scope=log",
    "osgi.command.function=display",
    "osgi.command.function=tail"})
public final class LogCommands {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
        .withZone(ZoneId.systemDefault());

    @Reference
    LogReaderService reader;

    @Descriptor("the newest log entries, oldest first (the OSGi log keeps the last 1000)")
    public String display(
        @Descriptor("how many entries (default 50)") @Parameter(names = {"-n", "--entries"}, absentValue = "50") int entries,
        @Descriptor("minimum level: TRACE, DEBUG, INFO, WARN or ERROR (default INFO)") @Parameter(names = {"-l", "--level"}, absentValue = "INFO") String level,
        @Descriptor("only loggers starting with this name (e.g. l4.kernel), or a bundle's symbolic name") @Parameter(names = {"-g", "--logger"}, absentValue = "") String logger) {
        if (entries < 1) {
            throw new IllegalArgumentException("log:display: --entries must be at least 1");
        }
        LogLevel min = level(level);
        List<String> lines = new ArrayList<>();
        @SuppressWarnings("unchecked")
        Enumeration<LogEntry> log = reader.getLog(); // newest first
        while (log.hasMoreElements() && lines.size() < entries) {
            LogEntry e = log.nextElement();
            if (matches(e, min, logger)) {
                lines.add(format(e));
            }
        }
        Collections.reverse(lines);
        return lines.isEmpty() ? "no log entries at " + min + " or above" + (logger.isEmpty() ? "" : " from " + logger)
            : String.join(System.lineSeparator(), lines);
    }

    @Descriptor("prints new log entries as they come, until Ctrl-C")
    public void tail(
        @Descriptor("minimum level: TRACE, DEBUG, INFO, WARN or ERROR (default INFO)") @Parameter(names = {"-l", "--level"}, absentValue = "INFO") String level,
        @Descriptor("only loggers starting with this name, or a bundle's symbolic name") @Parameter(names = {"-g", "--logger"}, absentValue = "") String logger)
        throws InterruptedException {
        LogLevel min = level(level);
        BlockingQueue<LogEntry> queue = new LinkedBlockingQueue<>(10_000);
        LogListener listener = e -> {
            if (matches(e, min, logger)) {
                queue.offer(e);
            }
        };
        PrintStream out = System.out;
        out.println(display(10, level, logger));
        reader.addLogListener(listener);
        try {
            while (true) {
                out.println(format(queue.take()));
                out.flush();
            }
        } finally {
            reader.removeLogListener(listener);
        }
    }

    static LogLevel level(String text) {
        try {
            return LogLevel.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown level '" + text + "' (TRACE, DEBUG, INFO, WARN or ERROR)");
        }
    }

    static boolean matches(LogEntry e, LogLevel min, String logger) {
        if (!min.implies(e.getLogLevel())) {
            return false;
        }
        if (logger == null || logger.isEmpty()) {
            return true;
        }
        String name = e.getLoggerName() == null ? "" : e.getLoggerName();
        String bundle = e.getBundle() == null ? "" : String.valueOf(e.getBundle().getSymbolicName());
        return name.startsWith(logger) || bundle.equals(logger);
    }

    static String format(LogEntry e) {
        String failure = e.getException() == null ? "" : " (" + e.getException() + ")";
        return String.format("%s %-5s %s - %s%s", TIME.format(Instant.ofEpochMilli(e.getTime())), e.getLogLevel(),
            e.getLoggerName(), e.getMessage(), failure);
    }
}
