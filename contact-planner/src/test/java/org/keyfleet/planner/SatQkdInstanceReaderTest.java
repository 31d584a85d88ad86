package org.keyfleet.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SatQkdInstanceReaderTest {

    private static final String PASS = """
            {"id": 7, "nodeId": 3, "startTime": "2024-01-25T00:05:30", "endTime": "2024-01-25T00:12:55",
             "achievableKeyVolume": 585236.25, "orbitId": 0}""";
    private static final String TARGET = """
            {"id": 0, "applicationId": 0, "priority": 0.97, "nodeId": 3, "requestedOperation": "QKD"}""";

    private static String instance(String pass, String target) {
        return "[{\"problem_instance_id\": \"x\", \"coverage_start\": \"2024-01-25T00:00:00\","
                + " \"satellite_passes\": [" + pass + "], \"service_targets\": [" + target + "]}]";
    }

    @Test
    void readsAWellFormedInstance(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ok.json");
        Files.writeString(file, instance(PASS, TARGET + ", " + TARGET.replace("\"id\": 0", "\"id\": 1")
                .replace("\"QKD\"", "\"OPTICAL_ONLY\"")));
        SatQkdInstance instance = SatQkdInstanceReader.read(file);
        assertThat(instance.id()).isEqualTo("x");
        assertThat(instance.coverageStart()).isEqualTo(Instant.parse("2024-01-25T00:00:00Z"));
        assertThat(instance.passes()).containsExactly(new SatQkdPass(7, 3, Instant.parse("2024-01-25T00:05:30Z"),
                Instant.parse("2024-01-25T00:12:55Z"), 585236.25, 0));
        assertThat(instance.targets()).extracting(SatQkdTarget::qkd).containsExactly(true, false);
        assertThat(instance.targets().get(0).priority()).isEqualTo(0.97);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            missing start   | "startTime": "2024-01-25T00:05:30",        |                                  | satellite_passes[0].startTime    | missing
            bad time        | 2024-01-25T00:05:30                       | 2024-25-01T00:05:30              | satellite_passes[0].startTime    | 2024-25-01T00:05:30
            end before start| 2024-01-25T00:12:55                       | 2024-01-25T00:01:00              | satellite_passes[0].endTime      | before startTime
            negative key    | 585236.25                                 | -3                               | satellite_passes[0].achievableKeyVolume | -3
            key as text     | 585236.25                                 | "lots"                           | satellite_passes[0].achievableKeyVolume | lots
            fractional id   | "id": 7,                                  | "id": 7.5,                       | satellite_passes[0].id           | 7.5
            node missing    | "nodeId": 3,                              |                                  | satellite_passes[0].nodeId       | missing
            """)
    void namesTheBadPassField(String name, String from, String to, String field, String detail) {
        String json = instance(PASS.replace(from.strip(), to == null ? "" : to.strip()), TARGET);
        assertThatThrownBy(() -> SatQkdInstanceReader.parse(json, "f.json"))
                .isInstanceOf(InstanceFormatException.class)
                .hasMessageStartingWith("f.json: [0]." + field)
                .hasMessageContaining(detail)
                .satisfies(e -> assertThat(((InstanceFormatException) e).field()).isEqualTo("[0]." + field));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            priority above 1 | 0.97        | 1.5         | service_targets[0].priority           | 1.5
            priority text    | 0.97        | "high"      | service_targets[0].priority           | high
            operation        | "QKD"       | "BB84"      | service_targets[0].requestedOperation | BB84
            """)
    void namesTheBadTargetField(String name, String from, String to, String field, String detail) {
        String json = instance(PASS, TARGET.replace(from.strip(), to.strip()));
        assertThatThrownBy(() -> SatQkdInstanceReader.parse(json, "f.json"))
                .isInstanceOf(InstanceFormatException.class)
                .hasMessageStartingWith("f.json: [0]." + field)
                .hasMessageContaining(detail);
    }

    @Test
    void rejectsDuplicateIds() {
        String json = instance(PASS + ", " + PASS, TARGET);
        assertThatThrownBy(() -> SatQkdInstanceReader.parse(json, "f.json"))
                .isInstanceOf(InstanceFormatException.class)
                .hasMessageContaining("[0].satellite_passes[1].id")
                .hasMessageContaining("satellite_passes[0]");
    }

    @Test
    void rejectsMissingListsAndWrongShapes() {
        assertThatThrownBy(() -> SatQkdInstanceReader.parse("[{\"service_targets\": []}]", "f.json"))
                .hasMessageContaining("[0].satellite_passes").hasMessageContaining("missing");
        assertThatThrownBy(() -> SatQkdInstanceReader.parse("[{\"satellite_passes\": {}, \"service_targets\": []}]", "f.json"))
                .hasMessageContaining("[0].satellite_passes").hasMessageContaining("expected a list");
        assertThatThrownBy(() -> SatQkdInstanceReader.parse("[]", "f.json"))
                .hasMessageContaining("exactly one instance");
        assertThatThrownBy(() -> SatQkdInstanceReader.parse("[{\"satellite_passes\": [3], \"service_targets\": []}]", "f.json"))
                .hasMessageContaining("[0].satellite_passes[0]").hasMessageContaining("expected a pass object");
    }

    @Test
    void rejectsCountsThatDisagreeWithTheLists() {
        String json = instance(PASS, TARGET).replace("\"problem_instance_id\"", "\"number_satellite_passes\": 2, \"problem_instance_id\"");
        assertThatThrownBy(() -> SatQkdInstanceReader.parse(json, "f.json"))
                .hasMessageContaining("[0].number_satellite_passes").hasMessageContaining("2");
    }

    @Test
    void reportsSyntaxErrorsWithTheirPosition() {
        assertThatThrownBy(() -> SatQkdInstanceReader.parse("[{\"satellite_passes\": [,]}]", "f.json"))
                .isInstanceOf(InstanceFormatException.class)
                .hasMessageContaining("not valid JSON").hasMessageContaining("line 1");
    }

    @Test
    void reportsAMissingFile(@TempDir Path dir) {
        assertThatThrownBy(() -> SatQkdInstanceReader.read(dir.resolve("none.json")))
                .isInstanceOf(InstanceFormatException.class).hasMessageContaining("none.json").hasMessageContaining("no such file");
    }
}
