package org.keyfleet.planner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class InstanceSolutionJsonTest {

    @Test
    void writesExactlyTheAgreedFieldsWithRoundTripDoubles() throws Exception {
        InstanceSolution s = new InstanceSolution(3550812.540312345, 3550812.5403123456, 1.3e-13, true, 0.84, 0.5, 0.3,
                3549204.5835, List.of(new InstanceAssignment(287, 1500), new InstanceAssignment(79, 440)), List.of(), "OPTIMAL");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InstanceSolutionJson.write(s, out);
        JsonNode json = new ObjectMapper().readTree(out.toByteArray());

        assertThat(json.fieldNames()).toIterable()
                .containsExactly("objective", "bound", "gap", "seconds", "greedy_objective", "assignments");
        assertThat(json.get("objective").doubleValue()).isEqualTo(s.objective());
        assertThat(json.get("bound").doubleValue()).isEqualTo(s.bound());
        assertThat(json.get("gap").doubleValue()).isEqualTo(1.3e-13);
        assertThat(json.get("seconds").doubleValue()).isEqualTo(0.84);
        assertThat(json.get("greedy_objective").doubleValue()).isEqualTo(3549204.5835);
        assertThat(json.get("assignments")).hasSize(2);
        assertThat(json.get("assignments").get(0).fieldNames()).toIterable().containsExactly("pass_id", "target_id");
        assertThat(json.get("assignments").get(1).get("pass_id").intValue()).isEqualTo(79);
        assertThat(json.get("assignments").get(1).get("target_id").intValue()).isEqualTo(440);
    }
}
