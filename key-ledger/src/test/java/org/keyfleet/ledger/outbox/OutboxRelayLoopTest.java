package org.keyfleet.ledger.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keyfleet.ledger.Patience;
import org.keyfleet.ledger.TestBrokers;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The shared relay against a real in-process KRaft broker (on a fixed port, so that it can be stopped and started
 * with its data) and an outbox table in H2, in both of its modes: a Kafka transaction per pass (the ledger's feed) and
 * an idempotent producer awaiting each acknowledgement (the site bus). The outbox checks, each time rows are marked,
 * that the broker already holds every one of them.
 */
class OutboxRelayLoopTest {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedKafkaKraftBroker broker;

    @BeforeAll
    static void startBroker() {
        // the topics a test reads are the ones its relay created
        broker = TestBrokers.restartable(1, Map.of("auto.create.topics.enable", "false"));
    }

    @AfterAll
    static void stopBroker() {
        broker.destroy();
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void rowsGoOutInCommitOrderPerKeyOnTopicsItCreatedAndAreMarkedOnlyOnceTheBrokerHasThem(boolean transactional)
            throws Exception {
        String topic = "relay-order-" + transactional;
        try (TableOutbox outbox = new TableOutbox(topic);
             OutboxRelayLoop<TableOutbox.Row> relay = outbox.relay(transactional, 25, Duration.ofMillis(50), Map.of())) {
            outbox.addRows("row", 120, 4);
            relay.start();
            await().atMost(Patience.SHORT).until(() -> relay.pending() == 0);
            assertThat(outbox.violations).isEmpty();
            assertThat(relay.progress().sent()).isEqualTo(120);
            assertThat(relay.progress().lastSent().seq()).isEqualTo(outbox.lastSeq());
            assertThat(relay.progress().consecutiveFailures()).isZero();
            assertThat(relay.lag()).isZero();
            relay.stop();
            assertThat(threadsOf(relay.settings().name())).as("threads left after stop").isEmpty();
            assertThat(outbox.markedCount()).isEqualTo(120);

            List<Delivered> received = consumeUntil(topic, outbox.ids());
            assertThat(received).extracting(Delivered::id).doesNotHaveDuplicates();
            assertThat(perKey(received)).isEqualTo(outbox.committedPerKey());
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    broker.getBrokersAsString()))) {
                assertThat(admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions())
                        .as("created by the relay with its partitions").hasSize(3);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void whileTheBrokerIsDownNothingIsMarkedAndOnceItIsBackEveryRowArrivesInOrder(boolean transactional)
            throws Exception {
        String topic = "relay-outage-" + transactional;
        try (TableOutbox outbox = new TableOutbox(topic)) {
            OutboxRelayLoop<TableOutbox.Row> relay = outbox.relay(transactional, 10, Duration.ofMillis(50), Map.of());
            String name = relay.settings().name();
            try (relay) {
                relay.start();
                outbox.addRows("before", 30, 3);
                relay.wake();
                await().atMost(Patience.SHORT).until(() -> relay.pending() == 0);

                broker.getCluster().brokers().get(0).shutdown();
                outbox.addRows("during", 30, 3);
                relay.wake();
                await().atMost(Patience.SHORT).until(() -> relay.progress().consecutiveFailures() >= 2);
                assertThat(relay.progress().lastError()).isNotBlank();
                assertThat(outbox.markedCount()).as("marked while the broker was down").isEqualTo(30);
                assertThat(relay.pending()).isEqualTo(30);
                assertThat(relay.lag()).isPositive();

                // stopped while failing: its thread and the producer's end before stop returns
                relay.stop();
                assertThat(relay.running()).isFalse();
                assertThat(threadsOf(name)).as("threads left after stop").isEmpty();
                assertThat(outbox.markedCount()).isEqualTo(30);

                broker.getCluster().brokers().get(0).startup();
                relay.start();
                await().atMost(Patience.SHORT).until(() -> relay.pending() == 0);
                assertThat(relay.progress().consecutiveFailures()).isZero();
                assertThat(relay.progress().lastError()).isNull();
            }
            assertThat(threadsOf(name)).isEmpty();
            assertThat(outbox.violations).isEmpty();

            // at-least-once: a pass cut short may come again; the first copy of each row is in commit order
            List<Delivered> received = consumeUntil(topic, outbox.ids());
            Set<String> seen = new HashSet<>();
            List<Delivered> once = received.stream().filter(d -> seen.add(d.id())).toList();
            assertThat(once).hasSize(60);
            assertThat(perKey(once)).isEqualTo(outbox.committedPerKey());
        }
    }

    @Test
    void aCommitWakesTheRelayLongBeforeItsPollPeriod() throws Exception {
        String topic = "relay-wake";
        try (TableOutbox outbox = new TableOutbox(topic)) {
            outbox.add("k", "first");
            // with an hour between polls, only the wake-up can send the second row within the test's patience
            try (OutboxRelayLoop<TableOutbox.Row> relay = outbox.relay(false, 10, Duration.ofHours(1), Map.of())) {
                relay.start();
                await().atMost(Patience.SHORT).until(() -> relay.pending() == 0);
                outbox.add("k", "second");
                relay.wake();
                await().atMost(Patience.SHORT).until(() -> relay.pending() == 0);
                assertThat(relay.progress().sent()).isEqualTo(2);
            }
            assertThat(consumeUntil(topic, outbox.ids())).extracting(Delivered::payload).containsExactly("first",
                    "second");
        }
    }

    @Test
    void aRowKafkaRefusesForGoodIsSetAsideAndTheRowsBehindItGoOut() throws Exception {
        String topic = "relay-refused";
        try (TableOutbox outbox = new TableOutbox(topic)) {
            outbox.add("k", "small before");
            outbox.add("k", "x".repeat(10_000));
            outbox.add("k", "small after");
            try (OutboxRelayLoop<TableOutbox.Row> relay = outbox.relay(false, 10, Duration.ofMillis(50),
                    Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4096))) {
                relay.publishPending();
                assertThat(relay.pending()).isZero();
                assertThat(relay.progress().sent()).isEqualTo(2);
            }
            assertThat(outbox.setAside()).singleElement().asString().contains("RecordTooLargeException");
            assertThat(consumeUntil(topic, List.of(outbox.ids().get(0), outbox.ids().get(2))))
                    .extracting(Delivered::payload).containsExactly("small before", "small after");
            assertThat(outbox.violations).isEmpty();
        }
    }

    // ------------------------------------------------------------------ helpers

    private static List<String> threadsOf(String relayName) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.contains(relayName)).toList();
    }

    record Delivered(String key, String id, long seq, String payload) {

        static Delivered of(ConsumerRecord<String, String> r) {
            String[] parts = r.value().split("\\|", 3);
            return new Delivered(r.key(), parts[0], Long.parseLong(parts[1]), parts[2]);
        }
    }

    /** Per key, the sequence numbers in the order they were received (a key lives on one partition, read in order). */
    private static Map<String, List<Long>> perKey(List<Delivered> records) {
        Map<String, List<Long>> m = new LinkedHashMap<>();
        for (Delivered d : records) {
            m.computeIfAbsent(d.key(), k -> new ArrayList<>()).add(d.seq());
        }
        return m;
    }

    /** Reads {@code topic} from the start as a {@code read_committed} consumer until every id in {@code ids} came. */
    private static List<Delivered> consumeUntil(String topic, List<String> ids) {
        List<Delivered> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer("read_committed")) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Patience.SHORT.toNanos();
            while (!received.stream().map(Delivered::id).toList().containsAll(ids)) {
                assertThat(System.nanoTime()).as("rows still missing after %s", Patience.SHORT).isLessThan(deadline);
                consumer.poll(Duration.ofMillis(200)).forEach(r -> received.add(Delivered.of(r)));
            }
        }
        return received;
    }

    private static KafkaConsumer<String, String> consumer(String isolation) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer());
    }

    /**
     * An outbox table in H2. When rows are marked it reads the topic as far as the broker has acknowledged records
     * ({@code read_uncommitted}: up to the high watermark, open transactions included) and notes every row it is
     * asked to mark that is not there yet.
     */
    static final class TableOutbox implements OutboxSource<TableOutbox.Row>, AutoCloseable {

        record Row(long seq, String id, String key, String payload) {
        }

        private final String topic;
        private final JdbcTemplate jdbc;
        private final List<String> violations = new CopyOnWriteArrayList<>();
        private final Set<String> onBroker = new HashSet<>();
        private KafkaConsumer<String, String> witness;

        TableOutbox(String topic) {
            this.topic = topic;
            JdbcDataSource ds = new JdbcDataSource();
            ds.setURL("jdbc:h2:mem:relay" + COUNTER.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
            ds.setUser("sa");
            jdbc = new JdbcTemplate(ds);
            jdbc.execute("create table outbox (seq bigint generated always as identity primary key, "
                    + "id varchar(36) not null, msg_key varchar(100) not null, payload varchar(20000) not null, "
                    + "sent boolean default false not null, set_aside varchar(2000))");
        }

        /** A relay of this outbox to its topic (3 partitions), failing a pass within seconds while the broker is away. */
        OutboxRelayLoop<Row> relay(boolean transactional, int batchSize, Duration poll, Map<String, Object> producer) {
            Map<String, Object> config = new HashMap<>(producer);
            config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000);
            config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 3000);
            String name = "test-relay-" + COUNTER.incrementAndGet();
            return OutboxRelayLoop.create(new RelayLoopSettings(name, broker.getBrokersAsString(), poll, batchSize,
                    new Backoff(Duration.ofMillis(100), Duration.ofMillis(500)), Duration.ofMillis(1500),
                    transactional ? name + "-tx" : null, List.of(new RelayLoopSettings.Topic(topic, 3, (short) 0,
                    Map.of())), config, Map.of()), this, this::toRecord);
        }

        /** {@code n} rows over {@code keys} keys in turn. */
        void addRows(String prefix, int n, int keys) {
            for (int i = 0; i < n; i++) {
                add("key-" + (i % keys), prefix + " " + i);
            }
        }

        void add(String key, String payload) {
            jdbc.update("insert into outbox (id, msg_key, payload) values (?, ?, ?)", UUID.randomUUID().toString(), key,
                    payload);
        }

        ProducerRecord<String, byte[]> toRecord(Row r) {
            return new ProducerRecord<>(topic, r.key(), (r.id() + "|" + r.seq() + "|" + r.payload())
                    .getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public List<Row> unsent(int max) {
            return jdbc.query("select seq, id, msg_key, payload from outbox where not sent and set_aside is null "
                    + "order by seq limit ?", (rs, i) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3),
                    rs.getString(4)), max);
        }

        @Override
        public void markSent(List<Row> rows) {
            try {
                readWhatTheBrokerHas();
                for (Row r : rows) {
                    if (!onBroker.contains(r.id())) {
                        violations.add("row " + r.seq() + " was marked sent before the broker had it");
                    }
                }
            } catch (RuntimeException e) {
                violations.add("rows " + rows.stream().map(Row::seq).toList() + " were marked sent, but the broker "
                        + "could not be read: " + e);
            }
            jdbc.batchUpdate("update outbox set sent = true where seq = ?",
                    rows.stream().map(r -> new Object[] {r.seq()}).toList());
        }

        @Override
        public long pending() {
            Long n = jdbc.queryForObject("select count(*) from outbox where not sent and set_aside is null",
                    Long.class);
            return n == null ? 0 : n;
        }

        @Override
        public boolean setAside(Row row, Throwable refusal) {
            jdbc.update("update outbox set set_aside = ? where seq = ?", refusal.toString(), row.seq());
            return true;
        }

        private void readWhatTheBrokerHas() {
            if (witness == null) {
                witness = consumer("read_uncommitted");
                List<TopicPartition> partitions = witness.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
                witness.assign(partitions);
                witness.seekToBeginning(partitions);
            }
            Map<TopicPartition, Long> end = witness.endOffsets(witness.assignment());
            long deadline = System.nanoTime() + Patience.SHORT.toNanos();
            while (end.entrySet().stream().anyMatch(e -> witness.position(e.getKey()) < e.getValue())
                    && System.nanoTime() < deadline) {
                witness.poll(Duration.ofMillis(100)).forEach(r -> onBroker.add(Delivered.of(r).id()));
            }
        }

        List<String> ids() {
            return jdbc.queryForList("select id from outbox order by seq", String.class);
        }

        long lastSeq() {
            return jdbc.queryForObject("select max(seq) from outbox", Long.class);
        }

        long markedCount() {
            return jdbc.queryForObject("select count(*) from outbox where sent", Long.class);
        }

        List<String> setAside() {
            return jdbc.queryForList("select set_aside from outbox where set_aside is not null", String.class);
        }

        /** Per key, the sequence numbers in the order the rows were committed. */
        Map<String, List<Long>> committedPerKey() {
            Map<String, List<Long>> m = new LinkedHashMap<>();
            jdbc.query("select msg_key, seq from outbox where set_aside is null order by seq",
                    rs -> {
                        m.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getLong(2));
                    });
            return m;
        }

        @Override
        public void close() {
            if (witness != null) {
                witness.close();
            }
            jdbc.execute("shutdown");
        }
    }
}
