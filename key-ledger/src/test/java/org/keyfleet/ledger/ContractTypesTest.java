package org.keyfleet.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** Bad input to the contract types fails with the record, the field, the value and what was expected. */
class ContractTypesTest {

    static final Instant T = Instant.parse("2026-03-01T00:00:00Z");
    static final UUID ID = UUID.fromString("00000000-0000-0000-0000-000000000001");

    @Test
    void contactOrderChecksItsFields() {
        assertThatThrownBy(() -> new ContactOrder(ID, "sat1", "MAD", T, T.minusSeconds(1), 0, 0.5, 0.02))
                .hasMessage("contact order " + ID + ": los must not be before aos 2026-03-01T00:00:00Z but was 2026-02-28T23:59:59Z");
        assertThatThrownBy(() -> new ContactOrder(ID, " ", "MAD", T, T, 0, 0.5, 0.02))
                .hasMessage("contact order " + ID + ": satelliteId must be a non-blank id but was ' '");
        assertThatThrownBy(() -> new ContactOrder(ID, "sat1", "MAD", T, T, -8, 0.5, 0.02))
                .hasMessage("contact order " + ID + ": forecastBitsIfClear must be >= 0 bits but was -8");
        assertThatThrownBy(() -> new ContactOrder(ID, "sat1", "MAD", T, T, 0, 1.5, 0.02))
                .hasMessage("contact order " + ID + ": pClear must be in [0, 1.0] but was 1.5");
        assertThatThrownBy(() -> new ContactOrder(ID, "sat1", "MAD", T, T, 0, 0.5, Double.NaN))
                .hasMessage("contact order " + ID + ": forecastQber must be in [0, 0.5] but was NaN");
        assertThatThrownBy(() -> new ContactOrder(null, "sat1", "MAD", T, T, 0, 0.5, 0.02))
                .hasMessage("contact order null: contactId must not be null");
    }

    @Test
    void passResultTiesBitsToTheBlock() {
        assertThatThrownBy(() -> new PassResult(ID, "sat1", "MAD", true, null, 800, 0.02, T))
                .hasMessage("pass result of contact " + ID + ": bits must be 0 when blockId is null but was 800");
        assertThatThrownBy(() -> new PassResult(ID, "sat1", "MAD", true, ID, 0, 0.02, T))
                .hasMessageContaining("bits must be > 0 when blockId " + ID + " is given but was 0");
        assertThatThrownBy(() -> new PassResult(ID, "sat1", "MAD", true, ID, 801, 0.02, T))
                .hasMessage("pass result of contact " + ID + ": bits must be a non-negative multiple of 8 bits but was 801");
        assertThatThrownBy(() -> new PassResult(ID, "sat1", "MAD", true, ID, 800, Double.NaN, T))
                .hasMessage("pass result of contact " + ID + ": qber must be in [0, 0.5] but was NaN");
        assertThat(new PassResult(ID, "sat1", "MAD", false, null, 0, Double.NaN, T).hasKey()).isFalse();
    }

    @Test
    void combinationInstructionWantsOrderedTerminalsDistinctBlocksAndBytes() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        assertThatThrownBy(() -> new CombinationInstruction(ID, ID, "sat1", "WAW", "MAD", a, 0, b, 0, 8, T))
                .hasMessage("combination instruction " + ID + ": terminalA must sort before terminalB 'MAD' but was 'WAW'");
        assertThatThrownBy(() -> new CombinationInstruction(ID, ID, "sat1", "MAD", "WAW", a, 0, a, 0, 8, T))
                .hasMessage("combination instruction " + ID + ": blockB must differ from blockA but both were " + a);
        assertThatThrownBy(() -> new CombinationInstruction(ID, ID, "sat1", "MAD", "WAW", a, 4, b, 0, 8, T))
                .hasMessage("combination instruction " + ID + ": offsetA must be a non-negative multiple of 8 bits but was 4");
        assertThatThrownBy(() -> new CombinationInstruction(ID, ID, "sat1", "MAD", "WAW", a, 0, b, 0, 0, T))
                .hasMessage("combination instruction " + ID + ": lengthBits must be a positive multiple of 8 bits but was 0");
    }

    @Test
    void discardsAndSettingsCheckTheirFields() {
        assertThatThrownBy(() -> new BlockDiscard(ID, "sat1", "MAD", 0, 12, "expired"))
                .hasMessage("block discard of " + ID + ": lengthBits must be a positive multiple of 8 bits but was 12");
        assertThatThrownBy(() -> new BlockDiscard(ID, "sat1", "MAD", 0, 16, ""))
                .hasMessage("block discard of " + ID + ": reason must be a non-blank id but was ''");
        assertThatThrownBy(() -> LedgerSettings.defaults().withBlockLifetime(Duration.ZERO))
                .hasMessage("ledger settings: blockLifetime must be positive but was PT0S");
        assertThatThrownBy(() -> LedgerSettings.defaults().withMemoryBits(Map.of("sat1", -1L)))
                .hasMessage("ledger settings: memoryBitsBySatellite[sat1] must be >= 0 but was -1");
        assertThatThrownBy(() -> new LedgerSettings(Map.of(), Duration.ofDays(1), 0, Map.of("sat1", 5L)))
                .hasMessage("ledger settings: lowStockThresholdByLink entry 'sat1' = 5: expected key SATELLITE/TERMINAL and bits >= 0");
    }

    @Test
    void contactIdsAreStableAndDistinct() {
        assertThat(ContactOrder.idFor("sat1", "MAD", T)).isEqualTo(ContactOrder.idFor("sat1", "MAD", T));
        assertThat(ContactOrder.idFor("sat1", "MAD", T)).isNotEqualTo(ContactOrder.idFor("sat1", "MAD", T.plusSeconds(1)))
                .isNotEqualTo(ContactOrder.idFor("sat1", "WAW", T)).isNotEqualTo(ContactOrder.idFor("sat2", "MAD", T));
    }

    @Test
    void earmarksFollowThePlansSplitInWholeBytesWithinTheKeyKept() {
        // planned 1000 bits: 600 for one pair, 300 for another; the pass gave 2000, of which 1600 fitted in memory
        Map<String, Long> e = KeyLedger.earmarks(new java.util.TreeMap<>(Map.of("A-B", 600L, "A-C", 300L)), 1000, 1600);
        assertThat(e).containsExactly(Map.entry("A-B", 960L), Map.entry("A-C", 480L));
        assertThat(KeyLedger.earmarks(Map.of("A-B", 999L), 1000, 4)).isEmpty();
        assertThat(KeyLedger.earmarks(Map.of("A-B", 10L), 0, 800)).isEmpty();
    }
}
