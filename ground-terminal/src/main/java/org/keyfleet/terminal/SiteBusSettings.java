package org.keyfleet.terminal;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How a process joins the site bus.
 *
 * @param bootstrapServers  Kafka bootstrap servers, {@code host:port[,host:port...]}
 * @param channelSecretsDir where the emulated quantum channels' secrets are ({@code <data>/pki/channels} when the
 *                          controller and its terminal processes share a data directory); see {@link #DEFAULT_SUBDIR}
 * @param noise             how a terminal process draws pass outcomes (the controller's twin uses the same)
 * @param seed              seed of those draws (a contact's draw depends only on it and the contact id)
 * @param pollPeriod        how often the outbox is polled when it was empty
 * @param replicationFactor replication factor of the two topics when this process creates them; 0: the broker's
 *                          default ({@code default.replication.factor})
 * @param retryAttempts     how often a received message that fails is tried before it is parked
 *                          ({@code terminal_site_parked}); a message rejected as wrong is parked at once
 * @param retryPause        pause between two attempts
 * @param clientOverrides   further Kafka client properties for the producer, consumer and admin client (e.g.
 *                          {@code security.protocol}, {@code ssl.truststore.location}, SASL settings), applied last;
 *                          they cannot change what the bus's guarantees rest on ({@link #GUARDED})
 */
public record SiteBusSettings(String bootstrapServers, Path channelSecretsDir, LinkNoiseModel noise, long seed,
                              Duration pollPeriod, short replicationFactor, int retryAttempts, Duration retryPause,
                              java.util.Map<String, String> clientOverrides) {

    /** Client properties the bus sets itself: idempotent, fully acknowledged sends; manual, grouped commits. */
    public static final java.util.Set<String> GUARDED = java.util.Set.of("bootstrap.servers", "enable.idempotence",
            "acks", "group.id", "enable.auto.commit", "auto.offset.reset", "key.serializer", "value.serializer",
            "key.deserializer", "value.deserializer");

    /** The channel secrets' directory under a data directory. */
    public static final String DEFAULT_SUBDIR = "pki/channels";
    /** Partitions of the commands and results topics (records are keyed by terminal id). */
    static final int PARTITIONS = 6;
    /** Largest record: a COMBINE carries C in base64, so this bounds a remote pair key to about 48 Mbit. */
    static final int MAX_RECORD_BYTES = 8 << 20;

    public SiteBusSettings {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("site bus: bootstrapServers must be host:port[,host:port...] but was '"
                    + bootstrapServers + "'");
        }
        if (channelSecretsDir == null || noise == null) {
            throw new IllegalArgumentException("site bus: channelSecretsDir and noise must not be null");
        }
        if (pollPeriod == null || pollPeriod.isNegative() || pollPeriod.isZero() || pollPeriod.toSeconds() > 60) {
            throw new IllegalArgumentException("site bus: pollPeriod must be in (0, 60 s] but was " + pollPeriod);
        }
        if (replicationFactor < 0) {
            throw new IllegalArgumentException("site bus: replicationFactor must be >= 0 (0: the broker's default) "
                    + "but was " + replicationFactor);
        }
        if (retryAttempts < 1) {
            throw new IllegalArgumentException("site bus: retryAttempts must be >= 1 but was " + retryAttempts);
        }
        if (retryPause == null || retryPause.isNegative() || retryPause.toMinutes() > 10) {
            throw new IllegalArgumentException("site bus: retryPause must be in [0, 10 min] but was " + retryPause);
        }
        clientOverrides = java.util.Map.copyOf(clientOverrides == null ? java.util.Map.of() : clientOverrides);
        for (String k : clientOverrides.keySet()) {
            if (GUARDED.contains(k)) {
                throw new IllegalArgumentException("site bus: client property " + k + " is set by the bus itself "
                        + "(its delivery guarantees rest on it) and cannot be overridden, but was '"
                        + clientOverrides.get(k) + "'");
            }
        }
    }

    /**
     * Defaults: channel secrets under {@code dataDir}, the default noise model, 50 ms polls, the broker's replication
     * factor, 60 attempts 1 s apart before a failing message is parked.
     */
    public static SiteBusSettings of(String bootstrapServers, Path dataDir, long seed) {
        return new SiteBusSettings(bootstrapServers, dataDir.resolve(DEFAULT_SUBDIR), LinkNoiseModel.DEFAULT, seed,
                Duration.ofMillis(50), (short) 0, 60, Duration.ofSeconds(1), java.util.Map.of());
    }

    /** The same with further Kafka client properties (security, timeouts). */
    public SiteBusSettings withClientOverrides(java.util.Map<String, String> overrides) {
        return new SiteBusSettings(bootstrapServers, channelSecretsDir, noise, seed, pollPeriod, replicationFactor,
                retryAttempts, retryPause, overrides);
    }

    /** The same with another retry policy. */
    public SiteBusSettings withRetries(int attempts, Duration pause) {
        return new SiteBusSettings(bootstrapServers, channelSecretsDir, noise, seed, pollPeriod, replicationFactor,
                attempts, pause, clientOverrides);
    }
}
