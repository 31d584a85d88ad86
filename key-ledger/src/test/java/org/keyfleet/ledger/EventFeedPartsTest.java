package org.keyfleet.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonFormat;

/** The feed's parts without a broker: settings, backoff, de-duplication, schemas, the key scan, a relay with no Kafka. */
class EventFeedPartsTest {

    @Test
    void relaySettingsNameTheBadFieldAndBackoffDoublesUpToItsCap() {
        assertThatThrownBy(() -> RelaySettings.of("localhost"))
                .hasMessageContaining("bootstrapServers must be host:port[,host:port...] but was 'localhost'");
        assertThatThrownBy(() -> RelaySettings.of(" "))
                .hasMessageContaining("bootstrapServers must be a non-blank id but was ' '");
        assertThatThrownBy(() -> RelaySettings.of("k1:9092").withBatchSize(0))
                .hasMessageContaining("batchSize must be in [1, 10000] but was 0");
        assertThatThrownBy(() -> RelaySettings.of("k1:9092").withBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("maxBackoff must be >= minBackoff PT2S but was PT1S");
        assertThatThrownBy(() -> RelaySettings.of("k1:9092").withProducerOverrides(Map.of("acks", "1")))
                .hasMessageContaining("producerOverrides must not set acks").hasMessageContaining("'1'");
        assertThatThrownBy(() -> RelaySettings.of("k1:9092").withPollPeriod(Duration.ZERO))
                .hasMessageContaining("pollPeriod must be positive but was PT0S");
        assertThatThrownBy(() -> OutboxRelay.create(TestDatabases.h2(),
                RelaySettings.of("k1:9092").withProducerOverrides(Map.of("max.block.ms", "soon"))))
                .hasMessageContaining("max.block.ms must be an integer (ms) but was 'soon'");

        RelaySettings s = RelaySettings.of("k1:9092,k2:9093").withBackoff(Duration.ofMillis(500), Duration.ofSeconds(3));
        assertThat(List.of(1, 2, 3, 4, 5, 40).stream().map(s::backoff).toList()).containsExactly(Duration.ofMillis(500),
                Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(3));
        assertThatThrownBy(() -> s.backoff(0)).hasMessageContaining("failures must be >= 1 but was 0");
    }

    @Test
    void theDeduplicatorDropsRepeatsWithinItsWindowAndForgetsTheOldest() {
        EventDeduplicator d = EventDeduplicator.inMemory(3);
        assertThat(d.firstDelivery("/s", "1")).isTrue();
        assertThat(d.firstDelivery("/s", "1")).isFalse();
        assertThat(d.firstDelivery("/other", "1")).as("ids are unique per source").isTrue();
        assertThat(d.firstDelivery("/s", "2")).isTrue();
        assertThat(d.firstDelivery("/s", "3")).isTrue();  // evicts /s 1
        assertThat(d.firstDelivery("/s", "3")).isFalse();
        assertThat(d.firstDelivery("/s", "1")).as("beyond the window").isTrue();
        assertThat(d.duplicates()).isEqualTo(2);
        assertThatThrownBy(() -> EventDeduplicator.inMemory(0)).hasMessageContaining("capacity must be >= 1 but was 0");
        assertThatThrownBy(() -> d.firstDelivery("/s", "")).hasMessageContaining("id must be a non-blank id");
    }

    @Test
    void demandIsDueProRataOverItsHorizonAndAFractionOfOneNeverRaisesAnAlert() {
        java.time.Instant start = Plans.T0;
        java.time.Instant end = start.plus(Duration.ofDays(2));
        DemandStatus before = DemandStatus.at(start.minusSeconds(1), "A", "B", 48_000, 1, start, end, 0, 0.1);
        assertThat(before.dueBits()).isZero();
        assertThat(before.atRisk()).isFalse();
        DemandStatus quarter = DemandStatus.at(start.plus(Duration.ofHours(12)), "A", "B", 48_000, 1, start, end, 6_000, 0.1);
        assertThat(quarter.dueBits()).isEqualTo(12_000);
        assertThat(quarter.shortfallBits()).isEqualTo(6_000);
        assertThat(quarter.thresholdBits()).isEqualTo(4_800);
        assertThat(quarter.atRisk()).isTrue();
        DemandStatus ahead = DemandStatus.at(start.plus(Duration.ofHours(12)), "A", "B", 48_000, 1, start, end, 20_000, 0.1);
        assertThat(ahead.shortfallBits()).isZero();
        assertThat(ahead.atRisk()).isFalse();
        DemandStatus after = DemandStatus.at(end.plusSeconds(1), "A", "B", 48_000, 1, start, end, 0, 1.0);
        assertThat(after.dueBits()).isEqualTo(48_000);
        assertThat(after.shortfallBits()).isEqualTo(48_000);
        assertThat(after.atRisk()).as("fraction 1 switches the alert off").isFalse();
        assertThatThrownBy(() -> LedgerSettings.defaults().withDemandAtRiskFraction(1.5))
                .hasMessageContaining("demandAtRiskFraction must be in [0, 1.0] but was 1.5");
    }

    @Test
    void pairKeysAndKmeIdsFollowTheDocumentedForm() {
        assertThat(LedgerEvents.pairKey("WAW", "MAD")).isEqualTo("MAD|WAW").isEqualTo(LedgerEvents.pairKey("MAD", "WAW"));
        assertThat(LedgerEvents.kmeId("gt-madrid")).isEqualTo("kme-gt-madrid");
        assertThatThrownBy(() -> LedgerEvents.pairKey("A|B", "C")).hasMessageContaining("terminalA must not contain '|' but was 'A|B'");
        assertThat(EventType.PAIR_KEY_AVAILABLE.type()).isEqualTo("org.keyfleet.ledger.pair-key.available.v1");
        assertThat(EventType.ofType("org.keyfleet.ledger.pairkey.available")).isEmpty();
        for (EventType t : EventType.values()) {
            assertThat(EventType.class.getClassLoader().getResource(t.schemaResource())).as(t.schemaResource()).isNotNull();
            assertThat(LedgerEvents.TOPICS).contains(t.topic());
        }
    }

    /** One real event of each kind the history writes, as the relay would publish it (structured JSON). */
    private static JsonNode publishedForm(Outbox.Row row) throws IOException {
        EventFormat json = EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE);
        return Journal.JSON.readTree(json.serialize(row.toCloudEvent()));
    }

    @Test
    void theSchemasAcceptTheLedgersEventsAndRejectUnknownFieldsMissingFieldsAndBadFormats() throws Exception {
        DataSource ds = TestDatabases.h2();
        EventStory story = new EventStory(ds);
        story.firstHalf();
        List<Outbox.Row> rows = new Outbox(story.ledger.db()).unsent(1000);
        EventSchemas schemas = new EventSchemas();
        for (Outbox.Row r : rows) {
            assertThat(schemas.problems(publishedForm(r))).as(r.type()).isEmpty();
        }
        Outbox.Row pairKey = rows.stream().filter(r -> r.eventType() == EventType.PAIR_KEY_AVAILABLE).findFirst().orElseThrow();

        ObjectNode leak = (ObjectNode) publishedForm(pairKey);
        ((ObjectNode) leak.get("data")).put("keyBits", Base64.getEncoder().encodeToString(new byte[32]));
        assertThat(schemas.problems(leak)).anySatisfy(p -> assertThat(p).startsWith("data:").contains("keyBits"));

        ObjectNode missing = (ObjectNode) publishedForm(pairKey);
        ((ObjectNode) missing.get("data")).remove("lengthBits");
        assertThat(schemas.problems(missing)).anySatisfy(p -> assertThat(p).contains("lengthBits"));

        ObjectNode badId = (ObjectNode) publishedForm(pairKey);
        ((ObjectNode) badId.get("data")).put("pairKeyId", "not-a-uuid");
        assertThat(schemas.problems(badId)).anySatisfy(p -> assertThat(p).contains("pairKeyId"));

        ObjectNode badTime = (ObjectNode) publishedForm(pairKey);
        badTime.put("time", "yesterday");
        assertThat(schemas.problems(badTime)).anySatisfy(p -> assertThat(p).startsWith("envelope:").contains("time"));

        ObjectNode base64Data = (ObjectNode) publishedForm(pairKey);
        base64Data.remove("data");
        base64Data.put("data_base64", "AAAA");
        assertThat(schemas.problems(base64Data)).anySatisfy(p -> assertThat(p).startsWith("envelope:"));
    }

    @Test
    void theKeyScanFindsKeyMaterialRawHexOrBase64AtAnyAlignment() {
        KeyMaterialScanner scan = new KeyMaterialScanner();
        byte[] key = HexFormat.of().parseHex("8f3a11c07be2449d0a5c6e71f3d2b8a9c4e5f60718293a4b");
        scan.add(key);
        byte[] inner = java.util.Arrays.copyOfRange(key, 3, 15);
        assertThat(scan.findIn(key)).isNotEmpty();
        assertThat(scan.findIn(("{\"x\":\"" + HexFormat.of().formatHex(inner) + "\"}").getBytes(StandardCharsets.UTF_8)))
                .isNotEmpty();
        for (int from = 0; from < 3; from++) {
            byte[] part = java.util.Arrays.copyOfRange(key, from, from + 14);
            String b64 = Base64.getEncoder().encodeToString(part);
            String url = Base64.getUrlEncoder().encodeToString(part);
            assertThat(scan.findIn(("{\"k\":\"xy" + b64 + "\"}").getBytes(StandardCharsets.UTF_8))).as(b64).isNotEmpty();
            assertThat(scan.findIn(("{\"k\":\"" + url + "\"}").getBytes(StandardCharsets.UTF_8))).as(url).isNotEmpty();
        }
        assertThat(scan.findIn("{\"pairKeyId\":\"7f1c2e3d-0000-4000-8000-000000000001\",\"lengthBits\":2400}"
                .getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @Test
    void withoutABrokerTheOutboxStillFillsAndTheRelayFailsWithoutMarkingAnything() throws Exception {
        DataSource ds = TestDatabases.h2();
        EventStory story = new EventStory(ds);
        story.firstHalf();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }  // closed: nothing listens there
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        long events = jdbc.queryForObject("select count(*) from ledger_outbox", Long.class);
        assertThat(events).isGreaterThan(20);
        try (OutboxRelay relay = OutboxRelay.create(ds, RelaySettings.of("localhost:" + port)
                .withProducerOverrides(Map.of("max.block.ms", "300")))) {
            assertThat(relay.lag()).as("no pass has seen the outbox yet").isZero();
            assertThatThrownBy(relay::publishPending).isInstanceOf(RuntimeException.class);
            // behind since the failed pass found the events: the lag grows until a pass sends them all
            Duration lag = relay.lag();
            assertThat(lag).isPositive();
            Thread.sleep(20);
            assertThat(relay.lag()).isGreaterThan(lag);
            assertThat(relay.status().consecutiveFailures()).isEqualTo(1);
            assertThat(relay.status().lastError()).isNotBlank();
            assertThat(relay.status().publishedEvents()).isZero();
            assertThat(relay.pendingEvents()).isEqualTo(events);
        }
        assertThat(jdbc.queryForObject("select count(*) from ledger_outbox where sent = true", Long.class)).isZero();
    }
}
