package org.keyfleet.ledger.outbox;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How an {@link OutboxRelayLoop} publishes.
 *
 * @param name             its thread's name, its Kafka client id and the prefix of its log lines and errors
 * @param bootstrapServers Kafka bootstrap servers, {@code host:port[,host:port...]}
 * @param pollPeriod       wait after a pass that left nothing to send, unless a commit wakes the relay sooner
 * @param batchSize        rows per pass (≥ 1); a full pass is followed at once by the next
 * @param backoff          wait after failed passes
 * @param clientTimeout    how long a Kafka call may block (the producer's {@code max.block.ms}, the admin client's
 *                         timeouts) before the pass fails
 * @param transactionalId  null: each pass sends with an idempotent producer and waits for every acknowledgement; else
 *                         each pass is one Kafka transaction of a producer with this id (consumers reading
 *                         {@code read_committed} see a pass whole or not at all; a second relay with the id fences
 *                         the first)
 * @param topics           topics created before the first send if missing (existing ones are left as they are)
 * @param producerConfig   further producer properties (linger, sizes, security); what the delivery guarantees rest
 *                         on ({@code bootstrap.servers}, {@code enable.idempotence}, {@code acks},
 *                         {@code transactional.id}) is set by the relay whatever this says
 * @param adminConfig      further admin client properties; the producer's {@code security.*}, {@code ssl.*},
 *                         {@code sasl.*} and {@code client.dns.lookup} are passed to it as well
 */
public record RelayLoopSettings(String name, String bootstrapServers, Duration pollPeriod, int batchSize,
                                Backoff backoff, Duration clientTimeout, String transactionalId, List<Topic> topics,
                                Map<String, Object> producerConfig, Map<String, Object> adminConfig) {

    /**
     * A topic to create.
     *
     * @param name              its name
     * @param partitions        partitions (≥ 1)
     * @param replicationFactor replicas; 0: the broker's {@code default.replication.factor}
     * @param configs           topic configuration, e.g. {@code retention.ms}
     */
    public record Topic(String name, int partitions, short replicationFactor, Map<String, String> configs) {

        public Topic {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("relay topic: name must be non-blank but was " + name);
            }
            if (partitions < 1 || replicationFactor < 0) {
                throw new IllegalArgumentException("relay topic " + name + ": partitions must be >= 1 and "
                        + "replicationFactor >= 0 but were " + partitions + " and " + replicationFactor);
            }
            configs = Map.copyOf(configs == null ? Map.of() : configs);
        }
    }

    public RelayLoopSettings {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("relay settings: name must be non-blank but was " + name);
        }
        String what = "relay settings of " + name;
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException(what + ": bootstrapServers must be host:port[,host:port...] but was "
                    + bootstrapServers);
        }
        positive(what, "pollPeriod", pollPeriod);
        positive(what, "clientTimeout", clientTimeout);
        if (batchSize < 1) {
            throw new IllegalArgumentException(what + ": batchSize must be >= 1 but was " + batchSize);
        }
        if (backoff == null) {
            throw new IllegalArgumentException(what + ": backoff must not be null");
        }
        if (transactionalId != null && transactionalId.isBlank()) {
            throw new IllegalArgumentException(what + ": transactionalId must be null or non-blank");
        }
        topics = List.copyOf(topics == null ? List.of() : topics);
        producerConfig = Map.copyOf(producerConfig == null ? Map.of() : producerConfig);
        adminConfig = Map.copyOf(adminConfig == null ? Map.of() : adminConfig);
    }

    private static void positive(String what, String field, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(what + ": " + field + " must be positive but was " + d);
        }
    }

    /** Whether each pass is one Kafka transaction. */
    public boolean transactional() {
        return transactionalId != null;
    }
}
