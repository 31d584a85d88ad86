package org.keyfleet.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyfleet.app.FreePorts;
import org.keyfleet.app.Patience;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code keyfleet serve} in a child JVM with the application's own logging (logback-spring.xml, as the jar runs it)
 * and {@code --log-format json}: start-up is quiet (no line per Tomcat connector, no Flyway chatter: one line for the
 * KMEs, one per module's schema), every log line is a JSON object, and the banner tells where everything is and what
 * to do next.
 */
class ServeLogsProcessTest {

    private static final Pattern NOISE = Pattern.compile("(?i)tomcat|connector|protocolhandler|coyote|catalina|flyway");
    private static final Pattern TEXT_LOG_LINE = Pattern.compile("^\\S*\\d\\d:\\d\\d:\\d\\d\\S*\\s+(TRACE|DEBUG|INFO|WARN|ERROR)\\b");

    @Test
    void startUpIsQuietLogsJsonAndPrintsTheBanner(@TempDir Path data) throws Exception {
        Path scenario = Path.of(getClass().getResource("/org/keyfleet/app/runtime/twin-test.yaml").toURI());
        int kmePort = FreePorts.consecutive(3);
        Path out = data.resolve("serve.out");
        Path err = data.resolve("serve.err");
        Process serve = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m", "-XX:TieredStopAtLevel=1",
                // the test classpath has logback-test.xml; the jar has only logback-spring.xml
                "-Dlogging.config=classpath:logback-spring.xml",
                "-cp", System.getProperty("java.class.path"), "org.keyfleet.app.KeyfleetMain", "serve",
                scenario.toString(), "--data", data.resolve("d").toString(), "--port", "0",
                "--kme-port", Integer.toString(kmePort), "--management-port", "0", "--days", "1",
                "--log-format", "json")
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            long end = System.nanoTime() + Patience.LONG.toNanos();
            while (!Files.readString(out).contains("Next: open")) {
                assertThat(serve.isAlive()).as("serve exited; stderr: %s", Files.readString(err)).isTrue();
                assertThat(System.nanoTime()).as("no banner within %s; stderr: %s", Patience.LONG,
                        Files.readString(err)).isLessThan(end);
                serve.waitFor(200, TimeUnit.MILLISECONDS);
            }
        } finally {
            serve.destroy();
            if (!serve.waitFor(Patience.SHORT.toMillis(), TimeUnit.MILLISECONDS)) {
                serve.destroyForcibly().waitFor();
            }
        }
        String banner = Files.readString(out);
        List<String> log = Files.readAllLines(err, StandardCharsets.UTF_8);

        assertThat(banner).contains("web application  http://localhost:", "sign in as       operator",
                "ui-users.properties", "data directory   " + data.resolve("d"), "Next: open http://localhost:",
                "keyfleet --help");
        ObjectMapper json = new ObjectMapper();
        List<String> messages = new ArrayList<>();
        for (String line : log) {
            if (line.startsWith("{")) {
                JsonNode node = json.readTree(line);   // throws when a log line is not one JSON object
                messages.add(node.path("message").asText());
            } else {
                assertThat(line).as("a log line not in JSON").doesNotContainPattern(TEXT_LOG_LINE);
            }
        }
        assertThat(messages).as("log messages").hasSizeGreaterThan(3)
                .contains("KMEs of 3 sites listening on 127.0.0.1:" + kmePort + "-" + (kmePort + 2)
                        + " (ETSI GS QKD 014, mutual TLS)");
        assertThat(messages.stream().filter(m -> m.startsWith("database schema of "))).as("one line per module's schema")
                .hasSize(4);
        List<String> noisy = log.stream().filter(l -> NOISE.matcher(l).find()).toList();
        System.out.printf("serve start-up (3 KMEs): %d lines on standard error, %d about Tomcat, connectors or Flyway: "
                + "%s%n", log.size(), noisy.size(), noisy);
        // Boot's web server start and graceful stop (4), Vaadin's Atmosphere naming Tomcat; none per KME or per migration
        assertThat(noisy).as("lines about Tomcat, its connectors and Flyway, start to stop").hasSizeLessThan(8);
    }

}
