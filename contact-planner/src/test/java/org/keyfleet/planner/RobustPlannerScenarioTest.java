package org.keyfleet.planner;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.keyfleet.linkbudget.weather.CloudHistory;
import org.keyfleet.linkbudget.weather.CloudModelConfig;

/**
 * eagle1-europe's first day with real passes and climatology forecasts: the robust plan's prediction against the
 * key realised under skies sampled by the link budget's own weather model ({@link CloudHistory}, the twin's truth),
 * matched by an independent implementation of the ledger's rule ({@link Realised}).
 */
class RobustPlannerScenarioTest {

    @Test
    void predictionAgreesWithTheRealisationUnderTheWeatherModel() {
        PlanningProblem problem = ScenarioPlanning.problem(ScenarioFixture.EAGLE1_DAY, ScenarioFixture.forecasts());
        var terminals = ScenarioFixture.EAGLE1_DAY.groundTerminals();
        int evaluation = 400;
        RobustPlan plan = RobustPlanner.plan(problem, WeatherDependence.of(terminals),
                RobustSettings.defaults().withTimeLimit(Duration.ofSeconds(5)).withEvaluationScenarios(evaluation));
        assertThat(plan.plan().contacts()).isNotEmpty();
        // the forecast the planner read is the truth's clear fraction (same climatology), contact by contact
        CloudHistory any = CloudHistory.sample(terminals, ScenarioFixture.START, CloudModelConfig.defaults(0));
        for (Contact c : plan.plan().contacts()) {
            CandidateContact cc = c.candidate();
            assertThat(cc.pClear()).isEqualTo(any.clearFraction(cc.terminalId(), cc.aos()));
        }
        int runs = 400;
        double[] realised = new double[runs];
        for (int s = 0; s < runs; s++) {
            CloudHistory sky = CloudHistory.sample(terminals, ScenarioFixture.START, CloudModelConfig.defaults(500 + s));
            realised[s] = Realised.pairKey(plan.plan(), problem.demands(),
                    c -> sky.clearDuringPass(c.terminalId(), c.aos(), c.los()));
        }
        double mean = java.util.Arrays.stream(realised).average().orElseThrow();
        double var = java.util.Arrays.stream(realised).map(x -> (x - mean) * (x - mean)).sum() / (runs - 1);
        double se = Math.sqrt(var / runs + Math.pow(plan.predictedStdErrorBits(), 2));
        assertThat(mean).isGreaterThan(0);
        assertThat(plan.predictedBits()).isCloseTo(mean, org.assertj.core.api.Assertions.within(5 * se));
    }
}
