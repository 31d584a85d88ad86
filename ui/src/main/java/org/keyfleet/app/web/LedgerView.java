package org.keyfleet.app.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.keyfleet.ledger.AuditVerification;
import org.keyfleet.terminal.KmeAuditLog;
import org.keyfleet.ledger.KeyLedger;
import org.keyfleet.ledger.LinkAccount;
import org.keyfleet.ledger.StockSummary;
import org.keyfleet.scenarios.KeyDemand;
import org.springframework.security.access.AccessDeniedException;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import jakarta.annotation.security.PermitAll;

/**
 * The ledger's books: key stock per link and per pair over time, what the stock can be used for (stranded key), waste,
 * alerts, the audit chain and reports.
 */
@Route(value = "ledger", layout = MainLayout.class)
@PageTitle("Ledger · Keyfleet")
@PermitAll
public class LedgerView extends VerticalLayout {

    private final Fleet fleet;
    private final Operations operations;
    private final LedgerHistory history = new LedgerHistory();
    private final HorizontalLayout figures = new HorizontalLayout();
    private final ChartView linkChart = new ChartView();
    private final ChartView pairChart = new ChartView();
    private final Grid<LinkAccount> links = new Grid<>();
    private final Grid<StockSummary> stock = new Grid<>();
    private final Div waste = new Div();
    private final Grid<LedgerHistory.Alert> alerts = new Grid<>();
    private final Span auditStatus = new Span();

    public LedgerView(Fleet fleet, Operations operations) {
        this.fleet = fleet;
        this.operations = operations;
        setWidthFull();
        add(new H2("Key ledger"));
        KeyLedger ledger = fleet.ledger().orElse(null);
        if (ledger == null) {
            add(new Paragraph("No key ledger runs in this application: start it with './keyfleet serve', which runs "
                    + "the digital twin and its ledger."));
            return;
        }
        figures.getStyle().set("flex-wrap", "wrap");
        linkChart.setId("ledger-link-chart");
        pairChart.setId("ledger-pair-chart");
        links.setId("ledger-links");
        links.addColumn(LinkAccount::satelliteId).setHeader("Satellite").setAutoWidth(true);
        links.addColumn(LinkAccount::terminalId).setHeader("Terminal").setAutoWidth(true);
        links.addColumn(a -> Format.bits(a.generatedBits())).setHeader("Generated").setAutoWidth(true);
        links.addColumn(a -> Format.bits(a.availableBits())).setHeader("Available").setAutoWidth(true);
        links.addColumn(a -> Format.bits(a.reservedBits())).setHeader("Reserved").setAutoWidth(true);
        links.addColumn(a -> Format.bits(a.consumedBits())).setHeader("Consumed").setAutoWidth(true);
        links.addColumn(a -> Format.bits(a.discardedBits())).setHeader("Discarded (waste)").setAutoWidth(true);
        links.addColumn(a -> a.lowStock() ? "LOW" : "").setHeader("Stock alert").setAutoWidth(true);
        links.addColumn(a -> a.balanced() ? "yes" : "NO").setHeader("Balanced").setAutoWidth(true);
        links.setAllRowsVisible(true);
        stock.setId("ledger-stock");
        stock.addColumn(StockSummary::satelliteId).setHeader("Satellite").setAutoWidth(true);
        stock.addColumn(StockSummary::terminalId).setHeader("Terminal").setAutoWidth(true);
        stock.addColumn(a -> Format.bits(a.availableBits())).setHeader("Available").setAutoWidth(true);
        stock.addColumn(a -> Format.bits(a.combinableBits())).setHeader("Combinable now").setAutoWidth(true);
        stock.addColumn(a -> Format.bits(a.heldBits())).setHeader("Held for a planned partner pass")
                .setAutoWidth(true);
        stock.addColumn(a -> Format.bits(a.strandedBits())).setHeader("Stranded").setAutoWidth(true);
        stock.setPartNameGenerator(a -> a.strandedBits() > 0 ? "stranded" : null);
        stock.setAllRowsVisible(true);
        waste.setId("ledger-waste");
        alerts.setId("ledger-alerts");
        alerts.addColumn(a -> Format.second(a.at())).setHeader("Simulated time").setAutoWidth(true);
        alerts.addColumn(LedgerHistory.Alert::type).setHeader("Alert").setAutoWidth(true);
        alerts.addColumn(LedgerHistory.Alert::text).setHeader("").setFlexGrow(1);
        alerts.setHeight("14em");

        Button verify = new Button("Verify the audit chain", e -> verify());
        verify.setId("ledger-verify");
        verify.setEnabled(Roles.isOperator());
        if (!Roles.isOperator()) {
            verify.setTooltipText("Only operators verify the audit chain");
        }
        auditStatus.setId("ledger-audit-status");
        HorizontalLayout audit = new HorizontalLayout(verify, auditStatus);
        audit.setAlignItems(FlexComponent.Alignment.CENTER);

        add(figures, new H3("Key stock per satellite–terminal link (available bits)"), linkChart,
                new H3("Pair key combined per pair"), pairChart, new H3("Links"), links, waste,
                new H3("What the stock can be used for (stranded: no demand pair can use it now)"), stock,
                new H3("Alerts"), alerts, new H3("Audit log"), audit, reports(ledger));
        Polling.every(this, 5000, this::refresh);
    }

    private com.vaadin.flow.component.Component reports(KeyLedger ledger) {
        ComboBox<String> pair = new ComboBox<>("Transparency report for the pair");
        pair.setId("ledger-report-pair");
        List<String> pairs = fleet.currentScenario().demands().stream().map(KeyDemand::pairId).toList();
        pair.setItems(pairs);
        HorizontalLayout row = new HorizontalLayout(pair);
        row.setAlignItems(FlexComponent.Alignment.BASELINE);
        Span links = new Span();
        row.add(links);
        pair.addValueChangeListener(e -> {
            links.removeAll();
            if (e.getValue() == null) {
                return;
            }
            String[] ab = e.getValue().split("-", 2);
            Anchor json = PlanView.download("JSON", "transparency-" + e.getValue() + ".json", "application/json",
                    () -> ledger.audit().report(ab[0], ab[1]).toJson().getBytes(StandardCharsets.UTF_8));
            json.setId("ledger-report-json");
            Anchor text = PlanView.download("text", "transparency-" + e.getValue() + ".txt", "text/plain",
                    () -> ledger.audit().report(ab[0], ab[1]).toText().getBytes(StandardCharsets.UTF_8));
            text.setId("ledger-report-text");
            links.add(new Span(" Download: "), json, new Span(" · "), text);
        });
        if (!pairs.isEmpty()) {
            pair.setValue(pairs.get(0));
        }
        return row;
    }

    private void verify() {
        try {
            AuditVerification v = operations.verifyAudit();
            KmeAuditLog.Verification kmes = operations.verifyKmeLog();
            auditStatus.setText((v.ok() ? "Chain verified: " + v.entries() + " entries, every hash matches."
                    : "BROKEN at entry " + v.brokenSeq() + ": " + v.problem()) + " " + kmes);
            auditStatus.getElement().setAttribute("data-ok", Boolean.toString(v.ok() && kmes.ok()));
        } catch (AccessDeniedException e) {
            auditStatus.setText("Only operators verify the audit chain.");
        }
    }

    private void refresh() {
        KeyLedger ledger = fleet.ledger().orElseThrow();
        long before = history.lastSeq();
        history.update(ledger.audit());
        List<LinkAccount> accounts = ledger.links();
        long generated = 0;
        long available = 0;
        long reserved = 0;
        long consumed = 0;
        long discarded = 0;
        for (LinkAccount a : accounts) {
            generated += a.generatedBits();
            available += a.availableBits();
            reserved += a.reservedBits();
            consumed += a.consumedBits();
            discarded += a.discardedBits();
        }
        List<StockSummary> summary = ledger.stockSummary();
        long stranded = summary.stream().mapToLong(StockSummary::strandedBits).sum();
        figures.removeAll();
        figures.add(PlanView.figure("Generated", Format.bits(generated), "ledger-generated"),
                PlanView.figure("Available", Format.bits(available), "ledger-available"),
                PlanView.figure("Reserved", Format.bits(reserved), "ledger-reserved"),
                PlanView.figure("Consumed (pair keys)", Format.bits(consumed), "ledger-consumed"),
                PlanView.figure("Waste", Format.bits(discarded), "ledger-discarded"),
                PlanView.figure("Stranded stock", Format.bits(stranded), "ledger-stranded"),
                PlanView.figure("Audit entries", Long.toString(history.lastSeq()), "ledger-audit-entries"),
                PlanView.figure("Simulated time", fleet.simulationNow().map(Format::minute).orElse("–"),
                        "ledger-time"));
        links.setItems(accounts);
        stock.setItems(summary);
        waste.setText("Waste by reason: " + (history.wasteByReason().isEmpty() ? "none"
                : String.join(", ", history.wasteByReason().entrySet().stream()
                        .map(e -> e.getKey() + " " + Format.bits(e.getValue())).toList())));
        List<LedgerHistory.Alert> list = new ArrayList<>(history.alerts());
        Collections.reverse(list);
        alerts.setItems(list.subList(0, Math.min(200, list.size())));
        if (history.lastSeq() != before) {
            charts();
        }
    }

    private void charts() {
        long end = fleet.simulationNow().map(t -> t.toEpochMilli()).orElse(Long.MIN_VALUE);
        linkChart.steps(series(history.linkSeries(), end), span(history.linkSeries()), "available bits");
        pairChart.steps(series(history.pairSeries(), end), span(history.pairSeries()), "pair key combined");
    }

    /** Step series, extended to now so that the last value shows as a level. */
    private static List<ChartView.Series> series(Map<String, List<long[]>> byKey, long now) {
        List<ChartView.Series> out = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, List<long[]>> e : byKey.entrySet()) {
            List<double[]> points = new ArrayList<>();
            for (long[] p : e.getValue()) {
                points.add(new double[] {p[0], p[1]});
            }
            long[] last = e.getValue().get(e.getValue().size() - 1);
            if (now > last[0]) {
                points.add(new double[] {now, last[1]});
            }
            out.add(new ChartView.Series(e.getKey(), ChartView.colour(i++), points));
        }
        return out;
    }

    private static long span(Map<String, List<long[]>> byKey) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (List<long[]> s : byKey.values()) {
            min = Math.min(min, s.get(0)[0]);
            max = Math.max(max, s.get(s.size() - 1)[0]);
        }
        return max > min ? max - min : 0;
    }
}
