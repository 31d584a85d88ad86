package org.keyfleet.ledger;

import java.time.Duration;
import java.util.Map;

/**
 * Operating limits of the ledger.
 *
 * @param memoryBitsBySatellite  onboard key memory per satellite id, bits ≥ 0; satellites not listed are unlimited
 * @param blockLifetime          how long a key block may be kept after it was created; older available key is
 *                               discarded and counted as waste (positive)
 * @param lowStockThresholdBits  a link whose available key falls below this raises a {@link StockAlert}, bits ≥ 0
 * @param lowStockThresholdByLink per-link overrides of the threshold, keyed {@code "SATELLITE/TERMINAL"}, bits ≥ 0
 * @param demandAtRiskFraction   a pair is at risk when its combined pair key falls behind its pro-rata demand
 *                               (requested × elapsed share of the horizon) by more than this fraction of the requested
 *                               bits, in [0, 1]; 1 switches the alert off (the shortfall never exceeds the request)
 */
public record LedgerSettings(Map<String, Long> memoryBitsBySatellite, Duration blockLifetime,
                             long lowStockThresholdBits, Map<String, Long> lowStockThresholdByLink,
                             double demandAtRiskFraction) {

    /** Blocks live a week by default: long enough to meet a partner pass, short enough to bound exposure. */
    public static final Duration DEFAULT_BLOCK_LIFETIME = Duration.ofDays(7);

    public LedgerSettings {
        memoryBitsBySatellite = Map.copyOf(Checks.notNull("ledger settings", "memoryBitsBySatellite", memoryBitsBySatellite));
        lowStockThresholdByLink = Map.copyOf(Checks.notNull("ledger settings", "lowStockThresholdByLink", lowStockThresholdByLink));
        Checks.notNull("ledger settings", "blockLifetime", blockLifetime);
        if (blockLifetime.isZero() || blockLifetime.isNegative()) {
            throw new IllegalArgumentException("ledger settings: blockLifetime must be positive but was " + blockLifetime);
        }
        if (lowStockThresholdBits < 0) {
            throw new IllegalArgumentException("ledger settings: lowStockThresholdBits must be >= 0 but was "
                    + lowStockThresholdBits);
        }
        memoryBitsBySatellite.forEach((sat, bits) -> {
            if (bits < 0) {
                throw new IllegalArgumentException("ledger settings: memoryBitsBySatellite[" + sat + "] must be >= 0 but was " + bits);
            }
        });
        Checks.unit("ledger settings", "demandAtRiskFraction", demandAtRiskFraction, 1);
        lowStockThresholdByLink.forEach((link, bits) -> {
            if (bits < 0 || link.indexOf('/') <= 0) {
                throw new IllegalArgumentException("ledger settings: lowStockThresholdByLink entry '" + link + "' = " + bits
                        + ": expected key SATELLITE/TERMINAL and bits >= 0");
            }
        });
    }

    /** Settings without demand-at-risk alerts (fraction 1). */
    public LedgerSettings(Map<String, Long> memoryBitsBySatellite, Duration blockLifetime, long lowStockThresholdBits,
                          Map<String, Long> lowStockThresholdByLink) {
        this(memoryBitsBySatellite, blockLifetime, lowStockThresholdBits, lowStockThresholdByLink, 1.0);
    }

    /** Unlimited memory, the default lifetime, no stock alerts, no demand-at-risk alerts. */
    public static LedgerSettings defaults() {
        return new LedgerSettings(Map.of(), DEFAULT_BLOCK_LIFETIME, 0, Map.of(), 1.0);
    }

    public LedgerSettings withMemoryBits(Map<String, Long> bySatellite) {
        return new LedgerSettings(bySatellite, blockLifetime, lowStockThresholdBits, lowStockThresholdByLink,
                demandAtRiskFraction);
    }

    public LedgerSettings withBlockLifetime(Duration lifetime) {
        return new LedgerSettings(memoryBitsBySatellite, lifetime, lowStockThresholdBits, lowStockThresholdByLink,
                demandAtRiskFraction);
    }

    public LedgerSettings withLowStockThreshold(long bits) {
        return new LedgerSettings(memoryBitsBySatellite, blockLifetime, bits, lowStockThresholdByLink, demandAtRiskFraction);
    }

    /** Raise {@code demand.at-risk} when a pair falls behind its pro-rata demand by more than this share of it. */
    public LedgerSettings withDemandAtRiskFraction(double fraction) {
        return new LedgerSettings(memoryBitsBySatellite, blockLifetime, lowStockThresholdBits, lowStockThresholdByLink,
                fraction);
    }

    /** Onboard memory of the satellite, bits ({@link Long#MAX_VALUE} when unlimited). */
    public long memoryBits(String satelliteId) {
        return memoryBitsBySatellite.getOrDefault(satelliteId, Long.MAX_VALUE);
    }

    /** The low-stock threshold of a link, bits. */
    public long lowStockThreshold(String satelliteId, String terminalId) {
        return lowStockThresholdByLink.getOrDefault(satelliteId + "/" + terminalId, lowStockThresholdBits);
    }
}
