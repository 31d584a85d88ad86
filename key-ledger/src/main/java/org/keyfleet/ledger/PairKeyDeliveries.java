package org.keyfleet.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** What the sites' KMEs ask of and report to the ledger about pair keys. Implemented by the ledger. */
public interface PairKeyDeliveries {

    /**
     * Records that {@code bits} of pair key {@code pairKeyId} were handed to SAE {@code saeId} at terminal
     * {@code terminalId}. A repeated call with the same arguments (a retry) is recorded once.
     *
     * @throws IllegalArgumentException for an unknown pair key, a terminal not of the pair, or bits that are not a
     *                                  positive multiple of 8 or exceed what is left of the key at that terminal
     */
    void recordDelivered(UUID pairKeyId, String terminalId, String saeId, long bits, Instant at);

    /** Pair keys of the pair, in either order of the two terminals, oldest first. */
    List<PairKeyInfo> pairKeys(String terminalA, String terminalB);

    /** One pair key, if the ledger knows it. */
    Optional<PairKeyInfo> pairKey(UUID pairKeyId);
}
