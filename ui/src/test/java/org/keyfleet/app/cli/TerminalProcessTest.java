package org.keyfleet.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyfleet.app.Patience;
import org.keyfleet.app.runtime.KeyfleetProperties;
import org.keyfleet.app.runtime.KmeDirectory;
import org.keyfleet.app.runtime.TwinScenario;
import org.keyfleet.ledger.CombinationInstruction;
import org.keyfleet.ledger.ContactOrder;
import org.keyfleet.ledger.PairKeyDeliveries;
import org.keyfleet.ledger.PairKeyInfo;
import org.keyfleet.ledger.PassResult;
import org.keyfleet.ledger.QkdLinkPort;
import org.keyfleet.terminal.GroundSegment;
import org.keyfleet.terminal.KeyEncryptionKey;
import org.keyfleet.terminal.KmeServer;
import org.keyfleet.terminal.LinkNoiseModel;
import org.keyfleet.terminal.PkiDescription;
import org.keyfleet.terminal.SiteBus;
import org.keyfleet.terminal.SiteBusSettings;
import org.keyfleet.terminal.SiteLayout;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * Two processes: this JVM is the controller (satellite store, emulated link, MAD's KME) and a child JVM runs
 * {@code keyfleet terminal --id HEL}; they share a KRaft broker and a data directory (dev PKI, channel secrets) and
 * nothing else. A contact of HEL is flown by the child, the pair key MAD–HEL is combined, and an application at MAD
 * gets a key that an application at HEL then gets from the child's KME, byte for byte.
 */
class TerminalProcessTest {

    private static final String SCENARIO = "example-three-terminals";
    private static final Pattern KME_LINE = Pattern.compile("KME kme-HEL at (https://\\S+) \\(port (\\d+)\\)");
    private static EmbeddedKafkaKraftBroker broker;

    @TempDir
    static Path data;

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.brokerProperties(Map.of("offsets.topic.replication.factor", "1",
                "group.initial.rebalance.delay.ms", "0"));
        broker.afterPropertiesSet();
    }

    @AfterAll
    static void stopBroker() {
        broker.destroy();
    }

    @Test
    void aPairKeyIsDeliveredByAKmeInAnotherProcess() throws Exception {
        var scenario = TwinScenario.load(SCENARIO).scenario();
        PkiDescription pki = KmeDirectory.ensurePki(scenario, data);   // before the child, which reads it
        List<String> childOut = Collections.synchronizedList(new ArrayList<>());
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.keyfleet.app.KeyfleetMain", "terminal",
                "--id", "HEL", "--bootstrap", broker.getBrokersAsString(), "--scenario", SCENARIO,
                "--data", data.toString(), "--kme-port", "0", "--seed", "3")
                .redirectErrorStream(true).start();
        CompletableFuture.runAsync(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    childOut.add(line);
                }
            } catch (java.io.IOException e) {
                childOut.add("(output closed: " + e.getMessage() + ")");
            }
        });
        HikariConfig db = new HikariConfig();
        db.setJdbcUrl("jdbc:h2:mem:controller-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DB_CLOSE_DELAY=-1");
        Books books = new Books();
        try (HikariDataSource controllerDb = new HikariDataSource(db)) {
            GroundSegment controller = GroundSegment.open(controllerDb, KeyEncryptionKey.resolve(data,
                    Map.of("KEYFLEET_KEK", java.util.Base64.getEncoder().encodeToString(new byte[32]))),
                    Clock.systemUTC(), SiteLayout.controller(Set.of("HEL")));
            try (SiteBus bus = SiteBus.start(controller, SiteBusSettings.of(broker.getBrokersAsString(), data, 3),
                    books);
                 KmeServer mad = controller.startKmes(KmeDirectory.serverConfig(pki,
                         new KeyfleetProperties.Kme(0, "127.0.0.1", "localhost", 8)).without(Set.of("HEL")), books)) {
                await().atMost(Patience.LONG).until(() -> childOut.stream().anyMatch(KME_LINE.asPredicate())
                        || !child.isAlive());
                assertThat(child.isAlive()).as("terminal process output: %s", childOut).isTrue();
                Matcher m = childOut.stream().map(KME_LINE::matcher).filter(Matcher::find).findFirst().orElseThrow();
                URI hel = URI.create(m.group(1) + "/");

                QkdLinkPort link = controller.emulatedLink(LinkNoiseModel.DEFAULT, 3);
                Instant aos = Instant.parse("2026-03-01T21:00:00Z");
                PassResult atMad = link.fly(new ContactOrder(UUID.randomUUID(), "KF-1", "MAD", aos,
                        aos.plusSeconds(300), 80_000, 1.0, 0.02));
                PassResult atHel = link.fly(new ContactOrder(UUID.randomUUID(), "KF-1", "HEL", aos.plusSeconds(900),
                        aos.plusSeconds(1200), 80_000, 1.0, 0.02));
                assertThat(atHel.hasKey()).as("the child flew HEL's contact and reported a block").isTrue();
                controller.combinations().combine(new CombinationInstruction(UUID.randomUUID(), UUID.randomUUID(),
                        "KF-1", "HEL", "MAD", atHel.blockId(), 0, atMad.blockId(), 0, 8192, aos.plusSeconds(1300)));

                // the master SAE at MAD (terminal b: its KME hands out the second half); the slave at HEL
                Sae madApp = new Sae(pki, "MAD-BANK-1");
                Sae helApp = new Sae(pki, "HEL-GOV-1");
                JsonNode enc = madApp.call(mad.baseUrl("MAD").resolve("/api/v1/keys/HEL-GOV-1/enc_keys"),
                        "{\"number\": 2, \"size\": 256}", 200);
                String ids = "{\"key_IDs\": [{\"key_ID\": \"" + enc.path("keys").get(0).path("key_ID").asText()
                        + "\"}, {\"key_ID\": \"" + enc.path("keys").get(1).path("key_ID").asText() + "\"}]}";
                // the child learns the allocation over Kafka (and gets the pair key's COMBINE first)
                JsonNode[] dec = new JsonNode[1];
                await().atMost(Patience.LONG).until(() -> {
                    dec[0] = helApp.call(hel.resolve("api/v1/keys/MAD-BANK-1/dec_keys"), ids, -1);
                    return dec[0].has("keys");
                });
                for (int i = 0; i < 2; i++) {
                    assertThat(dec[0].path("keys").get(i).path("key_ID").asText())
                            .isEqualTo(enc.path("keys").get(i).path("key_ID").asText());
                    assertThat(dec[0].path("keys").get(i).path("key").asText())
                            .isEqualTo(enc.path("keys").get(i).path("key").asText());
                }
                assertThat(enc.path("keys").get(0).path("key").asText())
                        .isNotEqualTo(enc.path("keys").get(1).path("key").asText());
                // and the child's delivery report reached the controller's books over Kafka
                await().atMost(Patience.SHORT).until(() -> books.bitsAt("HEL") == 512);
                assertThat(books.bitsAt("MAD")).isEqualTo(512);
            }
        } finally {
            child.destroy();
            child.waitFor();
        }
    }

    /** An application with its SAE certificate (mutual TLS). */
    private static final class Sae {
        private final HttpClient http;

        Sae(PkiDescription pki, String saeId) {
            http = HttpClient.newBuilder().sslContext(pki.sae(saeId).orElseThrow().sslContext(pki.caCertificate()))
                    .connectTimeout(Patience.SHORT).build();
        }

        /** POSTs JSON; checks the status unless {@code expectStatus} is negative. */
        JsonNode call(URI uri, String json, int expectStatus) throws Exception {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).timeout(Patience.SHORT).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (expectStatus >= 0) {
                assertThat(r.statusCode()).as(r.body()).isEqualTo(expectStatus);
            }
            return new ObjectMapper().readTree(r.body());
        }
    }

    /** The controller's books of deliveries, by terminal (the real ledger is tested with the twin elsewhere). */
    private static final class Books implements PairKeyDeliveries {
        private final Map<UUID, Object[]> byId = new java.util.concurrent.ConcurrentHashMap<>();

        long bitsAt(String terminal) {
            return byId.values().stream().filter(v -> v[0].equals(terminal)).mapToLong(v -> (Long) v[1]).sum();
        }

        @Override
        public void recordDelivered(UUID pairKeyId, String terminalId, String saeId, long bits, Instant at) {
            recordDelivered(UUID.randomUUID(), pairKeyId, terminalId, saeId, bits, at);
        }

        @Override
        public void recordDelivered(UUID deliveryId, UUID pairKeyId, String terminalId, String saeId, long bits,
                                    Instant at) {
            byId.putIfAbsent(deliveryId, new Object[] {terminalId, bits});
        }

        @Override
        public List<PairKeyInfo> pairKeys(String terminalA, String terminalB) {
            return List.of();
        }

        @Override
        public Optional<PairKeyInfo> pairKey(UUID pairKeyId) {
            return Optional.empty();
        }
    }
}
