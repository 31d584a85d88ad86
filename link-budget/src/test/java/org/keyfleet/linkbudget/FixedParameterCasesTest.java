package org.keyfleet.linkbudget;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every row of SatQuMA's fixed-parameter oracle ({@code fixed_param_cases.csv}: 4 loss profiles × 2 pulse
 * rates × 2 noise levels × 2 excess losses × 4 bound/error-correction variants) reproduced to 1e-9 relative,
 * for the key and every intermediate bound.
 */
class FixedParameterCasesTest {

    private static final double TOLERANCE = 1e-9;
    private static final String[][] COLUMNS = {
            {"SKL_bits", "skl"}, {"QBER_X", "qber"}, {"phiX", "phi"}, {"nX", "nX"}, {"nZ", "nZ"}, {"mX", "mX"},
            {"lambdaEC_bits", "lambdaEC"}, {"sX0", "sX0"}, {"sX1", "sX1"}, {"vZ1", "vZ1"}, {"sZ1", "sZ1"},
            {"mean_photon_number", "mpn"}};
    private static final Map<String, Double> MAX_ERROR = new HashMap<>();

    @TestFactory
    Stream<DynamicTest> everyFixedCaseIsReproduced() {
        final Path dir = SharedReference.satquma();
        final List<Map<String, String>> rows = SharedReference.csv(dir.resolve("fixed_param_cases.csv"));
        assertThat(rows).hasSize(128);
        final Map<String, LossProfileFile> profiles = new HashMap<>();
        final List<DynamicTest> tests = new ArrayList<>();
        for (Map<String, String> row : rows) {
            tests.add(DynamicTest.dynamicTest(row.get("case_id"), () -> {
                final LossProfileFile file = profiles.computeIfAbsent(row.get("profile"),
                        p -> LossProfileFile.read(dir.resolve(p)));
                final KeyLengthResult r = evaluate(row, file);
                final double[] actual = {r.secretKeyBits(), r.qberX(), r.phiX(), r.nX(), r.nZ(), r.mX(),
                        r.lambdaEC(), r.sX0(), r.sX1(), r.vZ1(), r.sZ1(), r.meanPhotonNumber()};
                for (int i = 0; i < COLUMNS.length; i++) {
                    final double expected = Double.parseDouble(row.get(COLUMNS[i][0]));
                    final double err = SharedReference.relativeError(actual[i], expected);
                    MAX_ERROR.merge(COLUMNS[i][0], err, Math::max);
                    assertThat(err).as("%s %s: got %s expected %s", row.get("case_id"), COLUMNS[i][0],
                            actual[i], expected).isLessThanOrEqualTo(TOLERANCE);
                }
            }));
        }
        return tests.stream();
    }

    static KeyLengthResult evaluate(Map<String, String> row, LossProfileFile file) {
        final int dt = Integer.parseInt(row.get("dt_half_window_s"));
        final double ls = Double.parseDouble(row.get("ls_dB"));
        final LinkProfile profile = LinkProfile.uniform(file.efficiency(), Double.parseDouble(row.get("Pec")),
                        Double.parseDouble(row.get("Npulse_per_slot")), Double.parseDouble(row.get("QBERI")),
                        Double.parseDouble(row.get("Pap")))
                .scaledEfficiency(Math.pow(10, -ls / 10.0));
        final KeySettings settings = new KeySettings(TailBound.parse(row.get("boundFunc")),
                ErrorCorrection.parse(row.get("errcorrFunc")), Double.parseDouble(row.get("fEC")),
                Double.parseDouble(row.get("eps_s")), Double.parseDouble(row.get("eps_c")), 1.0);
        final ProtocolParameters x = new ProtocolParameters(Double.parseDouble(row.get("Px")),
                Double.parseDouble(row.get("P1")), Double.parseDouble(row.get("P2")),
                Double.parseDouble(row.get("mu1")), Double.parseDouble(row.get("mu2")),
                Double.parseDouble(row.get("mu3")));
        return KeyLength.evaluate(profile, file.time0Index() - dt, file.time0Index() + dt + 1, x, settings);
    }

    @AfterAll
    static void report() {
        if (!MAX_ERROR.isEmpty()) {
            System.out.println("fixed_param_cases.csv: max relative error per column " + MAX_ERROR);
        }
    }
}
