package org.keyfleet.terminal;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.slf4j.LoggerFactory;

/**
 * Everything logged while it is open, through SLF4J (our code) and java.util.logging (Tomcat's own log), at every
 * level our loggers and Tomcat's let through, so a test can see what an operator's log would hold.
 */
final class LogCapture implements AutoCloseable {

    /** One log line: logger, level, message, and the stack trace if one was attached. */
    record Line(String logger, String level, String message, String trace) {
        boolean hasTrace() {
            return trace != null;
        }
    }

    private final ListAppender<ILoggingEvent> slf4j = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final java.util.logging.Logger julRoot = java.util.logging.Logger.getLogger("");
    private final List<LogRecord> jul = new ArrayList<>();
    private final Handler julHandler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (jul) {
                jul.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    LogCapture() {
        slf4j.start();
        root.addAppender(slf4j);
        julHandler.setLevel(Level.ALL);
        julRoot.addHandler(julHandler);
    }

    List<Line> lines() {
        List<Line> out = new ArrayList<>();
        synchronized (slf4j.list) {
            for (ILoggingEvent e : slf4j.list) {
                out.add(new Line(e.getLoggerName(), e.getLevel().toString(), e.getFormattedMessage(),
                        e.getThrowableProxy() == null ? null : e.getThrowableProxy().getClassName()));
            }
        }
        synchronized (jul) {
            for (LogRecord r : jul) {
                String message = r.getMessage();
                out.add(new Line(r.getLoggerName(), r.getLevel().toString(), message,
                        r.getThrown() == null ? null : r.getThrown().toString()));
            }
        }
        return out;
    }

    @Override
    public void close() {
        root.detachAppender(slf4j);
        julRoot.removeHandler(julHandler);
    }
}
