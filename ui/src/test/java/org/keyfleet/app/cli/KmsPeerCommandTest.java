package org.keyfleet.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyfleet.app.Patience;
import org.keyfleet.app.KeyfleetApplication;
import org.keyfleet.app.kafka.EmbeddedKafka;
import org.keyfleet.app.runtime.TwinPlan;
import org.keyfleet.app.runtime.TwinRuntime;
import org.keyfleet.ledger.OutboxRelay;
import org.keyfleet.terminal.KmeListing;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code keyfleet kms-peer} against the application's feed: the twin (as 'serve --embedded-kafka' wires it, on a
 * manual clock, KMEs on free ports) publishes through its in-process KRaft broker while a peer for domain APP reads
 * the feed and takes keys at both ends of the pair keys it announces; then every key the peer reports is checked in
 * the terminals' own allocation tables. And the peer's input checks.
 */
class KmsPeerCommandTest {

    private static final Pattern ENC = Pattern.compile(
            "enc_keys  (kme-\\S+)  (\\S+) -> (\\S+)  key_ID (\\S+)  256 bits  fingerprint ([0-9a-f]{12})");
    private static final Pattern DEC = Pattern.compile(
            "dec_keys  (kme-\\S+)  (\\S+) <- (\\S+)  key_ID (\\S+)  256 bits  fingerprint ([0-9a-f]{12})  match");

    private static String scenario() throws URISyntaxException {
        return Path.of(KmsPeerCommandTest.class.getResource("/org/keyfleet/app/runtime/twin-test.yaml").toURI())
                .toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void thePeerTakesPairKeysAnnouncedOnTheFeedAtBothKmesWithTheSameBits(@TempDir Path data) throws Exception {
        int kafkaPort = freePort();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(KeyfleetApplication.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .properties(Map.of("logging.level.org.apache.kafka", "WARN", "logging.level.kafka", "WARN"))
                .run("--keyfleet.data=" + data,
                        "--keyfleet.twin.enabled=true",
                        "--keyfleet.twin.scenario=" + scenario(),
                        "--keyfleet.twin.days=3",
                        "--keyfleet.twin.manual-clock=true",
                        "--keyfleet.twin.planning-time-limit=10s",
                        "--keyfleet.kme.port=0",
                        "--keyfleet.kafka.embedded.enabled=true",
                        "--keyfleet.kafka.embedded.port=" + kafkaPort)) {
            EmbeddedKafka broker = context.getBean(EmbeddedKafka.class);
            assertThat(broker.logDirectory()).isEqualTo(data.resolve("kafka"));
            assertThat(context.getBean(OutboxRelay.class).settings().bootstrapServers())
                    .isEqualTo("localhost:" + kafkaPort);
            // the relay is closed before the broker stops
            assertThat(context.getBeanFactory().getDependentBeans("embeddedKafka")).contains("outboxRelay");
            TwinRuntime twin = context.getBean(TwinRuntime.class);
            TwinPlan plan = twin.awaitRunning(Patience.LONG);

            // the peer starts before any pair key exists and follows the feed live
            List<String> args = new ArrayList<>(List.of("kms-peer", scenario(), "--bootstrap", "localhost:" + kafkaPort,
                    "--domain", "APP", "--data", data.toString(), "--max-keys", "2", "--duration", "3m"));
            for (KmeListing k : twin.kmes().kmes()) {
                args.add("--kme");
                args.add(k.kmeId() + "=" + k.baseUrl());
            }
            Future<CliTest.Run> peer = pool.submit(() -> CliTest.run(args.toArray(String[]::new)));
            while (twin.clock().now().isBefore(plan.end()) && !peer.isDone()) {
                twin.clock().advance(Duration.ofHours(3));
                twin.tick();
            }
            CliTest.Run run = peer.get(Patience.LONG.toMillis(), TimeUnit.MILLISECONDS);
            // with a relay, its gauges and its health carry real figures (docs/operations.md)
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get("keyfleet.relay.configured").gauge().value()).isEqualTo(1);
            assertThat(registry.get("keyfleet.relay.lag.seconds").gauge().value()).isNotNaN().isNotNegative();
            assertThat(registry.get("keyfleet.relay.published.events").gauge().value()).isPositive();
            assertThat(context.getBean("relayHealthIndicator", HealthIndicator.class).health().getDetails())
                    .containsEntry("configured", true).containsKey("lagSeconds");

            assertThat(run.status()).as(run.out() + run.err()).isZero();
            assertThat(run.out()).contains("kms-peer: domain APP = CPH [CPH-APP-1], STO [STO-APP-1], WAW [WAW-APP-1]")
                    .contains("2 keys taken at both ends (512 bits): 2 matched, 0 mismatched")
                    .contains("2 keys taken (--max-keys)")
                    .containsPattern("pair key [0-9a-f]{8} [A-Z]{3}\\|[A-Z]{3} \\d+ bits at kme-\\S+ \\[\\S+\\], "
                            + "kme-\\S+ \\[\\S+\\]: domain APP");
            Map<String, Matcher> enc = matches(ENC, run.out());
            Map<String, Matcher> dec = matches(DEC, run.out());
            assertThat(enc).hasSize(2);
            assertThat(dec.keySet()).isEqualTo(enc.keySet());
            JdbcTemplate db = new JdbcTemplate(context.getBean(DataSource.class));
            for (Map.Entry<String, Matcher> e : enc.entrySet()) {
                Matcher m = e.getValue();
                Matcher d = dec.get(e.getKey());
                // master and slave at two different KMEs, roles swapped, the same salted fingerprint
                assertThat(d.group(1)).isNotEqualTo(m.group(1));
                assertThat(d.group(2)).isEqualTo(m.group(3));
                assertThat(d.group(3)).isEqualTo(m.group(2));
                assertThat(d.group(5)).isEqualTo(m.group(5));
                // the terminals' own books: the key was allocated to that master and handed to that slave
                UUID keyId = UUID.fromString(e.getKey());
                assertThat(db.queryForObject("select master_sae from terminal_key_allocation where key_id = ?",
                        String.class, keyId)).isEqualTo(m.group(2));
                assertThat(db.queryForObject("select count(*) from terminal_key_slave where key_id = ? and sae_id = ? "
                        + "and delivered_at is not null", Long.class, keyId, m.group(3))).isOne();
            }
            // two different keys: their fingerprints differ (a constant fingerprint would pass the match above)
            assertThat(enc.values().stream().map(m -> m.group(5)).distinct()).hasSize(2);
            // key bits never printed: the base64 of a 256-bit key is 44 characters
            assertThat(run.out()).doesNotContainPattern("[A-Za-z0-9+/]{43}=");
        } finally {
            pool.shutdownNow();
        }
    }

    private static Map<String, Matcher> matches(Pattern p, String text) {
        Map<String, Matcher> byKey = new HashMap<>();
        for (String line : text.split("\n")) {
            Matcher m = p.matcher(line.trim());
            if (m.matches()) {
                byKey.put(m.group(4), m);
            }
        }
        return byKey;
    }

    @Test
    void badInputIsRefusedBeforeConnectingWithTheValueAndWhatWasExpected(@TempDir Path data) throws Exception {
        CliTest.Run unknown = CliTest.run("kms-peer", scenario(), "--domain", "GOV", "--data", data.toString());
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).contains("--domain: 'GOV' is no label of any SAE id of the scenario; expected one of APP");

        CliTest.Run single = CliTest.run("kms-peer", scenario(), "--domain", "CPH", "--data", data.toString());
        assertThat(single.status()).isEqualTo(2);
        assertThat(single.err()).contains("--domain: 'CPH' has SAEs only at terminal CPH (CPH-APP-1)");

        // no PKI under the data directory: the CA is named
        CliTest.Run noPki = CliTest.run("kms-peer", scenario(), "--domain", "APP", "--data", data.toString());
        assertThat(noPki.status()).isEqualTo(2);
        assertThat(noPki.err()).contains("--data: no CA certificate at " + data.resolve("pki/ca/ca.crt.pem"));

        // a PKI without one SAE's key
        CliTest.Run kmes = CliTest.run("kmes", scenario(), "--data", data.toString());
        assertThat(kmes.status()).as(kmes.err()).isZero();
        Path key = data.resolve("pki/sae/STO-APP-1/client.key.pem");
        Files.delete(key);
        CliTest.Run noKey = CliTest.run("kms-peer", scenario(), "--domain", "APP", "--data", data.toString());
        assertThat(noKey.status()).isEqualTo(2);
        assertThat(noKey.err()).contains("--data: SAE STO-APP-1 of domain APP has no client.key.pem at " + key);

        CliTest.Run bootstrap = CliTest.run("kms-peer", scenario(), "--domain", "APP", "--bootstrap", "localhost");
        assertThat(bootstrap.status()).isEqualTo(2);
        assertThat(bootstrap.err()).contains("--bootstrap: 'localhost' is not HOST:PORT");

        CliTest.Run kme = CliTest.run("kms-peer", scenario(), "--domain", "APP", "--kme", "kme-XYZ=https://localhost:1");
        assertThat(kme.status()).isEqualTo(2);
        assertThat(kme.err()).contains("--kme: 'kme-XYZ=https://localhost:1' is not KME=URL with a KME of the scenario "
                + "(kme-CPH, kme-STO, kme-WAW)");

        CliTest.Run size = CliTest.run("kms-peer", scenario(), "--domain", "APP", "--key-size", "100");
        assertThat(size.status()).isEqualTo(2);
        assertThat(size.err()).contains("--key-size: 100 is not a multiple of 8 in [64, 8192] bits");

        CliTest.Run time = CliTest.run("kms-peer", scenario(), "--domain", "APP", "--duration", "soon");
        assertThat(time.status()).isEqualTo(2);
        assertThat(time.err()).contains("--duration: 'soon' is not a duration");

        CliTest.Run both = CliTest.run("serve", scenario(), "--embedded-kafka", "--kafka", "broker:9092",
                "--data", data.toString());
        assertThat(both.status()).isEqualTo(2);
        assertThat(both.err()).contains("--kafka broker:9092 and --embedded-kafka: expected one of them");
    }
}
