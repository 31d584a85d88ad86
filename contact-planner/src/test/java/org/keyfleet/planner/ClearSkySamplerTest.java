package org.keyfleet.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.hipparchus.distribution.continuous.NormalDistribution;
import org.junit.jupiter.api.Test;

/**
 * The sampler against the weather model's formulas, from many independent scenarios. Tolerances are 5 standard
 * errors of the estimate for the sample size (binomial for frequencies; (1 − ρ²)/√N for a sample correlation).
 */
class ClearSkySamplerTest {

    private static final NormalDistribution N01 = new NormalDistribution(0, 1);
    private static final double DAY = 86_400;
    private static final int N = 20_000;

    /** Φ₂(q, q; ρ) by quadrature of ∫_{−∞}^{q} φ(x) Φ((q − ρx)/√(1 − ρ²)) dx — not the code's formula. */
    private static double bothBelow(double q, double rho) {
        int steps = 20_000;
        double lo = -9;
        double h = (q - lo) / steps;
        double sum = 0;
        for (int i = 0; i <= steps; i++) {
            double x = lo + i * h;
            double f = N01.density(x) * N01.cumulativeProbability((q - rho * x) / Math.sqrt(1 - rho * rho));
            sum += f * (i == 0 || i == steps ? 1 : (i % 2 == 1 ? 4 : 2));
        }
        return sum * h / 3;
    }

    private static double binomialTolerance(double p) {
        return 5 * Math.sqrt(p * (1 - p) / N);
    }

    @Test
    void eachContactIsClearWithItsForecastProbability() {
        // τ = 1 day, L = 300 km, four terminals, contacts hours apart: the dependence must not move the marginals
        WeatherDependence dep = WeatherDependence.perTerminal(DAY).withLengthMetres(300_000)
                .withSite("A", 0.70, 0.05).withSite("B", 0.71, 0.08).withSite("C", 0.80, 0.30).withSite("D", 0.69, 0.05);
        List<String> terms = List.of("A", "B", "C", "D", "A", "B", "C", "D");
        double[] t = {0, 600, 1200, 1800, 3 * 3600, 4 * 3600, 9 * 3600, 30 * 3600};
        double[] p = {0.1, 0.3, 0.5, 0.9, 0.25, 0.75, 0.05, 0.6};
        boolean[][] clear = new ClearSkySampler(terms, t, p, dep).sample(N, 7);
        for (int c = 0; c < p.length; c++) {
            int hits = 0;
            for (boolean[] row : clear) {
                hits += row[c] ? 1 : 0;
            }
            assertThat((double) hits / N).as("contact %d", c).isCloseTo(p[c], within(binomialTolerance(p[c])));
        }
    }

    @Test
    void persistenceAtOneTerminalIsTheThresholdedOuLaw() {
        double p = 0.4;
        double q = N01.inverseCumulativeProbability(p);
        for (double lag : new double[] {DAY / 2, DAY, 3 * DAY}) {
            boolean[][] clear = new ClearSkySampler(List.of("A", "A"), new double[] {1000, 1000 + lag},
                    new double[] {p, p}, WeatherDependence.perTerminal(DAY)).sample(N, 11);
            int both = 0;
            for (boolean[] row : clear) {
                both += row[0] && row[1] ? 1 : 0;
            }
            double expected = bothBelow(q, Math.exp(-lag / DAY));
            assertThat((double) both / N).as("lag %s s", lag).isCloseTo(expected, within(binomialTolerance(expected)));
        }
    }

    @Test
    void latentsCorrelateAsExpOfLagOverTauTimesExpOfDistanceOverLength() {
        double length = 300_000;
        // B is ~200 km east of A along the equator (great circle), C at A's site
        double lon = 200_000 / WeatherDependence.EARTH_RADIUS_M;
        WeatherDependence dep = WeatherDependence.perTerminal(DAY).withLengthMetres(length)
                .withSite("A", 0, 0).withSite("B", 0, lon).withSite("C", 0, 0);
        // contacts: A at 0, B at 0, B at 6 h, C at 12 h; one more A far later to exercise several steps
        List<String> terms = List.of("A", "B", "B", "C", "A");
        double[] t = {0, 0, 6 * 3600, 12 * 3600, 2 * DAY};
        double[][] z = new ClearSkySampler(terms, t, new double[] {0.5, 0.5, 0.5, 0.5, 0.5}, dep).latents(N, 3);
        double space = Math.exp(-200_000 / length);
        Map<int[], Double> expected = Map.of(
                new int[] {0, 1}, space,
                new int[] {0, 2}, space * Math.exp(-0.25),
                new int[] {0, 3}, Math.exp(-0.5),            // same site: distance 0
                new int[] {1, 3}, space * Math.exp(-0.5),
                new int[] {0, 4}, Math.exp(-2.0));
        expected.forEach((pair, rho) -> assertThat(correlation(z, pair[0], pair[1]))
                .as("contacts %d, %d", pair[0], pair[1]).isCloseTo(rho, within(5 * (1 - rho * rho) / Math.sqrt(N) + 1e-3)));
        for (int c = 0; c < t.length; c++) {
            assertThat(correlation(z, c, c)).isCloseTo(1, within(1e-9));
            double mean = 0;
            for (double[] row : z) {
                mean += row[c] / N;
            }
            assertThat(mean).isCloseTo(0, within(5 / Math.sqrt(N)));
        }
    }

    @Test
    void terminalsOfDifferentTauCorrelateWithTheContinuousTimeFactor() {
        // κ = 2√(τ_A τ_B)/(τ_A + τ_B) at equal times, for OU processes driven by correlated noise
        double tauA = DAY;
        double tauB = DAY / 4;
        WeatherDependence dep = new WeatherDependence(Map.of(), DAY, Map.of("B", tauB), 300_000)
                .withSite("A", 0, 0).withSite("B", 0, 0);
        double[][] z = new ClearSkySampler(List.of("A", "B", "A", "B"), new double[] {0, 0, DAY, DAY},
                new double[] {0.5, 0.5, 0.5, 0.5}, dep).latents(N, 5);
        double kappa = 2 * Math.sqrt(tauA * tauB) / (tauA + tauB);
        assertThat(correlation(z, 0, 1)).isCloseTo(kappa, within(5 * (1 - kappa * kappa) / Math.sqrt(N)));
        assertThat(correlation(z, 2, 3)).isCloseTo(kappa, within(5 * (1 - kappa * kappa) / Math.sqrt(N)));
        assertThat(correlation(z, 1, 3)).isCloseTo(Math.exp(-4), within(5 / Math.sqrt(N)));
    }

    @Test
    void isReproducibleAndScenarioSDependsOnlyOnSeedAndS() {
        ClearSkySampler sampler = new ClearSkySampler(List.of("A", "B", "A"), new double[] {0, 100, 5000},
                new double[] {0.3, 0.6, 0.5}, WeatherDependence.perTerminal(DAY));
        double[][] a = sampler.latents(20, 9);
        double[][] b = sampler.latents(10, 9);
        for (int s = 0; s < 10; s++) {
            assertThat(b[s]).containsExactly(a[s]);
        }
        assertThat(sampler.latents(10, 10)[0]).isNotEqualTo(a[0]);
    }

    @Test
    void certainContactsAreAlwaysOrNeverClear() {
        boolean[][] clear = new ClearSkySampler(List.of("A", "A"), new double[] {0, 10}, new double[] {1, 0},
                WeatherDependence.independent()).sample(500, 1);
        for (boolean[] row : clear) {
            assertThat(row).containsExactly(true, false);
        }
    }

    private static double correlation(double[][] z, int i, int j) {
        double mi = 0;
        double mj = 0;
        for (double[] row : z) {
            mi += row[i];
            mj += row[j];
        }
        mi /= z.length;
        mj /= z.length;
        double sij = 0;
        double sii = 0;
        double sjj = 0;
        for (double[] row : z) {
            sij += (row[i] - mi) * (row[j] - mj);
            sii += (row[i] - mi) * (row[i] - mi);
            sjj += (row[j] - mj) * (row[j] - mj);
        }
        return sij / Math.sqrt(sii * sjj);
    }
}
