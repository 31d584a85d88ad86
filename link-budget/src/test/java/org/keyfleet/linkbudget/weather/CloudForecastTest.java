package org.keyfleet.linkbudget.weather;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.keyfleet.linkbudget.weather.WeatherModelFixtures.terminal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.keyfleet.scenarios.GroundTerminal;

/**
 * The forecast against the truth it is derived from. Valid times are 12 h apart with τ = 2 h (latent correlation
 * e^{−6}), so the samples are independent and the standard errors are the plain ones; tolerances are 5 of them.
 */
class CloudForecastTest {

    private static final Instant ORIGIN = Instant.parse("2026-01-01T00:00:00Z");
    private static final double HOUR = 3600;
    private static final double P = 0.35;
    private static final GroundTerminal A = terminal("A", 52, 5, P);
    private static final int N = 40_000;

    private static CloudHistory history(long seed) {
        return CloudHistory.sample(List.of(A), ORIGIN,
                CloudModelConfig.defaults(seed).withCorrelationTimeSeconds(2 * HOUR).withStepSeconds(HOUR));
    }

    private static Instant valid(int i) {
        return ORIGIN.plusSeconds(i * 43_200L + 1800);
    }

    /** Brier skill score vs climatology and its standard error (delta method on the ratio of means). */
    private static double[] brierSkill(double[] f, boolean[] clear) {
        final int n = f.length;
        final double[] d = new double[n];
        final double[] c = new double[n];
        double md = 0;
        double mc = 0;
        for (int i = 0; i < n; i++) {
            final double o = clear[i] ? 1 : 0;
            d[i] = (f[i] - o) * (f[i] - o);
            c[i] = (P - o) * (P - o);
            md += d[i] / n;
            mc += c[i] / n;
        }
        final double r = md / mc;
        double var = 0;
        for (int i = 0; i < n; i++) {
            final double u = d[i] - r * c[i];
            var += u * u / (n - 1);
        }
        return new double[] {1 - r, Math.sqrt(var / n) / mc};
    }

    private static void assertCalibrated(double[] f, boolean[] clear) {
        final int bins = 10;
        final double[] sumF = new double[bins];
        final int[] hits = new int[bins];
        final int[] count = new int[bins];
        for (int i = 0; i < f.length; i++) {
            final int b = Math.min(bins - 1, (int) (f[i] * bins));
            sumF[b] += f[i];
            hits[b] += clear[i] ? 1 : 0;
            count[b]++;
        }
        int checked = 0;
        for (int b = 0; b < bins; b++) {
            if (count[b] < 200) {
                continue;
            }
            final double meanF = sumF[b] / count[b];
            final double se = Math.sqrt(Math.max(meanF * (1 - meanF), 0.01 * 0.99) / count[b]);
            assertThat((double) hits[b] / count[b]).as("bin %d (%d forecasts)", b, count[b])
                    .isCloseTo(meanF, within(5 * se));
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(5);
    }

    private record Sample(double[] f, boolean[] clear) {
    }

    private static Sample sample(CloudForecast forecast, CloudHistory h, double leadS) {
        final double[] f = new double[N];
        final boolean[] clear = new boolean[N];
        for (int i = 0; i < N; i++) {
            final Instant v = valid(i);
            f[i] = forecast.clearProbability("A", v, v.minusSeconds((long) leadS));
            clear[i] = h.clear("A", v);
        }
        return new Sample(f, clear);
    }

    @Test
    void atShortLeadTheBrierSkillIsTheConfiguredOneAndDecaysAsStatedAndForecastsAreCalibrated() {
        final CloudHistory h = history(21);
        final double target = 0.6;
        final CloudForecast forecast = new CloudForecast(h, ForecastSkill.defaults().withBrierSkillAtZeroLead(target));
        for (double lead : new double[] {0, 12 * HOUR, 36 * HOUR}) {
            final Sample s = sample(forecast, h, lead);
            final double[] bss = brierSkill(s.f(), s.clear());
            final double expected = forecast.expectedBrierSkill(P, lead);
            if (lead == 0) {
                assertThat(expected).isCloseTo(target, within(1e-6));
            }
            assertThat(bss[0]).as("BSS at lead %s h", lead / HOUR).isCloseTo(expected, within(5 * bss[1]));
            assertCalibrated(s.f(), s.clear());
        }
        // the skill decays with lead: e^{-1/2} of s₀² at 12 h
        assertThat(forecast.expectedBrierSkill(P, 12 * HOUR)).isLessThan(target).isGreaterThan(0.2);
        assertThat(forecast.expectedBrierSkill(P, 36 * HOUR)).isLessThan(forecast.expectedBrierSkill(P, 12 * HOUR));
    }

    @Test
    void beyondTheHorizonAndWithoutSkillTheForecastIsClimatology() {
        final CloudHistory h = history(4);
        final CloudForecast skilled = new CloudForecast(h, ForecastSkill.defaults().withBrierSkillAtZeroLead(0.9));
        final CloudForecast none = new CloudForecast(h, ForecastSkill.none());
        for (int i = 0; i < 500; i++) {
            final Instant v = valid(i + 10);
            assertThat(skilled.clearProbability("A", v, v.minusSeconds((long) ForecastSkill.DEFAULT_HORIZON_S)))
                    .isEqualTo(P);
            assertThat(skilled.clearProbability("A", v, v.minusSeconds(10 * 86_400))).isEqualTo(P);
            assertThat(none.clearProbability("A", v, v)).isEqualTo(P);
            assertThat(none.clearProbability("A", v, v.minusSeconds(3600))).isEqualTo(P);
        }
    }

    @Test
    void perfectSkillAtLeadZeroIsTheTruth() {
        final CloudHistory h = history(8);
        final CloudForecast perfect = new CloudForecast(h, ForecastSkill.defaults().withBrierSkillAtZeroLead(1));
        for (int i = 0; i < 2000; i++) {
            final Instant v = valid(i);
            assertThat(perfect.clearProbability("A", v, v)).isEqualTo(h.clear("A", v) ? 1.0 : 0.0);
            assertThat(perfect.issuedAt(v.plusSeconds(60)).clearSkyProbability(A, v.minusSeconds(60),
                    v.plusSeconds(60))).isEqualTo(h.clear("A", v) ? 1.0 : 0.0);
        }
    }

    @Test
    void forecastsAreReproducibleInAnyQueryOrder() {
        final ForecastSkill skill = ForecastSkill.defaults();
        final CloudForecast first = new CloudForecast(history(77), skill);
        final CloudForecast second = new CloudForecast(history(77), skill);
        final CloudForecast other = new CloudForecast(history(78), skill);
        final List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            order.add(i);
        }
        final double[] a = new double[order.size()];
        for (int i : order) {
            a[i] = first.clearProbability("A", valid(i), valid(i).minusSeconds(5 * 3600));
        }
        Collections.shuffle(order, new Random(3));
        int differ = 0;
        for (int i : order) {
            final double b = second.clearProbability("A", valid(i), valid(i).minusSeconds(5 * 3600));
            assertThat(b).isEqualTo(a[i]);
            differ += other.clearProbability("A", valid(i), valid(i).minusSeconds(5 * 3600)) != a[i] ? 1 : 0;
        }
        assertThat(differ).isGreaterThan(900);
    }
}
