package org.keyfleet.scenarios;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads a scenario YAML file and validates it completely: every problem of the file is collected with its
 * path, its value and what was expected, and reported together in one {@link ScenarioValidationException}.
 * Units in the YAML are those in the key names (Deg, Km, M, Nm, Urad, Ns, S, Hz, Bits); the records are SI.
 *
 * <p>The format is documented in {@code docs/scenario-format.md}.
 */
public final class ScenarioLoader {

    static final Set<String> TOP_KEYS = Set.of("name", "description", "start", "horizonDays", "payload",
            "satellites", "constellations", "groundTerminals", "demands", "demandPeriod", "weather");
    static final Set<String> PAYLOAD_KEYS = Set.of("wavelengthNm", "transmitApertureRadiusM", "beamWaistM",
            "divergenceHalfAngleUrad", "pointingJitterUrad", "pulseRateHz", "intrinsicQber", "afterpulseProbability",
            "intensities", "onboardKeyMemoryBits", "repointingTimeS", "source");
    static final Set<String> INTENSITY_KEYS = Set.of("signal", "decoy", "vacuum");
    static final Set<String> SOURCE_KEYS = Set.of("mode", "signalIntensity", "decoyIntensity", "vacuumIntensity",
            "signalProbability", "decoyProbability", "xBasisProbability");
    static final Set<String> SATELLITE_KEYS = Set.of("id", "tle", "omm", "keplerian", "payload");
    static final Set<String> KEPLERIAN_KEYS = Set.of("epoch", "altitudeKm", "eccentricity", "inclinationDeg", "raanDeg",
            "argumentOfPerigeeDeg", "trueAnomalyDeg");
    static final Set<String> CONSTELLATION_KEYS = Set.of("idPrefix", "walker", "payload");
    static final Set<String> WALKER_KEYS = Set.of("totalSatellites", "planes", "phasing", "altitudeKm", "inclinationDeg",
            "raanOfFirstPlaneDeg", "epoch");
    static final Set<String> TERMINAL_KEYS = Set.of("id", "name", "latitudeDeg", "longitudeDeg", "altitudeM",
            "receiverApertureRadiusM", "opticsEfficiency", "detectorEfficiency", "darkCountRateHz", "fieldOfViewUrad",
            "filterBandwidthNm", "timeGateNs", "elevationMaskDeg", "elevationMask", "clearSkyFractionByMonth",
            "operatingWindows", "saes", "groundCn2", "rmsWindSpeedMps",
            "visibilityKm");
    static final Set<String> MASK_POINT_KEYS = Set.of("azimuthDeg", "elevationDeg");
    static final Set<String> WINDOW_KEYS = Set.of("from", "to");
    static final Set<String> DEMAND_KEYS = Set.of("between", "bitsPerDay", "priority", "per");
    static final Set<String> WEATHER_KEYS = Set.of("seed", "correlationTimeHours", "correlationTimeHoursByTerminal",
            "correlationLengthKm", "forecast");
    static final Set<String> FORECAST_KEYS = Set.of("brierSkill", "skillDecayHours", "horizonHours");

    /** Longest correlation time, skill decay and forecast horizon a scenario may set: a year, in hours. */
    private static final double MAX_HOURS = 8760;

    /** Default re-pointing time between two contacts of a satellite, s. */
    static final double DEFAULT_REPOINTING_S = 60.0;

    static final String SUN_SYNCHRONOUS = "sun-synchronous";

    private static final Range ALTITUDE_KM = Range.closed(150, 2000);
    private static final Range EFFICIENCY = Range.openClosed(0, 1);
    private static final Range ANGLE_360 = Range.closedOpen(0, 360);
    private static final Range ANY_ANGLE = Range.closed(-360, 360);

    /** Duplicate keys are an error: otherwise the last of two {@code latitudeDeg:} lines would silently win. */
    private static final YAMLMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
                    .loaderOptions(YamlGuard.loaderOptions()).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    /** Largest scenario file, in bytes: checked before reading, so a huge file is refused at once. */
    static final long MAX_FILE_BYTES = YamlGuard.MAX_CHARS;

    /** Loads and validates a scenario file; relative file references (OMM) are resolved next to it. */
    public Scenario load(Path file) {
        final String text;
        try {
            text = readText(file, MAX_FILE_BYTES, "a scenario");
        } catch (Unreadable e) {
            throw new ScenarioValidationException(file.toString(), List.of(new ValidationProblem("", e.getMessage())));
        }
        final Path dir = file.toAbsolutePath().getParent();
        return parse(text, file.toString(), dir);
    }

    /**
     * The UTF-8 text of a regular file of at most {@code maxBytes}; the size is checked before reading, so a
     * huge file costs nothing.
     *
     * @throws Unreadable whose message is the problem, for a problem line
     */
    static String readText(Path file, long maxBytes, String what) throws Unreadable {
        try {
            if (!Files.isRegularFile(file)) {
                throw new Unreadable("cannot read the file: not a regular file");
            }
            final long size = Files.size(file);
            if (size > maxBytes) {
                throw new Unreadable("the file has " + size + " bytes, more than the limit of " + maxBytes
                        + " for " + what);
            }
            final byte[] bytes;
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes((int) maxBytes + 1); // the file may have grown since
            }
            if (bytes.length > maxBytes) {
                throw new Unreadable("the file has more than " + maxBytes + " bytes, the limit for " + what);
            }
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new Unreadable("the file is not UTF-8 text");
        } catch (IOException e) {
            throw new Unreadable("cannot read the file: " + e);
        }
    }

    /** A file that cannot be used as text; the message is the problem. */
    static final class Unreadable extends Exception {

        private static final long serialVersionUID = 1L;

        Unreadable(String message) {
            super(message);
        }
    }

    /**
     * Parses and validates scenario text.
     *
     * @param yaml       the YAML text
     * @param sourceName name used in messages (file name or shipped name)
     * @param baseDir    directory for relative file references, or null when there is none
     * @throws ScenarioValidationException with every problem found
     */
    public Scenario parse(String yaml, String sourceName, Path baseDir) {
        final Optional<String> malformed = YamlGuard.check(yaml);
        if (malformed.isPresent()) {
            throw new ScenarioValidationException(sourceName, List.of(new ValidationProblem("", malformed.get())));
        }
        final JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new ScenarioValidationException(sourceName, List.of(new ValidationProblem("", syntaxMessage(e))));
        }
        if (root == null || !root.isObject()) {
            throw new ScenarioValidationException(sourceName, List.of(new ValidationProblem("",
                    "expected a YAML mapping with keys " + new java.util.TreeSet<>(TOP_KEYS) + ", found "
                            + (root == null || root.isMissingNode() || root.isNull() ? "an empty file"
                                    : Node.kind(root)))));
        }
        final Problems problems = new Problems();
        final Scenario scenario = new Walk(new Node(root, "", problems), baseDir).scenario();
        if (problems.size() <= Problems.MAX_LISTED) {
            // a file already beyond the listing limit is refused in full; the schema would only add to the count
            addStructuralProblems(root, problems);
        }
        if (!problems.isEmpty()) {
            throw new ScenarioValidationException(sourceName, problems.list(), problems.omitted());
        }
        return scenario;
    }

    /**
     * Validates the tree against {@link ScenarioSchema} and adds its problems to those the code found. Where the
     * code reported a problem at the same path its message is kept: for a key, type or range it is the same
     * message (the schema's errors are rendered in the loader's style), and the code's semantic messages say
     * more. A rule about a mapping's keys together (exactly one of...) is also left to the code when the code
     * found something inside that mapping.
     */
    static void addStructuralProblems(JsonNode root, Problems problems) {
        for (ScenarioSchema.Found f : ScenarioSchema.problems(root)) {
            final String path = f.problem().path();
            final boolean reported = f.wholeMapping() ? problems.hasAtOrInside(path) : problems.hasAt(path);
            if (!reported) {
                problems.add(path, f.problem().message());
            }
        }
    }

    /**
     * One line for a YAML syntax error: where the parser stopped and why. SnakeYAML's own marks are used when
     * present, because Jackson's location for a scanner error can lag behind (e.g. a tab reported on the
     * previous line); its multi-line snippet is dropped, the line and column say where to look.
     */
    static String syntaxMessage(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException m && m.getProblemMark() != null) {
            return syntaxMessage(m);
        }
        final JsonLocation at = e.getLocation();
        final String where = at == null || at.getLineNr() < 1 ? ""
                : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
        final String why = oneLine(e.getOriginalMessage()).replaceFirst("^Duplicate field '(.*)'$",
                "duplicate key '$1' (a key may appear only once in a mapping)");
        return where + "not valid YAML: " + why;
    }

    /** As {@link #syntaxMessage(JsonProcessingException)} from SnakeYAML's own exception. */
    static String syntaxMessage(MarkedYAMLException m) {
        if (m.getProblemMark() != null) {
            final Mark at = m.getProblemMark();
            final StringBuilder b = new StringBuilder().append("line ").append(at.getLine() + 1).append(", column ")
                    .append(at.getColumn() + 1).append(": not valid YAML: ").append(oneLine(m.getProblem()));
            if (m.getContext() != null) {
                b.append(" (").append(oneLine(m.getContext()));
                final Mark from = m.getContextMark();
                if (from != null && (from.getLine() != at.getLine() || from.getColumn() != at.getColumn())) {
                    b.append(" started at line ").append(from.getLine() + 1).append(", column ")
                            .append(from.getColumn() + 1);
                }
                b.append(')');
            }
            return b.toString();
        }
        return "not valid YAML: " + oneLine(m.getMessage());
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("character '\\t(TAB)'", "a tab").replace("\\t(TAB)", "tab").replaceAll("\\s+", " ").trim();
    }

    /** One validating pass over a file. */
    private static final class Walk {

        private final Node root;
        private final Path baseDir;
        private final Problems problems;

        Walk(Node root, Path baseDir) {
            this.root = root;
            this.baseDir = baseDir;
            this.problems = root.problems();
        }

        Scenario scenario() {
            root.allowOnly(TOP_KEYS);
            final String name = root.string("name");
            final String description = root.optString("description").orElse("");
            final Instant start = instant(root, "start");
            final double days = root.number("horizonDays", Range.openClosed(0, 366));
            if (start != null && !Double.isNaN(days)
                    && start.plusMillis(Math.round(days * 86_400_000.0)).isAfter(Scenario.LATEST)) {
                problems.add("horizonDays", Range.number(days) + " days from start " + start + " end after "
                        + Scenario.LATEST + ", the end of the supported range " + Scenario.SUPPORTED_RANGE);
            }
            final Node payloadNode = root.object("payload");
            final Payload payload = payloadNode == null ? null : payload(payloadNode);

            final List<SatelliteSpec> satellites = new ArrayList<>();
            final Map<String, String> satelliteOrigins = new HashMap<>();
            final List<Node> satNodes = root.objects("satellites", false);
            for (Node s : satNodes) {
                if (s != null) {
                    satellite(s, payloadNode).ifPresent(spec -> {
                        final String first = satelliteOrigins.putIfAbsent(spec.id(), s.path());
                        if (first != null) {
                            s.problem("id", "'" + spec.id() + "' is already the id of " + first);
                        }
                        satellites.add(spec);
                    });
                }
            }
            final List<WalkerConstellation> constellations = new ArrayList<>();
            final List<Node> constellationNodes = root.objects("constellations", false);
            for (Node c : constellationNodes) {
                if (c != null) {
                    constellation(c, payloadNode, constellations, satellites, satelliteOrigins);
                }
            }
            // an empty list is a mistake; a malformed one has been reported already
            if (satNodes.isEmpty() && constellationNodes.isEmpty() && !malformedList("satellites")
                    && !malformedList("constellations")) {
                problems.add("satellites", "at least one satellite is required (in satellites or constellations)");
            }

            final List<GroundTerminal> terminals = new ArrayList<>();
            final List<Node> gtNodes = root.objects("groundTerminals", true);
            for (Node t : gtNodes) {
                terminals.add(t == null ? null : terminal(t));
            }
            if (root.has("groundTerminals") && gtNodes.isEmpty() && !malformedList("groundTerminals")) {
                problems.add("groundTerminals", "at least one ground terminal is required");
            }
            checkTerminalIds(gtNodes, terminals);

            final List<KeyDemand> demands = demands(declaredIds(gtNodes));
            final WeatherSettings weather = root.optObject("weather").map(w -> weather(w, declaredIds(gtNodes)))
                    .orElse(WeatherSettings.DEFAULTS);
            if (!problems.isEmpty()) {
                return null;
            }
            return new Scenario(name, description, start, Duration.ofMillis(Math.round(days * 86_400_000.0)), payload,
                    satellites, constellations, terminals, demands, weather);
        }

        private boolean malformedList(String key) {
            return root.has(key) && !root.json().get(key).isArray();
        }

        // ---------------------------------------------------------------- payload

        Payload payload(Node n) {
            n.allowOnly(PAYLOAD_KEYS);
            final double wavelengthNm = n.number("wavelengthNm", Range.closed(300, 2000));
            final double txRadius = n.number("transmitApertureRadiusM", Range.openClosed(0, 5));
            final OptionalDouble waist = n.optNumber("beamWaistM", Range.openClosed(0, 5));
            final OptionalDouble divergenceUrad = n.optNumber("divergenceHalfAngleUrad", Range.openClosed(0, 10_000));
            if (n.has("beamWaistM") == n.has("divergenceHalfAngleUrad")) {
                n.problem(null, "give exactly one of beamWaistM or divergenceHalfAngleUrad"
                        + (n.has("beamWaistM") ? ", not both" : ""));
            }
            if (waist.isPresent() && !Double.isNaN(txRadius) && waist.getAsDouble() > 2 * txRadius) {
                n.problem("beamWaistM", waist.getAsDouble() + " m is more than twice the transmit aperture radius "
                        + txRadius + " m: the beam would be almost entirely truncated");
            }
            final double jitterUrad = n.number("pointingJitterUrad", Range.closed(0, 1000));
            final double pulseRate = n.number("pulseRateHz", Range.closed(1e3, 1e11));
            final double qber = n.number("intrinsicQber", Range.closedOpen(0, 0.5));
            final double afterpulse = n.number("afterpulseProbability", Range.closedOpen(0, 1), 0.0);
            final Optional<DecoyIntensities> intensities = n.optObject("intensities").map(this::intensities);
            final double memory = n.number("onboardKeyMemoryBits", Range.positive());
            if (!Double.isNaN(memory) && memory > Long.MAX_VALUE / 2.0) {
                n.problem("onboardKeyMemoryBits", n.json().get("onboardKeyMemoryBits").asText() + " is too large");
            } else if (!Double.isNaN(memory) && memory != Math.rint(memory)) {
                n.problem("onboardKeyMemoryBits", n.json().get("onboardKeyMemoryBits").asText()
                        + " is not a whole number of bits");
            }
            final double repointing = n.number("repointingTimeS", Range.closed(0, 3600), DEFAULT_REPOINTING_S);
            final Optional<SourceSettings> source = n.optObject("source").map(this::source);
            if (intensities.isPresent() && source.isPresent()) {
                n.problem("source", "give either intensities or source, not both (source sets the intensities too)");
            }
            return new Payload(wavelengthNm * 1e-9, txRadius, waist,
                    divergenceUrad.isPresent() ? OptionalDouble.of(divergenceUrad.getAsDouble() * 1e-6)
                            : OptionalDouble.empty(),
                    jitterUrad * 1e-6, pulseRate, qber, afterpulse, intensities, (long) memory, repointing, source);
        }

        /**
         * Fixed decoy-state intensities. Besides the ordering signal &gt; decoy &gt; vacuum ≥ 0, the decoy bounds
         * need signal &gt; decoy + vacuum (Lim, Curty, Walenta, Xu &amp; Zbinden, "Concise security bounds for
         * practical decoy-state QKD", Phys. Rev. A 89, 022307 (2014)), and the key-length model (SatQuMA's
         * protocol constraints) takes mean photon numbers below 1: a scenario outside these would load and
         * then never yield key.
         */
        DecoyIntensities intensities(Node n) {
            n.allowOnly(INTENSITY_KEYS);
            final double signal = n.number("signal", Range.open(0, 1));
            final double decoy = n.number("decoy", Range.open(0, 1));
            final double vacuum = n.number("vacuum", Range.closedOpen(0, 1), 0.0);
            checkIntensityOrder(n, new String[] {"signal", "decoy", "vacuum"}, signal, decoy, vacuum);
            return new DecoyIntensities(signal, decoy, vacuum);
        }

        /** signal &gt; decoy + vacuum and decoy &gt; vacuum, each problem at the key that breaks it (keys: s, d, v). */
        private void checkIntensityOrder(Node n, String[] keys, double signal, double decoy, double vacuum) {
            final String expected = " (expected " + keys[0] + " > " + keys[1] + " + " + keys[2] + " and " + keys[1]
                    + " > " + keys[2] + " ≥ 0)";
            final boolean decoyBelowSignal = !Double.isNaN(signal) && !Double.isNaN(decoy) && signal > decoy;
            final boolean vacuumBelowDecoy = !Double.isNaN(decoy) && !Double.isNaN(vacuum) && decoy > vacuum;
            if (!Double.isNaN(signal) && !Double.isNaN(decoy) && !decoyBelowSignal) {
                n.problem(keys[1], Range.number(decoy) + " is not below the signal intensity " + Range.number(signal)
                        + expected);
            }
            if (!Double.isNaN(decoy) && !Double.isNaN(vacuum) && !vacuumBelowDecoy) {
                n.problem(keys[2], Range.number(vacuum) + " is not below the decoy intensity " + Range.number(decoy)
                        + expected);
            }
            if (decoyBelowSignal && vacuumBelowDecoy && !(signal > decoy + vacuum)) {
                n.problem(keys[0], Range.number(signal) + " is not above decoy + vacuum = " + Range.number(decoy)
                        + " + " + Range.number(vacuum) + expected);
            }
        }

        /**
         * The flown source. Intensities as for {@code intensities} (Lim et al. 2014's decoy bounds); the three
         * intensities must all be sent (P1, P2 and 1 − P1 − P2 &gt; 0); the X-basis probability is capped at 0.99,
         * above which SatQuMA's phase-error floors inflate the key (the reference cases' Px ≤ 0.99 convention).
         */
        SourceSettings source(Node n) {
            n.allowOnly(SOURCE_KEYS);
            final String modeText = n.optString("mode").orElse("fixed").trim().toLowerCase(Locale.ROOT);
            final SourceSettings.Mode mode = switch (modeText) {
                case "fixed" -> SourceSettings.Mode.FIXED;
                case "optimised", "optimized" -> SourceSettings.Mode.OPTIMISED;
                default -> {
                    n.problem("mode", "'" + n.json().get("mode").asText() + "' is not a source mode (expected fixed"
                            + " or optimised)");
                    yield SourceSettings.Mode.FIXED;
                }
            };
            final double signal = n.number("signalIntensity", Range.open(0, 1));
            final double decoy = n.number("decoyIntensity", Range.open(0, 1));
            final double vacuum = n.number("vacuumIntensity", Range.closedOpen(0, 1), 0.0);
            checkIntensityOrder(n, new String[] {"signalIntensity", "decoyIntensity", "vacuumIntensity"}, signal,
                    decoy, vacuum);
            final double p1 = n.number("signalProbability", Range.open(0, 1));
            final double p2 = n.number("decoyProbability", Range.open(0, 1));
            if (!Double.isNaN(p1) && !Double.isNaN(p2) && !(p1 + p2 < 1)) {
                n.problem("decoyProbability", Range.number(p2) + " with signalProbability " + Range.number(p1)
                        + " leaves no pulses for the vacuum intensity (expected signalProbability"
                        + " + decoyProbability < 1)");
            }
            final double px = n.number("xBasisProbability", Range.openClosed(0, 0.99));
            return new SourceSettings(mode, signal, decoy, vacuum, p1, p2, px);
        }

        /**
         * The default payload with a satellite's overrides applied key by key (a mapping such as
         * {@code intensities} is replaced as a whole). A beam given in the override, as a waist or as a
         * divergence, replaces the default's beam in either form.
         */
        Payload payloadWithOverride(Node override, Node defaults) {
            if (defaults == null) {
                return payload(override);
            }
            override.allowOnly(PAYLOAD_KEYS);
            final ObjectNode merged = ((ObjectNode) defaults.json()).deepCopy();
            final boolean overridesBeam = override.json().has("beamWaistM")
                    || override.json().has("divergenceHalfAngleUrad");
            if (overridesBeam) {
                merged.remove("beamWaistM");
                merged.remove("divergenceHalfAngleUrad");
            }
            override.json().fields().forEachRemaining(e -> merged.set(e.getKey(), e.getValue()));
            // The default's own problems are reported once, at payload.*; here keep only the problems that the
            // override's keys cause. Unknown keys of the override were reported by allowOnly above.
            final Problems scratch = new Problems();
            final Payload p = payload(new Node(merged, override.path(), scratch));
            for (ValidationProblem vp : scratch.list()) {
                final boolean relevant;
                if (vp.path().equals(override.path())) {
                    relevant = overridesBeam; // the only whole-payload rule: exactly one beam form
                } else {
                    final String rel = vp.path().substring(override.path().length() + 1).split("[.\\[]")[0];
                    relevant = PAYLOAD_KEYS.contains(rel) && (override.json().has(rel)
                            // the waist is checked against the aperture: a new aperture can break the default waist
                            || rel.equals("beamWaistM") && override.json().has("transmitApertureRadiusM"));
                }
                if (relevant) {
                    problems.add(vp.path(), vp.message());
                }
            }
            return p;
        }

        // ---------------------------------------------------------------- satellites

        Optional<SatelliteSpec> satellite(Node n, Node defaultPayload) {
            n.allowOnly(SATELLITE_KEYS);
            final String id = n.string("id");
            final int sources = (n.has("tle") ? 1 : 0) + (n.has("omm") ? 1 : 0) + (n.has("keplerian") ? 1 : 0);
            if (sources != 1) {
                n.problem(null, "give exactly one orbit source: tle, omm or keplerian (found " + sources + ")");
            }
            OrbitSource orbit = null;
            if (n.has("tle")) {
                orbit = tle(n);
            } else if (n.has("omm")) {
                orbit = omm(n);
            } else if (n.has("keplerian")) {
                orbit = n.optObject("keplerian").map(this::keplerian).orElse(null);
            }
            final Payload payload = n.optObject("payload").map(o -> payloadWithOverride(o, defaultPayload))
                    .orElseGet(() -> defaultPayload == null ? null : payload(new Node(defaultPayload.json(),
                            defaultPayload.path(), new Problems())));
            if (id == null || orbit == null) {
                return Optional.empty();
            }
            return Optional.of(new SatelliteSpec(id, orbit, payload));
        }

        TleOrbit tle(Node n) {
            final String path = n.pathOf("tle");
            final JsonNode value = n.json().get("tle");
            if (!value.isArray() || value.size() != 2) {
                problems.add(path, "expected a list of the 2 lines of a two-line element set, found "
                        + (value.isArray() ? value.size() + (value.size() == 1 ? " entry" : " entries")
                                : Node.kind(value)));
                return null;
            }
            final String[] lines = new String[2];
            for (int i = 0; i < 2; i++) {
                if (value.get(i).isTextual()) {
                    lines[i] = stripEnd(value.get(i).asText());
                } else {
                    problems.add(path + "[" + i + "]", "expected line " + (i + 1) + " of the TLE as quoted text, found "
                            + Node.kind(value.get(i)));
                }
            }
            final String l1 = lines[0];
            final String l2 = lines[1];
            if (l1 == null || l2 == null) {
                return null;
            }
            final int before = problems.size();
            for (String message : TleFormat.check(l1, l2)) {
                final int index = message.startsWith("line 2") ? 1 : 0;
                problems.add(path + "[" + index + "]", message);
            }
            return problems.size() == before ? new TleOrbit(l1, l2) : null;
        }

        OmmOrbit omm(Node n) {
            final String file = n.string("omm");
            if (file == null) {
                return null;
            }
            final Path given;
            try {
                given = Path.of(file);
            } catch (InvalidPathException e) {
                n.problem("omm", "'" + file + "' is not a valid file path: " + e.getReason());
                return null;
            }
            if (baseDir == null && !given.isAbsolute()) {
                n.problem("omm", "'" + file + "' cannot be resolved: this scenario has no directory"
                        + " (load it from a file, or give an absolute path)");
                return null;
            }
            final Path p = baseDir == null ? given : baseDir.resolve(given);
            if (!Files.isRegularFile(p)) {
                n.problem("omm", "file '" + file + "' not found (looked for " + p + ")");
                return null;
            }
            final String content;
            try {
                content = readText(p, OmmFormat.MAX_BYTES, "an OMM");
            } catch (Unreadable e) {
                n.problem("omm", "'" + file + "': " + e.getMessage());
                return null;
            }
            // parsed now, so that a file that is no OMM is reported with the scenario, not at propagation
            final List<String> wrong = OmmFormat.check(content);
            if (!wrong.isEmpty()) {
                n.problem("omm", "'" + file + "' is not a usable CCSDS OMM: " + String.join("; ", wrong));
                return null;
            }
            return new OmmOrbit(file, content);
        }

        KeplerianOrbitSpec keplerian(Node n) {
            n.allowOnly(KEPLERIAN_KEYS);
            final Instant epoch = instant(n, "epoch");
            final double altitudeKm = n.number("altitudeKm", ALTITUDE_KM);
            final double e = n.number("eccentricity", Range.closedOpen(0, 1), 0.0);
            final OptionalDouble inclination = inclination(n, "inclinationDeg");
            final double raan = n.number("raanDeg", ANY_ANGLE);
            final double argp = n.number("argumentOfPerigeeDeg", ANY_ANGLE, 0.0);
            final double nu = n.number("trueAnomalyDeg", ANY_ANGLE);
            if (!Double.isNaN(altitudeKm) && !Double.isNaN(e)) {
                // perigee must stay above the atmosphere's dense layers, or the elements are a typo
                final double perigeeKm = (6378.137 + altitudeKm) * (1 - e) - 6378.137;
                if (perigeeKm < 150) {
                    n.problem("eccentricity", e + " puts the perigee at " + Math.round(perigeeKm)
                            + " km, expected ≥ 150 km");
                }
            }
            return new KeplerianOrbitSpec(epoch, altitudeKm * 1000, e, inclination, Math.toRadians(raan),
                    Math.toRadians(argp), Math.toRadians(nu));
        }

        OptionalDouble inclination(Node n, String key) {
            if (!n.has(key)) {
                n.problem(key, "is required (degrees in [0, 180], or '" + SUN_SYNCHRONOUS + "')");
                return OptionalDouble.empty();
            }
            final JsonNode v = n.json().get(key);
            if (v.isTextual() && v.asText().trim().toLowerCase(Locale.ROOT).equals(SUN_SYNCHRONOUS)) {
                return OptionalDouble.empty();
            }
            if (v.isTextual()) {
                try {
                    Double.parseDouble(v.asText());
                } catch (NumberFormatException ex) {
                    n.problem(key, "'" + v.asText() + "' is neither a number of degrees nor '" + SUN_SYNCHRONOUS + "'");
                    return OptionalDouble.empty();
                }
            }
            final double deg = n.number(key, Range.closed(0, 180));
            return Double.isNaN(deg) ? OptionalDouble.empty() : OptionalDouble.of(Math.toRadians(deg));
        }

        void constellation(Node n, Node defaultPayload, List<WalkerConstellation> out, List<SatelliteSpec> satellites,
                Map<String, String> satelliteOrigins) {
            n.allowOnly(CONSTELLATION_KEYS);
            final String prefix = n.string("idPrefix");
            final Node w = n.object("walker");
            if (w == null) {
                return;
            }
            final int before = problems.size();
            w.allowOnly(WALKER_KEYS);
            final double t = integer(w, "totalSatellites", 1, 10_000);
            final double p = integer(w, "planes", 1, 1_000);
            final double f = integer(w, "phasing", 0, 1_000);
            if (!Double.isNaN(t) && !Double.isNaN(p) && ((int) t) % ((int) p) != 0) {
                w.problem("planes", (int) p + " does not divide totalSatellites " + (int) t
                        + " (every plane holds T/P satellites; divisors of " + (int) t + ": " + divisors((int) t)
                        + ")");
            }
            if (!Double.isNaN(p) && !Double.isNaN(f) && f >= p) {
                w.problem("phasing", (int) f + " is outside [0, planes - 1] = [0, " + ((int) p - 1) + "]");
            }
            final double altitudeKm = w.number("altitudeKm", ALTITUDE_KM);
            final OptionalDouble inclination = inclination(w, "inclinationDeg");
            final double raan0 = w.number("raanOfFirstPlaneDeg", ANY_ANGLE, 0.0);
            final Instant epoch = instant(w, "epoch");
            final int walkerProblems = problems.size(); // counted, not searched: the list may be cut short
            final Payload payload = n.optObject("payload").map(o -> payloadWithOverride(o, defaultPayload))
                    .orElseGet(() -> defaultPayload == null ? null : payload(new Node(defaultPayload.json(),
                            defaultPayload.path(), new Problems())));
            if (prefix == null || walkerProblems > before) {
                return;
            }
            final WalkerConstellation c = new WalkerConstellation(prefix, (int) t, (int) p, (int) f,
                    altitudeKm * 1000, inclination, Math.toRadians(raan0), epoch);
            out.add(c);
            final List<String> clashes = new ArrayList<>();
            String clashesWith = null;
            for (KeplerianSatellite ks : WalkerExpansion.expand(c)) {
                final String first = satelliteOrigins.putIfAbsent(ks.id(), n.path());
                if (first != null) {
                    clashes.add(ks.id());
                    clashesWith = clashesWith == null ? first : clashesWith;
                }
                satellites.add(new SatelliteSpec(ks.id(), ks.orbit(), payload));
            }
            if (!clashes.isEmpty()) {
                final String more = clashes.size() > 1 ? " (and " + (clashes.size() - 1) + " more clashing ids)" : "";
                n.problem("idPrefix", "'" + prefix + "' generates satellite id '" + clashes.get(0)
                        + "', already the id of " + clashesWith + more + "; generated ids are " + prefix
                        + "-<plane>-<slot>");
            }
        }

        private static String divisors(int t) {
            final List<String> out = new ArrayList<>();
            for (int d = 1; d <= t; d++) {
                if (t % d == 0) {
                    out.add(String.valueOf(d));
                }
            }
            return String.join(", ", out);
        }

        double integer(Node n, String key, int min, int max) {
            final double v = n.number(key, Range.closed(min, max));
            if (!Double.isNaN(v) && v != Math.rint(v)) {
                n.problem(key, v + " is not a whole number");
                return Double.NaN;
            }
            return v;
        }

        // ---------------------------------------------------------------- terminals

        GroundTerminal terminal(Node n) {
            n.allowOnly(TERMINAL_KEYS);
            final String id = n.string("id");
            if (id != null && !id.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,31}")) {
                n.problem("id", "'" + id + "' is not a valid id (letters, digits, '_', '.', '-'; at most 32)");
            }
            final String name = n.optString("name").orElse(id);
            final double lat = n.number("latitudeDeg", Range.closed(-90, 90));
            final double lon = n.number("longitudeDeg", Range.closed(-180, 180));
            final double alt = n.number("altitudeM", Range.closed(-500, 9000));
            final double aperture = n.number("receiverApertureRadiusM", Range.openClosed(0, 10));
            final double optics = n.number("opticsEfficiency", EFFICIENCY);
            final double detector = n.number("detectorEfficiency", EFFICIENCY);
            final double dark = n.number("darkCountRateHz", Range.closed(0, 1e7));
            final double fov = n.number("fieldOfViewUrad", Range.openClosed(0, 1e5));
            final double filter = n.number("filterBandwidthNm", Range.openClosed(0, 1000));
            final double gate = n.number("timeGateNs", Range.openClosed(0, 1e6));
            // from the best astronomical sites at night (~1e-16) to strong daytime ground turbulence (~1e-12)
            final double cn2 = n.number("groundCn2", Range.closed(1e-18, 1e-11), GroundTerminal.DEFAULT_GROUND_CN2);
            final double wind = n.number("rmsWindSpeedMps", Range.closed(0, 100),
                    GroundTerminal.DEFAULT_RMS_WIND_SPEED_MPS);
            final double visibility = n.number("visibilityKm", Range.closed(1, 300), GroundTerminal.DEFAULT_VISIBILITY_KM);
            final ElevationMask mask = mask(n);
            final List<Double> clearSky = clearSky(n);
            final List<OperatingWindow> windows = windows(n);
            final List<String> saes = new ArrayList<>();
            final List<JsonNode> saeNodes = n.list("saes", false);
            for (int i = 0; i < saeNodes.size(); i++) {
                final JsonNode s = saeNodes.get(i);
                if (!s.isValueNode() || s.isNull() || s.asText().isBlank()) {
                    problems.add(n.pathOf("saes") + "[" + i + "]", "expected an SAE id, found " + Node.kind(s));
                } else {
                    saes.add(s.asText().trim());
                }
            }
            if (id == null || mask == null || clearSky == null || Double.isNaN(lat + lon + alt + aperture + optics
                    + detector + dark + fov + filter + gate + cn2 + wind + visibility)) {
                return null;
            }
            return new GroundTerminal(id, name, Math.toRadians(lat), Math.toRadians(lon), alt, aperture, optics,
                    detector, dark, fov * 1e-6, filter * 1e-9, gate * 1e-9, mask, clearSky, windows, saes, cn2, wind,
                    visibility);
        }

        ElevationMask mask(Node n) {
            final boolean constant = n.has("elevationMaskDeg");
            final boolean table = n.has("elevationMask");
            if (constant == table) {
                n.problem(null, "give exactly one of elevationMaskDeg (a constant) or elevationMask (an azimuth table)");
                return null;
            }
            if (constant) {
                final double deg = n.number("elevationMaskDeg", Range.closed(-5, 90));
                return Double.isNaN(deg) ? null : ElevationMask.constant(Math.toRadians(deg));
            }
            final List<Node> points = n.objects("elevationMask", true);
            if (points.isEmpty()) {
                n.problem("elevationMask", "needs at least one {azimuthDeg, elevationDeg} point");
                return null;
            }
            final List<ElevationMask.Point> out = new ArrayList<>();
            double previous = -1;
            boolean ok = true;
            for (Node p : points) {
                if (p == null) {
                    ok = false;
                    continue;
                }
                p.allowOnly(MASK_POINT_KEYS);
                final double az = p.number("azimuthDeg", ANGLE_360);
                final double el = p.number("elevationDeg", Range.closed(-5, 90));
                if (Double.isNaN(az) || Double.isNaN(el)) {
                    ok = false;
                    continue;
                }
                if (az <= previous) {
                    p.problem("azimuthDeg", Range.number(az) + " is not above the previous point's "
                            + Range.number(previous) + " (azimuths must increase strictly)");
                    ok = false;
                }
                previous = az;
                out.add(new ElevationMask.Point(Math.toRadians(az), Math.toRadians(el)));
            }
            return ok ? new ElevationMask(out) : null;
        }

        List<Double> clearSky(Node n) {
            final List<JsonNode> values = n.list("clearSkyFractionByMonth", true);
            if (!n.has("clearSkyFractionByMonth") || !n.json().get("clearSkyFractionByMonth").isArray()) {
                return null; // reported by list()
            }
            final String path = n.pathOf("clearSkyFractionByMonth");
            if (values.size() != 12) {
                problems.add(path, "has " + values.size() + " values, expected 12 (January to December)");
                return null;
            }
            final List<Double> out = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                final double v = Node.numberAt(values.get(i), path + "[" + i + "]", Range.closed(0, 1), problems);
                out.add(v);
            }
            return out.stream().anyMatch(d -> Double.isNaN(d)) ? null : out;
        }

        List<OperatingWindow> windows(Node n) {
            final List<OperatingWindow> out = new ArrayList<>();
            for (Node w : n.objects("operatingWindows", false)) {
                if (w == null) {
                    continue;
                }
                w.allowOnly(WINDOW_KEYS);
                final LocalTime from = timeOfDay(w, "from");
                final LocalTime to = timeOfDay(w, "to");
                if (from != null && to != null) {
                    out.add(new OperatingWindow(from, to));
                }
            }
            return out;
        }

        LocalTime timeOfDay(Node n, String key) {
            final String s = n.string(key);
            if (s == null) {
                return null;
            }
            if (!s.matches("\\d{2}:\\d{2}")) {
                n.problem(key, "'" + s + "' is not a UTC time of day in the form HH:mm (e.g. \"16:00\")");
                return null;
            }
            try {
                return LocalTime.parse(s);
            } catch (DateTimeParseException e) {
                n.problem(key, "'" + s + "' is not a valid time of day (00:00 to 23:59)");
                return null;
            }
        }

        void checkTerminalIds(List<Node> nodes, List<GroundTerminal> terminals) {
            final Map<String, Integer> ids = new HashMap<>();
            final Map<String, String> saeOwner = new HashMap<>();
            for (int i = 0; i < terminals.size(); i++) {
                final GroundTerminal t = terminals.get(i);
                if (t == null) {
                    continue;
                }
                final Integer first = ids.putIfAbsent(t.id(), i);
                if (first != null) {
                    problems.add(nodes.get(i).pathOf("id"), "'" + t.id() + "' is already the id of groundTerminals["
                            + first + "]");
                }
                for (int k = 0; k < t.saes().size(); k++) {
                    final String owner = saeOwner.putIfAbsent(t.saes().get(k), t.id());
                    if (owner != null) {
                        problems.add(nodes.get(i).pathOf("saes") + "[" + k + "]", "SAE id '" + t.saes().get(k)
                                + "' is already used by terminal " + owner + " (SAE ids must be unique)");
                    }
                }
            }
        }

        // ---------------------------------------------------------------- demands

        /**
         * The ids written in the terminal entries, valid or not: a demand naming a terminal whose entry has other
         * problems is not reported again, while a demand naming no entry at all is. Null when an entry's id
         * cannot be read, so that unknown terminals are not reported at all.
         */
        Set<String> declaredIds(List<Node> terminalNodes) {
            if (malformedList("groundTerminals") || !root.has("groundTerminals")) {
                return null;
            }
            final Set<String> ids = new HashSet<>();
            for (Node t : terminalNodes) {
                if (t == null || !t.has("id") || !t.json().get("id").isValueNode()) {
                    return null; // an entry without a readable id: cannot tell which ids are meant
                }
                ids.add(t.json().get("id").asText().trim());
            }
            return ids;
        }

        List<KeyDemand> demands(Set<String> known) {
            final List<KeyDemand> out = new ArrayList<>();
            // the scenario-wide default of a demand's `per`; a bad value is reported once, here
            final KeyDemand.Period fallback = period(root, "demandPeriod").orElse(KeyDemand.Period.HORIZON);
            final Map<String, Integer> pairs = new HashMap<>();
            final List<Node> nodes = root.objects("demands", false);
            for (int i = 0; i < nodes.size(); i++) {
                final Node d = nodes.get(i);
                if (d == null) {
                    continue;
                }
                d.allowOnly(DEMAND_KEYS);
                final List<JsonNode> between = d.list("between", true);
                String a = null;
                String b = null;
                if (d.has("between") && d.json().get("between").isArray() && between.size() != 2) {
                    d.problem("between", "expected two terminal ids [A, B], found " + between.size());
                } else if (between.size() == 2) {
                    a = terminalRef(d, 0, between.get(0), known);
                    b = terminalRef(d, 1, between.get(1), known);
                    if (a != null && a.equals(b)) {
                        d.problem("between", "names terminal '" + a + "' twice; a demand joins two different terminals");
                        a = null;
                    }
                }
                final double bits = d.number("bitsPerDay", Range.positive());
                final double priority = d.number("priority", Range.openClosed(0, 1000));
                final Optional<KeyDemand.Period> per = d.has("per") ? period(d, "per") : Optional.of(fallback);
                if (a != null && b != null && !Double.isNaN(bits) && !Double.isNaN(priority) && per.isPresent()) {
                    final KeyDemand demand = new KeyDemand(a, b, bits, priority, per.get());
                    final Integer first = pairs.putIfAbsent(demand.pairId(), i);
                    if (first != null) {
                        d.problem("between", "pair " + demand.pairId() + " already has a demand at demands[" + first
                                + "]; merge them");
                    }
                    out.add(demand);
                }
            }
            return out;
        }

        /** The period at {@code key} of {@code n}: empty when absent or (reported) not {@code day}/{@code horizon}. */
        private Optional<KeyDemand.Period> period(Node n, String key) {
            if (!n.has(key)) {
                return Optional.empty();
            }
            final JsonNode v = n.json().get(key);
            if (v.isTextual()) {
                for (KeyDemand.Period p : KeyDemand.Period.values()) {
                    if (p.yamlName().equals(v.asText().trim())) {
                        return Optional.of(p);
                    }
                }
                n.problem(key, "'" + YamlGuard.shown(v.asText()) + "' is not a demand period; expected day or horizon");
            } else {
                n.problem(key, "expected day or horizon, found " + Node.kind(v));
            }
            return Optional.empty();
        }

        private String terminalRef(Node d, int index, JsonNode v, Set<String> known) {
            final String path = d.pathOf("between") + "[" + index + "]";
            if (!v.isValueNode() || v.isNull()) {
                problems.add(path, "expected a terminal id, found " + Node.kind(v));
                return null;
            }
            final String id = v.asText().trim();
            if (known == null) {
                return null; // the terminal list has problems of its own; don't guess
            }
            if (!known.contains(id)) {
                problems.add(path, "'" + id + "' is not a ground terminal of this scenario"
                        + Node.suggestion(id, known));
                return null;
            }
            return id;
        }

        // ---------------------------------------------------------------- weather

        /** The weather model's settings; hours and km in the YAML, seconds and metres in the record. */
        WeatherSettings weather(Node w, Set<String> knownTerminals) {
            w.allowOnly(WEATHER_KEYS);
            Long seed = null;
            if (w.has("seed")) {
                final JsonNode v = w.json().get("seed");
                if (v.isIntegralNumber() && v.canConvertToLong()) {
                    seed = v.asLong();
                } else {
                    w.problem("seed", "expected a whole number (a 64-bit seed), found " + Node.kind(v));
                }
            }
            final OptionalDouble tauH = w.optNumber("correlationTimeHours", Range.openClosed(0, MAX_HOURS));
            final Map<String, Double> tauById = new java.util.TreeMap<>();
            w.optObject("correlationTimeHoursByTerminal").ifPresent(m -> {
                final java.util.Iterator<String> ids = m.json().fieldNames();
                while (ids.hasNext()) {
                    final String id = ids.next();
                    if (knownTerminals != null && !knownTerminals.contains(id)) {
                        m.problem(id, "'" + id + "' is not a ground terminal of this scenario"
                                + Node.suggestion(id, knownTerminals));
                        continue;
                    }
                    final OptionalDouble h = m.optNumber(id, Range.openClosed(0, MAX_HOURS));
                    h.ifPresent(hours -> tauById.put(id, hours * 3600));
                }
            });
            final OptionalDouble lengthKm = w.optNumber("correlationLengthKm", Range.closed(0, 20_000));
            WeatherSettings.Forecast forecast = WeatherSettings.Forecast.DEFAULT;
            if (w.has("forecast")) {
                final JsonNode f = w.json().get("forecast");
                if (f.isTextual()) {
                    forecast = WeatherSettings.Forecast.preset(f.asText()).orElse(null);
                    if (forecast == null) {
                        w.problem("forecast", "'" + YamlGuard.shown(f.asText()) + "' is not a forecast preset; expected "
                                + "one of " + WeatherSettings.Forecast.PRESET_NAMES
                                + " or a mapping {brierSkill, skillDecayHours, horizonHours}");
                        forecast = WeatherSettings.Forecast.DEFAULT;
                    }
                } else if (f.isObject()) {
                    final Node n = w.optObject("forecast").orElseThrow();
                    n.allowOnly(FORECAST_KEYS);
                    final OptionalDouble skill = n.optNumber("brierSkill", Range.closed(0, 1));
                    final OptionalDouble decayH = n.optNumber("skillDecayHours", Range.openClosed(0, MAX_HOURS));
                    final OptionalDouble horizonH = n.optNumber("horizonHours", Range.closed(0, MAX_HOURS));
                    forecast = new WeatherSettings.Forecast(boxed(skill, 1), boxed(decayH, 3600),
                            boxed(horizonH, 3600));
                } else {
                    w.problem("forecast", "expected a preset " + WeatherSettings.Forecast.PRESET_NAMES
                            + " or a mapping {brierSkill, skillDecayHours, horizonHours}, found " + Node.kind(f));
                }
            }
            return new WeatherSettings(seed, boxed(tauH, 3600), tauById, boxed(lengthKm, 1000), forecast);
        }

        private static Double boxed(OptionalDouble v, double scale) {
            return v.isPresent() ? v.getAsDouble() * scale : null;
        }

        // ---------------------------------------------------------------- helpers

        Instant instant(Node n, String key) {
            final String s = n.string(key);
            if (s == null) {
                return null;
            }
            final Instant t;
            try {
                t = Instant.parse(s);
            } catch (DateTimeParseException e) {
                n.problem(key, "'" + YamlGuard.shown(s)
                        + "' is not an ISO-8601 UTC instant (expected e.g. 2026-12-01T00:00:00Z)");
                return null;
            }
            if (!Scenario.supports(t)) {
                n.problem(key, "'" + s + "' is outside the supported range " + Scenario.SUPPORTED_RANGE);
                return null;
            }
            return t;
        }

        private static String stripEnd(String s) {
            return s.stripTrailing();
        }
    }
}
