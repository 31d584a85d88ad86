package org.keyfleet.planner.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.keyfleet.planner.ContactPlan;
import org.keyfleet.planner.PairDelivery;
import org.keyfleet.planner.PairPrediction;
import org.keyfleet.planner.RobustPlan;

/**
 * The prediction a plan is judged by: the delivered pair key it predicts, and by which model. Numbers that the
 * model does not have are NaN (stored as NULL), never a stand-in.
 *
 * @param strategy            the planner that made the plan ({@code expected}, {@code robust}, {@code greedy})
 * @param model               {@link #SAMPLE_AVERAGE}: out-of-sample prediction over fresh weather scenarios;
 *                            {@link #EXPECTED_VALUE}: the plan's own promise, P(clear) × bits taken as a sure yield
 * @param meanBits            predicted pair key summed over demands, bits
 * @param p10Bits             its 10th percentile over the evaluation scenarios, bits (NaN: expected-value model)
 * @param p90Bits             its 90th percentile, bits (NaN: expected-value model)
 * @param weightedBits        predicted Σ priority × pair key
 * @param stdErrorBits        standard error of {@code meanBits} (NaN: expected-value model)
 * @param saaObjectiveBits    in-sample objective of the sample-average model, priority × bits (NaN: none)
 * @param saaBoundBits        CP-SAT's proven upper bound on the <em>sample</em> problem, priority × bits — not a
 *                            bound on the true expectation (NaN: none)
 * @param scenarios           in-sample weather scenarios (0: expected-value model)
 * @param evaluationScenarios fresh scenarios of the prediction (0: expected-value model)
 * @param pairs               per demand, in the plan's order
 */
public record StoredPrediction(String strategy, String model, double meanBits, double p10Bits, double p90Bits,
                               double weightedBits, double stdErrorBits, double saaObjectiveBits, double saaBoundBits,
                               int scenarios, int evaluationScenarios, List<Pair> pairs) {

    public static final String SAMPLE_AVERAGE = "sample-average";
    public static final String EXPECTED_VALUE = "expected-value";

    /**
     * One demand's predicted pair key.
     *
     * @param pairId   the demand's pair id
     * @param meanBits mean (expected-value model: the planned pair key), bits
     * @param p10Bits  10th percentile, bits (NaN: expected-value model)
     * @param p90Bits  90th percentile, bits (NaN: expected-value model)
     * @param pNone    share of scenarios in which the pair gets no key (NaN: expected-value model)
     */
    public record Pair(String pairId, double meanBits, double p10Bits, double p90Bits, double pNone) {
        public Pair {
            Objects.requireNonNull(pairId, "pairId");
        }
    }

    public StoredPrediction {
        Objects.requireNonNull(strategy, "strategy");
        if (!SAMPLE_AVERAGE.equals(model) && !EXPECTED_VALUE.equals(model)) {
            throw new IllegalArgumentException("prediction model must be " + SAMPLE_AVERAGE + " or " + EXPECTED_VALUE
                    + " but was " + model);
        }
        pairs = List.copyOf(pairs);
    }

    /** The robust planner's out-of-sample prediction. */
    public static StoredPrediction of(String strategy, RobustPlan plan) {
        List<Pair> pairs = new ArrayList<>();
        for (PairPrediction p : plan.pairs()) {
            pairs.add(new Pair(p.demand().pairId(), p.meanBits(), p.p10Bits(), p.p90Bits(), p.pNone()));
        }
        return new StoredPrediction(strategy, SAMPLE_AVERAGE, plan.predictedBits(), plan.predictedP10Bits(),
                plan.predictedP90Bits(), plan.predictedWeightedBits(), plan.predictedStdErrorBits(),
                plan.saaObjectiveBits(), plan.saaBoundBits(), plan.scenarios(), plan.evaluationScenarios(), pairs);
    }

    /** What an expected-value plan promises: its planned pair key, no band. */
    public static StoredPrediction promised(String strategy, ContactPlan plan) {
        List<Pair> pairs = new ArrayList<>();
        for (PairDelivery p : plan.pairs()) {
            pairs.add(new Pair(p.demand().pairId(), p.plannedBits(), Double.NaN, Double.NaN, Double.NaN));
        }
        return new StoredPrediction(strategy, EXPECTED_VALUE, plan.deliveredBits(), Double.NaN, Double.NaN,
                plan.objective(), Double.NaN, Double.NaN, Double.NaN, 0, 0, pairs);
    }

    /** Whether this is an out-of-sample prediction under the weather model (else the plan's own promise). */
    public boolean outOfSample() {
        return SAMPLE_AVERAGE.equals(model);
    }

    /** The prediction of one pair, if the plan has the demand. */
    public java.util.Optional<Pair> pair(String pairId) {
        return pairs.stream().filter(p -> p.pairId().equals(pairId)).findFirst();
    }
}
