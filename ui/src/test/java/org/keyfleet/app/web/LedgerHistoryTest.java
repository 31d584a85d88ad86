package org.keyfleet.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Replaying audit entries into stock series: entries shaped as AuditLog.entries returns them. */
class LedgerHistoryTest {

    private long seq;

    private Map<String, Object> entry(String at, String type, String subject, String payload) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("seq", ++seq);
        e.put("recordedAt", at);
        e.put("type", type);
        e.put("subject", subject);
        e.put("payload", payload);
        return e;
    }

    @Test
    void booksCombinesDiscardsAndDeliversInto_stockSeries() {
        LedgerHistory h = new LedgerHistory();
        h.apply(entry("2026-12-01T03:00:00Z", "keyblock.available", "MAD",
                "{\"satelliteId\":\"S\",\"terminalId\":\"MAD\",\"bits\":1200,\"availableBits\":1000}"));
        // the capacity tail of that block was never available
        h.apply(entry("2026-12-01T03:00:00Z", "keyblock.discarded", "MAD",
                "{\"satelliteId\":\"S\",\"terminalId\":\"MAD\",\"lengthBits\":200,\"reason\":\"capacity\"}"));
        h.apply(entry("2026-12-01T04:00:00Z", "keyblock.available", "HEL",
                "{\"satelliteId\":\"S\",\"terminalId\":\"HEL\",\"bits\":600,\"availableBits\":600}"));
        h.apply(entry("2026-12-01T04:00:00Z", "combination.issued", "HEL-MAD",
                "{\"satelliteId\":\"S\",\"terminalA\":\"HEL\",\"terminalB\":\"MAD\",\"lengthBits\":512}"));
        h.apply(entry("2026-12-01T04:00:00Z", "pairkey.available", "HEL-MAD",
                "{\"satelliteId\":\"S\",\"terminalA\":\"HEL\",\"terminalB\":\"MAD\",\"lengthBits\":512}"));
        h.apply(entry("2026-12-01T05:00:00Z", "key.delivered", "HEL-MAD",
                "{\"terminalId\":\"HEL\",\"saeId\":\"sae-HEL-1\",\"bits\":256}"));
        h.apply(entry("2026-12-08T03:00:00Z", "keyblock.discarded", "MAD",
                "{\"satelliteId\":\"S\",\"terminalId\":\"MAD\",\"lengthBits\":488,\"reason\":\"expired\"}"));
        h.apply(entry("2026-12-08T03:00:00Z", "stock.low", "MAD",
                "{\"satelliteId\":\"S\",\"terminalId\":\"MAD\",\"availableBits\":0,\"thresholdBits\":100}"));

        assertThat(h.linkAvailable()).containsExactlyInAnyOrderEntriesOf(Map.of("S/MAD", 0L, "S/HEL", 88L));
        assertThat(h.linkSeries().get("S/MAD")).extracting(p -> p[1]).containsExactly(1000L, 488L, 0L);
        assertThat(h.linkSeries().get("S/HEL")).extracting(p -> p[1]).containsExactly(88L);   // same instant: last
        assertThat(h.pairCombined()).containsExactlyEntriesOf(Map.of("HEL-MAD", 512L));
        assertThat(h.pairDelivered()).containsExactlyEntriesOf(Map.of("HEL-MAD", 256L));
        assertThat(h.wasteByReason()).containsExactlyInAnyOrderEntriesOf(Map.of("capacity", 200L, "expired", 488L));
        assertThat(h.alerts()).extracting(LedgerHistory.Alert::type).containsExactly("stock.low");
        assertThat(h.lastSeq()).isEqualTo(seq);
    }

    @Test
    void anEntrySeenTwiceCountsOnce() {
        LedgerHistory h = new LedgerHistory();
        Map<String, Object> e = entry("2026-12-01T03:00:00Z", "keyblock.available", "MAD",
                "{\"satelliteId\":\"S\",\"terminalId\":\"MAD\",\"bits\":10,\"availableBits\":10}");
        h.apply(e);
        h.apply(e);
        assertThat(h.linkAvailable()).containsExactlyEntriesOf(Map.of("S/MAD", 10L));
    }

    @Test
    void demandAlertsKeepTheLatestStatePerPair() {
        LedgerHistory h = new LedgerHistory();
        h.apply(entry("2026-12-01T03:00:00Z", "demand.at-risk", "HEL-MAD", "{}"));
        h.apply(entry("2026-12-01T04:00:00Z", "demand.at-risk", "HEL-NIC", "{}"));
        h.apply(entry("2026-12-01T05:00:00Z", "demand.recovered", "HEL-MAD", "{}"));
        assertThat(h.pairAtRisk()).containsExactlyInAnyOrderEntriesOf(Map.of("HEL-MAD", false, "HEL-NIC", true));
        assertThat(h.alerts()).hasSize(3);
        assertThat(List.copyOf(h.alerts())).extracting(LedgerHistory.Alert::subject)
                .containsExactly("HEL-MAD", "HEL-NIC", "HEL-MAD");
    }
}
