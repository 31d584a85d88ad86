package org.keyfleet.app.web;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.keyfleet.linkbudget.PassForecast;
import org.keyfleet.linkbudget.SampleForecast;
import org.keyfleet.linkbudget.calibration.Calibrations;
import org.keyfleet.linkbudget.calibration.ContactReport;
import org.keyfleet.linkbudget.calibration.TerminalCalibration;
import org.keyfleet.planner.CandidateContact;
import org.keyfleet.planner.Contact;
import org.keyfleet.planner.ContactPlan;
import org.keyfleet.planner.store.PlanningRun;
import org.keyfleet.planner.store.RunStatus;
import org.keyfleet.planner.store.StoredPrediction;

import com.vaadin.flow.component.Component;
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
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;

import jakarta.annotation.security.PermitAll;

/**
 * A contact plan: Gantt timeline, the contacts with their forecasts, the optimisation figures, the prediction it is
 * judged by, exports.
 */
@Route(value = "plan", layout = MainLayout.class)
@PageTitle("Plan · Keyfleet")
@PermitAll
public class PlanView extends VerticalLayout implements BeforeEnterObserver {

    /** A row of the contacts table. */
    record ContactRow(String satellite, String terminal, Instant aos, Instant los, long expectedBits,
                      long bitsIfClear, double pClear, Boolean daylight, Double maxElevationDeg, String split) {
    }

    private final Fleet fleet;
    private final ComboBox<PlanningRun> runs = new ComboBox<>("Planning run");
    private final Div body = new Div();

    public PlanView(Fleet fleet) {
        this.fleet = fleet;
        setSizeFull();
        runs.setId("plan-run");
        runs.setItemLabelGenerator(r -> "run " + r.id() + " · " + r.scenarioName() + " · " + Format.minute(r.start())
                + " + " + String.format(Locale.ROOT, "%.2f", r.days()) + " d");
        runs.setWidth("32em");
        runs.addValueChangeListener(e -> {
            if (e.isFromClient() && e.getValue() != null) {
                show(e.getValue());
            }
        });
        body.setWidthFull();
        add(new H2("Contact plan"), runs, body);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        List<PlanningRun> completed = fleet.recentRuns(50).stream().filter(r -> r.status() == RunStatus.COMPLETED)
                .toList();
        runs.setItems(completed);
        Optional<PlanningRun> chosen = event.getLocation().getQueryParameters().getSingleParameter("run")
                .flatMap(s -> {
                    try {
                        return fleet.run(Long.parseLong(s));
                    } catch (NumberFormatException e) {
                        return Optional.empty();
                    }
                })
                .or(() -> completed.stream().findFirst());
        if (chosen.isEmpty()) {
            body.removeAll();
            body.add(new Paragraph("No plan yet: launch a planning job in Jobs (operators)."));
            return;
        }
        completed.stream().filter(r -> r.id() == chosen.get().id()).findFirst().ifPresent(runs::setValue);
        show(chosen.get());
    }

    private void show(PlanningRun run) {
        body.removeAll();
        Optional<Long> planId = fleet.store().flatMap(s -> s.plans().latestPlanId(run.id()));
        Optional<ContactPlan> maybePlan = fleet.plan(run);
        if (planId.isEmpty() || maybePlan.isEmpty()) {
            body.add(new Paragraph("Run " + run.id() + " has no plan (" + run.status() + ")."));
            return;
        }
        ContactPlan plan = maybePlan.get();
        List<PassForecast> forecasts = fleet.forecasts(run);
        body.add(summary(plan), prediction(fleet.prediction(run).orElse(null)),
                exports(run, planId.get(), plan, forecasts));

        Timeline timeline = new Timeline();
        timeline.setId("plan-timeline");
        timeline.setWidthFull();
        timeline.setData(run.start(), run.end(), timelineRows(plan, forecasts));
        Span legend = new Span("Orange: contacts (opacity = P(clear), hatched = daylight); grey: passes not chosen.");
        legend.getStyle().set("font-size", "var(--lumo-font-size-xs)");
        body.add(new H3("Timeline"), timeline, legend);
        fleet.twin().ifPresent(t -> body.add(forecastVsActual(t.calibrations(), run)));

        Grid<ContactRow> grid = new Grid<>();
        grid.setId("plan-contacts");
        grid.addColumn(ContactRow::satellite).setHeader("Satellite").setAutoWidth(true).setSortable(true);
        grid.addColumn(ContactRow::terminal).setHeader("Terminal").setAutoWidth(true).setSortable(true);
        grid.addColumn(r -> Format.second(r.aos())).setHeader("AOS (UTC)").setAutoWidth(true)
                .setComparator(ContactRow::aos);
        grid.addColumn(r -> Format.duration(Duration.between(r.aos(), r.los()))).setHeader("Duration")
                .setAutoWidth(true);
        grid.addColumn(r -> Format.bits(r.expectedBits())).setHeader("Expected").setAutoWidth(true)
                .setComparator(ContactRow::expectedBits);
        grid.addColumn(r -> Format.bits(r.bitsIfClear())).setHeader("If clear").setAutoWidth(true)
                .setComparator(ContactRow::bitsIfClear);
        grid.addColumn(r -> Format.percent(r.pClear())).setHeader("P(clear)").setAutoWidth(true)
                .setComparator(ContactRow::pClear);
        grid.addColumn(r -> r.daylight() == null ? "" : r.daylight() ? "day" : "night").setHeader("Daylight")
                .setAutoWidth(true);
        grid.addColumn(r -> r.maxElevationDeg() == null ? "" : String.format(Locale.ROOT, "%.1f°",
                r.maxElevationDeg())).setHeader("Max el.").setAutoWidth(true);
        grid.addColumn(ContactRow::split).setHeader("Key for pairs").setFlexGrow(1);
        grid.setItems(contactRows(plan, forecasts));
        grid.setAllRowsVisible(plan.contacts().size() <= 30);
        if (plan.contacts().size() > 30) {
            grid.setHeight("30em");
        }
        Div detail = new Div(new Paragraph("Select a contact to see its loss budget over the pass."));
        detail.setId("plan-pass-detail");
        detail.setWidthFull();
        grid.asSingleSelect().addValueChangeListener(e -> {
            detail.removeAll();
            ContactRow r = e.getValue();
            PassForecast f = r == null ? null : forecasts.stream().filter(x -> x.satelliteId().equals(r.satellite())
                    && x.terminalId().equals(r.terminal()) && !x.aos().isAfter(r.aos())
                    && !x.los().isBefore(r.los())).findFirst().orElse(null);
            if (f == null) {
                detail.add(new Paragraph(r == null ? "Select a contact to see its loss budget over the pass."
                        : "No forecast is stored for this contact."));
            } else {
                detail.add(passDetail(f));
            }
        });
        body.add(new H3("Contacts (" + plan.contacts().size() + ")"), grid, new H3("Pass detail"), detail);
    }

    /** The loss budget of one pass, term by term, stacked so that the top edge is the total loss. */
    static Component passDetail(PassForecast f) {
        Span title = new Span(f.satelliteId() + " → " + f.terminalId() + ", " + Format.second(f.aos()) + " – "
                + Format.second(f.los()) + String.format(Locale.ROOT, ", max el. %.1f°, min loss %.1f dB",
                Math.toDegrees(f.maxElevationRad()), f.minLossDb()));
        title.setId("plan-pass-title");
        ChartView chart = new ChartView();
        chart.setId("plan-pass-budget");
        chart.stackedAreas(lossSeries(f), Duration.between(f.aos(), f.los()).toMillis(), "loss (dB)");
        return new Div(title, chart);
    }

    /**
     * One series per loss term over the samples of a pass; samples with a total loss (zero efficiency) are left out
     * of every series so the stack stays aligned. The excess term is shown only when it is configured.
     */
    /**
     * Forecast vs actual of the contacts the twin flew: per terminal the key's forecast error of each clear contact
     * with key, 10 log10(forecast / measured) dB, over time, and the calibration it teaches (clear-sky factor).
     */
    static Component forecastVsActual(Calibrations cal, PlanningRun run) {
        Div box = new Div();
        box.setId("forecast-vs-actual");
        box.setWidthFull();
        box.add(new H3("Forecast vs actual (flown contacts)"));
        List<ChartView.Series> series = forecastErrorSeries(cal);
        if (series.isEmpty()) {
            box.add(new Paragraph("No clear contact with key flown yet."));
        } else {
            ChartView chart = new ChartView();
            chart.setId("forecast-error-chart");
            chart.points(series, Duration.between(run.start(), run.end()).toMillis(),
                    "key forecast error, dB (forecast / measured)");
            box.add(chart);
        }
        StringBuilder text = new StringBuilder();
        cal.terminals().values().stream().sorted(java.util.Comparator.comparing(TerminalCalibration::terminalId))
                .forEach(t -> text.append(String.format(Locale.ROOT, "%s: %d contacts, %d clear, clear-sky factor"
                        + " %.2f ± %.2f; ", t.terminalId(), t.contacts(), t.clearCount(), t.clearFactorMean(),
                        t.clearFactorSd())));
        if (!text.isEmpty()) {
            Span s = new Span(text.toString());
            s.getStyle().set("font-size", "var(--lumo-font-size-xs)");
            box.add(s);
        }
        return box;
    }

    /** Per terminal (alphabetical), the key forecast error of each clear contact with key: (LOS epoch ms, dB). */
    static List<ChartView.Series> forecastErrorSeries(Calibrations cal) {
        Map<String, List<double[]>> byTerminal = new java.util.TreeMap<>();
        for (ContactReport r : cal.reports()) {
            double e = r.keyErrorDb();
            if (!Double.isNaN(e)) {
                byTerminal.computeIfAbsent(r.terminalId(), k -> new ArrayList<>())
                        .add(new double[] {r.los().toEpochMilli(), e});
            }
        }
        List<ChartView.Series> out = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, List<double[]>> e : byTerminal.entrySet()) {
            out.add(new ChartView.Series(e.getKey(), ChartView.colour(i++), e.getValue()));
        }
        return out;
    }

    static List<ChartView.Series> lossSeries(PassForecast f) {
        List<String> labels = List.of("diffraction", "pointing", "absorption/scattering", "turbulence",
                "receiver optics", "detector", "excess");
        List<List<double[]>> points = new ArrayList<>();
        labels.forEach(l -> points.add(new ArrayList<>()));
        boolean excess = false;
        for (SampleForecast s : f.samples()) {
            double[] terms = {s.geometricLossDb(), s.pointingLossDb(), s.atmosphericLossDb(), s.turbulenceLossDb(),
                s.opticsLossDb(), s.detectorLossDb(), s.excessLossDb()};
            if (!Double.isFinite(s.lossDb()) || !Arrays.stream(terms).allMatch(Double::isFinite)) {
                continue;
            }
            excess |= terms[6] > 0;
            double t = s.time().toEpochMilli();
            for (int i = 0; i < terms.length; i++) {
                points.get(i).add(new double[] {t, terms[i]});
            }
        }
        List<ChartView.Series> series = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            if (i < 6 || excess) {
                series.add(new ChartView.Series(labels.get(i), ChartView.colour(i), points.get(i)));
            }
        }
        return series;
    }

    private static Component summary(ContactPlan plan) {
        HorizontalLayout figures = new HorizontalLayout(
                figure("Status", plan.status() + (plan.provenOptimal() ? " (proven optimal)" : ""), "plan-status"),
                figure("Objective", number(plan.objective()), "plan-objective"),
                figure("Bound", number(plan.bound()), "plan-bound"),
                figure("Gap", Format.percent(plan.gap()), "plan-gap"),
                figure("Greedy", number(plan.greedyObjective()), "plan-greedy"),
                figure("Pair key planned", Format.bits(plan.deliveredBits()), "plan-delivered"),
                figure("Waste", Format.bits(plan.wasteBits()), "plan-waste"),
                figure("Contacts", Integer.toString(plan.contacts().size()), "plan-contact-count"),
                figure("Solved in", String.format(Locale.ROOT, "%.1f s", plan.seconds()), "plan-seconds"));
        figures.getStyle().set("flex-wrap", "wrap");
        return figures;
    }

    /**
     * The prediction the plan is judged by. A robust plan's is out of sample (fresh weather scenarios, the ledger's
     * matching); its SAA objective and bound are about the sample problem only, so they are labelled as such. An
     * expected-value plan's prediction is its own promise, which no weather model checked.
     */
    static Component prediction(StoredPrediction p) {
        if (p == null) {
            Paragraph none = new Paragraph("No prediction was stored with this plan.");
            none.setId("plan-prediction");
            return none;
        }
        HorizontalLayout figures = new HorizontalLayout(figure("Strategy", p.strategy(), "plan-strategy"));
        if (p.outOfSample()) {
            figures.add(figure("Predicted pair key (mean ± s.e.)", Format.bits(Math.round(p.meanBits())) + " ± "
                            + Format.bits(Math.round(p.stdErrorBits())), "plan-predicted"),
                    figure("p10 – p90", Format.bits(Math.round(p.p10Bits())) + " – "
                            + Format.bits(Math.round(p.p90Bits())), "plan-predicted-band"),
                    figure("Out of sample", p.evaluationScenarios() + " weather scenarios", "plan-predicted-scenarios"),
                    figure("SAA objective (in sample, " + p.scenarios() + " scenarios)", number(p.saaObjectiveBits()),
                            "plan-saa-objective"),
                    figure("SAA bound (on the sample problem, proven)", number(p.saaBoundBits()), "plan-saa-bound"));
        } else {
            figures.add(figure("Predicted pair key", Format.bits(Math.round(p.meanBits()))
                    + " promised (expected-value model)", "plan-predicted"));
        }
        figures.setId("plan-prediction");
        figures.getStyle().set("flex-wrap", "wrap");
        return figures;
    }

    static Component figure(String label, String value, String id) {
        Span l = new Span(label);
        l.addClassName("kf-figure-label");
        Span v = new Span(value);
        v.addClassName("kf-figure-value");
        v.setId(id);
        Div d = new Div(l, v);
        d.addClassName("kf-figure");
        return d;
    }

    private static String number(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        return Math.abs(v) >= 1e4 ? String.format(Locale.ROOT, "%.4g", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    private static Component exports(PlanningRun run, long planId, ContactPlan plan, List<PassForecast> forecasts) {
        String base = "plan-" + run.scenarioName() + "-run" + run.id();
        Anchor csv = download("CSV", base + ".csv", "text/csv",
                () -> PlanExport.csv(plan, forecasts).getBytes(StandardCharsets.UTF_8));
        csv.setId("plan-export-csv");
        Anchor json = download("JSON", base + ".json", "application/json",
                () -> PlanExport.json(run, planId, plan).getBytes(StandardCharsets.UTF_8));
        json.setId("plan-export-json");
        Anchor ics = download("iCalendar (zip, one per terminal)", base + "-ics.zip", "application/zip",
                () -> PlanExport.icsZip(plan, forecasts, Instant.now()));
        ics.setId("plan-export-ics");
        HorizontalLayout row = new HorizontalLayout(new Span("Export:"), csv, json, ics);
        row.setAlignItems(FlexComponent.Alignment.BASELINE);
        return row;
    }

    interface Bytes {
        byte[] get();
    }

    static Anchor download(String text, String fileName, String contentType, Bytes bytes) {
        DownloadHandler handler = DownloadHandler.fromInputStream(event -> {
            byte[] b = bytes.get();
            return new DownloadResponse(new ByteArrayInputStream(b), fileName, contentType, b.length);
        });
        Anchor a = new Anchor(handler, text);
        a.getElement().setAttribute("download", fileName);
        return a;
    }

    static List<ContactRow> contactRows(ContactPlan plan, List<PassForecast> forecasts) {
        List<ContactRow> rows = new ArrayList<>();
        for (Contact c : plan.contacts()) {
            CandidateContact k = c.candidate();
            PassForecast f = PlanExport.forecastOf(k, forecasts);
            String split = c.allocationBits().entrySet().stream()
                    .map(e -> e.getKey() + " " + Format.bits(e.getValue())).collect(Collectors.joining(", "));
            rows.add(new ContactRow(k.satelliteId(), k.terminalId(), k.aos(), k.los(), k.expectedBits(),
                    k.bitsIfClear(), k.pClear(), f == null ? null : f.daylight(),
                    f == null ? null : Math.toDegrees(f.maxElevationRad()), split));
        }
        return rows;
    }

    /** Rows per satellite, then per terminal: contacts, and the passes forecast but not chosen. */
    static List<Timeline.Row> timelineRows(ContactPlan plan, List<PassForecast> forecasts) {
        Map<String, List<Timeline.Bar>> bySatellite = new LinkedHashMap<>();
        Map<String, List<Timeline.Bar>> byTerminal = new LinkedHashMap<>();
        for (PassForecast f : forecasts) {
            bySatellite.computeIfAbsent(f.satelliteId(), k -> new ArrayList<>());
            byTerminal.computeIfAbsent(f.terminalId(), k -> new ArrayList<>());
        }
        List<Timeline.Bar> contacts = new ArrayList<>();
        for (Contact c : plan.contacts()) {
            CandidateContact k = c.candidate();
            PassForecast f = PlanExport.forecastOf(k, forecasts);
            boolean day = f != null && f.daylight();
            String title = k.satelliteId() + " → " + k.terminalId() + "\n" + Format.second(k.aos()) + " – "
                    + Format.second(k.los()) + "\nexpected " + Format.bits(k.expectedBits()) + ", if clear "
                    + Format.bits(k.bitsIfClear()) + ", P(clear) " + Format.percent(k.pClear())
                    + (f == null ? "" : (day ? ", daylight" : ", night"));
            contacts.add(new Timeline.Bar(k.satelliteId(), k.terminalId(), k.aos().toEpochMilli(),
                    k.los().toEpochMilli(), true, day, k.pClear(), title));
        }
        for (PassForecast f : forecasts) {
            boolean chosen = plan.contacts().stream().anyMatch(c -> PlanExport.forecastOf(c.candidate(),
                    List.of(f)) != null);
            if (chosen) {
                continue;
            }
            String title = f.satelliteId() + " → " + f.terminalId() + " (not chosen)\n" + Format.second(f.aos())
                    + " – " + Format.second(f.los()) + "\nexpected " + Format.bits(f.expectedBits())
                    + ", P(clear) " + Format.percent(f.clearSkyProbability()) + (f.daylight() ? ", daylight" : "");
            Timeline.Bar bar = new Timeline.Bar(f.satelliteId(), f.terminalId(), f.aos().toEpochMilli(),
                    f.los().toEpochMilli(), false, f.daylight(), f.clearSkyProbability(), title);
            bySatellite.get(f.satelliteId()).add(bar);
            byTerminal.get(f.terminalId()).add(bar);
        }
        for (Timeline.Bar b : contacts) {
            bySatellite.computeIfAbsent(b.satellite(), k -> new ArrayList<>()).add(b);
            byTerminal.computeIfAbsent(b.terminal(), k -> new ArrayList<>()).add(b);
        }
        List<Timeline.Row> rows = new ArrayList<>();
        bySatellite.forEach((id, bars) -> rows.add(new Timeline.Row("satellites", id, bars, List.of())));
        byTerminal.forEach((id, bars) -> rows.add(new Timeline.Row("terminals", id, bars, List.of())));
        return rows;
    }
}
