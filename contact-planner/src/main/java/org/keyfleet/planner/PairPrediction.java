package org.keyfleet.planner;

/**
 * Out-of-sample prediction of one demand's pair key under a {@link RobustPlan}, over fresh weather scenarios.
 *
 * @param demand    the demand (its request as given, before key already delivered is subtracted)
 * @param meanBits  mean pair key the plan's contacts and the stock deliver, bits (beyond key already delivered)
 * @param p10Bits   10th percentile, bits
 * @param p90Bits   90th percentile, bits
 * @param pNone     share of scenarios in which the pair gets no key from the plan
 */
public record PairPrediction(PairDemand demand, double meanBits, double p10Bits, double p90Bits, double pNone) {
}
