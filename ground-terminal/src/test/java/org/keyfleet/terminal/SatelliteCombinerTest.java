package org.keyfleet.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.keyfleet.ledger.BlockDiscard;
import org.keyfleet.ledger.CombinationInstruction;
import org.keyfleet.ledger.PassResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SatelliteCombinerTest {

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void bothTerminalsHoldTerminalAsSegmentAndTheSourcesAreErased(TestDatabases.Kind kind) {
        try (Sites sites = new Sites(kind)) {
            PassResult ka = sites.fly("EAGLE-1", "BRU", 80_000);
            PassResult kb = sites.fly("EAGLE-1", "VIE", 80_000);
            long n = 4096;
            byte[] expected = sites.read("gt:BRU", ka.blockId(), 800, n);
            long satLiveA = sites.live("sat:EAGLE-1", ka.blockId());
            CombinationInstruction ins = new CombinationInstruction(UUID.randomUUID(), UUID.randomUUID(), "EAGLE-1",
                    "BRU", "VIE", ka.blockId(), 800, kb.blockId(), 1600, n, Sites.T0);

            sites.segment.combinations().combine(ins);

            byte[] atA = sites.read("gt:BRU", ins.pairKeyId(), 0, n);
            byte[] atB = sites.read("gt:VIE", ins.pairKeyId(), 0, n);
            assertThat(atA).isEqualTo(expected);
            assertThat(atB).isEqualTo(expected);
            assertThat(sites.live("sat:EAGLE-1", ka.blockId())).isEqualTo(satLiveA - n);
            assertThatThrownBy(() -> sites.read("sat:EAGLE-1", ka.blockId(), 800, 8)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> sites.read("sat:EAGLE-1", kb.blockId(), 1600 + n - 8, 8)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> sites.read("gt:BRU", ka.blockId(), 800, 8)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> sites.read("gt:VIE", kb.blockId(), 1600, 8)).isInstanceOf(IllegalStateException.class);
            // bits around the consumed ranges are still there
            assertThat(sites.read("sat:EAGLE-1", ka.blockId(), 0, 800)).isEqualTo(sites.read("gt:BRU", ka.blockId(), 0, 800));
            assertThat(sites.count("select count(*) from terminal_pair_key where pair_key_id = ? and terminal_a = 'BRU' "
                    + "and terminal_b = 'VIE' and length_bits = ?", ins.pairKeyId(), n)).isEqualTo(1);

            // idempotent: a re-sent instruction changes nothing
            int segments = sites.count("select count(*) from terminal_key_segment");
            sites.segment.combinations().combine(ins);
            assertThat(sites.count("select count(*) from terminal_key_segment")).isEqualTo(segments);
            assertThat(sites.read("gt:VIE", ins.pairKeyId(), 0, n)).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aCombinationOfConsumedBitsFailsAndChangesNothing(TestDatabases.Kind kind) {
        try (Sites sites = new Sites(kind)) {
            PassResult ka = sites.fly("EAGLE-1", "BRU", 20_000);
            PassResult kb = sites.fly("EAGLE-1", "VIE", 20_000);
            sites.segment.combinations().combine(new CombinationInstruction(UUID.randomUUID(), UUID.randomUUID(), "EAGLE-1",
                    "BRU", "VIE", ka.blockId(), 0, kb.blockId(), 0, 800, Sites.T0));
            int segments = sites.count("select count(*) from terminal_key_segment");
            CombinationInstruction overlapping = new CombinationInstruction(UUID.randomUUID(), UUID.randomUUID(), "EAGLE-1",
                    "BRU", "VIE", ka.blockId(), 400, kb.blockId(), 800, 800, Sites.T0);

            assertThatThrownBy(() -> sites.segment.combinations().combine(overlapping))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining(ka.blockId().toString());

            assertThat(sites.count("select count(*) from terminal_key_segment")).isEqualTo(segments);
            assertThat(sites.count("select count(*) from terminal_combination")).isEqualTo(1);
            assertThat(sites.live("gt:VIE", kb.blockId())).isEqualTo(kb.bits() - 800);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aDiscardErasesTheSegmentInBothStoresOnce(TestDatabases.Kind kind) {
        try (Sites sites = new Sites(kind)) {
            PassResult k = sites.fly("EAGLE-1", "VIE", 20_000);
            BlockDiscard d = new BlockDiscard(k.blockId(), "EAGLE-1", "VIE", 80, 160, "expired");
            sites.segment.discards().discard(d);
            sites.segment.discards().discard(d);
            assertThat(sites.live("sat:EAGLE-1", k.blockId())).isEqualTo(k.bits() - 160);
            assertThat(sites.live("gt:VIE", k.blockId())).isEqualTo(k.bits() - 160);
            assertThatThrownBy(() -> sites.read("gt:VIE", k.blockId(), 80, 8)).isInstanceOf(IllegalStateException.class);
            assertThat(sites.read("gt:VIE", k.blockId(), 240, 80)).isEqualTo(sites.read("sat:EAGLE-1", k.blockId(), 240, 80));
        }
    }
}
