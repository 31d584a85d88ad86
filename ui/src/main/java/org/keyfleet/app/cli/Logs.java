package org.keyfleet.app.cli;

import org.slf4j.LoggerFactory;

/**
 * Log levels of the commands that run without a Spring context (which would apply logback-spring.xml): nothing
 * else configures logback, whose default is DEBUG on the console, nor java.util.logging (Tomcat's). Libraries'
 * warnings still show; the command's own lines stay readable.
 */
final class Logs {

    private Logs() {
    }

    /**
     * Moves logback's console output to standard error. Without a Spring context nothing reads
     * logback-spring.xml, and logback's default console is standard output, where a command's CSV or JSON goes
     * (e.g. 'kmes --format json' logging the PKI it creates). Spring, once started, applies logback-spring.xml,
     * which also writes to standard error.
     */
    static void toStandardError() {
        if (!(LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context)) {
            return;
        }
        for (ch.qos.logback.classic.Logger logger : context.getLoggerList()) {
            logger.iteratorForAppenders().forEachRemaining(a -> {
                if (a instanceof ch.qos.logback.core.ConsoleAppender<?> console
                        && "System.out".equals(console.getTarget())) {
                    console.stop();
                    console.setTarget("System.err");
                    console.start();
                }
            });
        }
    }

    static void quietLibraries() {
        for (String name : new String[] {"org.apache", "com.zaxxer", "org.flywaydb", "org.springframework",
                "org.hibernate"}) {
            if (LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger l && l.getLevel() == null) {
                l.setLevel(ch.qos.logback.classic.Level.WARN);
            }
        }
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.INFO);
        }
        java.util.logging.Logger.getLogger("org.apache").setLevel(java.util.logging.Level.WARNING);
    }
}
