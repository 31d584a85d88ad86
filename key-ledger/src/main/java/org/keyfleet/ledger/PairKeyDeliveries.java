package org.keyfleet.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** What the sites' KMEs ask of and report to the ledger about pair keys. Implemented by the ledger. */
public interface PairKeyDeliveries {

    /**
     * Records that {@code bits} of pair key {@code pairKeyId} were handed to SAE {@code saeId} at terminal
     * {@code terminalId}. Every call is a new delivery: to make retries harmless use
     * {@link #recordDelivered(UUID, UUID, String, String, long, Instant)} with the ETSI key_ID.
     *
     * @throws IllegalArgumentException for an unknown pair key, a terminal not of the pair, or bits that are not a
     *                                  positive multiple of 8 or exceed what is left of the key at that terminal
     */
    void recordDelivered(UUID pairKeyId, String terminalId, String saeId, long bits, Instant at);

    /**
     * As {@link #recordDelivered(UUID, String, String, long, Instant)}, idempotent by {@code deliveryId} (e.g. the
     * ETSI GS QKD 014 key_ID plus the side, master or slave): a repeated call with the same id and content is
     * recorded once.
     *
     * @throws IllegalArgumentException also when {@code deliveryId} was recorded with different content
     */
    void recordDelivered(UUID deliveryId, UUID pairKeyId, String terminalId, String saeId, long bits, Instant at);

    /** Pair keys of the pair, in either order of the two terminals, oldest first. */
    List<PairKeyInfo> pairKeys(String terminalA, String terminalB);

    /** One pair key, if the ledger knows it. */
    Optional<PairKeyInfo> pairKey(UUID pairKeyId);
}
