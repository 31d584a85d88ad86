package org.keyfleet.linkbudget;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The optimiser against an exhaustive decomposition: a grid over the intensities (μ1 every 0.025, five μ2
 * values) with the probabilities optimised at each grid point. On varied passes, noise levels, tail bounds and
 * error-correction estimates the optimiser must reach that maximum (to 0.1 %), find a key whenever the grid does
 * (no false zeros) and report nothing the grid cannot match.
 */
class OptimiserRobustnessTest {

    static Stream<Arguments> variants() {
        return Stream.of(
                Arguments.of("FS_loss_XI0_shipped_with_SatQuMA.csv", 1e-7, 0.005, 0.0, 250, 1e9, TailBound.CHERNOFF,
                        ErrorCorrection.LOG_M),
                Arguments.of("FS_loss_XI0_shipped_with_SatQuMA.csv", 5e-7, 0.01, 3.0, 150, 1e8, TailBound.HOEFFDING,
                        ErrorCorrection.LOG_M),
                Arguments.of("calc_th30_h500km_wl810nm_aT0.15_aR0.6_w00.15_etaint15dB.csv", 3e-8, 0.002, 14.0, 120,
                        1e8, TailBound.CHERNOFF, ErrorCorrection.BLOCK),
                Arguments.of("calc_th60_h500km_wl810nm_aT0.15_aR0.6_w00.15_etaint15dB.csv", 1e-6, 0.015, 2.0, 200,
                        5e8, TailBound.ASYMPTOTIC, ErrorCorrection.BLOCK),
                // small blocks near the edge of a key: log M is active and SatQuMA's COBYLA gave false zeros here
                Arguments.of("const_40dB.csv", 2e-7, 0.005, 0.0, 40, 5e8, TailBound.CHERNOFF, ErrorCorrection.LOG_M),
                Arguments.of("const_30dB.csv", 1e-8, 0.001, 12.0, 30, 1e8, TailBound.CHERNOFF, ErrorCorrection.LOG_M));
    }

    @ParameterizedTest
    @MethodSource("variants")
    void optimiserMatchesExhaustiveSearch(String file, double pec, double qberI, double lsDb, int dt, double fs,
                                          TailBound bound, ErrorCorrection ec) {
        final LossProfileFile lp = LossProfileFile.read(SharedReference.satquma().resolve("loss_profiles").resolve(file));
        final LinkProfile profile = LinkProfile.uniform(lp.efficiency(), pec, fs, qberI, 1e-3)
                .scaledEfficiency(Math.pow(10, -lsDb / 10))
                .window(lp.time0Index() - dt, lp.time0Index() + dt + 1);
        final KeySettings settings = KeySettings.satQuMaDefaults().withTailBound(bound).withErrorCorrection(ec);
        final OptimisedKey k = new KeyOptimizer(settings, ParameterBounds.satQuMa()).optimise(profile);

        double grid = 0;
        for (double mu1 = 0.3; mu1 <= 0.999; mu1 += 0.025) {
            for (double mu2 : List.of(0.1, 0.13, 0.17, 0.22, 0.3)) {
                if (mu2 < mu1) {
                    grid = Math.max(grid, new KeyOptimizer(settings,
                            ParameterBounds.satQuMa().withFixedIntensities(mu1, mu2, 0)).optimise(profile).secretKeyBits());
                }
            }
        }
        assertThat(grid).as("the variant has a key").isPositive();
        assertThat(k.secretKeyBits()).as("optimiser vs exhaustive grid %s", grid).isGreaterThanOrEqualTo(0.999 * grid);
        assertThat(k.secretKeyBits()).isEqualTo(KeyLength.evaluate(profile, k.parameters(), settings).secretKeyBits());
        assertThat(ParameterBounds.satQuMa().contains(k.parameters())).isTrue();
    }
}
