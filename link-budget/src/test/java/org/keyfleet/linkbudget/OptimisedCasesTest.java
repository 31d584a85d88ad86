package org.keyfleet.linkbudget;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The optimised SatQuMA cases (groups A and F): Keyfleet's optimiser reaches at least 99 % of the reference
 * optimum, its key is exactly what its own parameters evaluate to, and the case files' own parameter sets
 * (SatQuMA's optimiser output, the reference optimum) evaluate to the keys recorded next to them.
 */
class OptimisedCasesTest {

    private static double minRatio = Double.POSITIVE_INFINITY;
    private static double maxRecordedError = 0;
    private static int count;

    static List<Path> caseFiles() {
        final Path dir = SharedReference.satquma().resolve("cases");
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyOptimisedCaseReachesTheReference() {
        final List<Path> files = caseFiles();
        assertThat(files).hasSize(48);
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            final KeyLengthCase c = KeyLengthCase.load(f);
            final double reference = c.referenceKeyBits().orElseThrow();

            // the recorded parameter sets evaluate to the recorded keys (SatQuMA's key_length())
            final double atReference = c.evaluateFixed(KeyLengthCase.ParameterSource.REFERENCE_OPTIMUM)
                    .key().secretKeyBits();
            final double atSatQuMa = c.evaluateFixed(KeyLengthCase.ParameterSource.SATQUMA_OUTPUT)
                    .key().secretKeyBits();
            final double satQuMa = c.satQuMaKeyBits().orElseThrow();
            final double e1 = SharedReference.relativeError(atReference, reference);
            final double e2 = satQuMa == 0 ? atSatQuMa : SharedReference.relativeError(atSatQuMa, satQuMa);
            maxRecordedError = Math.max(maxRecordedError, Math.max(e1, e2));
            assertThat(e1).as("key at the reference parameters").isLessThanOrEqualTo(1e-9);
            assertThat(e2).as("key at SatQuMA's parameters").isLessThanOrEqualTo(1e-9);

            final KeyLengthCaseResult opt = c.optimise(false);
            final KeyLengthResult k = opt.key();
            assertThat(c.bounds().contains(k.parameters())).as("optimum inside the box").isTrue();
            assertThat(k.parameters().px()).isLessThanOrEqualTo(0.99);
            final double own = KeyLength.evaluate(c.profile(), c.window().from(), c.window().to(), k.parameters(),
                    c.settings()).secretKeyBits();
            assertThat(k.secretKeyBits()).as("never above its own parameters' key").isLessThanOrEqualTo(own);
            assertThat(k.secretKeyBits()).isEqualTo(own);
            final double ratio = k.secretKeyBits() / reference;
            synchronized (OptimisedCasesTest.class) {
                minRatio = Math.min(minRatio, ratio);
                count++;
            }
            assertThat(ratio).as("ratio to SKL_reference %s (got %s, evaluations %s)", reference,
                    k.secretKeyBits(), opt.evaluations()).isGreaterThanOrEqualTo(0.99);

            // with the low-elevation cut-off optimised too (the CLI's default) the key can only grow
            final KeyLengthCaseResult win = c.optimise(true);
            assertThat(win.dtHalfWindow()).isLessThanOrEqualTo(c.dtHalfWindow());
            assertThat(win.key().secretKeyBits()).isGreaterThanOrEqualTo(0.999 * k.secretKeyBits());
            final KeyWindow w = KeyWindow.symmetric(c.window().from() + c.dtHalfWindow(), win.dtHalfWindow());
            assertThat(win.key().secretKeyBits()).isEqualTo(KeyLength.evaluate(c.profile(), w.from(), w.to(),
                    win.key().parameters(), c.settings()).secretKeyBits());
        }));
    }

    @AfterAll
    static void report() {
        if (count > 0) {
            System.out.printf("optimised cases: %d, min ratio to SKL_reference %.8f, max error at recorded"
                    + " parameters %.2e%n", count, minRatio, maxRecordedError);
        }
    }
}
