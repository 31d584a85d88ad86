package org.keyfleet.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;

import org.junit.jupiter.api.Test;
import org.keyfleet.scenarios.Scenario;

class RemoteTerminalsTest {

    private static final Scenario SCENARIO = TwinScenario.load("example-three-terminals").scenario();

    @Test
    void parsesTheIdsAndChecksThemAgainstTheScenario() {
        RemoteTerminals none = RemoteTerminals.of("", "", SCENARIO);
        assertThat(none.ids()).isEmpty();
        assertThat(none.layout().distributed()).isFalse();

        RemoteTerminals two = RemoteTerminals.of(" HEL, NIC ,", "localhost:9092", SCENARIO);
        assertThat(two.ids()).isEqualTo(Set.of("HEL", "NIC"));
        assertThat(two.layout().hosts("MAD")).isTrue();
        assertThat(two.layout().hosts("HEL")).isFalse();

        assertThatThrownBy(() -> RemoteTerminals.of("HEL,XYZ", "localhost:9092", SCENARIO))
                .hasMessageContaining("keyfleet.terminals.remote: 'XYZ' is not a ground terminal")
                .hasMessageContaining("[MAD, HEL, NIC]");
        assertThatThrownBy(() -> RemoteTerminals.of("HEL", " ", SCENARIO))
                .hasMessageContaining("needs keyfleet.kafka.bootstrap-servers");
        assertThatThrownBy(() -> RemoteTerminals.of("HEL,MAD,NIC", "localhost:9092", SCENARIO))
                .hasMessageContaining("names all 3 terminals");
    }
}
