package l4.logging;

import java.util.Map;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.log.admin.LoggerAdmin;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

/**
 * Joins the two logs of the system. SLF4J/logback events of every bundle go into the OSGi Log
 * Service, so that its readers ({@code log:display}, {@code log:tail}, Felix's {@code log}) see
 * them; entries that reach the OSGi log from elsewhere (framework errors, SCR, ConfigAdmin) at
 * WARN and above go to logback, and so to the log file. A marker keeps an entry from going round.
 */
@Component(immediate = true)
public final class LogBridge {

    /** Marks logback events that came from the OSGi log, which must not go back into it. */
    static final Marker FROM_OSGI_LOG = MarkerFactory.getMarker("OSGI_LOG");
    static final String APPENDER = "OSGI_LOG";

    @Reference
    LoggerFactory loggers;
    @Reference
    LoggerAdmin loggerAdmin;
    @Reference
    LogReaderService reader;

    private Bundle self;
    private LoggerContext logback;
    private Appender appender;
    private final LogListener forward = this::forward;

    @Activate
    void activate(BundleContext context) {
        self = context.getBundle();
        // the OSGi log keeps INFO and above by default (Log 1.4's default is WARN)
        loggerAdmin.getLoggerContext(null).setLogLevels(Map.of(Logger.ROOT_LOGGER_NAME, LogLevel.INFO));
        reader.addLogListener(forward);
        if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof LoggerContext context2) {
            logback = context2;
            appender = new Appender(loggers, self);
            appender.setContext(logback);
            appender.setName(APPENDER);
            appender.start();
            logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(appender);
        }
    }

    @Deactivate
    void deactivate() {
        reader.removeLogListener(forward);
        if (logback != null) {
            logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(appender);
            appender.stop();
        }
    }

    private void forward(LogEntry entry) {
        if (entry.getBundle() == self || entry.getLogLevel().implies(LogLevel.INFO)) {
            return; // from logback already, or below WARN
        }
        String bundle = entry.getBundle() == null ? "osgi" : entry.getBundle().getSymbolicName();
        org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(entry.getLoggerName() == null || entry.getLoggerName().isEmpty()
            || entry.getLoggerName().equals(Logger.ROOT_LOGGER_NAME) ? bundle : entry.getLoggerName());
        String message = "[" + bundle + "] " + entry.getMessage()
            + (entry.getServiceReference() == null ? "" : " (service " + entry.getServiceReference().getProperty("service.id") + ")");
        if (entry.getLogLevel() == LogLevel.ERROR || entry.getLogLevel() == LogLevel.AUDIT) {
            log.error(FROM_OSGI_LOG, message, entry.getException());
        } else {
            log.warn(FROM_OSGI_LOG, message, entry.getException());
        }
    }

    /** A logback appender into the OSGi log; entries are logged by this bundle under the event's logger name. */
    static final class Appender extends AppenderBase<ILoggingEvent> {
        private final LoggerFactory loggers;
        private final Bundle bundle;

        Appender(LoggerFactory loggers, Bundle bundle) {
            this.loggers = loggers;
            this.bundle = bundle;
        }

        @Override
        protected void append(ILoggingEvent event) {
            if (event.getMarkerList() != null && event.getMarkerList().contains(FROM_OSGI_LOG)) {
                return;
            }
            Logger log = loggers.getLogger(bundle, event.getLoggerName(), Logger.class);
            String message = event.getFormattedMessage();
            Throwable failure = throwable(event.getThrowableProxy());
            switch (event.getLevel().toInt()) {
                case ch.qos.logback.classic.Level.ERROR_INT -> log.error("{}", message, failure);
                case ch.qos.logback.classic.Level.WARN_INT -> log.warn("{}", message, failure);
                case ch.qos.logback.classic.Level.INFO_INT -> log.info("{}", message, failure);
                case ch.qos.logback.classic.Level.DEBUG_INT -> log.debug("{}", message, failure);
                default -> log.trace("{}", message, failure);
            }
        }

        private static Throwable throwable(IThrowableProxy proxy) {
            return proxy instanceof ThrowableProxy p ? p.getThrowable() : null;
        }
    }
}
