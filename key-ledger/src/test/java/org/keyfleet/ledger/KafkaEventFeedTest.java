package org.keyfleet.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import com.fasterxml.jackson.databind.JsonNode;

import io.cloudevents.CloudEvent;

/**
 * The feed against a real in-process KRaft broker (one per class, on a fixed port so that it can be stopped and
 * started again with its data): every event type round-trips valid against its schema with no key material, and a
 * broker outage in the middle of a run loses nothing.
 */
class KafkaEventFeedTest {

    private static EmbeddedKafkaKraftBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = TestBrokers.restartable(3, Map.of());
    }

    @AfterAll
    static void stopBroker() {
        broker.destroy();
    }

    private static RelaySettings relaySettings(String transactionalId) {
        return new RelaySettings(broker.getBrokersAsString(), Duration.ofMillis(50), 100, Duration.ofMillis(100),
                Duration.ofSeconds(1), transactionalId, 3, Map.of("max.block.ms", "1500"));
    }

    @Test
    void everyEventTypeRoundTripsAsAStructuredCloudEventValidAgainstItsSchemaWithoutKeyMaterial() throws Exception {
        DataSource ds = TestDatabases.h2();
        EventStory story = new EventStory(ds);
        story.firstHalf();
        story.secondHalf();
        Map<String, Map<String, Object>> outbox = outbox(ds);

        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (OutboxRelay relay = OutboxRelay.create(ds, relaySettings("round-trip"));
             KafkaConsumer<String, byte[]> consumer = rawConsumer("round-trip")) {
            relay.start();
            pollUntil(consumer, records, () -> ids(records).containsAll(outbox.keySet()));
            assertThat(relay.pendingEvents()).isZero();
            assertThat(relay.status().publishedEvents()).isEqualTo(outbox.size());
        }
        records.removeIf(r -> !outbox.containsKey(idOf(r)));  // this test's events only (the topics are shared)
        EventSchemas schemas = new EventSchemas();
        Set<EventType> seen = EnumSet.noneOf(EventType.class);
        for (ConsumerRecord<String, byte[]> r : records) {
            JsonNode event = Journal.JSON.readTree(r.value());
            String id = event.get("id").asText();
            Map<String, Object> row = outbox.get(id);
            EventType type = EventType.ofType(event.get("type").asText()).orElseThrow();
            seen.add(type);
            assertThat(schemas.problems(event)).as("schema problems of %s", event).isEmpty();
            assertThat(r.topic()).isEqualTo(type.topic());
            assertThat(r.key()).isEqualTo(row.get("partition_key")).isEqualTo(event.get("partitionkey").asText());
            assertThat(event.get("subject").asText()).isEqualTo(row.get("subject"));
            assertThat(event.get("data")).isEqualTo(Journal.JSON.readTree((String) row.get("payload")));
            assertThat(event.get("auditseq").asLong()).isEqualTo(((Number) row.get("audit_seq")).longValue());
            assertThat(new String(r.headers().lastHeader("content-type").value(), StandardCharsets.UTF_8))
                    .isEqualTo("application/cloudevents+json");
            assertThat(story.scanner.findIn(r.value())).as("key material in %s", event).isEmpty();
            for (Header h : r.headers()) {
                assertThat(story.scanner.findIn(h.value())).isEmpty();
            }
        }
        assertThat(seen).containsExactlyInAnyOrder(EventType.values());
        assertThat(story.scanner.windows()).isGreaterThan(2000);  // the scan had material to look for

        JsonNode pairKey = records.stream().map(r -> readTree(r.value()))
                .filter(e -> e.get("type").asText().equals(EventType.PAIR_KEY_AVAILABLE.type())).findFirst().orElseThrow();
        assertThat(pairKey.get("partitionkey").asText()).isEqualTo("MAD|WAW");
        assertThat(pairKey.at("/data/fetchableAt/0/saeIds").toString()).isEqualTo("[\"sae-mad-1\",\"sae-mad-2\"]");
        assertThat(pairKey.at("/data/fetchableAt/1/kmeId").asText()).isEqualTo("kme-WAW");
        // the published audit hashes anchor the chain: each equals the stored entry's hash
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        assertThat(pairKey.get("audithash").asText()).isEqualTo(jdbc.queryForObject(
                "select hash from ledger_audit where seq = ?", String.class, pairKey.get("auditseq").asLong()).trim());
    }

    @Test
    void aBrokerOutageMidRunLosesNothingAndDeduplicationLeavesEveryEventOnceInOrderPerPartitionKey() {
        DataSource ds = TestDatabases.h2();
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        EventStory story = new EventStory(ds);
        List<ConsumerRecord<String, CloudEvent>> received = new ArrayList<>();
        try (OutboxRelay relay = OutboxRelay.create(ds, relaySettings("outage"));
             KafkaConsumer<String, CloudEvent> consumer = new KafkaConsumer<>(
                     LedgerEvents.consumerConfig(broker.getBrokersAsString(), "outage"))) {
            consumer.subscribe(LedgerEvents.TOPICS);
            relay.start();
            story.firstHalf();
            Map<String, Map<String, Object>> firstHalf = outbox(ds);
            pollUntil(consumer, received, () -> eventIds(received).containsAll(firstHalf.keySet()));
            // consumed means committed to Kafka; wait until the relay has also marked them (its next statement)
            await().atMost(Patience.SHORT).until(() -> relay.pendingEvents() == 0);
            long lastSentSeq = jdbc.queryForObject("select max(audit_seq) from ledger_outbox where sent = true", Long.class);

            broker.getCluster().brokers().get(0).shutdown();
            story.secondHalf();
            // as if the relay had published the last three events but died before marking them: they go out again
            jdbc.update("update ledger_outbox set sent = false, sent_at = null where audit_seq > ?",
                    jdbc.queryForList("select audit_seq from ledger_outbox where audit_seq <= ? order by audit_seq desc "
                            + "limit 3", Long.class, lastSentSeq).get(2) - 1);
            await().atMost(Patience.SHORT).until(() -> relay.status().consecutiveFailures() >= 2);
            assertThat(relay.status().lastError()).isNotNull();
            assertThat(jdbc.queryForObject("select count(*) from ledger_outbox where sent = true and audit_seq > ?",
                    Long.class, lastSentSeq)).as("nothing is marked sent while the broker is down").isZero();
            assertThat(relay.pendingEvents()).isGreaterThan(3);

            broker.getCluster().brokers().get(0).startup();
            Map<String, Map<String, Object>> all = outbox(ds);
            pollUntil(consumer, received, () -> eventIds(received).containsAll(all.keySet()));
            await().atMost(Patience.SHORT).until(() -> relay.pendingEvents() == 0);
            assertThat(relay.status().consecutiveFailures()).isZero();

            // de-duplicated, every event of the run exactly once; the replayed three were dropped
            received.removeIf(r -> !all.containsKey(r.value().getId()));  // this test's events only (shared topics)
            EventDeduplicator dedup = EventDeduplicator.inMemory(1000);
            List<ConsumerRecord<String, CloudEvent>> once = received.stream().filter(r -> dedup.firstDelivery(r.value()))
                    .toList();
            assertThat(once).extracting(r -> r.value().getId()).containsExactlyInAnyOrderElementsOf(all.keySet());
            assertThat(dedup.duplicates()).isEqualTo(received.size() - all.size()).isGreaterThanOrEqualTo(3);

            // per topic and partition key, in the order the ledger committed them
            Map<String, List<Long>> consumed = new TreeMap<>();
            for (ConsumerRecord<String, CloudEvent> r : once) {
                assertThat(r.key()).isEqualTo(r.value().getExtension(LedgerEvents.PARTITION_KEY));
                consumed.computeIfAbsent(r.topic() + " " + r.key(), k -> new ArrayList<>())
                        .add(Long.parseLong((String) r.value().getExtension(LedgerEvents.AUDIT_SEQ)));
            }
            Map<String, List<Long>> committed = new TreeMap<>();
            all.values().stream().sorted((a, b) -> Long.compare(seq(a), seq(b))).forEach(row -> committed
                    .computeIfAbsent(EventType.ofType((String) row.get("event_type")).orElseThrow().topic() + " "
                            + row.get("partition_key"), k -> new ArrayList<>()).add(seq(row)));
            assertThat(consumed).isEqualTo(committed);
            assertThat(committed.keySet()).contains("keyfleet.plan plan", "keyfleet.contacts MAD", "keyfleet.keys WAW",
                    "keyfleet.keys MAD|WAW", "keyfleet.alerts MAD|WAW");
            assertThat(committed.values()).anySatisfy(seqs -> assertThat(seqs).hasSizeGreaterThan(3));
            assertThat(once).allSatisfy(r -> assertThat(story.scanner.findIn(r.value().getData().toBytes())).isEmpty());
        }
        assertThat(story.ledger.checkInvariants()).isEmpty();
    }

    // ------------------------------------------------------------------ helpers

    private static long seq(Map<String, Object> row) {
        return ((Number) row.get("audit_seq")).longValue();
    }

    /** The outbox by event id. */
    private static Map<String, Map<String, Object>> outbox(DataSource ds) {
        Map<String, Map<String, Object>> m = new LinkedHashMap<>();
        for (Map<String, Object> row : new JdbcTemplate(ds).queryForList("select * from ledger_outbox order by audit_seq")) {
            m.put(row.get("event_id").toString(), row);
        }
        return m;
    }

    private static KafkaConsumer<String, byte[]> rawConsumer(String group) {
        Map<String, Object> c = new HashMap<>(LedgerEvents.consumerConfig(broker.getBrokersAsString(), group));
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c);
        consumer.subscribe(LedgerEvents.TOPICS);
        return consumer;
    }

    /** Polls into {@code sink} until {@code done} holds; fails after {@link Patience#SHORT}. */
    private static <V> void pollUntil(KafkaConsumer<String, V> consumer, List<ConsumerRecord<String, V>> sink,
                                      BooleanSupplier done) {
        long deadline = System.nanoTime() + Patience.SHORT.toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("events still missing after %s", Patience.SHORT).isLessThan(deadline);
            consumer.poll(Duration.ofMillis(200)).forEach(sink::add);
            consumer.commitSync();
        }
    }

    private static Set<String> ids(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(KafkaEventFeedTest::idOf).collect(Collectors.toSet());
    }

    private static Set<String> eventIds(List<ConsumerRecord<String, CloudEvent>> records) {
        return records.stream().map(r -> r.value().getId()).collect(Collectors.toSet());
    }

    private static String idOf(ConsumerRecord<String, byte[]> r) {
        return readTree(r.value()).get("id").asText();
    }

    private static JsonNode readTree(byte[] json) {
        try {
            return Journal.JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
