package org.keyfleet.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyfleet.app.Patience;

/**
 * {@code keyfleet kmes} as a process: its standard output is the JSON and nothing else, although it makes (and
 * logs) the PKI; and processes making the PKI in one data directory at once agree on one CA.
 */
class KmesProcessTest {

    private static final String SCENARIO = "example-three-terminals";

    private record Result(int status, String out, String err) {
    }

    /**
     * Logback as the installed application has it: the jar holds no logback.xml, so logback's default console
     * writes everything to standard output (the tests' logback-test.xml would hide that).
     */
    private static final String DEFAULT_LOGBACK = """
            <configuration>
              <appender name="CONSOLE" class="ch.qos.logback.core.ConsoleAppender">
                <encoder><pattern>%d %level %logger - %msg%n</pattern></encoder>
              </appender>
              <root level="DEBUG"><appender-ref ref="CONSOLE"/></root>
            </configuration>
            """;

    private static Process start(Path data) throws IOException {
        final Path logback = data.resolve("logback.xml");
        Files.writeString(logback, DEFAULT_LOGBACK);
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "-Dlogback.configurationFile=" + logback,
                "org.keyfleet.app.KeyfleetMain", "kmes", SCENARIO, "--data", data.toString(), "--format", "json")
                .start();
    }

    private static Result await(Process p) throws Exception {
        final byte[][] streams = new byte[2][];
        final Thread err = new Thread(() -> streams[1] = readAll(p.getErrorStream()));
        err.start();
        streams[0] = readAll(p.getInputStream());
        assertThat(p.waitFor(Patience.LONG.toMillis(), TimeUnit.MILLISECONDS)).as("kmes finished").isTrue();
        err.join();
        return new Result(p.exitValue(), new String(streams[0], StandardCharsets.UTF_8),
                new String(streams[1], StandardCharsets.UTF_8));
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    @Test
    void standardOutputIsOnlyTheJsonWhileThePkiIsMadeAndLogged(@TempDir Path data) throws Exception {
        final Result r = await(start(data));
        assertThat(r.status()).as(r.err()).isZero();
        final JsonNode root = new ObjectMapper().readTree(r.out()); // the whole of it: no log line before
        assertThat(root.path("kmes")).hasSize(3);
        assertThat(r.out().stripLeading()).startsWith("{");
        assertThat(r.err()).contains("development CA"); // the log went to standard error
    }

    @Test
    void processesMakingThePkiAtOnceAgreeOnOneCa(@TempDir Path data) throws Exception {
        final List<Process> running = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            running.add(start(data));
        }
        for (Process p : running) {
            final Result r = await(p);
            assertThat(r.status()).as(r.err()).isZero();
            assertThat(new ObjectMapper().readTree(r.out()).path("ca_certificate").asText())
                    .isEqualTo(data.resolve("pki/ca/ca.crt.pem").toString());
        }
        // every certificate listed is signed by the one CA on disk, as the KMEs will check them
        final CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        final X509Certificate ca;
        try (InputStream in = Files.newInputStream(data.resolve("pki/ca/ca.crt.pem"))) {
            ca = (X509Certificate) x509.generateCertificate(in);
        }
        final List<Path> certificates;
        try (Stream<Path> files = Files.walk(data.resolve("pki"))) {
            certificates = files.filter(f -> f.getFileName().toString().endsWith(".crt.pem"))
                    .filter(f -> !f.getParent().getFileName().toString().equals("ca")).toList();
        }
        assertThat(certificates).hasSize(3 + 3); // one server per KME, one client per SAE of the example
        for (Path f : certificates) {
            try (InputStream in = Files.newInputStream(f)) {
                ((X509Certificate) x509.generateCertificate(in)).verify(ca.getPublicKey());
            }
        }
    }
}
