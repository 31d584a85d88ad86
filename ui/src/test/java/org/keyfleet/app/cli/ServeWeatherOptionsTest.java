package org.keyfleet.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** serve's weather options: a bad value is refused before anything starts, naming the option, value and expectation. */
class ServeWeatherOptionsTest {

    @Test
    void aForecastSkillIsAPresetOrABrierSkillScore() {
        CliTest.Run r = CliTest.run("serve", "--forecast-skill", "perfect", "--port", "0");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("--forecast-skill: 'perfect' is neither a preset")
                .contains("climatology").contains("perfect-24h");
        CliTest.Run high = CliTest.run("serve", "--forecast-skill", "1.5", "--port", "0");
        assertThat(high.status()).isEqualTo(2);
        assertThat(high.err()).contains("--forecast-skill: '1.5' is outside [0, 1]");
    }

    @Test
    void aWeatherSeedIsAWholeNumber() {
        CliTest.Run r = CliTest.run("serve", "--weather-seed", "seven", "--port", "0");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("--weather-seed").contains("seven");
    }

    @Test
    void aCloudCoverFileMustBeReadableAndNameTheScenariosTerminals(@TempDir Path dir) throws Exception {
        CliTest.Run missing = CliTest.run("serve", "--cloud-cover", dir.resolve("none.csv").toString(), "--port", "0");
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).contains("--cloud-cover:").contains("none.csv");
        Path csv = dir.resolve("cover.csv");
        Files.writeString(csv, "terminal,time,cloud_cover\nNOPE,2026-12-01T00:00:00Z,50\n");
        CliTest.Run unknown = CliTest.run("serve", "--cloud-cover", csv.toString(), "--port", "0");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).contains("--cloud-cover:").contains("NOPE");
    }
}
