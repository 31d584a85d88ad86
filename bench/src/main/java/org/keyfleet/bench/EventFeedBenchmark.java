package org.keyfleet.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cloudevents.CloudEvent;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.keyfleet.ledger.ContactOrder;
import org.keyfleet.ledger.EventDeduplicator;
import org.keyfleet.ledger.EventType;
import org.keyfleet.ledger.KeyLedger;
import org.keyfleet.ledger.LedgerEvents;
import org.keyfleet.ledger.LedgerSettings;
import org.keyfleet.ledger.OutboxRelay;
import org.keyfleet.ledger.PairKeyInfo;
import org.keyfleet.ledger.PassResult;
import org.keyfleet.ledger.RelaySettings;
import org.keyfleet.planner.CandidateContact;
import org.keyfleet.planner.Contact;
import org.keyfleet.planner.ContactPlan;
import org.keyfleet.planner.PairDelivery;
import org.keyfleet.planner.PairDemand;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The event feed end to end: ledger transaction → outbox → {@link OutboxRelay} (one Kafka transaction per pass) →
 * broker → a {@code read_committed} consumer with {@link EventDeduplicator}. Each event is a {@code pair-key.delivered}
 * written by {@link KeyLedger#recordDelivered} in its own transaction (with its audit entry), on an H2 file database
 * through a connection pool, as the default profile runs.
 *
 * <ol>
 *   <li><b>Drain</b>: N events are committed with the relay stopped (the ledger's commit rate is measured), then the
 *   relay starts; events/s from its start until the consumer has all N (what an outage backlog drains at).</li>
 *   <li><b>Latency</b>: events committed at a fixed rate while the relay runs, for the default poll period and a
 *   short one; latency from the commit's return to the consumer's receipt, p50/p99/max.</li>
 * </ol>
 * Baselines (this benchmark's own targets, not a standard's): drain ≥ 1000 events/s; p99 latency ≤ poll period +
 * 300 ms at 100 events/s (an idle relay polls, so latency is about half the poll period plus one Kafka transaction).
 *
 * <p>Run: {@code ./mvnw -q -pl bench -am install -DskipTests && ./mvnw -q -pl bench exec:java
 * -Dexec.mainClass=org.keyfleet.bench.EventFeedBenchmark -Dexec.args="20000 100 15"} (arguments: drain events,
 * default 20000; latency rate, events/s, default 100; seconds per latency run, default 15; optional
 * {@code --bootstrap host:port} to use a running cluster instead of the in-process KRaft broker).
 */
public final class EventFeedBenchmark {

    private static final double TARGET_DRAIN_PER_S = 1000;
    private static final double TARGET_P99_OVER_POLL_MS = 300;
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private EventFeedBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        // the in-process broker logs at INFO by default; its warnings still show
        for (String name : List.of("org.apache.kafka", "kafka", "state.change.logger", "org.springframework")) {
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(name)).setLevel(ch.qos.logback.classic.Level.WARN);
        }
        List<String> positional = new ArrayList<>();
        String bootstrap = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--bootstrap") && i + 1 < args.length) {
                bootstrap = args[++i];
            } else {
                positional.add(args[i]);
            }
        }
        int drainEvents = positional.size() > 0 ? Integer.parseInt(positional.get(0)) : 20_000;
        double rate = positional.size() > 1 ? Double.parseDouble(positional.get(1)) : 100;
        int seconds = positional.size() > 2 ? Integer.parseInt(positional.get(2)) : 15;

        EmbeddedKafkaKraftBroker broker = null;
        if (bootstrap == null) {
            broker = new EmbeddedKafkaKraftBroker(1, 6);
            broker.brokerProperties(Map.of("transaction.state.log.replication.factor", "1",
                    "transaction.state.log.min.isr", "1", "offsets.topic.replication.factor", "1",
                    "group.initial.rebalance.delay.ms", "0"));
            broker.afterPropertiesSet();
            bootstrap = broker.getBrokersAsString();
        }
        Path dir = Files.createTempDirectory("keyfleet-event-bench");
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl("jdbc:h2:file:" + dir.resolve("keyfleet") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE");
        pool.setUsername("sa");
        pool.setMaximumPoolSize(4);
        try (HikariDataSource ds = new HikariDataSource(pool)) {
            KeyLedger ledger = KeyLedger.open(ds, LedgerSettings.defaults(), c -> { }, d -> { });
            List<PairKeyInfo> keys = pairKeys(ledger);
            Feed feed = new Feed(bootstrap);
            feed.start();
            System.out.printf(Locale.ROOT, "event feed: H2 file + HikariCP, %s Kafka at %s, %d cores, load average %s%n",
                    broker == null ? "external" : "in-process KRaft", bootstrap, Runtime.getRuntime().availableProcessors(),
                    load());

            // warm-up: producer transactions, consumer group, JIT
            RelaySettings defaults = RelaySettings.of(bootstrap).withTopicPartitions(6);
            try (OutboxRelay relay = OutboxRelay.create(ds, defaults)) {
                relay.start();
                feed.awaitAll(write(ledger, keys, 500, feed), Duration.ofMinutes(2));
            }

            // 1. drain a backlog
            long t0 = System.nanoTime();
            List<String> backlog = write(ledger, keys, drainEvents, feed);
            double commitSeconds = (System.nanoTime() - t0) / 1e9;
            long relayStart;
            try (OutboxRelay relay = OutboxRelay.create(ds, defaults)) {
                relayStart = System.nanoTime();
                relay.start();
                feed.awaitAll(backlog, Duration.ofMinutes(10));
            }
            double drainSeconds = (feed.lastReceipt.get() - relayStart) / 1e9;
            double drainRate = drainEvents / drainSeconds;
            System.out.printf(Locale.ROOT, "ledger commits (one transaction + audit entry + outbox row each): %d in %.2f s = "
                    + "%.0f events/s%n", drainEvents, commitSeconds, drainEvents / commitSeconds);
            System.out.printf(Locale.ROOT, "drain of %d waiting events, relay start -> last consumed: %.2f s = %.0f events/s "
                    + "(batches of %d); baseline >= %.0f events/s: %s%n", drainEvents, drainSeconds, drainRate,
                    defaults.batchSize(), TARGET_DRAIN_PER_S, drainRate >= TARGET_DRAIN_PER_S ? "met" : "NOT met");

            // 2. latency at a fixed rate, default and short poll period
            System.out.println("latency ledger commit -> consumer, ms            p50      p99      max   events");
            for (Duration poll : List.of(RelaySettings.DEFAULT_POLL_PERIOD, Duration.ofMillis(20))) {
                try (OutboxRelay relay = OutboxRelay.create(ds, defaults.withPollPeriod(poll))) {
                    relay.start();
                    List<String> ids = paced(ledger, keys, rate, seconds, feed);
                    feed.awaitAll(ids, Duration.ofMinutes(2));
                    double[] ms = feed.latenciesMs(ids);
                    Arrays.sort(ms);
                    double p99 = percentile(ms, 0.99);
                    System.out.printf(Locale.ROOT, "  %3.0f events/s, poll %4d ms                 %7.1f  %7.1f  %7.1f  %6d"
                                    + "   baseline p99 <= %.0f ms: %s%n", rate, poll.toMillis(), percentile(ms, 0.5), p99,
                            ms[ms.length - 1], ms.length, poll.toMillis() + TARGET_P99_OVER_POLL_MS,
                            p99 <= poll.toMillis() + TARGET_P99_OVER_POLL_MS ? "met" : "NOT met");
                }
            }
            System.out.printf(Locale.ROOT, "consumer: %d records, %d duplicates dropped; load average after %s%n",
                    feed.records.get(), feed.dedup.duplicates(), load());
            feed.stop();
        } finally {
            if (broker != null) {
                broker.destroy();
            }
        }
    }

    /**
     * {@value #KEYS} passes of one satellite over MAD, then as many over WAW, 64 kbit each, combined block by block into
     * {@value #KEYS} pair keys of 64 kbit, so that deliveries spread over many keys (a few dozen each, as ETSI keys carved
     * from pair keys are) rather than thousands on one.
     */
    private static List<PairKeyInfo> pairKeys(KeyLedger ledger) {
        long bits = 64_000;
        List<Contact> contacts = new ArrayList<>();
        for (int i = 0; i < 2 * KEYS; i++) {
            Instant aos = T0.plusSeconds(600L * i);
            contacts.add(new Contact(new CandidateContact("sat1", i < KEYS ? "MAD" : "WAW", aos, aos.plusSeconds(300), bits,
                    1.0, bits), Map.of()));
        }
        PairDemand demand = new PairDemand("MAD", "WAW", bits * KEYS, 1.0);
        ContactPlan plan = new ContactPlan(contacts, List.of(), List.of(new PairDelivery(demand, bits * KEYS, Map.of())), 0,
                Double.NaN, Double.NaN, false, 0, 0, 0, 8, "GREEDY", 0);
        List<ContactOrder> orders = ledger.schedule(plan, c -> 0.03);
        for (ContactOrder o : orders) {
            ledger.book(new PassResult(o.contactId(), o.satelliteId(), o.terminalId(), true, UUID.randomUUID(), bits, 0.03,
                    o.los()));
        }
        ledger.combine(orders.get(orders.size() - 1).los());
        return ledger.pairKeys("MAD", "WAW");
    }

    private static final int KEYS = 400;

    private static final AtomicLong DELIVERED = new AtomicLong();

    /** {@code n} deliveries of 8 bits as fast as the ledger commits them; returns their delivery ids. */
    private static List<String> write(KeyLedger ledger, List<PairKeyInfo> keys, int n, Feed feed) {
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(deliver(ledger, keys, feed));
        }
        return ids;
    }

    /** Deliveries at a fixed rate for {@code seconds}, each scheduled independently of how long the last took. */
    private static List<String> paced(KeyLedger ledger, List<PairKeyInfo> keys, double rate, int seconds, Feed feed)
            throws InterruptedException {
        List<String> ids = new ArrayList<>();
        long start = System.nanoTime();
        long n = Math.round(rate * seconds);
        for (long i = 0; i < n; i++) {
            long due = start + (long) (i * 1e9 / rate);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));  // pacing the load, not timing a result
            }
            ids.add(deliver(ledger, keys, feed));
        }
        return ids;
    }

    private static String deliver(KeyLedger ledger, List<PairKeyInfo> keys, Feed feed) {
        UUID id = UUID.randomUUID();
        long n = DELIVERED.incrementAndGet();
        PairKeyInfo key = keys.get((int) (n % keys.size()));
        ledger.recordDelivered(id, key.pairKeyId(), "MAD", "sae-mad", 8, T0.plus(Duration.ofDays(10)).plusMillis(n));
        feed.committed.put(id.toString(), System.nanoTime());
        return id.toString();
    }

    private static double percentile(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static String load() {
        return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /** The consumer side: receipt time per delivery id, de-duplicated. */
    private static final class Feed {
        final Map<String, Long> committed = new ConcurrentHashMap<>();
        final Map<String, Long> received = new ConcurrentHashMap<>();
        final EventDeduplicator dedup = EventDeduplicator.inMemory(EventDeduplicator.DEFAULT_CAPACITY);
        final AtomicLong records = new AtomicLong();
        final AtomicLong lastReceipt = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final KafkaConsumer<String, CloudEvent> consumer;
        private Thread thread;

        Feed(String bootstrap) {
            consumer = new KafkaConsumer<>(LedgerEvents.consumerConfig(bootstrap, "bench-" + UUID.randomUUID()));
        }

        void start() {
            consumer.subscribe(LedgerEvents.TOPICS);
            thread = new Thread(() -> {
                while (running.get()) {
                    for (ConsumerRecord<String, CloudEvent> r : consumer.poll(Duration.ofMillis(50))) {
                        long now = System.nanoTime();
                        records.incrementAndGet();
                        if (!dedup.firstDelivery(r.value())
                                || !EventType.PAIR_KEY_DELIVERED.type().equals(r.value().getType())) {
                            continue;
                        }
                        try {
                            String id = JSON.readTree(r.value().getData().toBytes()).get("deliveryId").asText();
                            received.put(id, now);
                            lastReceipt.set(now);
                        } catch (java.io.IOException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                    consumer.commitAsync();
                }
                consumer.close();
            }, "bench-consumer");
            thread.start();
        }

        void awaitAll(List<String> ids, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            int i = 0;
            while (true) {
                while (i < ids.size() && received.containsKey(ids.get(i))) {
                    i++;  // events mostly arrive in order: the scan advances, it does not restart
                }
                if (i == ids.size()) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("events missing after " + timeout + ": "
                            + ids.stream().filter(id -> !received.containsKey(id)).count());
                }
                Thread.sleep(10);  // waiting for the consumer thread, not timing
            }
        }

        double[] latenciesMs(List<String> ids) {
            return ids.stream().mapToDouble(i -> (received.get(i) - committed.get(i)) / 1e6).toArray();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
        }
    }
}
