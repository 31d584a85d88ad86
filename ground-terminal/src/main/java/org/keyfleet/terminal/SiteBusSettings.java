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
 * @param replicationFactor replication factor of the two topics when this process creates them
 */
public record SiteBusSettings(String bootstrapServers, Path channelSecretsDir, LinkNoiseModel noise, long seed,
                              Duration pollPeriod, short replicationFactor) {

    /** The channel secrets' directory under a data directory. */
    public static final String DEFAULT_SUBDIR = "pki/channels";
    /** Partitions of the commands and results topics (records are keyed by terminal id). */
    static final int PARTITIONS = 6;

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
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("site bus: replicationFactor must be >= 1 but was " + replicationFactor);
        }
    }

    /** Defaults: channel secrets under {@code dataDir}, the default noise model, seed 1, 50 ms polls, factor 1. */
    public static SiteBusSettings of(String bootstrapServers, Path dataDir, long seed) {
        return new SiteBusSettings(bootstrapServers, dataDir.resolve(DEFAULT_SUBDIR), LinkNoiseModel.DEFAULT, seed,
                Duration.ofMillis(50), (short) 1);
    }
}
