package org.keyfleet.app.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.keyfleet.ledger.KeyLedger;
import org.keyfleet.ledger.PairKeyInfo;
import org.keyfleet.planner.ContactPlan;
import org.keyfleet.planner.PairDelivery;
import org.keyfleet.planner.store.PlanningRun;
import org.keyfleet.planner.store.StoredPrediction;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import jakarta.annotation.security.PermitAll;

/**
 * Key demands per terminal pair: requested, planned (the plan's earmarked pair key), predicted (the band the plan is
 * judged by), combined and delivered (the ledger's pair keys and their hand-outs to SAEs); pairs at risk
 * highlighted.
 */
@Route(value = "demands", layout = MainLayout.class)
@PageTitle("Demands · Keyfleet")
@PermitAll
public class DemandsView extends VerticalLayout {

    /**
     * One pair. {@code combinedBits} and {@code deliveredBits} are null without a ledger; {@code predicted} is null
     * for a plan stored without a prediction.
     */
    record DemandRow(String pair, double priority, long requestedBits, long plannedBits, Long combinedBits,
                     Long deliveredBits, String risk, Predicted predicted) {

        boolean atRisk() {
            return !risk.isEmpty();
        }
    }

    /**
     * A pair's predicted key. Out of sample (robust plans): mean with the 10th–90th percentile band and the share of
     * weather scenarios without key. Otherwise the expected-value plan's own promise, which has no band (NaN).
     */
    record Predicted(boolean outOfSample, double meanBits, double p10Bits, double p90Bits, double pNone) {

        String band() {
            if (!outOfSample) {
                return Format.bits(Math.round(meanBits)) + " promised (expected-value model)";
            }
            return Format.bits(Math.round(p10Bits)) + " – " + Format.bits(Math.round(p90Bits)) + ", mean "
                    + Format.bits(Math.round(meanBits));
        }

        String noKey() {
            return outOfSample ? Format.percent(pNone) : "–";
        }
    }

    private final Fleet fleet;
    private final LedgerHistory history = new LedgerHistory();
    private final Paragraph source = new Paragraph();
    private final ChartView chart = new ChartView();
    private final Grid<DemandRow> grid = new Grid<>();

    public DemandsView(Fleet fleet) {
        this.fleet = fleet;
        setWidthFull();
        source.setId("demands-source");
        chart.setId("demands-chart");
        grid.setId("demands-grid");
        grid.addColumn(DemandRow::pair).setHeader("Pair").setAutoWidth(true);
        grid.addColumn(r -> r.priority()).setHeader("Priority").setAutoWidth(true);
        grid.addColumn(r -> Format.bits(r.requestedBits())).setHeader("Requested").setAutoWidth(true);
        grid.addColumn(r -> Format.bits(r.plannedBits()) + " (" + Format.percent(
                r.requestedBits() == 0 ? 1 : (double) r.plannedBits() / r.requestedBits()) + ")")
                .setHeader("Planned").setAutoWidth(true);
        grid.addColumn(r -> r.predicted() == null ? "–" : r.predicted().band()).setHeader("Predicted (p10–p90)")
                .setAutoWidth(true);
        grid.addColumn(r -> r.predicted() == null ? "–" : r.predicted().noKey()).setHeader("P(no key)")
                .setAutoWidth(true);
        grid.addColumn(r -> r.combinedBits() == null ? "–" : Format.bits(r.combinedBits())).setHeader("Combined")
                .setAutoWidth(true);
        grid.addColumn(r -> r.deliveredBits() == null ? "–" : Format.bits(r.deliveredBits()))
                .setHeader("Delivered to SAEs").setAutoWidth(true);
        grid.addColumn(DemandRow::risk).setHeader("At risk").setFlexGrow(1);
        grid.setPartNameGenerator(r -> r.atRisk() ? "at-risk" : null);
        grid.setClassNameGenerator(r -> r.atRisk() ? "kf-at-risk" : null);
        grid.setAllRowsVisible(true);
        add(new H2("Key demands"), source, chart, grid);
        Polling.every(this, 5000, this::refresh);
    }

    private void refresh() {
        PlanningRun run = fleet.currentRun(fleet.currentScenario()).orElse(null);
        ContactPlan plan = run == null ? null : fleet.plan(run).orElse(null);
        if (plan == null) {
            source.setText("No plan yet for scenario " + fleet.currentScenario().name()
                    + ": launch a planning job in Jobs.");
            grid.setItems(List.of());
            return;
        }
        KeyLedger ledger = fleet.ledger().orElse(null);
        if (ledger != null) {
            history.update(ledger.audit());
        }
        source.setText("Plan of run " + run.id() + " (" + run.scenarioName() + ", " + Format.minute(run.start())
                + " to " + Format.minute(run.end()) + ")" + (ledger == null
                ? "; no ledger runs, so nothing is combined or delivered yet" : "; combined and delivered from the ledger"));
        StoredPrediction prediction = fleet.prediction(run).orElse(null);
        if (prediction != null) {
            source.setText(source.getText() + ". Predicted: " + (prediction.outOfSample()
                    ? "out-of-sample under the weather model (" + prediction.strategy() + " plan, "
                    + prediction.evaluationScenarios() + " scenarios)"
                    : "promised (expected-value model, " + prediction.strategy() + " plan)"));
        }
        List<DemandRow> rows = rows(plan, ledger, history.pairDelivered(), history.pairAtRisk(), prediction);
        grid.setItems(rows);
        List<long[]> values = new ArrayList<>();
        for (DemandRow r : rows) {
            values.add(new long[] {r.requestedBits(), r.plannedBits(),
                r.predicted() == null ? 0 : Math.round(r.predicted().meanBits()),
                r.combinedBits() == null ? 0 : r.combinedBits(), r.deliveredBits() == null ? 0 : r.deliveredBits()});
        }
        chart.bars(rows.stream().map(DemandRow::pair).toList(),
                List.of("requested", "planned", "predicted", "combined", "delivered"),
                List.of("#90a4ae", "#1565c0", "#7b1fa2", "#ef6c00", "#2e7d32"), values, "bits");
    }

    /**
     * The rows. A pair is at risk when the plan expects less than requested, or when the ledger last reported it
     * behind its pro-rata demand (the ledger's own rule, {@code demand.at-risk}).
     */
    static List<DemandRow> rows(ContactPlan plan, KeyLedger ledger, Map<String, Long> delivered,
                                Map<String, Boolean> ledgerAtRisk, StoredPrediction prediction) {
        List<DemandRow> rows = new ArrayList<>();
        for (PairDelivery p : plan.pairs()) {
            String pair = p.demand().pairId();
            Long combined = null;
            if (ledger != null) {
                combined = ledger.pairKeys(p.demand().terminalA(), p.demand().terminalB()).stream()
                        .mapToLong(PairKeyInfo::lengthBits).sum();
            }
            List<String> risk = new ArrayList<>();
            if (p.plannedBits() < p.demand().requestedBits()) {
                risk.add("plan covers " + Format.percent(p.fulfilment()));
            }
            if (Boolean.TRUE.equals(ledgerAtRisk.get(pair))) {
                risk.add("behind its pro-rata demand");
            }
            Predicted predicted = prediction == null ? null : prediction.pair(pair)
                    .map(q -> new Predicted(prediction.outOfSample(), q.meanBits(), q.p10Bits(), q.p90Bits(), q.pNone()))
                    .orElse(null);
            rows.add(new DemandRow(pair, p.demand().priority(), p.demand().requestedBits(), p.plannedBits(), combined,
                    ledger == null ? null : delivered.getOrDefault(pair, 0L), String.join("; ", risk), predicted));
        }
        return rows;
    }
}
