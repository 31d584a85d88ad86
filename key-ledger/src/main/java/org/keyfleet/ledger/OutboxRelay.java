package org.keyfleet.ledger;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import javax.sql.DataSource;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.keyfleet.ledger.outbox.Backoff;
import org.keyfleet.ledger.outbox.OutboxRelayLoop;
import org.keyfleet.ledger.outbox.RelayLoopSettings;
import org.keyfleet.ledger.outbox.RelayProgress;

/**
 * Publishes the ledger's outbox to Kafka through the shared {@link OutboxRelayLoop}: unsent rows in commit order,
 * each a structured-mode CloudEvent to its type's topic keyed by its partition key, marked sent once the broker has
 * them.
 *
 * <p>Each pass is one Kafka transaction (a transactional producer is idempotent, {@code acks=all}): consumers reading
 * {@code read_committed} see a pass whole or not at all, so a pass that failed half-way and is sent again cannot put
 * an event of a partition key behind a later one. Rows are marked sent only after the commit returned; a crash
 * between the two sends them again (at-least-once), which consumers absorb with {@link EventDeduplicator}. While the
 * broker is away the rows wait in the outbox and the relay retries with exponential backoff; nothing is dropped.
 *
 * <p>Runs on its own thread ({@link #start()}/{@link #stop()}) or pass by pass ({@link #publishPending()}). Needs no
 * Spring context; as a bean, {@link #start()} and {@link #close()} are its init and destroy methods. One relay per
 * ledger database: a second one with the same transactional id fences the first.
 */
public final class OutboxRelay implements AutoCloseable {

    /** How long a producer call may block while the broker is away before the pass fails and backs off. */
    private static final int DEFAULT_MAX_BLOCK_MS = 10_000;

    private final RelaySettings settings;
    private final OutboxRelayLoop<Outbox.Row> loop;

    private OutboxRelay(DataSource dataSource, RelaySettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        String block = settings.producerOverrides().get(ProducerConfig.MAX_BLOCK_MS_CONFIG);
        int maxBlockMs;
        try {
            maxBlockMs = block == null ? DEFAULT_MAX_BLOCK_MS : Integer.parseInt(block.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("relay settings: producerOverrides max.block.ms must be an integer (ms) but was '"
                    + block + "'");
        }
        Outbox outbox = new Outbox(new Db(Objects.requireNonNull(dataSource, "dataSource")));
        this.loop = OutboxRelayLoop.create(loopSettings(settings, Duration.ofMillis(maxBlockMs)), outbox,
                Outbox.Row::toRecord);
    }

    private static RelayLoopSettings loopSettings(RelaySettings s, Duration maxBlock) {
        List<RelayLoopSettings.Topic> topics = s.topicPartitions() == 0 ? List.of() : LedgerEvents.TOPICS.stream()
                .map(t -> new RelayLoopSettings.Topic(t, s.topicPartitions(), (short) 0, Map.of())).toList();
        Map<String, Object> producer = new HashMap<>();
        producer.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        producer.putAll(s.producerOverrides());
        return new RelayLoopSettings("keyfleet-outbox-relay", s.bootstrapServers(), s.pollPeriod(), s.batchSize(),
                new Backoff(s.minBackoff(), s.maxBackoff()), maxBlock, s.transactionalId(), topics, producer, Map.of());
    }

    /** A relay for the outbox of the ledger on {@code dataSource} (migrated by {@link KeyLedger#open}); not started. */
    public static OutboxRelay create(DataSource dataSource, RelaySettings settings) {
        return new OutboxRelay(dataSource, settings);
    }

    public RelaySettings settings() {
        return settings;
    }

    /**
     * Publishes every unsent row now, in passes of {@link RelaySettings#batchSize()}, on the caller's thread.
     *
     * @return events published
     * @throws org.apache.kafka.common.KafkaException (or another runtime exception) when a pass failed; the rows of
     *                                               that pass stay unsent and are sent by a later pass
     */
    public int publishPending() {
        return loop.publishPending();
    }

    /** Unsent rows in the outbox. */
    public long pendingEvents() {
        return loop.pending();
    }

    /** Starts publishing on a daemon thread: a pass, then the next at once if it was full, else after the poll period. */
    public void start() {
        loop.start();
    }

    /** Stops publishing (a pass in progress may finish) and closes the producer. Can be started again. */
    public void stop() {
        loop.stop();
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * How far the feed is behind, wall time: since a pass first found events it has not been able to send all of
     * (the broker away, or a backlog bigger than a pass), zero while caught up. An event committed between passes is
     * not counted until the next pass sees it, so this reads up to one poll period low.
     */
    public Duration lag() {
        return loop.lag();
    }

    public RelayStatus status() {
        RelayProgress<Outbox.Row> p = loop.progress();
        return new RelayStatus(loop.running(), p.sent(), p.lastSent() == null ? 0 : p.lastSent().auditSeq(),
                p.consecutiveFailures(), p.lastError(), p.lastSuccessAt());
    }
}
