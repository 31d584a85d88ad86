package org.keyfleet.app.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keyfleet.ledger.ContactOrder;
import org.keyfleet.ledger.PassResult;
import org.keyfleet.linkbudget.KeyLengthResult;
import org.keyfleet.planner.CandidateContact;
import org.keyfleet.scenarios.Scenario;
import org.keyfleet.scenarios.ScenarioCatalogue;

/**
 * Forecast vs actual through the evaluation's own parts: the truth channel realises the twin test scenario's
 * contacts ({@link Prepared}, hidden +3 dB at CPH, −2 dB at WAW), reports of what the link measured (here exactly the
 * truth's key: no link noise) are booked by {@link ContactReports}, and the calibrated candidates' key is checked
 * against the truth key the same code realises.
 */
class ContactReportsTest {

    private static Prepared prepared;

    @BeforeAll
    static void prepare() throws Exception {
        Scenario scenario = ScenarioCatalogue.load(Path.of(ContactReportsTest.class
                .getResource("/org/keyfleet/app/runtime/twin-test.yaml").toURI()).toString());
        scenario = scenario.withWindow(scenario.start(), Duration.ofDays(2));
        prepared = Prepared.of(scenario, new TruthChannel(Map.of("CPH", 3.0, "WAW", -2.0), 1.0));
    }

    @Test
    void aClearContactReportsTheHiddenOffsetAndTheCalibratedForecastMeetsTheTruth() {
        ContactReports reports = new ContactReports(prepared);
        List<FlightRecorder.Flight> flights = new ArrayList<>();
        for (CandidateContact c : prepared.problem().candidates()) {
            KeyLengthResult truth = prepared.truthOf(c.satelliteId(), c.terminalId(), c.aos(), c.los());
            long bits = 8 * (Math.max(0, truth.secretBits()) / 8);
            UUID id = UUID.randomUUID();
            // the instants as the ledger hands them to the link: back from the database at microsecond precision
            ContactOrder order = new ContactOrder(id, c.satelliteId(), c.terminalId(),
                    c.aos().truncatedTo(java.time.temporal.ChronoUnit.MICROS),
                    c.los().truncatedTo(java.time.temporal.ChronoUnit.MICROS),
                    c.bitsIfClear(), c.pClear(), prepared.qberOf(c));
            flights.add(new FlightRecorder.Flight(order, new PassResult(id, c.satelliteId(), c.terminalId(), true,
                    bits > 0 ? UUID.randomUUID() : null, bits, truth.qberX(), c.los())));
        }
        reports.add(flights);
        var cal = reports.calibrations();
        int checked = 0;
        for (String gt : List.of("CPH", "WAW")) {
            double hidden = gt.equals("CPH") ? 3.0 : -2.0;
            var t = cal.of(gt);
            assertThat(t.offsetReports()).as(gt).isGreaterThanOrEqualTo(3);
            // every observation is the hidden offset (no noise, no turbulence change; the key rounded to bytes)
            cal.reports().stream().filter(r -> r.terminalId().equals(gt) && !Double.isNaN(r.observedOffsetDb()))
                    .forEach(r -> assertThat(r.observedOffsetDb()).as(gt + " " + r.los())
                            .isCloseTo(hidden, org.assertj.core.data.Offset.offset(0.01)));
            // the posterior: about the conjugate mean of k equal observations, shrunk towards the prior 0 by
            // s0^-2 / (s0^-2 + k sigma^-2) (the Student weights of the first reports, near 1, move it a little)
            double k = t.offsetReports();
            double shrink = (1 / 9.0) / (1 / 9.0 + k / 2.25);
            assertThat(t.offsetMeanDb()).as(gt).isCloseTo(hidden * (1 - shrink), org.assertj.core.data.Offset.offset(0.1));
            for (CandidateContact c : prepared.problem().candidates()) {
                long truth = prepared.truthOf(c.satelliteId(), c.terminalId(), c.aos(), c.los()).secretBits();
                if (!c.terminalId().equals(gt) || truth < 1_000_000) {
                    continue;
                }
                long calibrated = reports.calibrated(c).bitsIfClear();
                assertThat(Math.abs(calibrated - truth) / (double) truth).as(gt + " " + c.aos()).isLessThan(0.1);
                assertThat(Math.abs(c.bitsIfClear() - truth) / (double) truth).as("uncalibrated " + gt)
                        .isGreaterThan(0.25);
                checked++;
            }
        }
        assertThat(checked).isPositive();
        // a terminal without hidden offset observes ~0 dB
        assertThat(cal.of("STO").offsetMeanDb()).isCloseTo(0.0, org.assertj.core.data.Offset.offset(0.02));
        assertThat(reports.meanAbsKeyErrorDb()).isPositive();
    }
}
