package org.keyfleet.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

/** {@code forecast --format json}: the loss budget of every sample, term by term (docs/link-budget.md). */
class ForecastCommandTest {

    static final List<String> TERMS = List.of("diffraction_loss_db", "pointing_loss_db", "atmospheric_loss_db",
            "turbulence_loss_db", "optics_loss_db", "detector_loss_db", "excess_loss_db");

    @Test
    void everySampleCarriesTheRangeAndEachLossTermAndTheyAddUpToTheTotal() throws Exception {
        final CliTest.Run r = CliTest.run("forecast", "example-three-terminals", "--days", "0.5", "--format", "json");
        assertThat(r.status()).as(r.err()).isZero();
        final JsonNode root = new ObjectMapper().readTree(r.out());
        assertThat(root.get("forecasts").size()).isPositive();
        int samples = 0;
        for (JsonNode f : root.get("forecasts")) {
            for (JsonNode s : f.get("samples")) {
                // the keys that were there before stay
                assertThat(s.has("time") && s.has("elevation_deg") && s.has("loss_db")
                        && s.has("extraneous_count_probability") && s.has("background_count_rate_hz")).isTrue();
                assertThat(s.get("range_m").asDouble()).isBetween(300e3, 4000e3);
                if (!s.get("loss_db").isNumber()) {
                    continue;
                }
                double sum = 0;
                for (String term : TERMS) {
                    assertThat(s.has(term)).as(term).isTrue();
                    assertThat(s.get(term).isNumber()).as(term + " is a number").isTrue();
                    assertThat(s.get(term).asDouble()).as(term).isGreaterThanOrEqualTo(0.0);
                    sum += s.get(term).asDouble();
                }
                assertThat(s.get("loss_db").asDouble()).isCloseTo(sum, within(1e-6));
                // no excess loss by default; the receiver's optics and detector are real losses
                assertThat(s.get("excess_loss_db").asDouble()).isZero();
                assertThat(s.get("optics_loss_db").asDouble()).isPositive();
                assertThat(s.get("detector_loss_db").asDouble()).isPositive();
                samples++;
            }
        }
        assertThat(samples).isPositive();
    }
}
