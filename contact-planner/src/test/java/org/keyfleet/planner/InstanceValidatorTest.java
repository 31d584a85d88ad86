package org.keyfleet.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.keyfleet.planner.Instances.of;
import static org.keyfleet.planner.Instances.optical;
import static org.keyfleet.planner.Instances.pass;
import static org.keyfleet.planner.Instances.qkd;

import java.util.List;
import org.junit.jupiter.api.Test;

class InstanceValidatorTest {

    private final SatQkdInstance instance = of(
            List.of(pass(1, 0, 0, 100, 50), pass(2, 0, 160, 200, 0), pass(3, 1, 259, 300, 10), pass(4, 1, 1000, 1100, 10)),
            List.of(qkd(10, 0, 1), optical(11, 0, 0.5), qkd(12, 1, 0.25), qkd(13, 1, 1)));

    private static InstanceAssignment a(int pass, int target) {
        return new InstanceAssignment(pass, target);
    }

    @Test
    void acceptsAValidSolutionAndComputesItsObjective() {
        List<InstanceAssignment> solution = List.of(a(1, 10), a(2, 11), a(4, 12));
        assertThat(InstanceValidator.violations(instance, solution)).isEmpty();
        assertThat(InstanceValidator.objective(instance, solution)).isEqualTo(51 + 0.5 + 0.25 * 11);
    }

    @Test
    void findsEachKindOfViolation() {
        assertThat(InstanceValidator.violations(instance, List.of(a(1, 10), a(1, 11))))
                .anyMatch(v -> v.contains("pass 1 serves more than one target"));
        assertThat(InstanceValidator.violations(instance, List.of(a(3, 13), a(4, 13))))
                .anyMatch(v -> v.contains("target 13 is served more than once"));
        assertThat(InstanceValidator.violations(instance, List.of(a(1, 12))))
                .anyMatch(v -> v.contains("is over node 0 but target 12 is at node 1"));
        assertThat(InstanceValidator.violations(instance, List.of(a(2, 10))))
                .anyMatch(v -> v.contains("QKD target 10 is served by pass 2 with no key volume"));
        assertThat(InstanceValidator.violations(instance, List.of(a(2, 11), a(3, 12))))
                .anyMatch(v -> v.contains("passes 2") && v.contains("less than 60 s apart"));
        assertThat(InstanceValidator.violations(instance, List.of(a(9, 10))))
                .anyMatch(v -> v.contains("pass 9 does not exist"));
    }

    @Test
    void exactlySixtySecondsFromEndToStartIsAllowed() {
        assertThat(InstanceValidator.violations(instance, List.of(a(1, 10), a(2, 11)))).isEmpty();
    }

    @Test
    void aLongPassConflictsWithAPassItContains() {
        SatQkdInstance nested = of(List.of(pass(1, 0, 0, 1000, 5), pass(2, 1, 100, 200, 5), pass(3, 2, 1100, 1200, 5)),
                List.of(qkd(10, 0, 1), qkd(11, 1, 1), qkd(12, 2, 1)));
        assertThat(InstanceValidator.violations(nested, List.of(a(1, 10), a(2, 11)))).hasSize(1);
        assertThat(InstanceValidator.violations(nested, List.of(a(2, 11), a(3, 12)))).isEmpty();
    }
}
