package org.keyfleet.linkbudget;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The zero-key screen's bound ({@link ZeroKeyBound}) against the key itself on random channels: it is never
 * exceeded, by random admissible parameters or by the optimiser's best, and every screened-out profile has no key
 * under the full optimiser with the screen off.
 */
class ZeroKeyBoundTest {

    private static final KeySettings[] SETTINGS = {
            KeySettings.satQuMaDefaults(),
            KeySettings.satQuMaDefaults().withErrorCorrection(ErrorCorrection.BLOCK),
            KeySettings.satQuMaDefaults().withTailBound(TailBound.HOEFFDING),
            KeySettings.satQuMaDefaults().withTailBound(TailBound.ASYMPTOTIC).withErrorCorrection(ErrorCorrection.BLOCK),
            KeySettings.satQuMaDefaults().withEpsilons(1e-4, 1e-10).withPasses(3)};

    /**
     * A pass-like random channel: efficiency peaking mid-pass (log-uniform 10⁻⁸…10⁻², falling by up to 30 dB
     * to the ends), background log-uniform 10⁻¹⁰…10⁻², optionally rising towards one end (twilight), pulses per slot
     * log-uniform 10⁴…5·10⁹, e_I up to 5 %, p_ap up to 5 %.
     */
    private static LinkProfile randomChannel(Random r) {
        final int n = 3 + r.nextInt(60);
        final double peak = Math.pow(10, -8 + 6 * r.nextDouble());
        final double fall = 30 * r.nextDouble();
        final double pec0 = Math.pow(10, -10 + 8 * r.nextDouble());
        final double rise = r.nextBoolean() ? 0 : 4 * r.nextDouble();
        final double pulses = Math.pow(10, 4 + 5.7 * r.nextDouble());
        final double[] eta = new double[n];
        final double[] pec = new double[n];
        final double[] w = new double[n];
        for (int t = 0; t < n; t++) {
            final double x = n == 1 ? 0 : 2.0 * t / (n - 1) - 1; // −1 … 1 over the pass
            eta[t] = Math.min(1, peak * Math.pow(10, -fall * x * x / 10));
            pec[t] = Math.min(0.49, pec0 * Math.pow(10, rise * (x + 1) / 2));
            w[t] = pulses * (0.5 + r.nextDouble());
        }
        return LinkProfile.of(eta, pec, w, 0.05 * r.nextDouble(), 0.05 * r.nextDouble());
    }

    /** Nested windows around the middle slot, widest first (as the forecaster's cut-offs). */
    private static List<KeyWindow> nestedWindows(int n) {
        final List<KeyWindow> out = new ArrayList<>();
        for (int k = 0; 2 * k < n; k++) {
            out.add(new KeyWindow(k, n - k));
        }
        return out;
    }

    /** SatQuMA's box, fixed payload intensities (one above 1) and a wider custom box. */
    private static final ParameterBounds[] BOUNDS = {
            ParameterBounds.satQuMa(),
            ParameterBounds.satQuMa().withFixedIntensities(0.8, 0.1, 0.0),
            ParameterBounds.satQuMa().withFixedIntensities(1.2, 0.3, 0.0),
            new ParameterBounds(0.1, 0.99, 0.3, 0.95, 0.01, 0.5, 0.05, 1.0, 0.01, 0.6, 0.0)};

    @Test
    void randomAdmissibleParametersNeverExceedTheBound() {
        final Random r = new Random(20240611);
        int positive = 0;
        int tight = 0;
        double maxRatio = 0;
        for (int c = 0; c < 400; c++) {
            final LinkProfile p = randomChannel(r);
            final KeySettings s = SETTINGS[c % SETTINGS.length];
            final ParameterBounds bounds = BOUNDS[c % BOUNDS.length];
            final ParameterEncoding encoding = new ParameterEncoding(bounds);
            final int from = r.nextInt(p.size());
            final KeyWindow window = new KeyWindow(from, from + 1 + r.nextInt(p.size() - from));
            final double bound = ZeroKeyBound.keyUpperBound(p, window, s, bounds);
            assertThat(bound).isFinite();
            for (int i = 0; i < 50; i++) {
                final double[] y = {r.nextDouble(), r.nextDouble(), r.nextDouble(), r.nextDouble()};
                final ProtocolParameters x = encoding.decode(y, r.nextDouble());
                if (bounds.mu1Max() <= 1) {
                    assertThat(bounds.contains(x)).as("%s", x).isTrue(); // (SatQuMA's constraints want μ ≤ 1)
                }
                final KeyLengthResult k = KeyLength.evaluate(p, window.from(), window.to(), x, s);
                assertThat(k.secretKeyBits()).as("channel %d, %s, %s", c, x, s).isLessThanOrEqualTo(Math.max(0, bound));
                positive += k.secretKeyBits() > 0 ? 1 : 0;
                tight += k.secretKeyBits() > 0 && k.secretKeyBits() > 0.1 * bound ? 1 : 0;
                maxRatio = Math.max(maxRatio, k.secretKeyBits() / bound);
            }
        }
        // the draw reaches keys, and keys within a factor 10 of the bound (so the test can fail)
        assertThat(positive).isGreaterThan(500);
        assertThat(tight).isGreaterThan(50);
        System.out.printf("ZeroKeyBoundTest: %d positive keys, %d within 10x of the bound, max key/bound %.3f%n", positive, tight, maxRatio);
    }

    @Test
    void theOptimisedKeyNeverExceedsTheBoundAndScreenedProfilesHaveNoKey() {
        final Random r = new Random(7);
        int screened = 0;
        int keyed = 0;
        int zeroNotScreened = 0;
        for (int c = 0; c < 200; c++) {
            final LinkProfile p = randomChannel(r);
            final KeySettings s = SETTINGS[c % SETTINGS.length];
            final ParameterBounds bounds = BOUNDS[c % BOUNDS.length];
            final KeyOptimizer off = new KeyOptimizer(s, bounds).withZeroKeyScreen(false);
            final List<KeyWindow> windows = nestedWindows(p.size());
            final OptimisedKey best = off.optimise(p, windows);
            double bound = Double.NEGATIVE_INFINITY;
            for (KeyWindow w : windows) {
                bound = Math.max(bound, ZeroKeyBound.keyUpperBound(p, w, s, bounds));
            }
            assertThat(best.secretKeyBits()).as("channel %d", c).isLessThanOrEqualTo(Math.max(0, bound));
            final boolean out = ZeroKeyBound.noKeyOnAny(p, windows, s, bounds);
            assertThat(out).isEqualTo(bound <= 0);
            if (out) {
                screened++;
                assertThat(best.secretKeyBits()).as("screened channel %d", c).isZero();
                // and the screened optimiser reports the same (zero) key
                assertThat(new KeyOptimizer(s, bounds).optimise(p, windows).secretKeyBits()).isZero();
            } else if (best.secretKeyBits() > 0) {
                keyed++;
                // not screened: the screen changes nothing
                final OptimisedKey on = new KeyOptimizer(s, bounds).optimise(p, windows);
                assertThat(on.result()).isEqualTo(best.result());
                assertThat(on.window()).isEqualTo(best.window());
            } else {
                zeroNotScreened++;
            }
        }
        System.out.printf("ZeroKeyBoundTest: optimiser on 200 channels: %d screened, %d with key, %d without key but"
                + " not screened%n", screened, keyed, zeroNotScreened);
        assertThat(screened).as("screened").isGreaterThan(20);
        assertThat(keyed).as("with key").isGreaterThan(10);
        assertThat(zeroNotScreened).as("no key, not screened").isPositive();
    }

    @Test
    void aNoisyPassIsScreenedOutAndAQuietOneIsNot() {
        final double[] eta = new double[60];
        final double[] pec = new double[60];
        for (int t = 0; t < 60; t++) {
            final double x = t / 29.5 - 1;
            eta[t] = 3e-3 * Math.pow(10, -2.5 * x * x); // 25 dB at culmination, 50 dB at the ends
            pec[t] = 5e-4; // twilight: not hopeless (e/D ≈ 0.13 at culmination) but too noisy on the whole
        }
        final double[] w = new double[60];
        java.util.Arrays.fill(w, 5e9);
        final KeyOptimizer optimizer = KeyOptimizer.satQuMa();
        final List<KeyWindow> windows = nestedWindows(60);
        final LinkProfile dusk = LinkProfile.of(eta, pec, w, 0.005, 1e-3);
        assertThat(optimizer.hopeless(dusk, 0, 60)).isFalse();
        final boolean screened = ZeroKeyBound.noKeyOnAny(dusk, windows, optimizer.settings(), optimizer.bounds());
        final OptimisedKey full = optimizer.withZeroKeyScreen(false).optimise(dusk, windows);
        assertThat(full.secretKeyBits()).isZero();
        assertThat(screened).isTrue();
        assertThat(optimizer.optimise(dusk, windows).evaluations()).isLessThan(10).isLessThan(full.evaluations());

        java.util.Arrays.fill(pec, 1e-7);
        final LinkProfile night = LinkProfile.of(eta, pec, w, 0.005, 1e-3);
        assertThat(ZeroKeyBound.noKeyOnAny(night, windows, optimizer.settings(), optimizer.bounds())).isFalse();
        assertThat(optimizer.optimise(night, windows).secretKeyBits()).isPositive();
    }

    @Test
    void noBoundIsClaimedForANonVacuumThirdIntensity() {
        final double[] eta = new double[10];
        java.util.Arrays.fill(eta, 1e-9);
        final LinkProfile p = LinkProfile.uniform(eta, 1e-3, 1e6, 0.005, 1e-3);
        final ParameterBounds weak = ParameterBounds.satQuMa().withFixedIntensities(0.8, 0.2, 0.02);
        assertThat(ZeroKeyBound.keyUpperBound(p, new KeyWindow(0, 10), KeySettings.satQuMaDefaults(), weak))
                .isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(ZeroKeyBound.keyUpperBound(p, new KeyWindow(0, 10), KeySettings.satQuMaDefaults(),
                ParameterBounds.satQuMa())).isNegative();
    }
}
