package org.keyfleet.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DeliveryReporterTest {

    @Test
    void reportsGoOutAtOnceAndTheirMarksInBatchesAndASweepSendsNothingTwice() {
        try (Sites sites = new Sites(TestDatabases.Kind.H2)) {
            DeliveryRecorder ledger = new DeliveryRecorder();
            DeliveryReporter reporter = new DeliveryReporter(sites.segment.jdbc(), ledger, sites.segment.clock());
            UUID pairKey = UUID.randomUUID();
            OffsetDateTime at = OffsetDateTime.ofInstant(Sites.T0, ZoneOffset.UTC);
            List<KeyPool.Report> reports = new ArrayList<>();
            for (int i = 0; i < DeliveryReporter.MARK_BATCH + 1; i++) {
                KeyPool.Report r = new KeyPool.Report(UUID.randomUUID(), pairKey, "BRU", "sae-BRU-1", 256, at);
                sites.segment.jdbc().update("insert into terminal_delivery_report (report_id, pair_key_id, terminal_id, "
                        + "sae_id, bits, delivered_at) values (?, ?, ?, ?, ?, ?)", r.reportId(), r.pairKeyId(),
                        r.terminalId(), r.saeId(), r.bits(), r.at());
                reports.add(r);
            }
            String pending = "select count(*) from terminal_delivery_report where reported_at is null";

            reporter.report(reports.subList(0, DeliveryReporter.MARK_BATCH - 1));
            assertThat(ledger.sends()).isEqualTo(DeliveryReporter.MARK_BATCH - 1);
            assertThat(sites.count(pending)).isEqualTo(DeliveryReporter.MARK_BATCH + 1);
            reporter.report(reports.subList(DeliveryReporter.MARK_BATCH - 1, DeliveryReporter.MARK_BATCH));
            assertThat(sites.count(pending)).isEqualTo(1);

            // the last row was reported but not yet marked: the sweep marks it without sending it again
            reporter.report(reports.subList(DeliveryReporter.MARK_BATCH, DeliveryReporter.MARK_BATCH + 1));
            assertThat(reporter.reportPending()).isZero();
            assertThat(ledger.sends()).isEqualTo(DeliveryReporter.MARK_BATCH + 1);
            assertThat(sites.count(pending)).isZero();
            assertThat(ledger.bits("BRU")).isEqualTo(256L * (DeliveryReporter.MARK_BATCH + 1));
        }
    }

    @Test
    void aReportTheLedgerRefusedStaysPendingUntilTheSweep() {
        try (Sites sites = new Sites(TestDatabases.Kind.H2)) {
            DeliveryRecorder ledger = new DeliveryRecorder();
            DeliveryReporter reporter = new DeliveryReporter(sites.segment.jdbc(), ledger, sites.segment.clock());
            KeyPool.Report r = new KeyPool.Report(UUID.randomUUID(), UUID.randomUUID(), "VIE", "sae-VIE-1", 512,
                    OffsetDateTime.ofInstant(Sites.T0, ZoneOffset.UTC));
            sites.segment.jdbc().update("insert into terminal_delivery_report (report_id, pair_key_id, terminal_id, "
                    + "sae_id, bits, delivered_at) values (?, ?, ?, ?, ?, ?)", r.reportId(), r.pairKeyId(),
                    r.terminalId(), r.saeId(), r.bits(), r.at());
            ledger.down = true;
            reporter.report(List.of(r));
            reporter.flushMarks();
            assertThat(sites.count("select count(*) from terminal_delivery_report where reported_at is null")).isEqualTo(1);
            ledger.down = false;
            assertThat(reporter.reportPending()).isEqualTo(1);
            assertThat(ledger.calls()).containsExactly(new DeliveryRecorder.Call(r.pairKeyId(), "VIE", "sae-VIE-1", 512,
                    Sites.T0));
            assertThat(reporter.reportPending()).isZero();
        }
    }
}
