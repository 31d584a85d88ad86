package org.keyfleet.linkbudget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The binomial quantile and SatQuMA's log M error-correction estimate. Expected values were computed with
 * scipy 1.17.1 ({@code binom.ppf(1e-15 (1 + 1/sqrt(n)), n, 1 − Q)}) and SatQuMA's {@code logM} formula.
 */
class LogMTest {

    @ParameterizedTest
    @CsvSource({
            "1000, 0.01, 956, 194.4394369159509",
            "5000, 0.005, 4926, 442.3547202651273",
            "20000, 0.02, 19433, 3435.362500151599",
            "123456, 0.0015, 123153, 2723.137243006973",
            "2298000, 0.0055, 2284461, 117687.46043313357",
            "50000000, 0.003, 49846919, 1491042.0962253204",
            "230000000, 0.0016, 229627176, 3979362.3622528813",
            "300, 0.1, 222, 206.57756557934792"})
    void quantileAndLogMMatchScipy(int n, double qber, double expectedQuantile, double expectedLogM) {
        final double q = 1e-15 * (1 + 1 / Math.sqrt(n));
        assertThat(BinomialQuantile.lowerQuantile(n, 1 - qber, q)).isEqualTo(expectedQuantile);
        // with f_EC = 1 the block estimate is below log M in every row, so max(log M, block) is log M itself
        final double block = 1e-3 * n * KeyLength.binaryEntropy(qber);
        assertThat(KeyLength.logMOrBlock(n, qber, 1e-15, block))
                .isCloseTo(expectedLogM, within(1e-9 * Math.abs(expectedLogM)));
    }

    @Test
    void blockEstimateWinsForLargeBlocksWithoutTheExactQuantile() {
        // 2.3e6 events at Q = 0.55 %: f_EC n h(Q) = 131146 > log M = 117687 (scipy), so λ_EC is the block value
        final double block = 1.16 * 2298000 * KeyLength.binaryEntropy(0.0055);
        assertThat(KeyLength.logMOrBlock(2298000, 0.0055, 1e-15, block)).isEqualTo(block);
        // and log M wins for a small block
        final double small = 1.16 * 5000 * KeyLength.binaryEntropy(0.005);
        assertThat(KeyLength.logMOrBlock(5000, 0.005, 1e-15, small)).isCloseTo(442.3547202651273, within(1e-9));
    }

    @Test
    void quantileIsTheSmallestKWithCdfAtLeastQ() {
        // brute force on a small distribution: Bin(40, 0.9)
        final org.hipparchus.distribution.discrete.BinomialDistribution b =
                new org.hipparchus.distribution.discrete.BinomialDistribution(40, 0.9);
        for (double q : new double[] {1e-12, 1e-9, 1e-6, 1e-3}) {
            final double k = BinomialQuantile.lowerQuantile(40, 0.9, q);
            assertThat(b.cumulativeProbability((int) k)).isGreaterThanOrEqualTo(q);
            assertThat(b.cumulativeProbability((int) k - 1)).isLessThan(q);
        }
    }
}
