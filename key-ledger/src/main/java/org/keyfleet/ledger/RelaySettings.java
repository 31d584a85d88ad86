package org.keyfleet.ledger;

import java.time.Duration;
import java.util.Map;

import org.keyfleet.ledger.outbox.Backoff;

/**
 * How the {@link OutboxRelay} publishes.
 *
 * @param bootstrapServers  Kafka bootstrap servers, {@code host:port[,host:port...]} ({@code keyfleet.kafka.bootstrap-servers})
 * @param pollPeriod        wait between passes when the outbox had nothing more to send (positive)
 * @param batchSize         rows per pass, one Kafka transaction each (1..10000)
 * @param minBackoff        wait after the first failed pass (positive); doubles with each further failure
 * @param maxBackoff        cap of that wait (≥ minBackoff)
 * @param transactionalId   the producer's transactional id; one relay per ledger database, so a restarted relay
 *                          fences a stale one
 * @param topicPartitions   partitions of the topics the relay creates if missing (0: create none, the cluster's
 *                          administrators do)
 * @param producerOverrides further producer properties (e.g. security), applied last; cannot switch idempotence off
 */
public record RelaySettings(String bootstrapServers, Duration pollPeriod, int batchSize, Duration minBackoff,
                            Duration maxBackoff, String transactionalId, int topicPartitions,
                            Map<String, String> producerOverrides) {

    public static final Duration DEFAULT_POLL_PERIOD = Duration.ofMillis(200);
    public static final int DEFAULT_BATCH_SIZE = 500;
    public static final Duration DEFAULT_MIN_BACKOFF = Duration.ofMillis(500);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);
    public static final String DEFAULT_TRANSACTIONAL_ID = "keyfleet-ledger-outbox-relay";
    public static final int DEFAULT_TOPIC_PARTITIONS = 6;

    public RelaySettings {
        String what = "relay settings";
        Checks.id(what, "bootstrapServers", bootstrapServers);
        for (String server : bootstrapServers.split(",")) {
            int colon = server.trim().lastIndexOf(':');
            if (colon <= 0 || !server.trim().substring(colon + 1).matches("[0-9]{1,5}")) {
                throw new IllegalArgumentException(what + ": bootstrapServers must be host:port[,host:port...] but was '"
                        + bootstrapServers + "'");
            }
        }
        positive(what, "pollPeriod", pollPeriod);
        positive(what, "minBackoff", minBackoff);
        positive(what, "maxBackoff", maxBackoff);
        if (maxBackoff.compareTo(minBackoff) < 0) {
            throw new IllegalArgumentException(what + ": maxBackoff must be >= minBackoff " + minBackoff + " but was "
                    + maxBackoff);
        }
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException(what + ": batchSize must be in [1, 10000] but was " + batchSize);
        }
        Checks.id(what, "transactionalId", transactionalId);
        if (topicPartitions < 0) {
            throw new IllegalArgumentException(what + ": topicPartitions must be >= 0 but was " + topicPartitions);
        }
        producerOverrides = Map.copyOf(Checks.notNull(what, "producerOverrides", producerOverrides));
        for (String k : java.util.List.of("enable.idempotence", "acks", "transactional.id")) {
            if (producerOverrides.containsKey(k)) {
                throw new IllegalArgumentException(what + ": producerOverrides must not set " + k + " (the relay's delivery "
                        + "guarantees rest on it) but set it to '" + producerOverrides.get(k) + "'");
            }
        }
    }

    private static void positive(String what, String field, Duration d) {
        Checks.notNull(what, field, d);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(what + ": " + field + " must be positive but was " + d);
        }
    }

    /** The defaults for a cluster. */
    public static RelaySettings of(String bootstrapServers) {
        return new RelaySettings(bootstrapServers, DEFAULT_POLL_PERIOD, DEFAULT_BATCH_SIZE, DEFAULT_MIN_BACKOFF,
                DEFAULT_MAX_BACKOFF, DEFAULT_TRANSACTIONAL_ID, DEFAULT_TOPIC_PARTITIONS, Map.of());
    }

    public RelaySettings withPollPeriod(Duration period) {
        return new RelaySettings(bootstrapServers, period, batchSize, minBackoff, maxBackoff, transactionalId,
                topicPartitions, producerOverrides);
    }

    public RelaySettings withBatchSize(int rows) {
        return new RelaySettings(bootstrapServers, pollPeriod, rows, minBackoff, maxBackoff, transactionalId,
                topicPartitions, producerOverrides);
    }

    public RelaySettings withBackoff(Duration min, Duration max) {
        return new RelaySettings(bootstrapServers, pollPeriod, batchSize, min, max, transactionalId, topicPartitions,
                producerOverrides);
    }

    public RelaySettings withTopicPartitions(int partitions) {
        return new RelaySettings(bootstrapServers, pollPeriod, batchSize, minBackoff, maxBackoff, transactionalId,
                partitions, producerOverrides);
    }

    public RelaySettings withProducerOverrides(Map<String, String> overrides) {
        return new RelaySettings(bootstrapServers, pollPeriod, batchSize, minBackoff, maxBackoff, transactionalId,
                topicPartitions, overrides);
    }

    /** Wait before the next pass after {@code failures} consecutive failed passes (≥ 1): min × 2^(failures−1), capped. */
    public Duration backoff(int failures) {
        return new Backoff(minBackoff, maxBackoff).after(failures);
    }
}
