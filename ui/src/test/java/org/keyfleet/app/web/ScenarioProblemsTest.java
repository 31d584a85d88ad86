package org.keyfleet.app.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keyfleet.scenarios.ScenarioCatalogue;
import org.keyfleet.scenarios.ScenarioLoader;
import org.keyfleet.scenarios.ScenarioValidationException;
import org.keyfleet.scenarios.ValidationProblem;

/** The validator's problems land on the YAML lines of the fields they name. */
class ScenarioProblemsTest {

    @Test
    void eachProblemIsPlacedOnTheLineOfItsField() {
        String yaml = ScenarioCatalogue.shippedYaml("example-three-terminals")
                .replace("latitudeDeg: 60.1699", "latitudeDeg: 123.0")
                .replace("bitsPerDay: 1.0e6", "bitsPerDay: -5");
        ScenarioValidationException e = catchThrowableOfType(ScenarioValidationException.class,
                () -> new ScenarioLoader().parse(yaml, "edited", null));
        assertThat(e).isNotNull();
        Map<Integer, List<ValidationProblem>> byLine = ScenariosView.byLine(yaml, e.problems());
        String[] lines = yaml.split("\\R", -1);
        assertThat(byLine).doesNotContainKey(-1);
        int placed = 0;
        for (Map.Entry<Integer, List<ValidationProblem>> en : byLine.entrySet()) {
            for (ValidationProblem p : en.getValue()) {
                String leaf = p.path().replaceAll(".*\\.", "").replaceAll("\\[\\d+]$", "");
                assertThat(lines[en.getKey()]).as(p.toString()).contains(leaf);
                placed++;
            }
        }
        assertThat(placed).isEqualTo(e.problems().size());
        assertThat(byLine.values().stream().flatMap(List::stream).map(ValidationProblem::path))
                .anyMatch(p -> p.endsWith("latitudeDeg")).anyMatch(p -> p.contains("demands"));
    }

    @Test
    void aPathIntoAListNamesTheLineOfTheRightElement() {
        String yaml = "a:\n  - x: 1\n  - x: 2\n    y:\n      z: 3\n";
        YamlLocator locator = new YamlLocator(yaml);
        assertThat(locator.line("a[0].x")).hasValue(1);
        assertThat(locator.line("a[1].x")).hasValue(2);
        assertThat(locator.line("a[1].y.z")).hasValue(4);
        assertThat(locator.line("a[1].missing")).hasValue(2);   // the deepest node found: the list element
        assertThat(new YamlLocator("a: [unclosed").line("a")).isEmpty();
    }
}
