package org.keyfleet.orbit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.keyfleet.scenarios.ElevationMask;
import org.keyfleet.scenarios.GroundTerminal;
import org.keyfleet.scenarios.KeplerianOrbitSpec;
import org.keyfleet.scenarios.SatelliteSpec;
import org.keyfleet.scenarios.Scenario;
import org.keyfleet.scenarios.ScenarioCatalogue;
import org.orekit.frames.TopocentricFrame;
import org.orekit.propagation.Propagator;
import org.orekit.time.AbsoluteDate;

/** The pass finder against a brute-force one-second scan of the propagator. */
class PassFinderTest {

    /** Kiruna (67.9° N), Reykjavik (64.1° N), Madrid; TFE, LPA, HEL and SKI have azimuth-table masks. */
    static final List<String> TERMINALS = List.of("KRN", "REK", "MAD", "TFE", "LPA", "HEL", "SKI");

    /** The finder's stated AOS/LOS accuracy. */
    static final Duration SLACK = Duration.ofMillis(1);

    static Stream<Arguments> satellites() {
        return Stream.of(Arguments.of("eagle1-europe", "EAGLE-1"), Arguments.of("fleet-europe", "FLEET-2-3"));
    }

    @ParameterizedTest(name = "{1} over one day")
    @MethodSource("satellites")
    void sameWindowsAsAOneSecondScan(String scenarioName, String satelliteId) {
        final Scenario full = ScenarioCatalogue.load(scenarioName);
        final Scenario scenario = new Scenario(full.name(), "", full.start(), Duration.ofDays(1), full.payload(),
                full.satellites(), full.constellations(),
                full.groundTerminals().stream().filter(t -> TERMINALS.contains(t.id())).toList(), List.of());
        assertThat(scenario.groundTerminals()).hasSize(TERMINALS.size());
        assertThat(scenario.groundTerminals().stream().filter(t -> !t.elevationMask().isConstant()).count())
                .as("terminals with azimuth-table masks").isGreaterThanOrEqualTo(3);
        final SatelliteSpec sat = scenario.satellite(satelliteId).orElseThrow();
        final Propagator propagator = Propagators.forSatellite(sat);
        final BruteForce truth = new BruteForce(propagator, scenario.start(), 86400);
        final List<Pass> found = new PassFinder().withSampleStep(Duration.ZERO)
                .find(scenario, sat, scenario.start(), scenario.end());

        int compared = 0;
        for (GroundTerminal t : scenario.groundTerminals()) {
            final List<BruteForce.Run> runs = truth.runs(t);
            final List<Pass> passes = found.stream().filter(p -> p.terminalId().equals(t.id())).toList();
            final TopocentricFrame topo = BruteForce.topo(t);
            // every pass the finder reports is real: the propagator is above the mask at its TCA
            for (Pass p : passes) {
                final AbsoluteDate tca = OrekitData.date(p.tca());
                final double margin = BruteForce.margin(t, topo,
                        propagator.getPVCoordinates(tca, OrekitData.itrf()).getPosition(), tca);
                assertThat(margin).as("%s margin at TCA", p).isPositive();
                assertThat(topo.getElevation(propagator.getPVCoordinates(tca, OrekitData.itrf()).getPosition(),
                        OrekitData.itrf(), tca)).as("%s max elevation", p).isCloseTo(p.maxElevationRad(), within(1e-5));
                // at AOS and LOS the true margin is zero (unless clipped at the window's ends)
                for (Instant edge : List.of(p.aos(), p.los())) {
                    if (!edge.equals(scenario.start()) && !edge.equals(scenario.end())) {
                        final AbsoluteDate d = OrekitData.date(edge);
                        assertThat(BruteForce.margin(t, topo, propagator.getPVCoordinates(d, OrekitData.itrf())
                                .getPosition(), d)).as("%s margin at %s", p, edge).isCloseTo(0.0, within(2e-5));
                    }
                }
            }
            // the same windows as the scan, one to one; passes shorter than a second may fall between scan points
            final List<Pass> matchable = passes.stream()
                    .filter(p -> p.duration().toMillis() >= 1000 || runs.stream().anyMatch(r -> overlaps(p, r)))
                    .toList();
            assertThat(matchable).as("%s: finder %s vs scan %s", t.id(), passes, runs).hasSameSizeAs(runs);
            for (int k = 0; k < runs.size(); k++) {
                final BruteForce.Run r = runs.get(k);
                final Pass p = matchable.get(k);
                // AOS in (first − 1 s, first], LOS in [last, last + 1 s), give or take the finder's stated
                // accuracy of 1 ms (a crossing microseconds from a whole second may land on either side)
                assertThat(p.aos()).as("%s AOS vs scan %s", p, r)
                        .isBetween(r.first().minusSeconds(1).minus(SLACK), r.first().plus(SLACK));
                assertThat(p.los()).as("%s LOS vs scan %s", p, r)
                        .isBetween(r.last().minus(SLACK), r.last().plusSeconds(1).plus(SLACK));
                assertThat(p.maxElevationRad()).isGreaterThanOrEqualTo(r.maxElevationRad() - 1e-6);
                assertThat(p.tca()).isBetween(p.aos(), p.los());
                compared++;
            }
        }
        // a day of a 525-550 km SSO over 7 terminals gives a few passes each
        assertThat(compared).isGreaterThan(15);
    }

    private static boolean overlaps(Pass p, BruteForce.Run r) {
        return !p.los().isBefore(r.first()) && !p.aos().isAfter(r.last());
    }

    /** A mask set just below a pass's peak leaves a window of a fraction of a second, which must not be lost. */
    @Test
    void passesThatBarelyClearTheMaskAreFound() {
        final Scenario scenario = ScenarioCatalogue.load("eagle1-europe");
        final SatelliteSpec sat = scenario.satellites().get(0);
        final GroundTerminal mad = scenario.terminal("MAD").orElseThrow();
        final Instant start = scenario.start();
        final Instant end = start.plus(Duration.ofDays(1));
        final Pass reference = new PassFinder().withSampleStep(Duration.ZERO)
                .find(only(scenario, mad), sat, start, end).get(0);
        final Propagator propagator = Propagators.forSatellite(sat);
        for (double below : new double[] {1e-4, 1e-6}) {
            final double maskRad = reference.maxElevationRad() - below;
            for (ElevationMask mask : List.of(ElevationMask.constant(maskRad),
                    new ElevationMask(List.of(new ElevationMask.Point(0, maskRad), new ElevationMask.Point(Math.PI, maskRad))))) {
                final GroundTerminal t = withMask(mad, mask);
                final List<Pass> passes = new PassFinder().withSampleStep(Duration.ZERO)
                        .find(only(scenario, t), sat, start, end);
                final Pass p = passes.stream().filter(q -> !q.los().isBefore(reference.tca())
                        && !q.aos().isAfter(reference.tca())).findFirst().orElseThrow(
                                () -> new AssertionError("lost the pass at " + reference.tca() + " " + mask));
                assertThat(p.duration()).isLessThan(Duration.ofSeconds(10));
                assertThat(Duration.between(p.tca(), reference.tca()).abs()).isLessThan(Duration.ofMillis(10));
                final AbsoluteDate tca = OrekitData.date(p.tca());
                assertThat(BruteForce.margin(t, BruteForce.topo(t),
                        propagator.getPVCoordinates(tca, OrekitData.itrf()).getPosition(), tca)).isPositive();
            }
        }
    }

    @Test
    void windowsInProgressAreClippedToTheSearchWindow() {
        final Scenario scenario = ScenarioCatalogue.load("eagle1-europe");
        final SatelliteSpec sat = scenario.satellites().get(0);
        final GroundTerminal krn = scenario.terminal("KRN").orElseThrow();
        final Scenario one = only(scenario, krn);
        final PassFinder finder = new PassFinder().withSampleStep(Duration.ofSeconds(5));
        final Pass p = finder.find(one, sat, scenario.start(), scenario.start().plus(Duration.ofDays(1))).get(0);
        final Instant from = p.aos().plus(Duration.between(p.aos(), p.los()).dividedBy(3));
        final Instant to = p.aos().plus(Duration.between(p.aos(), p.los()).dividedBy(3).multipliedBy(2));
        final List<Pass> clipped = finder.find(one, sat, from, to);
        assertThat(clipped).hasSize(1);
        final Pass c = clipped.get(0);
        assertThat(c.aos()).isEqualTo(from);
        assertThat(c.los()).isEqualTo(to);
        assertThat(c.samples().get(0).time()).isEqualTo(from);
        assertThat(c.samples().get(c.samples().size() - 1).time()).isEqualTo(to);
        assertThat(c.maxElevationRad()).isLessThanOrEqualTo(p.maxElevationRad() + 1e-9);
    }

    @Test
    void wholeScenarioIsSortedAndEqualsThePerSatelliteSearches() {
        final Scenario full = ScenarioCatalogue.load("fleet-europe");
        final Scenario scenario = full.withWindow(full.start(), Duration.ofHours(12));
        final PassFinder finder = new PassFinder().withSampleStep(Duration.ZERO);
        final List<Pass> all = finder.find(scenario);
        final List<Pass> union = new ArrayList<>();
        for (SatelliteSpec sat : scenario.satellites()) {
            union.addAll(finder.find(scenario, sat, scenario.start(), scenario.end()));
        }
        assertThat(all).hasSameSizeAs(union).containsExactlyInAnyOrderElementsOf(union);
        for (int k = 1; k < all.size(); k++) {
            assertThat(all.get(k).aos()).isAfterOrEqualTo(all.get(k - 1).aos());
        }
        assertThat(all.stream().map(Pass::satelliteId).distinct()).hasSize(12);
        // an explicit window of the full scenario: the same passes, clipped to it
        final Instant from = full.start().plus(Duration.ofHours(3));
        final Instant to = full.start().plus(Duration.ofHours(9));
        final List<Pass> windowed = finder.find(full, from, to);
        assertThat(windowed).isNotEmpty().allSatisfy(p -> {
            assertThat(p.aos()).isBetween(from, to);
            assertThat(p.los()).isBetween(p.aos(), to);
        });
        assertThat(windowed).containsExactlyElementsOf(finder.find(full.withWindow(from, Duration.ofHours(6))));
        // passes entirely inside the window are the 12-hour search's (another grid origin: to well under 1 ms)
        for (Pass p : windowed.stream().filter(q -> q.aos().isAfter(from) && q.los().isBefore(to)).toList()) {
            assertThat(all).as("%s in the 12-hour search", p).anySatisfy(q -> {
                assertThat(q.satelliteId()).isEqualTo(p.satelliteId());
                assertThat(q.terminalId()).isEqualTo(p.terminalId());
                assertThat(Duration.between(q.aos(), p.aos()).abs()).isLessThan(Duration.ofMillis(1));
                assertThat(Duration.between(q.los(), p.los()).abs()).isLessThan(Duration.ofMillis(1));
            });
        }
    }

    /** UTC instants stay right across the 2016-12-31 leap second (61 s minute). */
    @Test
    void instantsAcrossALeapSecond() {
        final Scenario base = ScenarioCatalogue.load("eagle1-europe");
        final Instant start = Instant.parse("2016-12-31T12:00:00Z");
        final SatelliteSpec sat = new SatelliteSpec("SSO-2016", new KeplerianOrbitSpec(start, 525e3, 0.0,
                OptionalDouble.empty(), Math.toRadians(30), 0.0, 0.0), null);
        final GroundTerminal mad = base.terminal("MAD").orElseThrow();
        final Scenario scenario = new Scenario("leap", "", start, Duration.ofDays(1), base.payload(), List.of(sat),
                List.of(), List.of(mad, base.terminal("KRN").orElseThrow()), List.of());
        final List<Pass> passes = new PassFinder().find(scenario);
        final Propagator propagator = Propagators.forSatellite(sat);
        assertThat(passes.stream().filter(p -> p.aos().isAfter(Instant.parse("2017-01-01T00:00:00Z")))).isNotEmpty();
        for (Pass p : passes) {
            final GroundTerminal t = scenario.terminal(p.terminalId()).orElseThrow();
            final TopocentricFrame topo = BruteForce.topo(t);
            for (PassSample x : List.of(p.samples().get(0), p.samples().get(p.samples().size() / 2),
                    p.samples().get(p.samples().size() - 1))) {
                final AbsoluteDate d = OrekitData.date(x.time());
                final double el = topo.getElevation(propagator.getPVCoordinates(d, OrekitData.itrf()).getPosition(),
                        OrekitData.itrf(), d);
                // one second off would move the elevation by ~0.05-1 deg
                assertThat(x.elevationRad()).as("%s at %s", p.terminalId(), x.time()).isCloseTo(el, within(1e-5));
            }
        }
    }

    @Test
    void badArgumentsAreRejected() {
        final Scenario scenario = ScenarioCatalogue.load("eagle1-europe");
        assertThatThrownBy(() -> new PassFinder().withSampleStep(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sample step");
        assertThatThrownBy(() -> new PassFinder().find(scenario, scenario.satellites().get(0), scenario.end(),
                scenario.start())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not after");
        assertThatThrownBy(() -> new PassFinder().find(scenario, scenario.start(), scenario.start()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not after");
    }

    static Scenario only(Scenario s, GroundTerminal t) {
        return new Scenario(s.name(), "", s.start(), s.horizon(), s.payload(), s.satellites(), s.constellations(),
                List.of(t), List.of());
    }

    static GroundTerminal withMask(GroundTerminal t, ElevationMask mask) {
        return new GroundTerminal(t.id(), t.name(), t.latitudeRad(), t.longitudeRad(), t.altitudeM(),
                t.receiverApertureRadiusM(), t.opticsEfficiency(), t.detectorEfficiency(), t.darkCountRateHz(),
                t.fieldOfViewRad(), t.filterBandwidthM(), t.timeGateS(), mask, t.clearSkyFractionByMonth(),
                t.operatingWindows(), t.saes());
    }
}
