package org.keyfleet.app.web;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.keyfleet.ledger.LinkAccount;
import org.keyfleet.planner.Contact;
import org.keyfleet.planner.ContactPlan;
import org.keyfleet.planner.store.PlanningRun;
import org.keyfleet.planner.store.StoredPass;
import org.keyfleet.scenarios.GroundTerminal;
import org.keyfleet.scenarios.KeyDemand;
import org.keyfleet.scenarios.SatelliteSpec;
import org.keyfleet.scenarios.Scenario;
import org.springframework.beans.factory.annotation.Value;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteAlias;
import com.vaadin.flow.shared.Registration;

import jakarta.annotation.security.PermitAll;

/** The fleet on a map at a chosen time: terminals, satellites with ground tracks, passes, contacts. */
@Route(value = "map", layout = MainLayout.class)
@RouteAlias(value = "", layout = MainLayout.class)
@PageTitle("Map · Keyfleet")
@PermitAll
public class MapView extends HorizontalLayout implements BeforeEnterObserver {

    /** Ground tracks span this much either side of the time shown. */
    static final Duration TRACK_HALF_WINDOW = Duration.ofMinutes(50);
    static final Duration TRACK_STEP = Duration.ofSeconds(30);
    static final Duration PASS_STEP = Duration.ofSeconds(15);

    private final Fleet fleet;
    private final Operations operations;
    private final FleetMap map = new FleetMap();
    private final Span status = new Span();
    private final Div details = new Div();
    private final Checkbox follow = new Checkbox("Follow the simulation clock");
    private final Span twinStatus = new Span();
    private final com.vaadin.flow.component.button.Button twinToggle = new com.vaadin.flow.component.button.Button();
    private Scenario scenario;
    private PlanningRun run;
    private ContactPlan plan;
    private List<StoredPass> passes = List.of();
    /** What the browser has ground tracks for; null before the first time shown. */
    private Instant trackFrom;
    private Instant trackTo;
    private Registration poll;
    /** A scenario asked for in the address (?scenario=), else the one in use. */
    private String requested;

    public MapView(Fleet fleet, Operations operations, @Value("${keyfleet.ui.tile-url:}") String tileUrl,
                   @Value("${keyfleet.ui.tile-attribution:}") String tileAttribution) {
        this.fleet = fleet;
        this.operations = operations;
        setSizeFull();
        setPadding(false);
        map.setTileUrl(tileUrl, tileAttribution);
        map.setId("fleet-map");
        status.setId("map-status");
        details.setId("map-details");
        details.add(new Span("Click a terminal, satellite or pass for details."));
        follow.setId("map-follow");
        twinStatus.setId("map-twin-status");
        twinToggle.setId("map-twin-toggle");
        twinToggle.addClickListener(e -> toggleTwin());
        VerticalLayout side = new VerticalLayout(status, twinStatus, twinToggle, follow, details);
        side.setWidth("22em");
        side.getStyle().set("flex-shrink", "0").set("overflow", "auto");
        VerticalLayout main = new VerticalLayout(map);
        main.setSizeFull();
        main.setPadding(false);
        add(main, side);
        setFlexGrow(1, main);
        map.addTimeListener(e -> showTime(e.time()));
        map.addSelectListener(e -> select(e.kind(), e.id()));
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        requested = event.getLocation().getQueryParameters().getSingleParameter("scenario").orElse(null);
    }

    @Override
    protected void onAttach(AttachEvent event) {
        load();
        boolean live = fleet.clock().isPresent();
        follow.setVisible(live);
        follow.setValue(live);
        follow.addValueChangeListener(e -> {
            if (e.getValue()) {
                map.setPlaying(false);
            }
        });
        event.getUI().setPollInterval(2000);
        showTwin();
        poll = event.getUI().addPollListener(e -> {
            showTwin();
            if (follow.getValue()) {
                fleet.simulationNow().ifPresent(now -> {
                    map.setRange(rangeStart(), rangeEnd(), clamp(now));
                    showTime(clamp(now));
                });
            }
        });
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (poll != null) {
            poll.remove();
        }
        event.getUI().setPollInterval(-1);
    }

    /** The digital twin's state, and pause/resume of its simulation clock for operators. */
    private void showTwin() {
        var twin = fleet.twin().orElse(null);
        if (twin == null) {
            twinStatus.setText("No digital twin runs here ('./keyfleet serve' runs one); the slider moves the map's own"
                    + " time.");
            twinToggle.setVisible(false);
            return;
        }
        var st = twin.status();
        twinStatus.setText("Digital twin " + st.phase() + " at " + Format.second(st.simulatedTime())
                + (st.manualClock() ? " (manual clock)" : String.format(Locale.ROOT, ", %.0f× real time", st.speed()))
                + "; " + st.contactsFlown() + " contacts flown, " + st.pairKeysCreated() + " pair keys.");
        boolean canToggle = !st.manualClock() && Roles.isOperator()
                && (st.phase() == org.keyfleet.app.runtime.TwinStatus.Phase.RUNNING
                || st.phase() == org.keyfleet.app.runtime.TwinStatus.Phase.PAUSED);
        twinToggle.setVisible(!st.manualClock());
        twinToggle.setEnabled(canToggle);
        twinToggle.setText(st.phase() == org.keyfleet.app.runtime.TwinStatus.Phase.PAUSED ? "Resume the twin"
                : "Pause the twin");
    }

    private void toggleTwin() {
        try {
            var twin = fleet.twin().orElseThrow();
            if (twin.status().phase() == org.keyfleet.app.runtime.TwinStatus.Phase.PAUSED) {
                operations.resumeTwin();
            } else {
                operations.pauseTwin();
            }
        } catch (org.springframework.security.access.AccessDeniedException e) {
            com.vaadin.flow.component.notification.Notification.show("Only operators pause the twin.");
        } catch (IllegalStateException e) {
            com.vaadin.flow.component.notification.Notification.show(e.getMessage());
        }
        showTwin();
    }

    private void load() {
        scenario = fleet.currentScenario();
        if (requested != null) {
            try {
                scenario = fleet.scenario(requested);
            } catch (IllegalArgumentException | org.keyfleet.scenarios.ScenarioValidationException e) {
                com.vaadin.flow.component.notification.Notification.show(e.getMessage(), 6000,
                        com.vaadin.flow.component.notification.Notification.Position.MIDDLE);
            }
        }
        run = fleet.currentRun(scenario).orElse(null);
        plan = run == null ? null : fleet.plan(run).orElse(null);
        passes = run == null ? List.of() : fleet.passes(run);
        Instant t = clamp(fleet.simulationNow().orElse(rangeStart()));
        status.setText("Scenario " + scenario.name() + ": " + scenario.groundTerminals().size() + " terminals, "
                + scenario.satellites().size() + (scenario.satellites().size() == 1 ? " satellite" : " satellites")
                + (run == null ? "; no plan yet (launch one in Jobs)" : "; plan of run " + run.id()
                + (plan == null ? "" : ", " + plan.contacts().size() + " contacts")));
        map.setTerminals(terminals());
        map.setRange(rangeStart(), rangeEnd(), t);
        trackFrom = null;
        showTime(t);
    }

    private Instant rangeStart() {
        return run != null ? run.start() : scenario.start();
    }

    private Instant rangeEnd() {
        return run != null ? run.end() : scenario.end();
    }

    private Instant clamp(Instant t) {
        if (t.isBefore(rangeStart())) {
            return rangeStart();
        }
        return t.isAfter(rangeEnd()) ? rangeEnd() : t;
    }

    /** Recomputes tracks and passes when the time shown nears the edge of what the browser has. */
    private void showTime(Instant t) {
        Duration margin = TRACK_HALF_WINDOW.dividedBy(3);
        if (trackFrom != null && t.isAfter(trackFrom.plus(margin)) && t.isBefore(trackTo.minus(margin))) {
            return;
        }
        trackFrom = t.minus(TRACK_HALF_WINDOW);
        trackTo = t.plus(TRACK_HALF_WINDOW);
        List<FleetMap.SatelliteMark> sats = new ArrayList<>();
        for (SatelliteSpec s : scenario.satellites()) {
            GroundTracks.Track track = GroundTracks.track(s, trackFrom, trackTo, TRACK_STEP);
            sats.add(new FleetMap.SatelliteMark(s.id(), track.points().stream()
                    .map(p -> new double[] {p.t(), p.latDeg(), p.lonDeg()}).toList()));
        }
        map.setSatellites(sats);
        map.setPasses(passMarks());
    }

    private List<FleetMap.PassMark> passMarks() {
        List<FleetMap.PassMark> marks = new ArrayList<>();
        for (StoredPass sp : passes) {
            var p = sp.pass();
            if (p.los().isBefore(trackFrom) || p.aos().isAfter(trackTo)) {
                continue;
            }
            Contact contact = contactIn(p.satelliteId(), p.terminalId(), p.aos(), p.los());
            Optional<SatelliteSpec> sat = scenario.satellite(p.satelliteId());
            if (sat.isEmpty()) {
                continue;
            }
            GroundTracks.Track track = GroundTracks.track(sat.get(), p.aos(), p.los(), PASS_STEP);
            marks.add(new FleetMap.PassMark(p.satelliteId(), p.terminalId(), p.aos().toEpochMilli(),
                    p.los().toEpochMilli(), contact != null,
                    contact == null ? null : contact.candidate().expectedBits(),
                    track.points().stream().map(q -> new double[] {q.latDeg(), q.lonDeg()}).toList()));
        }
        return marks;
    }

    private Contact contactIn(String satellite, String terminal, Instant aos, Instant los) {
        if (plan == null) {
            return null;
        }
        for (Contact c : plan.contacts()) {
            var k = c.candidate();
            if (k.satelliteId().equals(satellite) && k.terminalId().equals(terminal) && !k.aos().isBefore(aos)
                    && !k.los().isAfter(los)) {
                return c;
            }
        }
        return null;
    }

    private List<FleetMap.TerminalMark> terminals() {
        Map<String, Double> demandPerDay = new HashMap<>();
        for (KeyDemand d : scenario.demands()) {
            demandPerDay.merge(d.terminalA(), d.bitsPerDay(), Double::sum);
            demandPerDay.merge(d.terminalB(), d.bitsPerDay(), Double::sum);
        }
        List<LinkAccount> links = fleet.ledger().map(l -> l.links()).orElse(null);
        double altitudeKm = meanAltitudeKm();
        List<FleetMap.TerminalMark> marks = new ArrayList<>();
        for (GroundTerminal t : scenario.groundTerminals()) {
            long stock = 0;
            boolean low = false;
            if (links != null) {
                for (LinkAccount a : links) {
                    if (a.terminalId().equals(t.id())) {
                        stock += a.availableBits();
                        low |= a.lowStock();
                    }
                }
            }
            double demand = demandPerDay.getOrDefault(t.id(), 0.0);
            String state = terminalState(links != null, stock, demand, low);
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of("position", String.format(Locale.ROOT, "%.3f°, %.3f°", Math.toDegrees(t.latitudeRad()),
                    Math.toDegrees(t.longitudeRad()))));
            rows.add(List.of("demand", Format.bits(Math.round(demand)) + "/day"));
            rows.add(List.of("key stock", links == null ? "no ledger running" : Format.bits(stock)));
            rows.add(List.of("state", stateText(state)));
            rows.add(List.of("SAEs", String.join(", ", t.saes())));
            marks.add(new FleetMap.TerminalMark(t.id(), t.name(), Math.toDegrees(t.latitudeRad()),
                    Math.toDegrees(t.longitudeRad()), state,
                    altitudeKm > 0 ? GroundTracks.footprintRadiusKm(altitudeKm, t.elevationMask().minimumRad()) : 0,
                    rows));
        }
        return marks;
    }

    /** Colour rule: a low-stock alert is red; stock for a day of demand green, less amber; no ledger grey. */
    static String terminalState(boolean ledger, long stockBits, double demandBitsPerDay, boolean lowStockAlert) {
        if (!ledger) {
            return FleetMap.NONE;
        }
        if (lowStockAlert) {
            return FleetMap.LOW;
        }
        if (demandBitsPerDay <= 0) {
            return FleetMap.NONE;
        }
        if (stockBits >= demandBitsPerDay) {
            return FleetMap.OK;
        }
        return stockBits > 0 ? FleetMap.SHORT : FleetMap.LOW;
    }

    static String stateText(String state) {
        return switch (state) {
            case FleetMap.OK -> "stock covers a day of demand";
            case FleetMap.SHORT -> "stock below a day of demand";
            case FleetMap.LOW -> "low stock";
            default -> "no key state";
        };
    }

    private double meanAltitudeKm() {
        if (scenario.satellites().isEmpty()) {
            return 0;
        }
        Instant t = scenario.start();
        GroundTracks.Track track = GroundTracks.track(scenario.satellites().get(0), t, t.plus(Duration.ofMinutes(90)),
                Duration.ofMinutes(10));
        return track.points().stream().mapToDouble(GroundTracks.Point::altKm).average().orElse(0);
    }

    private void select(String kind, String id) {
        details.removeAll();
        switch (kind) {
            case "terminal" -> scenario.terminal(id).ifPresent(this::showTerminal);
            case "satellite" -> scenario.satellite(id).ifPresent(this::showSatellite);
            case "pass" -> details.add(new H3("Pass"), new Span(id));
            default -> details.add(new Span("Nothing selected."));
        }
    }

    private void showTerminal(GroundTerminal t) {
        details.add(new H3(t.id() + " · " + t.name()));
        details.add(line(String.format(Locale.ROOT, "%.4f°, %.4f°, %.0f m", Math.toDegrees(t.latitudeRad()),
                Math.toDegrees(t.longitudeRad()), t.altitudeM())));
        details.add(line("Elevation mask ≥ " + String.format(Locale.ROOT, "%.1f°",
                Math.toDegrees(t.elevationMask().minimumRad()))));
        details.add(line("SAEs: " + String.join(", ", t.saes())));
        fleet.ledger().ifPresent(l -> l.links().stream().filter(a -> a.terminalId().equals(t.id()))
                .forEach(a -> details.add(line("Key with " + a.satelliteId() + ": " + Format.bits(a.availableBits())
                        + " available" + (a.lowStock() ? " (LOW)" : "")))));
        details.add(new H3("Contacts"));
        contactsOf(c -> c.candidate().terminalId().equals(t.id()), true);
    }

    private void showSatellite(SatelliteSpec s) {
        details.add(new H3(s.id()));
        details.add(line("Orbit: " + s.orbit().getClass().getSimpleName().replace("Orbit", "").replace("Spec", "")));
        details.add(new H3("Contacts"));
        contactsOf(c -> c.candidate().satelliteId().equals(s.id()), false);
    }

    private void contactsOf(java.util.function.Predicate<Contact> which, boolean bySatellite) {
        if (plan == null) {
            details.add(line("No plan yet."));
            return;
        }
        List<Contact> list = plan.contacts().stream().filter(which).limit(12).toList();
        if (list.isEmpty()) {
            details.add(line("None planned."));
        }
        for (Contact c : list) {
            var k = c.candidate();
            details.add(line(Format.minute(k.aos()) + " " + (bySatellite ? k.satelliteId() : k.terminalId()) + " "
                    + Format.bits(k.expectedBits())));
        }
    }

    private static Div line(String text) {
        Div d = new Div(new Span(text));
        d.getStyle().set("font-size", "var(--lumo-font-size-s)");
        return d;
    }
}
