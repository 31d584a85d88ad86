package org.keyfleet.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.keyfleet.scenarios.ScenarioYaml.example;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One case per validation rule: the valid example with exactly one mistake must yield exactly one problem,
 * at the right path, whose message names the value and what was expected.
 */
class ValidationRulesTest {

    private static final String WALKER = "[{idPrefix: W, walker: {totalSatellites: 12, planes: 4, phasing: 1,"
            + " altitudeKm: 550, inclinationDeg: sun-synchronous, raanOfFirstPlaneDeg: 0,"
            + " epoch: 2026-12-01T00:00:00Z}}]";
    private static final String KEPLERIAN = "{epoch: 2026-12-01T00:00:00Z, altitudeKm: 525, eccentricity: 0.001,"
            + " inclinationDeg: 97.5, raanDeg: 45, argumentOfPerigeeDeg: 0, trueAnomalyDeg: 0}";

    private static Arguments rule(String name, UnaryOperator<ScenarioYaml> edit, String path, String... parts) {
        return Arguments.of(name, edit, path, parts);
    }

    /** The example with its fixed intensities replaced by a flown source (Micius's settings). */
    static ScenarioYaml withSource(ScenarioYaml y) {
        return y.remove("payload.intensities").setYaml("payload.source", "{signalIntensity: 0.8,"
                + " decoyIntensity: 0.1, signalProbability: 0.5, decoyProbability: 0.25, xBasisProbability: 0.5}");
    }

    /** The example with its TLE satellite replaced by Keplerian elements. */
    private static ScenarioYaml keplerian(ScenarioYaml y) {
        return y.remove("satellites[0].tle").setYaml("satellites[0].keplerian", KEPLERIAN);
    }

    static Stream<Arguments> rules() {
        return Stream.of(
                // ------------------------------------------------------------ required keys
                rule("name required", y -> y.remove("name"), "name", "is required"),
                rule("start required", y -> y.remove("start"), "start", "is required"),
                rule("horizon required", y -> y.remove("horizonDays"), "horizonDays", "is required"),
                rule("payload required", y -> y.remove("payload"), "payload", "is required"),
                rule("an empty value counts as missing", y -> y.setNull("payload.pulseRateHz"),
                        "payload.pulseRateHz", "is required"),
                rule("payload key required", y -> y.remove("payload.wavelengthNm"), "payload.wavelengthNm",
                        "is required"),
                rule("terminal key required", y -> y.remove("groundTerminals[1].receiverApertureRadiusM"),
                        "groundTerminals[1].receiverApertureRadiusM", "is required"),
                rule("terminal clear sky required", y -> y.remove("groundTerminals[2].clearSkyFractionByMonth"),
                        "groundTerminals[2].clearSkyFractionByMonth", "is required"),
                rule("terminal id required", y -> y.remove("groundTerminals[1].id").set("demands", List.of()),
                        "groundTerminals[1].id", "is required"),
                rule("satellite id required", y -> y.remove("satellites[0].id"), "satellites[0].id", "is required"),
                rule("demand bits required", y -> y.remove("demands[0].bitsPerDay"), "demands[0].bitsPerDay",
                        "is required"),
                rule("demand priority required", y -> y.remove("demands[1].priority"), "demands[1].priority",
                        "is required"),
                rule("demand pair required", y -> y.remove("demands[1].between"), "demands[1].between",
                        "is required"),
                rule("ground terminals required", y -> y.remove("groundTerminals"), "groundTerminals",
                        "is required"),
                rule("at least one ground terminal", y -> y.set("groundTerminals", List.of()).set("demands", List.of()),
                        "groundTerminals", "at least one ground terminal"),
                rule("satellites or constellations required", y -> y.remove("satellites"), "satellites",
                        "at least one satellite is required"),
                rule("an empty constellation list does not count", y -> y.remove("satellites")
                        .set("constellations", List.of()), "satellites", "at least one satellite is required"),
                rule("window end required", y -> y.remove("groundTerminals[1].operatingWindows[0].to"),
                        "groundTerminals[1].operatingWindows[0].to", "is required"),
                rule("keplerian raan required", y -> keplerian(y).remove("satellites[0].keplerian.raanDeg"),
                        "satellites[0].keplerian.raanDeg", "is required"),
                rule("keplerian inclination required", y -> keplerian(y)
                        .remove("satellites[0].keplerian.inclinationDeg"), "satellites[0].keplerian.inclinationDeg",
                        "is required", "[0, 180]", "'sun-synchronous'"),
                rule("walker epoch required", y -> y.setYaml("constellations", WALKER)
                        .remove("constellations[0].walker.epoch"), "constellations[0].walker.epoch", "is required"),
                rule("walker required", y -> y.setYaml("constellations", WALKER).remove("constellations[0].walker"),
                        "constellations[0].walker", "is required"),

                // ------------------------------------------------------------ types
                rule("text expected", y -> y.set("name", List.of("a", "b")), "name",
                        "expected a text value, found a list"),
                rule("empty text", y -> y.set("groundTerminals[0].name", " "), "groundTerminals[0].name",
                        "must not be empty"),
                rule("number expected, text found", y -> y.set("groundTerminals[0].latitudeDeg", "north"),
                        "groundTerminals[0].latitudeDeg", "'north' is not a number"),
                rule("number expected, boolean found", y -> y.set("groundTerminals[0].longitudeDeg", true),
                        "groundTerminals[0].longitudeDeg", "expected a number, found the boolean true"),
                rule("number expected, mapping found", y -> y.set("horizonDays", Map.of("days", 7)), "horizonDays",
                        "expected a number, found a mapping"),
                rule("mapping expected", y -> y.set("payload", 5), "payload",
                        "expected a mapping (key: value), found the number 5"),
                rule("list expected", y -> y.set("groundTerminals", Map.of("id", "MAD")), "groundTerminals",
                        "expected a list, found a mapping"),
                rule("list of mappings expected", y -> y.set("demands[1]", "HEL-NIC"), "demands[1]",
                        "expected a mapping (key: value), found 'HEL-NIC'"),
                rule("tle must be a list", y -> y.set("satellites[0].tle", "1 99001U"), "satellites[0].tle",
                        "expected a list of the 2 lines", "found '1 99001U'"),
                rule("tle needs two lines", y -> y.remove("satellites[0].tle[1]"), "satellites[0].tle",
                        "expected a list of the 2 lines", "found 1 entry"),
                rule("tle line must be text", y -> y.set("satellites[0].tle[1]", 42), "satellites[0].tle[1]",
                        "expected line 2 of the TLE as quoted text, found the number 42"),
                rule("sae id must be a value", y -> y.setYaml("groundTerminals[0].saes", "[~]"),
                        "groundTerminals[0].saes[0]", "expected an SAE id, found nothing"),
                rule("demand terminal must be a value", y -> y.setYaml("demands[0].between", "[MAD, [HEL]]"),
                        "demands[0].between[1]", "expected a terminal id, found a list"),

                // ------------------------------------------------------------ ranges
                rule("latitude above 90", y -> y.set("groundTerminals[1].latitudeDeg", 90.5),
                        "groundTerminals[1].latitudeDeg", "90.5 is outside [-90, 90]"),
                rule("latitude below -90", y -> y.set("groundTerminals[1].latitudeDeg", -91),
                        "groundTerminals[1].latitudeDeg", "-91 is outside [-90, 90]"),
                rule("longitude", y -> y.set("groundTerminals[2].longitudeDeg", 180.5),
                        "groundTerminals[2].longitudeDeg", "180.5 is outside [-180, 180]"),
                rule("terminal altitude", y -> y.set("groundTerminals[0].altitudeM", 12000),
                        "groundTerminals[0].altitudeM", "12000 is outside [-500, 9000]"),
                rule("optics efficiency zero", y -> y.set("groundTerminals[0].opticsEfficiency", 0),
                        "groundTerminals[0].opticsEfficiency", "0 is outside (0, 1]"),
                rule("detector efficiency above one", y -> y.set("groundTerminals[0].detectorEfficiency", 1.2),
                        "groundTerminals[0].detectorEfficiency", "1.2 is outside (0, 1]"),
                rule("receiver aperture", y -> y.set("groundTerminals[0].receiverApertureRadiusM", 0),
                        "groundTerminals[0].receiverApertureRadiusM", "0 is outside (0, 10]"),
                rule("dark counts", y -> y.set("groundTerminals[0].darkCountRateHz", -1),
                        "groundTerminals[0].darkCountRateHz", "-1 is outside [0, 10000000]"),
                rule("field of view", y -> y.set("groundTerminals[0].fieldOfViewUrad", 0),
                        "groundTerminals[0].fieldOfViewUrad", "0 is outside (0, 100000]"),
                rule("filter bandwidth", y -> y.set("groundTerminals[0].filterBandwidthNm", -0.5),
                        "groundTerminals[0].filterBandwidthNm", "-0.5 is outside (0, 1000]"),
                rule("time gate", y -> y.set("groundTerminals[0].timeGateNs", 0),
                        "groundTerminals[0].timeGateNs", "0 is outside (0, 1000000]"),
                rule("ground turbulence", y -> y.set("groundTerminals[0].groundCn2", 1e-10),
                        "groundTerminals[0].groundCn2", "is outside [1.0E-18, 1.0E-11]"),
                rule("rms wind", y -> y.set("groundTerminals[0].rmsWindSpeedMps", -3),
                        "groundTerminals[0].rmsWindSpeedMps", "-3 is outside [0, 100]"),
                rule("visibility", y -> y.set("groundTerminals[0].visibilityKm", 0.2),
                        "groundTerminals[0].visibilityKm", "0.2 is outside [1, 300]"),
                rule("transmit aperture", y -> y.set("payload.transmitApertureRadiusM", 0),
                        "payload.transmitApertureRadiusM", "0 is outside (0, 5]"),
                rule("beam waist", y -> y.set("payload.beamWaistM", -0.1), "payload.beamWaistM",
                        "-0.1 is outside (0, 5]"),
                rule("divergence", y -> y.remove("payload.beamWaistM").set("payload.divergenceHalfAngleUrad", 0),
                        "payload.divergenceHalfAngleUrad", "0 is outside (0, 10000]"),
                rule("wavelength", y -> y.set("payload.wavelengthNm", 250), "payload.wavelengthNm",
                        "250 is outside [300, 2000]"),
                rule("pointing jitter", y -> y.set("payload.pointingJitterUrad", -1), "payload.pointingJitterUrad",
                        "-1 is outside [0, 1000]"),
                rule("pulse rate", y -> y.set("payload.pulseRateHz", 10), "payload.pulseRateHz",
                        "10 is outside [1000, 100000000000]"),
                rule("qber 0.5 excluded", y -> y.set("payload.intrinsicQber", 0.5), "payload.intrinsicQber",
                        "0.5 is outside [0, 0.5)"),
                rule("qber negative", y -> y.set("payload.intrinsicQber", -0.01), "payload.intrinsicQber",
                        "-0.01 is outside [0, 0.5)"),
                rule("afterpulse", y -> y.set("payload.afterpulseProbability", 1), "payload.afterpulseProbability",
                        "1 is outside [0, 1)"),
                rule("memory positive", y -> y.set("payload.onboardKeyMemoryBits", 0), "payload.onboardKeyMemoryBits",
                        "0 is not > 0", "positive"),
                rule("memory too large", y -> y.set("payload.onboardKeyMemoryBits", 1e30),
                        "payload.onboardKeyMemoryBits", "is too large"),
                rule("memory in whole bits", y -> y.set("payload.onboardKeyMemoryBits", 1000.5),
                        "payload.onboardKeyMemoryBits", "1000.5 is not a whole number of bits"),
                rule("repointing", y -> y.set("payload.repointingTimeS", 4000), "payload.repointingTimeS",
                        "4000 is outside [0, 3600]"),
                rule("signal intensity", y -> y.set("payload.intensities.signal", 0), "payload.intensities.signal",
                        "0 is outside (0, 1)"),
                rule("signal intensity below one", y -> y.set("payload.intensities.signal", 1),
                        "payload.intensities.signal", "1 is outside (0, 1)"),
                rule("decoy intensity", y -> y.set("payload.intensities.decoy", -0.1), "payload.intensities.decoy",
                        "-0.1 is outside (0, 1)"),
                rule("clear sky value", y -> y.set("groundTerminals[0].clearSkyFractionByMonth[4]", 1.5),
                        "groundTerminals[0].clearSkyFractionByMonth[4]", "1.5 is outside [0, 1]"),
                rule("clear sky not a number", y -> y.set("groundTerminals[0].clearSkyFractionByMonth[11]", "dry"),
                        "groundTerminals[0].clearSkyFractionByMonth[11]", "'dry' is not a number"),
                rule("clear sky needs 12 values", y -> y.remove("groundTerminals[1].clearSkyFractionByMonth[11]"),
                        "groundTerminals[1].clearSkyFractionByMonth", "has 11 values, expected 12"),
                rule("clear sky empty", y -> y.set("groundTerminals[1].clearSkyFractionByMonth", List.of()),
                        "groundTerminals[1].clearSkyFractionByMonth", "has 0 values, expected 12"),
                rule("constant mask above 90", y -> y.set("groundTerminals[0].elevationMaskDeg", 91),
                        "groundTerminals[0].elevationMaskDeg", "91 is outside [-5, 90]"),
                rule("constant mask below -5", y -> y.set("groundTerminals[0].elevationMaskDeg", -6),
                        "groundTerminals[0].elevationMaskDeg", "-6 is outside [-5, 90]"),
                rule("mask table elevation", y -> y.set("groundTerminals[1].elevationMask[2].elevationDeg", 95),
                        "groundTerminals[1].elevationMask[2].elevationDeg", "95 is outside [-5, 90]"),
                rule("mask azimuth 360 excluded", y -> y.set("groundTerminals[1].elevationMask[3].azimuthDeg", 360),
                        "groundTerminals[1].elevationMask[3].azimuthDeg", "360 is outside [0, 360)"),
                rule("mask azimuths strictly increasing", y -> y.set("groundTerminals[1].elevationMask[2].azimuthDeg",
                        90), "groundTerminals[1].elevationMask[2].azimuthDeg",
                        "90 is not above the previous point's 90", "increase strictly"),
                rule("mask azimuths in order", y -> y.set("groundTerminals[1].elevationMask[1].azimuthDeg", 200),
                        "groundTerminals[1].elevationMask[2].azimuthDeg",
                        "180 is not above the previous point's 200"),
                rule("mask table not empty", y -> y.set("groundTerminals[1].elevationMask", List.of()),
                        "groundTerminals[1].elevationMask", "at least one"),
                rule("mask given twice", y -> y.set("groundTerminals[1].elevationMaskDeg", 10),
                        "groundTerminals[1]", "give exactly one of elevationMaskDeg", "or elevationMask"),
                rule("mask missing", y -> y.remove("groundTerminals[0].elevationMaskDeg"), "groundTerminals[0]",
                        "give exactly one of elevationMaskDeg"),
                rule("horizon zero", y -> y.set("horizonDays", 0), "horizonDays", "0 is outside (0, 366]"),
                rule("infinite", y -> y.set("horizonDays", "Infinity"), "horizonDays",
                        "Infinity is not a finite number"),
                rule("horizon too long", y -> y.set("horizonDays", 367), "horizonDays", "367 is outside (0, 366]"),

                // ------------------------------------------------------------ decoy intensities
                rule("decoy below signal", y -> y.set("payload.intensities.decoy", 0.9),
                        "payload.intensities.decoy", "0.9 is not below the signal intensity 0.8",
                        "expected signal > decoy + vacuum and decoy > vacuum ≥ 0"),
                rule("vacuum below decoy", y -> y.set("payload.intensities.vacuum", 0.1),
                        "payload.intensities.vacuum", "0.1 is not below the decoy intensity 0.1"),
                rule("signal above decoy plus vacuum", y -> y.set("payload.intensities.decoy", 0.5)
                        .set("payload.intensities.vacuum", 0.3), "payload.intensities.signal",
                        "0.8 is not above decoy + vacuum = 0.5 + 0.3",
                        "expected signal > decoy + vacuum and decoy > vacuum ≥ 0"),

                // ------------------------------------------------------------ flown source
                rule("source decoy below signal", y -> withSource(y).set("payload.source.decoyIntensity", 0.9),
                        "payload.source.decoyIntensity", "0.9 is not below the signal intensity 0.8",
                        "expected signalIntensity > decoyIntensity + vacuumIntensity"),
                rule("source signal above decoy plus vacuum", y -> withSource(y)
                        .set("payload.source.decoyIntensity", 0.5).set("payload.source.vacuumIntensity", 0.3),
                        "payload.source.signalIntensity", "0.8 is not above decoy + vacuum = 0.5 + 0.3"),
                rule("source intensity below one", y -> withSource(y).set("payload.source.signalIntensity", 1.2),
                        "payload.source.signalIntensity", "1.2 is outside (0, 1)"),
                rule("source probabilities leave the vacuum something",
                        y -> withSource(y).set("payload.source.decoyProbability", 0.5),
                        "payload.source.decoyProbability", "0.5 with signalProbability 0.5 leaves no pulses",
                        "expected signalProbability + decoyProbability < 1"),
                rule("source probability in (0, 1)", y -> withSource(y).set("payload.source.signalProbability", 0),
                        "payload.source.signalProbability", "0 is outside (0, 1)"),
                rule("source basis bias at most 0.99", y -> withSource(y).set("payload.source.xBasisProbability",
                        0.995), "payload.source.xBasisProbability", "0.995 is outside (0, 0.99]"),
                rule("source probability required", y -> withSource(y).remove("payload.source.xBasisProbability"),
                        "payload.source.xBasisProbability", "is required"),
                rule("source mode", y -> withSource(y).set("payload.source.mode", "adaptive"),
                        "payload.source.mode", "'adaptive' is not a source mode (expected fixed or optimised)"),
                rule("source and intensities not both", y -> withSource(y).setYaml("payload.intensities",
                        "{signal: 0.8, decoy: 0.1}"), "payload.source", "give either intensities or source"),

                // ------------------------------------------------------------ beam
                rule("waist and divergence both", y -> y.set("payload.divergenceHalfAngleUrad", 10), "payload",
                        "give exactly one of beamWaistM or divergenceHalfAngleUrad, not both"),
                rule("neither waist nor divergence", y -> y.remove("payload.beamWaistM"), "payload",
                        "give exactly one of beamWaistM or divergenceHalfAngleUrad"),
                rule("waist truncated by the aperture", y -> y.set("payload.beamWaistM", 0.35), "payload.beamWaistM",
                        "0.35 m is more than twice the transmit aperture radius 0.15 m"),

                // ------------------------------------------------------------ orbit sources
                rule("no orbit source", y -> y.remove("satellites[0].tle"), "satellites[0]",
                        "give exactly one orbit source: tle, omm or keplerian (found 0)"),
                rule("two orbit sources", y -> y.setYaml("satellites[0].keplerian", KEPLERIAN), "satellites[0]",
                        "give exactly one orbit source", "(found 2)"),
                rule("omm without a directory", y -> y.remove("satellites[0].tle").set("satellites[0].omm", "kf.xml"),
                        "satellites[0].omm", "'kf.xml' cannot be resolved", "load it from a file"),
                rule("keplerian must be a mapping", y -> y.remove("satellites[0].tle")
                        .set("satellites[0].keplerian", "525 km"), "satellites[0].keplerian",
                        "expected a mapping (key: value), found '525 km'"),
                rule("eccentricity 1 excluded", y -> keplerian(y).set("satellites[0].keplerian.eccentricity", 1),
                        "satellites[0].keplerian.eccentricity", "1 is outside [0, 1)"),
                rule("perigee at least 150 km", y -> keplerian(y).set("satellites[0].keplerian.eccentricity", 0.06),
                        "satellites[0].keplerian.eccentricity", "0.06 puts the perigee at 111 km",
                        "expected ≥ 150 km"),
                rule("keplerian altitude low", y -> keplerian(y).set("satellites[0].keplerian.altitudeKm", 120),
                        "satellites[0].keplerian.altitudeKm", "120 is outside [150, 2000]"),
                rule("keplerian altitude high", y -> keplerian(y).set("satellites[0].keplerian.altitudeKm", 2500),
                        "satellites[0].keplerian.altitudeKm", "2500 is outside [150, 2000]"),
                rule("inclination range", y -> keplerian(y).set("satellites[0].keplerian.inclinationDeg", 181),
                        "satellites[0].keplerian.inclinationDeg", "181 is outside [0, 180]"),
                rule("inclination word", y -> keplerian(y).set("satellites[0].keplerian.inclinationDeg", "polar"),
                        "satellites[0].keplerian.inclinationDeg",
                        "'polar' is neither a number of degrees nor 'sun-synchronous'"),
                rule("angle range", y -> keplerian(y).set("satellites[0].keplerian.trueAnomalyDeg", 400),
                        "satellites[0].keplerian.trueAnomalyDeg", "400 is outside [-360, 360]"),
                rule("keplerian epoch", y -> keplerian(y).set("satellites[0].keplerian.epoch", "yesterday"),
                        "satellites[0].keplerian.epoch", "'yesterday' is not an ISO-8601 UTC instant"),

                // ------------------------------------------------------------ Walker constellations
                rule("planes divide T", y -> y.setYaml("constellations", WALKER)
                        .set("constellations[0].walker.planes", 5), "constellations[0].walker.planes",
                        "5 does not divide totalSatellites 12", "divisors of 12: 1, 2, 3, 4, 6, 12"),
                rule("phasing below planes", y -> y.setYaml("constellations", WALKER)
                        .set("constellations[0].walker.phasing", 4), "constellations[0].walker.phasing",
                        "4 is outside [0, planes - 1] = [0, 3]"),
                rule("phasing not negative", y -> y.setYaml("constellations", WALKER)
                        .set("constellations[0].walker.phasing", -1), "constellations[0].walker.phasing",
                        "-1 is outside [0, 1000]"),
                rule("whole number of satellites", y -> y.setYaml("constellations", WALKER)
                        .set("constellations[0].walker.totalSatellites", 12.5),
                        "constellations[0].walker.totalSatellites", "12.5 is not a whole number"),
                rule("at least one plane", y -> y.setYaml("constellations", WALKER)
                        .set("constellations[0].walker.planes", 0), "constellations[0].walker.planes",
                        "0 is outside [1, 1000]"),
                rule("walker altitude", y -> y.setYaml("constellations", WALKER)
                        .set("constellations[0].walker.altitudeKm", 100), "constellations[0].walker.altitudeKm",
                        "100 is outside [150, 2000]"),
                rule("walker inclination", y -> y.setYaml("constellations", WALKER)
                        .set("constellations[0].walker.inclinationDeg", "sun synchronous"),
                        "constellations[0].walker.inclinationDeg", "'sun synchronous' is neither"),
                rule("walker prefix required", y -> y.setYaml("constellations", WALKER)
                        .remove("constellations[0].idPrefix"), "constellations[0].idPrefix", "is required"),

                // ------------------------------------------------------------ times
                rule("start not ISO-8601", y -> y.set("start", "2026-12-01"), "start",
                        "'2026-12-01' is not an ISO-8601 UTC instant", "2026-12-01T00:00:00Z"),
                rule("window form", y -> y.set("groundTerminals[1].operatingWindows[0].from", "6:00"),
                        "groundTerminals[1].operatingWindows[0].from", "'6:00' is not a UTC time of day",
                        "HH:mm"),
                rule("window hour", y -> y.set("groundTerminals[1].operatingWindows[0].to", "24:00"),
                        "groundTerminals[1].operatingWindows[0].to", "'24:00' is not a valid time of day",
                        "00:00 to 23:59"),
                rule("window must be a mapping", y -> y.set("groundTerminals[1].operatingWindows[0]", "16:00-06:00"),
                        "groundTerminals[1].operatingWindows[0]", "expected a mapping"),

                // ------------------------------------------------------------ ids
                rule("terminal id form", y -> y.set("groundTerminals[2].id", "NIC OS").set("demands[1].between",
                        List.of("HEL", "NIC OS")), "groundTerminals[2].id", "'NIC OS' is not a valid id"),
                rule("duplicate terminal id", y -> y.withFourthTerminal("LIS").set("groundTerminals[3].id", "HEL"),
                        "groundTerminals[3].id", "'HEL' is already the id of groundTerminals[1]"),
                rule("duplicate satellite id", y -> y.append("satellites", y.get("satellites[0]")), "satellites[1].id",
                        "'KF-1' is already the id of satellites[0]"),
                rule("walker id clashes with a satellite", y -> y.setYaml("constellations", WALKER)
                        .set("satellites[0].id", "W-2-3"), "constellations[0].idPrefix",
                        "'W' generates satellite id 'W-2-3', already the id of satellites[0]"),
                rule("two constellations with one prefix", y -> y.setYaml("constellations", WALKER)
                        .append("constellations", y.get("constellations[0]")), "constellations[1].idPrefix",
                        "generates satellite id 'W-1-1', already the id of constellations[0]", "and 11 more"),
                rule("duplicate SAE across terminals", y -> y.set("groundTerminals[2].saes", List.of("HEL-GOV-1")),
                        "groundTerminals[2].saes[0]", "SAE id 'HEL-GOV-1' is already used by terminal HEL"),
                rule("duplicate SAE within a terminal", y -> y.set("groundTerminals[0].saes",
                        List.of("MAD-1", "MAD-1")), "groundTerminals[0].saes[1]", "SAE id 'MAD-1' is already used"),

                // ------------------------------------------------------------ demands
                rule("unknown terminal with suggestion", y -> y.set("demands[0].between", List.of("MDA", "HEL")),
                        "demands[0].between[0]", "'MDA' is not a ground terminal of this scenario",
                        "did you mean 'MAD'?"),
                rule("unknown terminal without a near one", y -> y.set("demands[1].between", List.of("HEL", "XYZW")),
                        "demands[1].between[1]", "'XYZW' is not a ground terminal", "expected one of [HEL, MAD, NIC]"),
                rule("same terminal twice", y -> y.set("demands[0].between", List.of("MAD", "MAD")),
                        "demands[0].between", "names terminal 'MAD' twice"),
                rule("duplicate pair, reversed", y -> y.set("demands[1].between", List.of("HEL", "MAD")),
                        "demands[1].between", "pair HEL-MAD already has a demand at demands[0]"),
                rule("pair of two", y -> y.set("demands[0].between", List.of("MAD", "HEL", "NIC")),
                        "demands[0].between", "expected two terminal ids [A, B], found 3"),
                rule("bits per day positive", y -> y.set("demands[0].bitsPerDay", 0), "demands[0].bitsPerDay",
                        "0 is not > 0", "positive"),
                rule("bits per day not negative", y -> y.set("demands[0].bitsPerDay", -2e6), "demands[0].bitsPerDay",
                        "-2000000.0 is not > 0"),
                rule("priority positive", y -> y.set("demands[1].priority", 0), "demands[1].priority",
                        "0 is outside (0, 1000]"),
                rule("demand period spelt out", y -> y.set("demands[1].per", "week"), "demands[1].per",
                        "'week' is not a demand period", "expected day or horizon"),
                rule("demand period is a word", y -> y.set("demands[0].per", 1), "demands[0].per",
                        "expected day or horizon, found the number 1"),
                rule("scenario demand period spelt out", y -> y.set("demandPeriod", "daily"), "demandPeriod",
                        "'daily' is not a demand period", "expected day or horizon"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void eachRuleGivesOneProblemAtItsPath(String name, UnaryOperator<ScenarioYaml> edit, String path,
            String[] parts) {
        final List<ValidationProblem> problems = edit.apply(example()).problems();
        assertThat(problems).as("%s", ScenarioYaml.rendered(problems)).hasSize(1);
        assertThat(problems.get(0).path()).isEqualTo(path);
        assertThat(problems.get(0).message()).contains(parts);
    }

    @Test
    void theIssuesExampleMessageIsExact() {
        final List<ValidationProblem> problems = example().withFourthTerminal("LIS")
                .set("groundTerminals[3].latitudeDeg", 123.0).problems();
        assertThat(ScenarioYaml.rendered(problems))
                .containsExactly("groundTerminals[3].latitudeDeg: 123.0 is outside [-90, 90]");
    }

    @Test
    void aValueIsQuotedAsWritten() {
        assertThat(ScenarioYaml.rendered(example().set("groundTerminals[0].latitudeDeg", 123).problems()))
                .containsExactly("groundTerminals[0].latitudeDeg: 123 is outside [-90, 90]");
        assertThat(ScenarioYaml.rendered(example().set("groundTerminals[0].latitudeDeg", "123.50").problems()))
                .containsExactly("groundTerminals[0].latitudeDeg: 123.50 is outside [-90, 90]");
    }

    static Stream<Arguments> boundaries() {
        return Stream.of(
                Arguments.of("groundTerminals[0].latitudeDeg", 90),
                Arguments.of("groundTerminals[0].latitudeDeg", -90),
                Arguments.of("groundTerminals[0].longitudeDeg", -180),
                Arguments.of("groundTerminals[0].longitudeDeg", 180),
                Arguments.of("groundTerminals[0].opticsEfficiency", 1),
                Arguments.of("groundTerminals[0].detectorEfficiency", 1e-6),
                Arguments.of("groundTerminals[0].elevationMaskDeg", -5),
                Arguments.of("groundTerminals[0].elevationMaskDeg", 90),
                Arguments.of("groundTerminals[0].clearSkyFractionByMonth[0]", 0),
                Arguments.of("groundTerminals[0].clearSkyFractionByMonth[0]", 1),
                Arguments.of("groundTerminals[1].elevationMask[3].azimuthDeg", 359.99),
                Arguments.of("payload.intrinsicQber", 0),
                Arguments.of("payload.intrinsicQber", 0.4999),
                Arguments.of("payload.intensities.vacuum", 0),
                Arguments.of("horizonDays", 366),
                Arguments.of("horizonDays", 0.01),
                Arguments.of("demands[0].bitsPerDay", 1),
                Arguments.of("demands[0].priority", 1000));
    }

    @ParameterizedTest(name = "{0} = {1} is accepted")
    @MethodSource("boundaries")
    void closedEndsOfRangesAreAccepted(String path, Object value) {
        assertThat(example().set(path, value).load()).isNotNull();
    }

    @Test
    void theSourceBasisBiasMayReachTheCapAndTheVacuumZero() {
        assertThat(withSource(example()).set("payload.source.xBasisProbability", 0.99)
                .set("payload.source.vacuumIntensity", 0).load().payload().source().orElseThrow()
                .xBasisProbability()).isEqualTo(0.99);
    }

    @Test
    void numbersMayBeQuoted() {
        final Scenario s = example().set("groundTerminals[0].latitudeDeg", "45.5").load();
        assertThat(Math.toDegrees(s.groundTerminals().get(0).latitudeRad())).isCloseTo(45.5,
                within(1e-12));
    }

    @Test
    void inclinationGivenAsQuotedDegreesIsANumber() {
        final Scenario s = keplerian(example()).set("satellites[0].keplerian.inclinationDeg", "97.5").load();
        final KeplerianOrbitSpec k = (KeplerianOrbitSpec) s.satellites().get(0).orbit();
        assertThat(k.inclinationRad()).hasValueCloseTo(Math.toRadians(97.5), within(1e-15));
    }

    @Test
    void demandsMayBeOmitted() {
        assertThat(example().remove("demands").load().demands()).isEmpty();
    }

    @Test
    void aDemandNamingABrokenTerminalIsNotReportedTwice() {
        // the terminal's entry has its own problem; the demand that names it is fine
        final List<ValidationProblem> problems = example().set("groundTerminals[2].latitudeDeg", 100).problems();
        assertThat(ScenarioYaml.rendered(problems))
                .containsExactly("groundTerminals[2].latitudeDeg: 100 is outside [-90, 90]");
    }

    @Test
    void aDemandTypoIsReportedEvenWhenATerminalHasProblems() {
        final List<ValidationProblem> problems = example().set("groundTerminals[2].latitudeDeg", 100)
                .set("demands[0].between", List.of("MDA", "HEL")).problems();
        assertThat(ScenarioYaml.rendered(problems)).containsExactly(
                "groundTerminals[2].latitudeDeg: 100 is outside [-90, 90]",
                "demands[0].between[0]: 'MDA' is not a ground terminal of this scenario, did you mean 'MAD'?");
    }

    @Test
    void unknownTerminalsAreNotGuessedWhenATerminalEntryIsUnreadable() {
        final List<ValidationProblem> problems = example().set("groundTerminals[0]", "MAD").problems();
        assertThat(ScenarioYaml.rendered(problems))
                .containsExactly("groundTerminals[0]: expected a mapping (key: value), found 'MAD'");
    }

    @Test
    void aFileThatIsNotAMappingSaysWhatItFound() {
        assertThat(ScenarioYaml.rendered(ScenarioYaml.problemsOf("")))
                .singleElement().asString().startsWith("expected a YAML mapping with keys [constellations, demandPeriod, demands,")
                .endsWith("found an empty file");
        assertThat(ScenarioYaml.rendered(ScenarioYaml.problemsOf("- a\n- b\n")))
                .singleElement().asString().endsWith("found a list");
    }
}
