package org.keyfleet.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** 'keyfleet evaluate': its JSON, its reproducibility, its plot and its refusals. */
class EvaluateCommandTest {

    @TempDir
    Path dir;

    private static String scenario() throws Exception {
        return Path.of(EvaluateCommandTest.class.getResource("/org/keyfleet/app/runtime/twin-test.yaml").toURI())
                .toString();
    }

    private static CliTest.Run evaluate(String seed, String... more) throws Exception {
        String[] base = {"evaluate", scenario(), "--runs", "3", "--seed", seed, "--workers", "2", "--format", "json",
            "--strategy", "expected,greedy", "--skill", "climatology"};
        String[] args = new String[base.length + more.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return CliTest.run(args);
    }

    @Test
    void sameSeedSameJsonOtherSeedOtherNumbersAndAPlot() throws Exception {
        Path png = dir.resolve("eval.png");
        CliTest.Run a = evaluate("7", "--plot", png.toString());
        assertThat(a.status()).as(a.err()).isZero();
        CliTest.Run b = evaluate("7");
        assertThat(b.status()).as(b.err()).isZero();
        assertThat(b.out()).isEqualTo(a.out());
        CliTest.Run c = evaluate("8");
        assertThat(c.status()).as(c.err()).isZero();
        assertThat(c.out()).isNotEqualTo(a.out());

        JsonNode json = new ObjectMapper().readTree(a.out());
        assertThat(json.path("results")).hasSize(2);
        for (JsonNode r : json.path("results")) {
            for (String key : new String[] {"strategy", "runs", "requested_bits", "predicted_bits", "realised_bits",
                "clairvoyant_bits", "ratio_to_clairvoyant", "stranded_bits", "pairs_without_key", "skill",
                "generated_bits", "combined_bits", "discarded_bits", "satisfaction"}) {
                assertThat(r.has(key)).as(key).isTrue();
            }
            for (String q : new String[] {"mean", "p10", "p50", "p90"}) {
                assertThat(r.path("realised_bits").has(q)).isTrue();
                assertThat(r.path("clairvoyant_bits").has(q)).isTrue();
            }
            assertThat(r.path("runs").asInt()).isEqualTo(3);
            assertThat(r.path("realised_bits").path("mean").asLong())
                    .isLessThanOrEqualTo(r.path("requested_bits").asLong());
            assertThat(r.path("generated_bits").asLong()).isEqualTo(r.path("combined_bits").asLong()
                    + r.path("stranded_bits").asLong() + r.path("discarded_bits").asLong());
        }
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isGreaterThan(image.getHeight());
    }

    @Test
    void theTableNamesEveryStrategy() throws Exception {
        CliTest.Run r = CliTest.run("evaluate", scenario(), "--runs", "1", "--workers", "1", "--days", "0.5");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("expected").contains("greedy").contains("clairvoyant mean").contains("stranded");
    }

    @Test
    void badOptionsAreRefusedWithTheOptionValueAndExpectation() throws Exception {
        String s = scenario();
        Path out = dir.resolve("x.txt");
        Files.writeString(out, "");
        String[][] cases = {
            {"--runs", "0", "--runs: 0 is outside [1, 100000]"},
            {"--workers", "0", "--workers: 0 is outside [1, 1024]"},
            {"--strategy", "expected,bogus", "--strategy: unknown strategy 'bogus'; expected one of expected, greedy, robust"},
            {"--skill", "sunny", "--skill: 'sunny' is not a forecast skill; expected climatology, default, bss=X"},
            {"--skill", "bss=1.5", "--skill: 'bss=1.5' is not a forecast skill"},
            {"--skill", "perfect-0h", "--skill: 'perfect-0h' is not a forecast skill"},
            {"--format", "csv", "--format: csv is not offered by evaluate; expected table or json"},
            {"--plot", out.toString(), "does not end in .png; expected a PNG file name"},
            {"--strategy", "fast-open", "unknown strategy 'fast-open'"},
            {"--replan", "weekly", "--replan: 'weekly' is not daily, outcome or none"},
            {"--time-limit", "0", "--time-limit: 0.0 is outside [0.1, 3600] seconds"},
            {"--days", "0", "--days: 0.0 is outside (0, 366]"},
            {"--start", "yesterday", "--start: 'yesterday' is not an ISO-8601 UTC instant"},
        };
        for (String[] c : cases) {
            CliTest.Run r = CliTest.run("evaluate", s, c[0], c[1]);
            assertThat(r.status()).as("%s %s: %s", c[0], c[1], r.err()).isEqualTo(2);
            assertThat(r.err()).as("%s %s", c[0], c[1]).startsWith("error: ").contains(c[2])
                    .doesNotContain("internal error", "Exception", "\tat ");
        }
        CliTest.Run unknown = CliTest.run("evaluate", "no-such-scenario", "--runs", "1");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).contains("no-such-scenario");
    }
}
