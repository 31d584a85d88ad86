package org.keyfleet.scenarios;

import static java.lang.Math.toRadians;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.keyfleet.scenarios.ScenarioYaml.example;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The YAML is in degrees, km, nm, µrad and ns; the records are SI. Optional keys take their documented defaults. */
class ConversionsAndDefaultsTest {

    private static final Offset<Double> REL = within(1e-15);

    @Test
    void terminalQuantitiesAreSi() {
        final GroundTerminal mad = example().load().terminal("MAD").orElseThrow();
        assertThat(mad.name()).isEqualTo("Madrid");
        assertThat(mad.latitudeRad()).isCloseTo(toRadians(40.4168), REL);
        assertThat(mad.longitudeRad()).isCloseTo(toRadians(-3.7038), REL);
        assertThat(mad.altitudeM()).isEqualTo(667.0);
        assertThat(mad.receiverApertureRadiusM()).isEqualTo(0.6);
        assertThat(mad.opticsEfficiency()).isEqualTo(0.5);
        assertThat(mad.detectorEfficiency()).isEqualTo(0.6);
        assertThat(mad.darkCountRateHz()).isEqualTo(100.0);
        assertThat(mad.fieldOfViewRad()).isCloseTo(100e-6, within(1e-18));      // µrad → rad
        assertThat(mad.filterBandwidthM()).isCloseTo(1e-9, within(1e-21));      // nm → m
        assertThat(mad.timeGateS()).isCloseTo(1e-9, within(1e-21));             // ns → s
        assertThat(mad.elevationMask().elevationAt(0)).isCloseTo(toRadians(15), REL);
        assertThat(mad.clearSkyFraction(1)).isEqualTo(0.50);
        assertThat(mad.clearSkyFraction(12)).isEqualTo(0.45);
        assertThat(mad.saes()).containsExactly("MAD-BANK-1");
    }

    @Test
    void turbulenceDefaultsToHv57AndIsReadPerTerminal() {
        final GroundTerminal mad = example().load().terminal("MAD").orElseThrow();
        assertThat(mad.groundCn2()).isEqualTo(1.7e-14);
        assertThat(mad.rmsWindSpeedMps()).isEqualTo(21.0);
        assertThat(mad.visibilityKm()).isEqualTo(23.0);
        final GroundTerminal set = example().set("groundTerminals[0].groundCn2", 3e-15)
                .set("groundTerminals[0].rmsWindSpeedMps", 30).set("groundTerminals[0].visibilityKm", 10).load()
                .groundTerminals().get(0);
        assertThat(set.groundCn2()).isEqualTo(3e-15);
        assertThat(set.rmsWindSpeedMps()).isEqualTo(30.0);
        assertThat(set.visibilityKm()).isEqualTo(10.0);
    }

    @Test
    void payloadQuantitiesAreSi() {
        final Payload p = example().load().payload();
        assertThat(p.wavelengthM()).isCloseTo(810e-9, within(1e-21));           // nm → m
        assertThat(p.transmitApertureRadiusM()).isEqualTo(0.15);
        assertThat(p.beamWaistM()).hasValue(0.15);
        assertThat(p.divergenceHalfAngleRad()).isEmpty();
        assertThat(p.pointingJitterRad()).isCloseTo(1e-6, within(1e-18));       // µrad → rad
        assertThat(p.pulseRateHz()).isEqualTo(5e8);
        assertThat(p.intrinsicQber()).isEqualTo(0.005);
        assertThat(p.afterpulseProbability()).isEqualTo(0.001);
        assertThat(p.intensities()).contains(new DecoyIntensities(0.8, 0.1, 0.0));
        assertThat(p.onboardKeyMemoryBits()).isEqualTo(8_000_000_000L);
        assertThat(p.repointingTimeS()).isEqualTo(60.0);
    }

    @Test
    void aFlownSourceLoadsFixedByDefaultWithAVacuumOfZero() {
        final Payload p = ValidationRulesTest.withSource(example()).load().payload();
        assertThat(p.intensities()).isEmpty();
        assertThat(p.source()).contains(new SourceSettings(SourceSettings.Mode.FIXED, 0.8, 0.1, 0.0, 0.5, 0.25, 0.5));
        assertThat(p.source().orElseThrow().fixed()).isTrue();
        final Payload opt = ValidationRulesTest.withSource(example()).set("payload.source.mode", "optimised")
                .set("payload.source.vacuumIntensity", 0.01).load().payload();
        assertThat(opt.source().orElseThrow().mode()).isEqualTo(SourceSettings.Mode.OPTIMISED);
        assertThat(opt.source().orElseThrow().vacuumIntensity()).isEqualTo(0.01);
        assertThat(example().load().payload().source()).isEmpty();
    }

    @Test
    void aDivergenceIsConvertedFromMicroradians() {
        final Payload p = example().remove("payload.beamWaistM").set("payload.divergenceHalfAngleUrad", 12.5).load()
                .payload();
        assertThat(p.divergenceHalfAngleRad()).hasValueCloseTo(12.5e-6, within(1e-18));
        assertThat(p.beamWaistM()).isEmpty();
    }

    @Test
    void keplerianElementsAreSi() {
        final Scenario s = example().remove("satellites[0].tle").setYaml("satellites[0].keplerian",
                "{epoch: 2026-12-01T06:00:00Z, altitudeKm: 525, eccentricity: 0.001, inclinationDeg: 97.5,"
                        + " raanDeg: 45, argumentOfPerigeeDeg: -30, trueAnomalyDeg: 190}").load();
        final KeplerianOrbitSpec k = (KeplerianOrbitSpec) s.satellites().get(0).orbit();
        assertThat(k.epoch()).isEqualTo(Instant.parse("2026-12-01T06:00:00Z"));
        assertThat(k.altitudeM()).isEqualTo(525_000.0);                          // km → m
        assertThat(k.eccentricity()).isEqualTo(0.001);
        assertThat(k.inclinationRad()).hasValueCloseTo(toRadians(97.5), REL);
        assertThat(k.sunSynchronous()).isFalse();
        assertThat(k.raanRad()).isCloseTo(toRadians(45), REL);
        assertThat(k.argumentOfPerigeeRad()).isCloseTo(toRadians(-30), REL);
        assertThat(k.trueAnomalyRad()).isCloseTo(toRadians(190), REL);
    }

    @Test
    void sunSynchronousLeavesTheInclinationToBeDerived() {
        final Scenario s = example().remove("satellites[0].tle").setYaml("satellites[0].keplerian",
                "{epoch: 2026-12-01T00:00:00Z, altitudeKm: 525, inclinationDeg: Sun-Synchronous, raanDeg: 45,"
                        + " trueAnomalyDeg: 0}").load();
        final KeplerianOrbitSpec k = (KeplerianOrbitSpec) s.satellites().get(0).orbit();
        assertThat(k.inclinationRad()).isEqualTo(OptionalDouble.empty());
        assertThat(k.sunSynchronous()).isTrue();
        // optional elements default to a circular orbit with the perigee at the node
        assertThat(k.eccentricity()).isZero();
        assertThat(k.argumentOfPerigeeRad()).isZero();
    }

    @Test
    void theHorizonIsADurationAndMayBeFractional() {
        final Scenario s = example().load();
        assertThat(s.start()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(s.horizon()).isEqualTo(Duration.ofDays(7));
        assertThat(s.end()).isEqualTo(Instant.parse("2026-12-08T00:00:00Z"));
        assertThat(example().set("horizonDays", 1.5).load().horizon()).isEqualTo(Duration.ofHours(36));
    }

    @Test
    void theStartMayCarryAnOffset() {
        assertThat(example().set("start", "2026-12-01T01:00:00+01:00").load().start())
                .isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
    }

    @Test
    void optionalKeysTakeTheirDefaults() {
        final Scenario s = example().remove("description").remove("payload.afterpulseProbability")
                .remove("payload.intensities").remove("payload.repointingTimeS")
                .remove("groundTerminals[0].name").remove("groundTerminals[0].saes")
                .remove("groundTerminals[1].operatingWindows").load();
        assertThat(s.description()).isEmpty();
        assertThat(s.payload().afterpulseProbability()).isZero();
        assertThat(s.payload().intensities()).isEmpty();
        assertThat(s.payload().repointingTimeS()).isEqualTo(60.0);
        assertThat(s.groundTerminals().get(0).name()).isEqualTo("MAD");
        assertThat(s.groundTerminals().get(0).saes()).isEmpty();
        assertThat(s.groundTerminals().get(1).operatingWindows()).isEmpty();
        assertThat(s.constellations()).isEmpty();
    }

    @Test
    void theVacuumIntensityDefaultsToZero() {
        assertThat(example().remove("payload.intensities.vacuum").load().payload().intensities())
                .contains(new DecoyIntensities(0.8, 0.1, 0.0));
    }

    @Test
    void demandsAreKeptAsWritten() {
        final List<KeyDemand> d = example().load().demands();
        assertThat(d).containsExactly(new KeyDemand("MAD", "HEL", 2.0e6, 1.0), new KeyDemand("HEL", "NIC", 1.0e6, 0.5));
        assertThat(d.get(0).pairId()).isEqualTo("HEL-MAD");
        assertThat(d).extracting(KeyDemand::per).containsOnly(KeyDemand.Period.HORIZON);
    }

    @Test
    void aDemandMayAskPerDayAndTheScenarioMaySetTheDefault() {
        assertThat(example().set("demands[1].per", "day").load().demands()).extracting(KeyDemand::per)
                .containsExactly(KeyDemand.Period.HORIZON, KeyDemand.Period.DAY);
        assertThat(example().set("demandPeriod", "day").set("demands[0].per", "horizon").load().demands())
                .extracting(KeyDemand::per).containsExactly(KeyDemand.Period.HORIZON, KeyDemand.Period.DAY);
        assertThat(example().set("demandPeriod", "horizon").load().demands()).extracting(KeyDemand::per)
                .containsOnly(KeyDemand.Period.HORIZON);
    }

    @Test
    void everySatelliteWithoutAnOverrideFliesTheDefaultPayload() {
        final Scenario s = example().load();
        assertThat(s.satellites()).singleElement().satisfies(sat -> {
            assertThat(sat.id()).isEqualTo("KF-1");
            assertThat(sat.payload()).isEqualTo(s.payload());
        });
    }
}
