package org.keyfleet.linkbudget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key-length case API the CLI calls: loading, fixed and optimised evaluation, JSON output, bad input. */
class KeyLengthCaseTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CASE = "A_th60__th60_Pec1e-07_QBERI0.005_ls6_dt218.json";

    private static Path shipped() {
        return SharedReference.satquma().resolve("cases").resolve(CASE);
    }

    /** A copy of the shipped case next to a copy of its loss profile, edited. */
    private static Path edited(Path dir, Consumer<ObjectNode> edit) throws Exception {
        final ObjectNode root = (ObjectNode) JSON.readTree(shipped().toFile());
        final Path profile = SharedReference.satquma().resolve(root.get("loss_profile_file").asText());
        Files.createDirectories(dir.resolve("profiles"));
        Files.copy(profile, dir.resolve("profiles/pass.csv"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        root.put("loss_profile_file", "profiles/pass.csv");
        edit.accept(root);
        final Path file = dir.resolve("case.json");
        JSON.writeValue(file.toFile(), root);
        return file;
    }

    @Test
    void fixedEvaluationReproducesSatQuMaAndPrintsJson() throws Exception {
        final KeyLengthCase c = KeyLengthCase.load(shipped());
        assertThat(c.dtHalfWindow()).isEqualTo(218);
        final KeyLengthCaseResult r = c.evaluateFixed();
        assertThat(r.parameterSource()).isEqualTo("satquma_output");
        final double satQuMa = c.satQuMaKeyBits().orElseThrow();
        assertThat(r.key().secretKeyBits()).isCloseTo(satQuMa, within(1e-9 * satQuMa));
        final JsonNode json = JSON.readTree(r.toJson());
        assertThat(json.get("skl_bits").asDouble()).isEqualTo(r.key().secretKeyBits());
        assertThat(json.get("qber_x").asDouble()).isEqualTo(r.key().qberX());
        assertThat(json.get("phi_x").asDouble()).isEqualTo(r.key().phiX());
        assertThat(json.get("parameters").get("Px").asDouble()).isEqualTo(r.key().parameters().px());
        assertThat(json.get("parameters").get("P3").asDouble()).isEqualTo(r.key().parameters().p3());
        assertThat(json.get("window").get("slots").asInt()).isEqualTo(437);
        assertThat(json.get("settings").get("boundFunc").asText()).isEqualTo("Chernoff");
        assertThat(json.get("mode").asText()).isEqualTo("fixed");
    }

    @Test
    void givenParametersWinAndProfilesResolveRelativeToTheCase(@TempDir Path dir) throws Exception {
        final Path file = edited(dir, root -> {
            final ObjectNode p = ((ObjectNode) root.get("inputs")).putObject("protocol_parameters");
            p.put("Px", 0.7611).put("P1", 0.7501).put("P2", 0.1749).put("mu1", 0.7921).put("mu2", 0.1707);
        });
        final KeyLengthCaseResult r = KeyLengthCase.load(file).evaluateFixed();
        assertThat(r.parameterSource()).isEqualTo("case_input");
        assertThat(r.key().parameters().px()).isEqualTo(0.7611);
        // the same key as evaluating by hand
        final KeyLengthCase c = KeyLengthCase.load(file);
        assertThat(r.key().secretKeyBits()).isEqualTo(KeyLength.evaluate(c.profile(), c.window().from(),
                c.window().to(), r.key().parameters(), c.settings()).secretKeyBits());
        assertThat(r.key().secretKeyBits()).isLessThan(c.referenceKeyBits().orElseThrow());
    }

    @Test
    void optimisationReachesTheReferenceAndTheWindowCanOnlyHelp() {
        final KeyLengthCase c = KeyLengthCase.load(shipped());
        final KeyLengthCaseResult opt = c.optimise(false);
        final KeyLengthCaseResult win = c.optimise(true);
        final double ref = c.referenceKeyBits().orElseThrow();
        assertThat(opt.key().secretKeyBits()).isGreaterThanOrEqualTo(0.99 * ref);
        assertThat(win.key().secretKeyBits()).isGreaterThanOrEqualTo(0.999 * opt.key().secretKeyBits());
        assertThat(win.dtHalfWindow()).isLessThanOrEqualTo(218);
        assertThat(win.mode()).isEqualTo("optimised+window");
        assertThat(opt.toJsonNode().get("ratio_to_reference").asDouble()).isGreaterThanOrEqualTo(0.99);
    }

    @Test
    void asymptoticCasesUseBlockErrorCorrectionAsSatQuMaForcesIt(@TempDir Path dir) throws Exception {
        final Path file = edited(dir, r -> ((ObjectNode) r.get("inputs").get("advanced"))
                .put("boundFunc", "Asymptotic").put("errcorrFunc", "logM"));
        final KeyLengthCase c = KeyLengthCase.load(file);
        assertThat(c.settings().tailBound()).isEqualTo(TailBound.ASYMPTOTIC);
        assertThat(c.settings().errorCorrection()).isEqualTo(ErrorCorrection.BLOCK);
        // the asymptotic key exceeds the finite one at the same parameters
        final KeyLengthCase finite = KeyLengthCase.load(shipped());
        assertThat(c.evaluateFixed().key().secretKeyBits()).isGreaterThan(finite.evaluateFixed().key().secretKeyBits());
    }

    @Test
    void badInputNamesTheField(@TempDir Path dir) throws Exception {
        SharedReference.satquma(); // skip here, not inside the assertions below, when the reference is absent
        assertThatThrownBy(() -> KeyLengthCase.load(edited(dir, r ->
                ((ObjectNode) r.get("inputs").get("channel")).put("aR_radius_m", -0.6))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("inputs.channel.aR_radius_m").hasMessageContaining("-0.6");
        assertThatThrownBy(() -> KeyLengthCase.load(edited(dir, r ->
                ((ObjectNode) r.get("inputs").get("channel")).put("eta_sys", 1.3))))
                .hasMessageContaining("inputs.channel.eta_sys").hasMessageContaining("(0, 1]");
        assertThatThrownBy(() -> KeyLengthCase.load(edited(dir, r ->
                ((ObjectNode) r.get("inputs")).put("Pec", -1e-7))))
                .hasMessageContaining("inputs.Pec").hasMessageContaining("-1.0E-7");
        assertThatThrownBy(() -> KeyLengthCase.load(edited(dir, r ->
                ((ObjectNode) r.get("inputs")).put("QBERI", 0.7))))
                .hasMessageContaining("inputs.QBERI");
        assertThatThrownBy(() -> KeyLengthCase.load(edited(dir, r ->
                ((ObjectNode) r.get("inputs")).put("fs_Hz", 0))))
                .hasMessageContaining("inputs.fs_Hz");
        assertThatThrownBy(() -> KeyLengthCase.load(edited(dir, r ->
                ((ObjectNode) r.get("inputs").get("optimiser_bounds")).putArray("mu2").add(0.5).add(0.1))))
                .hasMessageContaining("mu2");
        assertThatThrownBy(() -> KeyLengthCase.load(edited(dir, r -> r.put("loss_profile_file", "nowhere.csv"))))
                .hasMessageContaining("nowhere.csv");
    }

    @Test
    void aMissingLossProfileNamesEveryFolderSearched(@TempDir Path dir) throws Exception {
        final Path file = edited(Files.createDirectories(dir.resolve("cases")), r ->
                r.put("loss_profile_file", "profiles/missing.csv"));
        assertThatThrownBy(() -> KeyLengthCase.load(file)).isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessageContaining("loss_profile_file 'profiles/missing.csv'")
                .hasMessageContaining(dir.resolve("cases") + " (the case file's folder)")
                .hasMessageContaining(dir + " (its parent)")
                .hasMessageContaining(dir.resolve("cases/profiles/missing.csv").toString())
                .hasMessageContaining(dir.resolve("profiles/missing.csv").toString());
        // the parent folder is searched: the same name there is found (the reference layout)
        Files.createDirectories(dir.resolve("profiles"));
        Files.copy(dir.resolve("cases/profiles/pass.csv"), dir.resolve("profiles/missing.csv"));
        assertThat(KeyLengthCase.load(file).dtHalfWindow()).isEqualTo(218);
    }

    @Test
    void fixedParametersAboveThePxCapWarnAndOthersDoNot(@TempDir Path dir) throws Exception {
        for (double px : new double[] {0.995, 0.99, 0.9}) {
            final Path file = edited(dir, root -> ((ObjectNode) root.get("inputs")).putObject("protocol_parameters")
                    .put("Px", px).put("P1", 0.75).put("P2", 0.17).put("mu1", 0.79).put("mu2", 0.17));
            final KeyLengthCaseResult r = KeyLengthCase.load(file).evaluateFixed();
            final JsonNode json = JSON.readTree(r.toJson());
            if (px > ParameterBounds.PX_CAP) {
                assertThat(r.warnings()).singleElement().asString().contains("Px " + px, "Px <= 0.99");
                assertThat(json.get("warnings").get(0).asText()).isEqualTo(r.warnings().get(0));
            } else {
                assertThat(r.warnings()).as("Px %s", px).isEmpty();
                assertThat(json.has("warnings")).isFalse();
            }
        }
        // the optimiser keeps to the cap, so an optimised result never warns
        assertThat(KeyLengthCase.load(shipped()).optimise(false).warnings()).isEmpty();
    }

    @Test
    void lossProfilesWithGapsOrBadEfficienciesAreRejected(@TempDir Path dir) throws Exception {
        final Path file = edited(dir, r -> { });
        final Path csv = dir.resolve("profiles/pass.csv");
        final List<String> lines = Files.readAllLines(csv);
        // drop the row for t = 100 s
        Files.write(csv, lines.stream().filter(l -> !l.startsWith("100,")).toList());
        assertThatThrownBy(() -> KeyLengthCase.load(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gap between t = 101.0 s and t = 99.0 s");
        Files.write(csv, lines.stream().map(l -> l.startsWith("7,") ? "7,1.5,1.2" : l).toList());
        assertThatThrownBy(() -> KeyLengthCase.load(file)).hasMessageContaining("eta_tot 1.2")
                .hasMessageContaining("(0, 1]");
        Files.write(csv, lines.stream().map(l -> l.startsWith("7,") ? "7,1.5,-0.01" : l).toList());
        assertThatThrownBy(() -> KeyLengthCase.load(file)).hasMessageContaining("eta_tot -0.01");
        Files.write(csv, lines.stream().filter(l -> !l.startsWith("0,")).toList());
        assertThatThrownBy(() -> KeyLengthCase.load(file)).hasMessageContaining("gap");
    }
}
