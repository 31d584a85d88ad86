package org.keyfleet.ledger;

import java.time.Instant;

/**
 * A link's available key crossed its low-stock threshold.
 *
 * @param satelliteId   satellite
 * @param terminalId    terminal
 * @param availableBits available key after the change, bits
 * @param thresholdBits the link's threshold, bits
 * @param low           true when the stock fell below the threshold, false when it recovered
 * @param at            simulated (or real) time of the change, UTC
 */
public record StockAlert(String satelliteId, String terminalId, long availableBits, long thresholdBits, boolean low,
                         Instant at) {
}
