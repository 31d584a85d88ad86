package org.keyfleet.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyfleet.app.FreePorts;
import org.keyfleet.app.runtime.TwinRuntime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** {@code keyfleet serve} and {@code keyfleet kmes}: what they print, and their input checks. */
class ServeAndKmesCommandTest {

    private static String scenario() throws URISyntaxException {
        return Path.of(ServeAndKmesCommandTest.class.getResource("/org/keyfleet/app/runtime/twin-test.yaml").toURI())
                .toString();
    }


    @Test
    void serveStartsTheApplicationAndPrintsWhereEverythingIs(@TempDir Path data) throws Exception {
        int kmePort = FreePorts.consecutive(3);
        CliTest.Run run = CliTest.run("serve", scenario(), "--port", "0", "--kme-port", Integer.toString(kmePort),
                "--days", "1", "--data", data.toString(), "--management-port", "0");
        try {
            assertThat(run.status()).as(run.err()).isEqualTo(KeyfleetCli.KEEP_RUNNING);
            Matcher web = Pattern.compile("web application +http://localhost:(\\d+)/").matcher(run.out());
            assertThat(web.find()).as(run.out()).isTrue();
            assertThat(run.out()).containsPattern("health, metrics  http://localhost:\\d+/actuator/health")
                    .contains("development PKI  " + data.resolve("pki"))
                    .contains("CPH       kme-CPH  https://localhost:" + kmePort)
                    .contains("https://localhost:" + (kmePort + 2))
                    .contains("curl --cert " + data.resolve("pki/sae/CPH-APP-1/client.crt.pem"));
            assertThat(data.resolve("pki/ca/ca.crt.pem")).exists();
            // the web server answers on the printed port (whatever the UI serves there)
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + web.group(1) + "/")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isBetween(200, 499);
            assertThat(ServeCommand.started.getBean(TwinRuntime.class).scenario().name()).isEqualTo("twin-test");
        } finally {
            if (ServeCommand.started != null) {
                ServeCommand.started.close();
                ServeCommand.started = null;
            }
        }
    }

    @Test
    void serveRefusesBadOptionsBeforeStarting(@TempDir Path data) throws Exception {
        CliTest.Run speed = CliTest.run("serve", scenario(), "--speed", "0", "--data", data.toString());
        assertThat(speed.status()).isEqualTo(2);
        assertThat(speed.err()).contains("--speed: 0 is outside (0, 525600]");
        CliTest.Run port = CliTest.run("serve", scenario(), "--kme-port", "65534", "--data", data.toString());
        assertThat(port.status()).isEqualTo(2);
        assertThat(port.err()).contains("--kme-port: 65534 leaves no room for 3 KME ports");
        CliTest.Run clash = CliTest.run("serve", scenario(), "--port", "9001", "--kme-port", "9000");
        assertThat(clash.status()).isEqualTo(2);
        assertThat(clash.err()).contains("--port: 9001 is one of the KME ports 9000-9002");
        CliTest.Run management = CliTest.run("serve", scenario(), "--management-port", "9002", "--kme-port", "9000");
        assertThat(management.status()).isEqualTo(2);
        assertThat(management.err()).contains("--management-port: 9002 is the web port, one of the KME ports 9000-9002");
        CliTest.Run managementRange = CliTest.run("serve", scenario(), "--management-port", "-2");
        assertThat(managementRange.status()).isEqualTo(2);
        assertThat(managementRange.err()).contains("--management-port: -2 is outside [-1, 65535]");
        CliTest.Run unknown = CliTest.run("serve", "no-such-scenario", "--data", data.toString());
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).contains("no-such-scenario");
        CliTest.Run noKafka = CliTest.run("serve", scenario(), "--remote-terminals", "NOPE", "--data", data.toString());
        assertThat(noKafka.status()).isEqualTo(2);
        assertThat(noKafka.err()).contains("--remote-terminals NOPE", "--kafka HOST:PORT or --embedded-kafka");
        CliTest.Run notATerminal = CliTest.run("serve", scenario(), "--remote-terminals", "NOPE", "--kafka",
                "localhost:1", "--data", data.toString());
        assertThat(notATerminal.status()).isEqualTo(2);
        assertThat(notATerminal.err()).contains("--remote-terminals: 'NOPE' is not a ground terminal");
        CliTest.Run terminal = CliTest.run("terminal", "--id", "NOPE", "--bootstrap", "localhost:1", "--scenario",
                scenario(), "--data", data.toString());
        assertThat(terminal.status()).isEqualTo(2);
        assertThat(terminal.err()).contains("--id: 'NOPE' is not a ground terminal of scenario");
        CliTest.Run configWithoutCluster = CliTest.run("serve", scenario(), "--embedded-kafka", "--kafka-config",
                scenario(), "--data", data.toString());
        assertThat(configWithoutCluster.status()).isEqualTo(2);
        assertThat(configWithoutCluster.err()).contains("--kafka-config", "only applies with --kafka");
        CliTest.Run noConfigFile = CliTest.run("terminal", "--id", "NOPE", "--bootstrap", "localhost:1",
                "--kafka-config", data.resolve("missing.properties").toString(), "--data", data.toString());
        assertThat(noConfigFile.status()).isEqualTo(2);
        assertThat(noConfigFile.err()).contains("--kafka-config", "missing.properties", "not a readable file");
        assertThat(data.resolve("keyfleet.mv.db")).doesNotExist();
        assertThat(data.resolve("terminals")).doesNotExist();
    }

    @Test
    void kmesListsEveryKmeWithItsSaeCertificatesAndTheCa(@TempDir Path data) throws Exception {
        CliTest.Run json = CliTest.run("kmes", scenario(), "--data", data.toString(), "--kme-port", "9443",
                "--format", "json");
        assertThat(json.status()).as(json.err()).isZero();
        JsonNode root = new ObjectMapper().readTree(json.out());
        assertThat(Path.of(root.path("ca_certificate").asText())).exists();
        JsonNode kmes = root.path("kmes");
        assertThat(kmes).hasSize(3);
        int port = 9443;
        for (JsonNode k : kmes) {
            assertThat(k.path("kme_id").asText()).isEqualTo("kme-" + k.path("terminal_id").asText());
            assertThat(k.path("base_url").asText()).isEqualTo("https://localhost:" + port++);
            JsonNode sae = k.path("saes").get(0);
            assertThat(sae.path("sae_id").asText()).isEqualTo(k.path("terminal_id").asText() + "-APP-1");
            assertThat(Files.readString(Path.of(sae.path("certificate").asText()))).startsWith("-----BEGIN CERTIFICATE");
            assertThat(Files.readString(Path.of(sae.path("private_key").asText()))).startsWith("-----BEGIN PRIVATE KEY");
        }

        CliTest.Run table = CliTest.run("kmes", scenario(), "--data", data.toString(), "--kme-port", "9443");
        assertThat(table.status()).as(table.err()).isZero();
        assertThat(table.out()).contains("terminal  KME", "https://localhost:9445",
                "CA certificate: " + data.resolve("pki/ca/ca.crt.pem"),
                "curl --cert " + data.resolve("pki/sae/CPH-APP-1/client.crt.pem"));

        CliTest.Run csv = CliTest.run("kmes", scenario(), "--data", data.toString(), "--format", "csv");
        assertThat(csv.status()).isEqualTo(2);
        assertThat(csv.err()).contains("--format: csv is not offered for kmes");
    }
}
