package org.keyfleet.planner;

import java.util.List;

/**
 * The answer of {@link RobustPlanner}.
 *
 * <p>Two different numbers judge it. {@code saaObjectiveBits} and {@code saaBoundBits} are about the
 * sample-average model: the priority-weighted pair key averaged over the S in-sample scenarios with the best
 * (LP) matching in each, and CP-SAT's proven upper bound on that <em>sample</em> problem (in key units) — not a
 * bound on the true expectation, and the in-sample value is optimistic. The prediction ({@code predicted…}) is
 * out of sample: the chosen contacts evaluated on fresh scenarios (another seed) with the ledger's recourse, each
 * demand served in priority order from the key held at both its ends on one satellite; this is what evaluations of
 * the realised key should be compared with.
 *
 * @param plan                  contacts with their earmarks (scenario-average split); its objective, bound and gap
 *                              are the SAA ones
 * @param predictedBits         mean predicted pair key, bits, summed over demands, beyond key already delivered
 * @param predictedP10Bits      10th percentile of the predicted pair key over the fresh scenarios, bits
 * @param predictedP90Bits      90th percentile, bits
 * @param predictedWeightedBits mean predicted Σ priority × pair key, priority × bits
 * @param predictedStdErrorBits standard error of {@code predictedBits} from the number of fresh scenarios, bits
 * @param saaObjectiveBits      in-sample objective of the plan, priority × bits (averaged over the S scenarios)
 * @param saaBoundBits          proven upper bound on the in-sample optimum, priority × bits
 * @param scenarios             S, in-sample scenarios
 * @param evaluationScenarios   fresh scenarios of the prediction
 * @param pairs                 per demand, the out-of-sample prediction
 */
public record RobustPlan(ContactPlan plan, double predictedBits, double predictedP10Bits, double predictedP90Bits,
                         double predictedWeightedBits, double predictedStdErrorBits, double saaObjectiveBits,
                         double saaBoundBits, int scenarios, int evaluationScenarios, List<PairPrediction> pairs) {

    public RobustPlan {
        pairs = List.copyOf(pairs);
    }

    /** (bound − objective) / bound of the sample problem, 0 when both are 0. */
    public double saaGap() {
        return saaBoundBits == 0 ? 0 : Math.max(0, (saaBoundBits - saaObjectiveBits) / saaBoundBits);
    }
}
