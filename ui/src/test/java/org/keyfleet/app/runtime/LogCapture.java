package org.keyfleet.app.runtime;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;

/**
 * Keeps every log event of the process from now on (message with its arguments, logger, and any exception with its
 * stack trace and causes), with the application's loggers at DEBUG. Attach after Spring Boot has set up logging:
 * it resets the appenders when a context starts.
 */
final class LogCapture extends AppenderBase<ILoggingEvent> {

    private final List<String> lines = new ArrayList<>();

    static LogCapture attach() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        LogCapture capture = new LogCapture();
        capture.setContext(context);
        capture.setName("key-scan-capture");
        capture.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(capture);
        context.getLogger("org.keyfleet").setLevel(Level.DEBUG);
        return capture;
    }

    void detach() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(this);
        stop();
    }

    @Override
    protected synchronized void append(ILoggingEvent e) {
        StringBuilder b = new StringBuilder();
        b.append(e.getLevel()).append(' ').append(e.getLoggerName()).append(": ").append(e.getFormattedMessage());
        IThrowableProxy t = e.getThrowableProxy();
        if (t != null) {
            b.append('\n').append(ThrowableProxyUtil.asString(t));
        }
        lines.add(b.toString());
    }

    synchronized String text() {
        return String.join("\n", lines);
    }

    synchronized int events() {
        return lines.size();
    }
}
