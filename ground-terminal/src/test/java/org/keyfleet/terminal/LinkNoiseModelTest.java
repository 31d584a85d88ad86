package org.keyfleet.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LinkNoiseModelTest {

    private static final int N = 100_000;

    @Test
    void clearSkyFrequencyAndMeanKeyFollowTheForecast() {
        LinkNoiseModel model = LinkNoiseModel.DEFAULT;
        SplittableRandom random = new SplittableRandom(42);
        long bitsIfClear = 800_000;
        double pClear = 0.6;
        int clear = 0;
        double sumFactor = 0;
        double[] factors = new double[N];
        int withKey = 0;
        for (int i = 0; i < N; i++) {
            LinkNoiseModel.Outcome o = model.draw(random, bitsIfClear, pClear, 0.02);
            assertThat(o.bits() % 8).isZero();
            if (o.clear()) {
                clear++;
                double f = (double) o.bits() / bitsIfClear;
                sumFactor += f;
                factors[withKey++] = f;
            } else {
                assertThat(o.bits()).isZero();
                assertThat(o.qber()).isNaN();
            }
        }
        // Bernoulli(0.6): standard error sqrt(0.24/N) = 0.0015; allow 4 of them
        assertThat((double) clear / N).isBetween(pClear - 0.0062, pClear + 0.0062);
        // log-normal with mean 1 and sigma 0.3: sd of the factor ~0.31, standard error of the mean ~0.0013
        assertThat(sumFactor / clear).isBetween(0.994, 1.006);
        double[] sorted = Arrays.copyOf(factors, withKey);
        Arrays.sort(sorted);
        double median = sorted[withKey / 2];
        assertThat(median).isBetween(Math.exp(-0.045) - 0.01, Math.exp(-0.045) + 0.01);
    }

    @Test
    void qberScattersAroundTheForecastAndAbortsAboveTheLimit() {
        LinkNoiseModel model = new LinkNoiseModel(0.3, 0.01, 0.11);
        SplittableRandom random = new SplittableRandom(7);
        double sum = 0;
        int n = 0;
        int aborted = 0;
        for (int i = 0; i < N; i++) {
            LinkNoiseModel.Outcome o = model.draw(random, 100_000, 1.0, 0.105);
            if (o.bits() == 0) {
                aborted++;
                assertThat(o.qber()).isGreaterThan(0.11);
            } else {
                sum += o.qber();
                n++;
                assertThat(o.qber()).isLessThanOrEqualTo(0.11);
            }
        }
        // P(0.105 + 0.01 Z > 0.11) = P(Z > 0.5) = 0.3085
        assertThat((double) aborted / N).isBetween(0.30, 0.317);
        assertThat(sum / n).isLessThan(0.105);
    }

    @Test
    void sameGeneratorStateGivesTheSameOutcome() {
        LinkNoiseModel model = LinkNoiseModel.DEFAULT;
        for (long seed = 0; seed < 50; seed++) {
            assertThat(model.draw(new SplittableRandom(seed), 123_456, 0.5, 0.03))
                    .isEqualTo(model.draw(new SplittableRandom(seed), 123_456, 0.5, 0.03));
        }
    }

    @Test
    void parametersAreChecked() {
        assertThatThrownBy(() -> new LinkNoiseModel(-1, 0.01, 0.11)).hasMessageContaining("keySigma")
                .hasMessageContaining("-1.0");
        assertThatThrownBy(() -> new LinkNoiseModel(0.3, 0.01, 0)).hasMessageContaining("qberAbort");
    }
}
