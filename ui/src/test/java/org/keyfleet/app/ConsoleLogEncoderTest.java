package org.keyfleet.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;

/** The console encoder of logback-spring.xml: Boot's pattern by default, one JSON object a line when asked. */
class ConsoleLogEncoderTest {

    private static String encode(String structuredFormat) {
        LoggerContext context = new LoggerContext();
        context.putObject(Environment.class.getName(), new StandardEnvironment());   // as Boot's logging system does
        context.setMDCAdapter(new LogbackMDCAdapter());
        ConsoleLogEncoder encoder = new ConsoleLogEncoder();
        encoder.setContext(context);
        encoder.setPattern("%level %logger - %msg%n");
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.setStructuredFormat(structuredFormat);
        encoder.start();
        LoggingEvent event = new LoggingEvent(ConsoleLogEncoderTest.class.getName(),
                context.getLogger("org.keyfleet.terminal.KmeServer"), Level.INFO, "KMEs of {} sites listening", null,
                new Object[] {60});
        return new String(encoder.encode(event), StandardCharsets.UTF_8);
    }

    @Test
    void textByDefault() {
        assertThat(encode("")).isEqualTo("INFO org.keyfleet.terminal.KmeServer - KMEs of 60 sites listening\n");
    }

    @Test
    void oneJsonObjectALineWhenStructured() throws Exception {
        String line = encode("ecs");
        assertThat(line).endsWith("\n").doesNotContain("\n{");
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.path("message").asText()).isEqualTo("KMEs of 60 sites listening");
        assertThat(line).contains("INFO", "org.keyfleet.terminal.KmeServer");
    }
}
