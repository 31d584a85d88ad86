package org.keyfleet.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.keyfleet.scenarios.ScenarioYaml.example;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

/**
 * The JSON Schema of scenarios: a valid draft 2020-12 schema, accepting every scenario in the repository,
 * refusing structural mistakes on its own with the loader's messages, and declaring the same keys as the loader.
 */
class ScenarioSchemaTest {

    private static final YAMLMapper YAML = new YAMLMapper();

    private static final String WALKER = "[{idPrefix: W, walker: {totalSatellites: 12, planes: 4, phasing: 1,"
            + " altitudeKm: 550, inclinationDeg: sun-synchronous, raanOfFirstPlaneDeg: 0,"
            + " epoch: 2026-12-01T00:00:00Z}}]";
    private static final String KEPLERIAN = "{epoch: 2026-12-01T00:00:00Z, altitudeKm: 525, eccentricity: 0.001,"
            + " inclinationDeg: 97.5, raanDeg: 45, argumentOfPerigeeDeg: 0, trueAnomalyDeg: 0}";

    @Test
    void theSchemaIsAValidDraft202012Schema() {
        final List<Error> errors = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"))
                .validate(ScenarioSchema.document());
        assertThat(errors).isEmpty();
        assertThat(ScenarioSchema.document().path("$schema").asText())
                .isEqualTo("https://json-schema.org/draft/2020-12/schema");
    }

    /** Every scenario file of the repository (shipped and test) and the shared example. */
    static Stream<Arguments> scenarioFiles() throws IOException {
        final List<Arguments> out = new ArrayList<>();
        for (String name : ScenarioCatalogue.shippedNames()) {
            out.add(Arguments.of("catalogue/" + name, ScenarioCatalogue.shippedYaml(name)));
        }
        final Path shared = Path.of(System.getProperty("keyfleet.shared", "../../shared"));
        for (Path p : List.of(Path.of("../ui/src/test/resources/org/keyfleet/app/runtime/twin-test.yaml"),
                Path.of("../contact-planner/src/test/resources/org/keyfleet/planner/job/two-satellites.yaml"),
                shared.resolve("scenario-example.yaml"))) {
            if (Files.isRegularFile(p)) {
                out.add(Arguments.of(p.toString(), Files.readString(p)));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarioFiles")
    void everyScenarioInTheRepositoryMatchesTheSchema(String name, String yaml) throws IOException {
        assertThat(ScenarioSchema.problems(YAML.readTree(yaml))).isEmpty();
    }

    @Test
    void everyShippedScenarioPointsEditorsAtTheSchema() {
        for (String name : ScenarioCatalogue.shippedNames()) {
            final String first = ScenarioCatalogue.shippedYaml(name).lines().findFirst().orElse("");
            assertThat(first).as(name).isEqualTo("# yaml-language-server: $schema=../scenario.schema.json");
            // relative to the catalogue folder, the comment names the schema resource
            assertThat(Path.of("org/keyfleet/scenarios/catalogue").resolve("../scenario.schema.json").normalize())
                    .isEqualTo(Path.of(ScenarioSchema.RESOURCE));
            assertThat(Files.isRegularFile(Path.of("src/main/resources/org/keyfleet/scenarios/catalogue")
                    .resolve("../scenario.schema.json"))).as(name).isTrue();
        }
    }

    @Test
    void theLoadersLeniencyIsTheSchemas() {
        // quoted numbers, a number where text is expected, an empty optional value, padded words
        final ScenarioYaml y = example().set("groundTerminals[0].latitudeDeg", "45.5").set("name", 2026)
                .set("groundTerminals[1].darkCountRateHz", "100").setYaml("description", "~")
                .set("demandPeriod", " day ").set("satellites[0].id", 7);
        assertThat(ScenarioSchema.problems(tree(y))).isEmpty();
        assertThat(y.load()).isNotNull();
    }

    private static Arguments broken(String name, UnaryOperator<ScenarioYaml> edit, String path, String message) {
        return Arguments.of(name, edit, path, message);
    }

    /** Structural mistakes: the schema alone finds each, at the loader's path, with the loader's message. */
    static Stream<Arguments> brokenScenarios() {
        return Stream.of(
                broken("unknown top key", y -> y.set("descripton", "x"), "descripton",
                        "unknown key, did you mean 'description'?"),
                broken("unknown terminal key", y -> y.set("groundTerminals[0].latitudeDg", 1),
                        "groundTerminals[0].latitudeDg", "unknown key, did you mean 'latitudeDeg'?"),
                broken("unknown window key, far from all", y -> y.set("groundTerminals[1].operatingWindows[0].until",
                        "07:00"), "groundTerminals[1].operatingWindows[0].until",
                        "unknown key, expected one of [from, to]"),
                broken("unknown override key", y -> y.setYaml("satellites[0].payload", "{wavelenghtNm: 1550}"),
                        "satellites[0].payload.wavelenghtNm", "unknown key, did you mean 'wavelengthNm'?"),
                broken("unknown forecast key", y -> y.setYaml("weather", "{forecast: {brierSkil: 0.5}}"),
                        "weather.forecast.brierSkil", "unknown key, did you mean 'brierSkill'?"),
                broken("required key", y -> y.remove("groundTerminals[1].receiverApertureRadiusM"),
                        "groundTerminals[1].receiverApertureRadiusM", "is required"),
                broken("empty value is missing", y -> y.setNull("payload.pulseRateHz"), "payload.pulseRateHz",
                        "is required"),
                broken("range, as written", y -> y.set("groundTerminals[0].latitudeDeg", "123.50"),
                        "groundTerminals[0].latitudeDeg", "123.50 is outside [-90, 90]"),
                broken("half-open range", y -> y.set("payload.intrinsicQber", 0.5), "payload.intrinsicQber",
                        "0.5 is outside [0, 0.5)"),
                broken("positive", y -> y.set("demands[0].bitsPerDay", 0), "demands[0].bitsPerDay",
                        "0 is not > 0, expected a positive number"),
                broken("range in a list", y -> y.set("groundTerminals[0].clearSkyFractionByMonth[4]", 1.5),
                        "groundTerminals[0].clearSkyFractionByMonth[4]", "1.5 is outside [0, 1]"),
                broken("not a number", y -> y.set("groundTerminals[0].latitudeDeg", "north"),
                        "groundTerminals[0].latitudeDeg", "'north' is not a number"),
                broken("boolean for a number", y -> y.set("groundTerminals[0].longitudeDeg", true),
                        "groundTerminals[0].longitudeDeg", "expected a number, found the boolean true"),
                broken("mapping expected", y -> y.set("payload", 5), "payload",
                        "expected a mapping (key: value), found the number 5"),
                broken("list expected", y -> y.set("groundTerminals", Map.of("id", "MAD")), "groundTerminals",
                        "expected a list, found a mapping"),
                broken("text expected", y -> y.set("name", List.of("a", "b")), "name",
                        "expected a text value, found a list"),
                broken("empty text", y -> y.set("groundTerminals[0].name", " "), "groundTerminals[0].name",
                        "must not be empty"),
                broken("whole number", y -> y.setYaml("constellations", WALKER)
                        .set("constellations[0].walker.totalSatellites", 12.5),
                        "constellations[0].walker.totalSatellites", "12.5 is not a whole number"),
                broken("twelve months", y -> y.remove("groundTerminals[1].clearSkyFractionByMonth[11]"),
                        "groundTerminals[1].clearSkyFractionByMonth", "has 11 entries, expected 12"),
                broken("two TLE lines", y -> y.remove("satellites[0].tle[1]"), "satellites[0].tle",
                        "has 1 entry, expected 2"),
                broken("demand period", y -> y.set("demands[1].per", "week"), "demands[1].per",
                        "'week' is not one of day or horizon"),
                broken("forecast preset", y -> y.setYaml("weather", "{forecast: sunny}"), "weather.forecast",
                        "'sunny' is not one of default, climatology or perfect-24h"),
                broken("terminal id form", y -> y.set("groundTerminals[2].id", "NIC OS"), "groundTerminals[2].id",
                        "'NIC OS' does not have the expected form (Terminal id: 1 to 32 of"),
                broken("time of day", y -> y.set("groundTerminals[1].operatingWindows[0].to", "24:00"),
                        "groundTerminals[1].operatingWindows[0].to", "'24:00' does not have the expected form"),
                broken("no orbit source", y -> y.remove("satellites[0].tle"), "satellites[0]",
                        "give exactly one of tle, omm or keplerian (found 0)"),
                broken("two orbit sources", y -> y.setYaml("satellites[0].keplerian", KEPLERIAN), "satellites[0]",
                        "give exactly one of tle, omm or keplerian (found 2)"),
                broken("both beam forms", y -> y.set("payload.divergenceHalfAngleUrad", 10), "payload",
                        "give exactly one of beamWaistM or divergenceHalfAngleUrad"),
                broken("both beam forms in an override", y -> y.setYaml("satellites[0].payload",
                        "{beamWaistM: 0.1, divergenceHalfAngleUrad: 10}"), "satellites[0].payload",
                        "give exactly one of beamWaistM or divergenceHalfAngleUrad, not both"),
                broken("mask given twice", y -> y.set("groundTerminals[1].elevationMaskDeg", 10), "groundTerminals[1]",
                        "give exactly one of elevationMaskDeg or elevationMask (found 2)"),
                broken("no satellite at all", y -> y.remove("satellites"), "",
                        "give at least one of satellites or constellations, not empty"),
                broken("inclination word", y -> keplerian(y).set("satellites[0].keplerian.inclinationDeg", "polar"),
                        "satellites[0].keplerian.inclinationDeg", "'polar' does not have the expected form"));
    }

    private static ScenarioYaml keplerian(ScenarioYaml y) {
        return y.remove("satellites[0].tle").setYaml("satellites[0].keplerian", KEPLERIAN);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenScenarios")
    void theSchemaAloneRefusesAStructuralMistakeAtTheLoadersPath(String name, UnaryOperator<ScenarioYaml> edit,
            String path, String message) {
        final ScenarioYaml y = edit.apply(example());
        final List<String> schemaOnly = ScenarioSchema.problems(tree(y)).stream()
                .map(f -> f.problem().toString()).toList();
        assertThat(schemaOnly).anySatisfy(p -> assertThat(p).startsWith(path.isEmpty() ? message : path + ": " + message));
        // and the loader refuses the file at that path too
        assertThat(y.problems()).extracting(ValidationProblem::path).contains(path.isEmpty() ? "satellites" : path);
    }

    @Test
    void aProblemOnlyTheSchemaFindsIsReportedByTheLoader() {
        final Problems problems = new Problems();
        ScenarioLoader.addStructuralProblems(tree(example().set("groundTerminals[0].latitudeDeg", 91)), problems);
        assertThat(ScenarioYaml.rendered(problems.list()))
                .containsExactly("groundTerminals[0].latitudeDeg: 91 is outside [-90, 90]");
    }

    /** Each mapping of the format, as the loader's key set and the schema's definition. */
    static Stream<Arguments> keySets() {
        return Stream.of(
                Arguments.of("", ScenarioLoader.TOP_KEYS),
                Arguments.of("/$defs/payloadOverride", ScenarioLoader.PAYLOAD_KEYS),
                Arguments.of("/$defs/payload", ScenarioLoader.PAYLOAD_KEYS),
                Arguments.of("/$defs/intensities", ScenarioLoader.INTENSITY_KEYS),
                Arguments.of("/$defs/source", ScenarioLoader.SOURCE_KEYS),
                Arguments.of("/$defs/satellite", ScenarioLoader.SATELLITE_KEYS),
                Arguments.of("/$defs/keplerian", ScenarioLoader.KEPLERIAN_KEYS),
                Arguments.of("/$defs/constellation", ScenarioLoader.CONSTELLATION_KEYS),
                Arguments.of("/$defs/walker", ScenarioLoader.WALKER_KEYS),
                Arguments.of("/$defs/groundTerminal", ScenarioLoader.TERMINAL_KEYS),
                Arguments.of("/$defs/maskPoint", ScenarioLoader.MASK_POINT_KEYS),
                Arguments.of("/$defs/operatingWindow", ScenarioLoader.WINDOW_KEYS),
                Arguments.of("/$defs/demand", ScenarioLoader.DEMAND_KEYS),
                Arguments.of("/$defs/weather", ScenarioLoader.WEATHER_KEYS),
                Arguments.of("/$defs/forecast", ScenarioLoader.FORECAST_KEYS));
    }

    @ParameterizedTest(name = "schema #{0}")
    @MethodSource("keySets")
    void theSchemaAndTheLoaderKnowTheSameKeys(String pointer, Set<String> loaderKeys) {
        final JsonNode def = ScenarioSchema.document().at(pointer);
        assertThat(ScenarioSchema.propertyNames(def)).isEqualTo(new TreeSet<>(loaderKeys));
    }

    @Test
    void everyMappingOfTheSchemaIsCheckedAgainstTheLoader() {
        // a new $defs entry with properties must be added to keySets() above
        final Set<String> defs = new TreeSet<>();
        ScenarioSchema.document().path("$defs").fields().forEachRemaining(e -> {
            if (e.getValue().has("properties") || e.getValue().has("$ref")) {
                defs.add("/$defs/" + e.getKey());
            }
        });
        final Set<String> checked = new TreeSet<>();
        keySets().forEach(a -> checked.add((String) a.get()[0]));
        checked.remove("");
        assertThat(defs).isEqualTo(checked);
    }

    @Test
    void everyPropertyHasADescriptionAndEveryMappingRefusesUnknownKeys() {
        final List<String> missing = new ArrayList<>();
        walk(ScenarioSchema.document(), "", missing);
        assertThat(missing).isEmpty();
    }

    private static void walk(JsonNode schema, String pointer, List<String> missing) {
        if (schema.has("properties")) {
            if (!schema.path("additionalProperties").isBoolean() || schema.get("additionalProperties").asBoolean()) {
                missing.add(pointer + ": no additionalProperties: false");
            }
            schema.get("properties").fields().forEachRemaining(e -> {
                if (!e.getValue().hasNonNull("description")) {
                    missing.add(pointer + "/properties/" + e.getKey() + ": no description");
                }
                walk(e.getValue(), pointer + "/properties/" + e.getKey(), missing);
            });
        }
        schema.path("$defs").fields().forEachRemaining(e -> walk(e.getValue(), "/$defs/" + e.getKey(), missing));
    }

    private static JsonNode tree(ScenarioYaml y) {
        try {
            return YAML.readTree(y.text());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
