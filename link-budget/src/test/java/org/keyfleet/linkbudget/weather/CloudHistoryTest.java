package org.keyfleet.linkbudget.weather;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.keyfleet.linkbudget.weather.WeatherModelFixtures.indicatorAutocorrelation;
import static org.keyfleet.linkbudget.weather.WeatherModelFixtures.negligibleLag;
import static org.keyfleet.linkbudget.weather.WeatherModelFixtures.terminal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.keyfleet.scenarios.GroundTerminal;

/**
 * Long samples of the clear/cloudy truth against the model's formulas. Tolerances are 5 standard errors of the
 * estimators, computed from the model's own correlation function (Bartlett's formula for correlated samples).
 */
class CloudHistoryTest {

    private static final Instant ORIGIN = Instant.parse("2026-01-01T00:00:00Z");
    private static final double HOUR = 3600;
    /** A short τ keeps long samples cheap; the model is invariant under scaling τ and the step together. */
    private static final double TAU = 2 * HOUR;
    private static final double STEP = 600;

    private static boolean[] series(CloudHistory h, String id, int n) {
        final boolean[] s = new boolean[n];
        for (int k = 0; k < n; k++) {
            s[k] = h.clear(id, ORIGIN.plusSeconds((long) (k * h.config().stepSeconds())));
        }
        return s;
    }

    private static double mean(boolean[] s) {
        int c = 0;
        for (boolean b : s) {
            c += b ? 1 : 0;
        }
        return (double) c / s.length;
    }

    private static double crossCorrelation(boolean[] x, boolean[] y, int lag) {
        final int n = x.length - lag;
        double sx = 0;
        double sy = 0;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int k = 0; k < n; k++) {
            final double a = x[k] ? 1 : 0;
            final double b = y[k + lag] ? 1 : 0;
            sx += a;
            sy += b;
            sxy += a * b;
            sxx += a * a;
            syy += b * b;
        }
        final double cov = sxy / n - sx / n * sy / n;
        return cov / Math.sqrt((sxx / n - sx / n * sx / n) * (syy / n - sy / n * sy / n));
    }

    @Test
    void clearFractionOfEachMonthIsTheClimatology() {
        final GroundTerminal mad = terminal("MAD", 40.4, -3.7, WeatherModelFixtures.MADRID);
        final CloudModelConfig cfg = CloudModelConfig.defaults(11).withCorrelationTimeSeconds(TAU).withStepSeconds(STEP);
        final CloudHistory h = CloudHistory.sample(List.of(mad), ORIGIN, cfg);
        final int years = 16;
        final int[] clear = new int[13];
        final int[] all = new int[13];
        final Instant end = ORIGIN.atZone(ZoneOffset.UTC).plusYears(years).toInstant();
        for (Instant t = ORIGIN; t.isBefore(end); t = t.plusSeconds((long) STEP)) {
            final int m = t.atZone(ZoneOffset.UTC).getMonthValue();
            all[m]++;
            clear[m] += h.clear("MAD", t) ? 1 : 0;
        }
        for (int m = 1; m <= 12; m++) {
            final double p = mad.clearSkyFraction(m);
            final double[] rho = indicatorAutocorrelation(p, STEP, TAU, negligibleLag(STEP, TAU));
            double inflation = 1;
            for (int k = 1; k < rho.length; k++) {
                inflation += 2 * rho[k];
            }
            final double se = Math.sqrt(p * (1 - p) * inflation / all[m]);
            assertThat((double) clear[m] / all[m]).as("month %d", m).isCloseTo(p, within(5 * se));
        }
    }

    @Test
    void autocorrelationAtHalfOneAndThreeCorrelationTimesIsTheModels() {
        final double p = 0.4;
        final CloudHistory h = CloudHistory.sample(List.of(terminal("A", 50, 10, p)), ORIGIN,
                CloudModelConfig.defaults(5).withCorrelationTimeSeconds(TAU).withStepSeconds(STEP));
        final int n = 300_000;
        final boolean[] s = series(h, "A", n);
        final int maxLag = negligibleLag(STEP, TAU) * 2;
        final double[] rho = indicatorAutocorrelation(p, STEP, TAU, 2 * maxLag);
        for (double lagTaus : new double[] {0.5, 1, 3}) {
            final int lag = (int) Math.round(lagTaus * TAU / STEP);
            // Bartlett: var r_k ≈ (1/n) Σ_m (ρ_m² + ρ_{m+k}ρ_{m−k} − 4ρ_kρ_mρ_{m+k} + 2ρ_m²ρ_k²)
            double var = 0;
            for (int m = -maxLag; m <= maxLag; m++) {
                final double rm = rho[Math.abs(m)];
                var += rm * rm + rho[Math.abs(m + lag)] * rho[Math.abs(m - lag)]
                        - 4 * rho[lag] * rm * rho[Math.abs(m + lag)] + 2 * rm * rm * rho[lag] * rho[lag];
            }
            final double se = Math.sqrt(var / n);
            assertThat(crossCorrelation(s, s, lag)).as("lag %s τ", lagTaus).isCloseTo(rho[lag], within(5 * se));
        }
        // the formula itself: P(clear at t+Δ | clear at t) = Φ₂(q, q; e^{−Δ/τ}) / p, here at Δ = τ
        final double q = Gauss.quantile(p);
        assertThat(rho[(int) (TAU / STEP)]).isCloseTo(
                (Gauss.bothBelow(q, Math.exp(-1)) - p * p) / (p * (1 - p)), within(1e-12));
    }

    @Test
    void nearbyTerminalsCorrelateAsExpMinusDistanceOverLAndFarOnesDoNot() {
        final double p = 0.5;
        final GroundTerminal a = terminal("A", 48, 2, p);
        final GroundTerminal b = terminal("B", 48 + Math.toDegrees(300_000.0 / 6_371_000), 2, p); // 300 km north
        final GroundTerminal c = terminal("C", 48, 2 + Math.toDegrees(3_000_000.0 / 6_371_000 / Math.cos(Math.toRadians(48))), p);
        assertThat(CloudHistory.distanceMetres(a, b)).isCloseTo(300_000, within(1.0));
        final CloudModelConfig cfg = CloudModelConfig.defaults(3).withCorrelationTimeSeconds(TAU).withStepSeconds(STEP);
        assertThat(cfg.correlationLengthMetres()).isEqualTo(300_000);
        final CloudHistory h = CloudHistory.sample(List.of(a, b, c), ORIGIN, cfg);
        final int n = 200_000;
        final boolean[] sa = series(h, "A", n);
        final boolean[] sb = series(h, "B", n);
        final boolean[] sc = series(h, "C", n);
        final double[] rho = indicatorAutocorrelation(p, STEP, TAU, negligibleLag(STEP, TAU));
        double sumSquares = 1;
        for (int m = 1; m < rho.length; m++) {
            sumSquares += 2 * rho[m] * rho[m];
        }
        final double expectedAb = Gauss.indicatorCorrelation(p, Math.exp(-1));
        // Bartlett for a cross-correlation, (1/n) Σ_m ρ_AA(m) ρ_BB(m), widened by (1 + c²)² for c ≠ 0
        final double se0 = Math.sqrt(sumSquares / n);
        assertThat(crossCorrelation(sa, sb, 0)).isCloseTo(expectedAb,
                within(5 * se0 * (1 + expectedAb * expectedAb)));
        assertThat(crossCorrelation(sa, sc, 0)).isCloseTo(0, within(5 * se0));
        assertThat(expectedAb).isGreaterThan(0.2); // the check above is not vacuous
    }

    @Test
    void withoutSpatialCorrelationTerminalsAreIndependentOfEachOther() {
        final double p = 0.5;
        final GroundTerminal a = terminal("A", 48, 2, p);
        final GroundTerminal b = terminal("B", 48.01, 2, p); // 1 km apart
        final CloudModelConfig cfg = CloudModelConfig.defaults(3).withCorrelationTimeSeconds(TAU).withStepSeconds(STEP)
                .withCorrelationLengthMetres(0);
        final CloudHistory h = CloudHistory.sample(List.of(a, b), ORIGIN, cfg);
        final int n = 100_000;
        final double[] rho = indicatorAutocorrelation(p, STEP, TAU, negligibleLag(STEP, TAU));
        double sumSquares = 1;
        for (int m = 1; m < rho.length; m++) {
            sumSquares += 2 * rho[m] * rho[m];
        }
        assertThat(crossCorrelation(series(h, "A", n), series(h, "B", n), 0)).isCloseTo(0,
                within(5 * Math.sqrt(sumSquares / n)));
        // and A's history is A's alone: the same without B
        final CloudHistory alone = CloudHistory.sample(List.of(a), ORIGIN, cfg);
        for (int k = 0; k < 5000; k += 7) {
            final Instant t = ORIGIN.plusSeconds(k * 600L);
            assertThat(alone.latent("A", t)).isEqualTo(h.latent("A", t));
        }
    }

    @Test
    void sameSeedSameHistoryInAnyQueryOrderAndOtherSeedsDiffer() {
        final List<GroundTerminal> ts = List.of(terminal("MAD", 40.4, -3.7, WeatherModelFixtures.MADRID),
                terminal("LIS", 38.7, -9.1, 0.6), terminal("HEL", 60.2, 24.9, 0.3));
        final CloudModelConfig cfg = CloudModelConfig.defaults(42);
        final List<Instant> times = new ArrayList<>();
        for (int k = 0; k < 2000; k++) {
            times.add(ORIGIN.plusSeconds(k * 997L));
        }
        final CloudHistory forward = CloudHistory.sample(ts, ORIGIN, cfg);
        final CloudHistory shuffled = CloudHistory.sample(List.of(ts.get(2), ts.get(0), ts.get(1)), ORIGIN, cfg);
        final CloudHistory other = CloudHistory.sample(ts, ORIGIN, cfg.withSeed(43));
        final List<Instant> order = new ArrayList<>(times);
        Collections.shuffle(order, new Random(1));
        final java.util.Map<String, Boolean> seen = new java.util.HashMap<>();
        for (Instant t : order) {
            for (GroundTerminal g : ts) {
                seen.put(g.id() + t, shuffled.clear(g.id(), t));
            }
        }
        int differences = 0;
        for (Instant t : times) {
            for (GroundTerminal g : ts) {
                final boolean c = forward.clear(g.id(), t);
                assertThat(seen.get(g.id() + t)).isEqualTo(c);
                differences += other.clear(g.id(), t) != c ? 1 : 0;
            }
        }
        assertThat(differences).isGreaterThan(times.size() * ts.size() / 10);
    }

    @Test
    void perTerminalCorrelationTimeChangesOnlyThatTerminal() {
        final List<GroundTerminal> ts = List.of(terminal("A", 40, 0, 0.5), terminal("B", 60, 20, 0.5));
        final CloudModelConfig cfg = CloudModelConfig.defaults(9).withCorrelationLengthMetres(0);
        final CloudHistory base = CloudHistory.sample(ts, ORIGIN, cfg);
        final CloudHistory changed = CloudHistory.sample(ts, ORIGIN, cfg.withCorrelationTimeSeconds("B", 6 * HOUR));
        assertThat(changed.config().correlationTimeSeconds("B")).isEqualTo(6 * HOUR);
        assertThat(changed.config().correlationTimeSeconds("A")).isEqualTo(86_400);
        int differsB = 0;
        for (int k = 0; k < 1000; k++) {
            final Instant t = ORIGIN.plusSeconds(k * 3600L);
            assertThat(changed.latent("A", t)).isEqualTo(base.latent("A", t));
            differsB += changed.latent("B", t) != base.latent("B", t) ? 1 : 0;
        }
        assertThat(differsB).isGreaterThan(900);
    }

    @Test
    void passesAreJudgedAtTheirMidpointAndBadQueriesAreNamed() {
        final CloudHistory h = CloudHistory.sample(List.of(terminal("A", 40, 0, 0.5)), ORIGIN,
                CloudModelConfig.defaults(1));
        final Instant s = ORIGIN.plusSeconds(86_400);
        final Instant e = s.plusSeconds(480);
        assertThat(h.clearDuringPass("A", s, e)).isEqualTo(h.clear("A", s.plusSeconds(240)));
        assertThat(h.truth().clearSkyProbability(h.terminal("A"), s, e)).isEqualTo(h.clear("A", s.plusSeconds(240)) ? 1.0 : 0.0);
        assertThatThrownBy(() -> h.clear("A", ORIGIN.minusSeconds(1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("before the history's origin");
        assertThatThrownBy(() -> h.clear("Z", ORIGIN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown terminal 'Z'");
        assertThatThrownBy(() -> CloudModelConfig.defaults(1).withCorrelationTimeSeconds(0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void clearAndOvercastClimatologiesAreAlwaysAndNever() {
        final CloudHistory h = CloudHistory.sample(List.of(terminal("SUN", 30, 0, 1.0), terminal("FOG", 30, 1, 0.0)),
                ORIGIN, CloudModelConfig.defaults(2));
        for (int k = 0; k < 500; k++) {
            assertThat(h.clear("SUN", ORIGIN.plusSeconds(k * 3600L))).isTrue();
            assertThat(h.clear("FOG", ORIGIN.plusSeconds(k * 3600L))).isFalse();
        }
    }
}
