package org.keyfleet.linkbudget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The optimiser's building blocks: the constraint-encoding box, the no-key shortcut, windows, bounds. */
class KeyOptimizerTest {

    @Test
    void everyPointOfTheFoldedBoxIsAValidProtocol() {
        final Random random = new Random(3);
        final ParameterBounds bounds = ParameterBounds.satQuMa();
        final ParameterEncoding encoding = new ParameterEncoding(bounds);
        assertThat(encoding.dimension()).isEqualTo(4);
        for (int i = 0; i < 10_000; i++) {
            final double[] y = new double[4];
            for (int k = 0; k < 4; k++) {
                y[k] = 6 * random.nextDouble() - 3; // far outside [0, 1]: folded back in
            }
            final ProtocolParameters x = encoding.decode(y, 0.3 + 0.69 * random.nextDouble());
            assertThat(bounds.contains(x)).as("%s", x).isTrue();
            // and encoding is the inverse of decoding inside the box
            final ProtocolParameters back = encoding.decode(encoding.encode(x), x.px());
            assertThat(back.p1()).isCloseTo(x.p1(), org.assertj.core.api.Assertions.within(1e-12));
            assertThat(back.mu2()).isCloseTo(x.mu2(), org.assertj.core.api.Assertions.within(1e-12));
        }
        final ParameterEncoding fixed = new ParameterEncoding(bounds.withFixedIntensities(0.8, 0.1, 0.0));
        assertThat(fixed.dimension()).isEqualTo(2);
        final ProtocolParameters x = fixed.decode(new double[] {0.5, 0.5}, 0.9);
        assertThat(x.mu1()).isEqualTo(0.8);
        assertThat(x.mu2()).isEqualTo(0.1);
    }

    @Test
    void hopelessProfilesAreRecognisedAndKeyedOnesAreNot() {
        final KeyOptimizer optimizer = KeyOptimizer.satQuMa();
        final double[] eta = new double[50];
        java.util.Arrays.fill(eta, 0.01);
        // daylight at 800 nm: p_ec 0.05 against 1 % transmission; the error rate cannot fall below ~0.4
        final LinkProfile day = LinkProfile.uniform(eta, 0.05, 5e8, 0.005, 1e-3);
        assertThat(optimizer.hopeless(day, 0, 50)).isTrue();
        final OptimisedKey none = optimizer.optimise(day);
        assertThat(none.secretKeyBits()).isZero();
        assertThat(none.evaluations()).isEqualTo(1);
        // a night profile is not hopeless and has key
        final LinkProfile night = LinkProfile.uniform(eta, 1e-7, 5e8, 0.005, 1e-3);
        assertThat(optimizer.hopeless(night, 0, 50)).isFalse();
        assertThat(optimizer.optimise(night).secretKeyBits()).isPositive();
        // a noisy-but-possible profile is searched fully (and the bound is consistent with what it finds)
        final LinkProfile dusk = LinkProfile.uniform(eta, 5e-4, 5e8, 0.005, 1e-3);
        assertThat(optimizer.hopeless(dusk, 0, 50)).isFalse();
        assertThat(optimizer.optimise(dusk).evaluations()).isGreaterThan(10);
    }

    @Test
    void windowSearchPicksTheBestCutoff() {
        // high transmission in the middle, noise-dominated edges: the best window drops the edges
        final double[] eta = new double[41];
        final double[] pec = new double[41];
        final double[] pulses = new double[41];
        for (int i = 0; i < 41; i++) {
            final double x = (i - 20) / 20.0;
            eta[i] = 1e-3 * Math.exp(-8 * x * x);
            pec[i] = 2e-6;
            pulses[i] = 5e9;
        }
        final LinkProfile p = LinkProfile.of(eta, pec, pulses, 0.005, 1e-3);
        final List<KeyWindow> candidates = new java.util.ArrayList<>();
        for (int dt = 20; dt >= 0; dt--) {
            candidates.add(KeyWindow.symmetric(20, dt));
        }
        final OptimisedKey k = KeyOptimizer.satQuMa().optimise(p, candidates);
        assertThat(k.window().size()).isLessThan(41);
        double best = 0;
        for (KeyWindow w : candidates) {
            best = Math.max(best, KeyOptimizer.satQuMa().optimise(p, w).secretKeyBits());
        }
        assertThat(k.secretKeyBits()).isGreaterThanOrEqualTo(0.999 * best);
    }

    @Test
    void boundsAndSettingsRejectNonsense() {
        assertThatThrownBy(() -> new ParameterBounds(0.3, 0.99, 0.7, 0.9, 0.35, 0.4, 0.3, 1, 0.1, 0.5, 0))
                .hasMessageContaining("P1, P2");
        assertThatThrownBy(() -> new ParameterBounds(0.3, 0.99, 0.6, 0.9, 0, 0.4, 0.3, 0.4, 0.45, 0.5, 0))
                .hasMessageContaining("mu1, mu2");
        assertThatThrownBy(() -> new KeySettings(TailBound.CHERNOFF, ErrorCorrection.LOG_M, 0.9, 1e-9, 1e-15, 1))
                .hasMessageContaining("fEC");
        assertThatThrownBy(() -> TailBound.parse("Chebyshev")).hasMessageContaining("Chernoff, Hoeffding or Asymptotic");
        assertThatThrownBy(() -> LinkProfile.uniform(new double[] {0.5, 1.5}, 1e-7, 1, 0.01, 0))
                .hasMessageContaining("slot 1").hasMessageContaining("1.5");
    }
}
