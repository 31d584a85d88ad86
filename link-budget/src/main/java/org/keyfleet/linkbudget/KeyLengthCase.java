package org.keyfleet.linkbudget;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One key-length case in the shape of SatQuMA's reference cases ({@code reference/satquma/cases/*.json}): a
 * time-resolved loss profile (path relative to the case file's folder, or to its parent as in the reference
 * layout), the noise and security inputs, the optimiser box and, optionally, protocol parameters to evaluate.
 *
 * <p>Read with {@link #load(Path)}; evaluate with {@link #evaluateFixed()} (no optimisation) or
 * {@link #optimise(boolean)}. Bad input is rejected with an {@link IllegalArgumentException} naming the JSON
 * field, the value and what was expected.
 */
public final class KeyLengthCase {

    /** Where the parameters of a fixed evaluation come from. */
    public enum ParameterSource {
        /** {@code inputs.protocol_parameters} {Px, P1, P2, mu1, mu2} (Keyfleet's own field). */
        CASE_INPUT,
        /** SatQuMA's own optimiser output in the case ({@code outputs_satquma_optimiser}). */
        SATQUMA_OUTPUT,
        /** The reference optimum with Px ≤ 0.99 ({@code reference_optimum_Px_le_0.99}). */
        REFERENCE_OPTIMUM
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String id;
    private final Path file;
    private final LossProfileFile loss;
    private final LinkProfile profile;
    private final int dtHalfWindow;
    private final KeySettings settings;
    private final ParameterBounds bounds;
    private final double lsDb;
    private final Optional<ProtocolParameters> caseParameters;
    private final Optional<ProtocolParameters> satQuMaParameters;
    private final Optional<ProtocolParameters> referenceParameters;
    private final Optional<Double> satQuMaKeyBits;
    private final Optional<Double> referenceKeyBits;

    private KeyLengthCase(String id, Path file, LossProfileFile loss, LinkProfile profile, int dtHalfWindow,
                          KeySettings settings, ParameterBounds bounds, double lsDb,
                          Optional<ProtocolParameters> caseParameters, Optional<ProtocolParameters> satQuMaParameters,
                          Optional<ProtocolParameters> referenceParameters, Optional<Double> satQuMaKeyBits,
                          Optional<Double> referenceKeyBits) {
        this.id = id;
        this.file = file;
        this.loss = loss;
        this.profile = profile;
        this.dtHalfWindow = dtHalfWindow;
        this.settings = settings;
        this.bounds = bounds;
        this.lsDb = lsDb;
        this.caseParameters = caseParameters;
        this.satQuMaParameters = satQuMaParameters;
        this.referenceParameters = referenceParameters;
        this.satQuMaKeyBits = satQuMaKeyBits;
        this.referenceKeyBits = referenceKeyBits;
    }

    /**
     * Reads and validates a case file.
     *
     * @throws IllegalArgumentException naming the field at fault
     * @throws UncheckedIOException      when a file cannot be read
     */
    public static KeyLengthCase load(Path caseFile) {
        final JsonNode root;
        try {
            root = JSON.readTree(Files.readString(caseFile));
        } catch (IOException e) {
            throw new UncheckedIOException("key-length case " + caseFile + ": cannot be read as JSON: "
                    + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("key-length case " + caseFile + ": expected a JSON object");
        }
        final String id = root.path("case_id").asText(caseFile.getFileName().toString().replaceAll("\\.json$", ""));
        final JsonNode in = root.path("inputs");
        if (!in.isObject()) {
            throw new IllegalArgumentException("inputs: missing; expected an object with the case's inputs");
        }
        final double pec = number(in, "inputs.Pec", 0, 0.5, false, true);
        final double qberI = number(in, "inputs.QBERI", 0, 0.5, false, false);
        final double ls = optionalNumber(in, "ls_dB", 0.0);
        if (!(ls >= 0) || Double.isInfinite(ls)) {
            throw new IllegalArgumentException("inputs.ls_dB: " + ls + " is not a finite excess loss >= 0 dB");
        }
        final double dtIn = number(in, "inputs.dt_half_window_s", 0, Double.MAX_VALUE, false, false);
        final double slot = optionalNumber(in, "time_slot_s", 1.0);
        if (slot != 1.0) {
            throw new IllegalArgumentException("inputs.time_slot_s: " + slot
                    + " s is not supported; loss profiles are in SatQuMA's 1-s slots");
        }
        final double fs = number(in, "inputs.fs_Hz", 0, Double.MAX_VALUE, true, false);
        final double pap = number(in, "inputs.Pap", 0, 1, false, true);
        final double epsC = number(in, "inputs.eps_c", 0, 1, true, true);
        final double epsS = number(in, "inputs.eps_s", 0, 1, true, true);
        final double mu3 = optionalNumber(in, "mu3", 0.0);
        if (!(mu3 >= 0 && mu3 < 1)) {
            throw new IllegalArgumentException("inputs.mu3: " + mu3 + " is outside [0, 1)");
        }
        final double noPass = optionalNumber(in, "NoPass", 1.0);
        final double minElevDeg = optionalNumber(in, "minElev_input_deg", 0.0);
        final JsonNode adv = in.path("advanced");
        final TailBound bound = TailBound.parse(adv.path("boundFunc").asText("Chernoff"));
        // SatQuMA forces block error correction in the asymptotic regime (its input_efficient_BB84.py)
        final ErrorCorrection ec = bound == TailBound.ASYMPTOTIC ? ErrorCorrection.BLOCK
                : ErrorCorrection.parse(adv.path("errcorrFunc").asText("logM"));
        final double fEC = adv.has("fEC") ? number(adv, "inputs.advanced.fEC", 1, Double.MAX_VALUE, false, false)
                : 1.16;
        final KeySettings settings = new KeySettings(bound, ec, fEC, epsS, epsC, noPass);
        validateChannel(in.path("channel"));
        final ParameterBounds bounds = bounds(in.path("optimiser_bounds"), mu3);

        final String lossPath = root.hasNonNull("loss_profile_file") ? root.get("loss_profile_file").asText()
                : in.path("channel").path("file").asText(null);
        if (lossPath == null || lossPath.isBlank()) {
            throw new IllegalArgumentException("loss_profile_file: missing; expected the path of the pass's loss"
                    + " profile CSV relative to the case file");
        }
        final LossProfileFile loss = LossProfileFile.read(resolve(caseFile, lossPath));

        // SatQuMA's window limits: the array's half-length and the first slot above the minimum elevation
        final int dtMax = (loss.size() - 1) / 2;
        double dtElev = Double.MAX_VALUE;
        for (int i = 0; i < loss.size(); i++) {
            if (loss.elevations()[i] >= Math.toRadians(minElevDeg)) {
                dtElev = Math.abs(loss.times()[i]);
                break;
            }
        }
        int dt = (int) Math.min(Math.min(dtIn, dtMax), dtElev);
        dt = Math.min(dt, Math.min(loss.time0Index(), loss.size() - 1 - loss.time0Index()));
        final LinkProfile profile = LinkProfile.uniform(loss.efficiency(), pec, fs * slot * noPass, qberI, pap)
                .scaledEfficiency(Math.pow(10, -ls / 10.0));

        final Optional<ProtocolParameters> given = in.has("protocol_parameters")
                ? Optional.of(parameters(in.get("protocol_parameters"), "inputs.protocol_parameters", "Px", mu3))
                : Optional.empty();
        final JsonNode out = root.path("outputs_satquma_optimiser");
        final Optional<ProtocolParameters> satquma = out.has("PxA")
                ? Optional.of(parameters(out, "outputs_satquma_optimiser", "PxA", mu3)) : Optional.empty();
        final Optional<Double> satqumaKey = out.has("SKL_bits") ? Optional.of(out.get("SKL_bits").asDouble())
                : Optional.empty();
        final JsonNode ref = root.path("reference_optimum_Px_le_0.99");
        final Optional<ProtocolParameters> reference = ref.has("ref_Px")
                ? Optional.of(new ProtocolParameters(ref.get("ref_Px").asDouble(), ref.get("ref_P1").asDouble(),
                ref.get("ref_P2").asDouble(), ref.get("ref_mu1").asDouble(), ref.get("ref_mu2").asDouble(), mu3))
                : Optional.empty();
        final Optional<Double> referenceKey = ref.has("SKL_bits") ? Optional.of(ref.get("SKL_bits").asDouble())
                : Optional.empty();
        return new KeyLengthCase(id, caseFile, loss, profile, dt, settings, bounds, ls, given, satquma, reference,
                satqumaKey, referenceKey);
    }

    /**
     * The loss profile's path: relative to the case file's folder or, as in the reference layout (cases/ beside
     * loss_profiles/), to its parent.
     *
     * @throws UncheckedIOException naming every folder searched when the file is in none of them
     */
    private static Path resolve(Path caseFile, String relative) {
        final Path dir = caseFile.toAbsolutePath().getParent();
        final List<Path> searched = new ArrayList<>(List.of(dir));
        if (dir.getParent() != null) {
            searched.add(dir.getParent());
        }
        final List<Path> tried = new ArrayList<>();
        for (Path folder : searched) {
            final Path candidate = folder.resolve(relative).normalize();
            if (Files.exists(candidate)) {
                return candidate;
            }
            if (!tried.contains(candidate)) {
                tried.add(candidate);
            }
        }
        final String folders = searched.size() == 1 ? searched.get(0) + " (the case file's folder)"
                : searched.get(0) + " (the case file's folder) and " + searched.get(1) + " (its parent)";
        throw new UncheckedIOException("loss_profile_file '" + relative + "': no such file: " + tried.get(0)
                + (tried.size() > 1 ? " nor " + tried.get(1) : "") + "; searched " + folders
                + "; expected the pass's loss-profile CSV at that path relative to one of them",
                new java.nio.file.NoSuchFileException(tried.get(0).toString(), null, "no such file"));
    }

    private static void validateChannel(JsonNode ch) {
        if (!ch.isObject()) {
            return;
        }
        for (String f : new String[] {"aT_radius_m", "aR_radius_m", "w0_m", "wavelength_nm", "h_sat_m", "R_E_m"}) {
            if (ch.has(f)) {
                final double v = ch.get(f).asDouble(Double.NaN);
                if (!(v > 0) || Double.isInfinite(v)) {
                    throw new IllegalArgumentException("inputs.channel." + f + ": " + ch.get(f)
                            + " must be a finite positive number");
                }
            }
        }
        if (ch.has("h_OGS_m") && !(ch.get("h_OGS_m").asDouble(Double.NaN) >= -500)) {
            throw new IllegalArgumentException("inputs.channel.h_OGS_m: " + ch.get("h_OGS_m")
                    + " is not a plausible site altitude (>= -500 m)");
        }
        for (String f : new String[] {"eta_int", "eta_sys", "eta_d", "eta_det", "eta_opt"}) {
            if (ch.has(f)) {
                final double v = ch.get(f).asDouble(Double.NaN);
                if (!(v > 0 && v <= 1)) {
                    throw new IllegalArgumentException("inputs.channel." + f + ": efficiency " + ch.get(f)
                            + " is outside (0, 1]");
                }
            }
        }
        if (ch.has("eta_int_dB") && !(ch.get("eta_int_dB").asDouble(Double.NaN) >= 0)) {
            throw new IllegalArgumentException("inputs.channel.eta_int_dB: " + ch.get("eta_int_dB")
                    + " is not a loss >= 0 dB (an efficiency in (0, 1])");
        }
    }

    private static ParameterBounds bounds(JsonNode b, double mu3) {
        final ParameterBounds d = ParameterBounds.satQuMa();
        if (!b.isObject()) {
            return new ParameterBounds(d.pxMin(), d.pxMax(), d.p1Min(), d.p1Max(), d.p2Min(), d.p2Max(),
                    d.mu1Min(), d.mu1Max(), d.mu2Min(), d.mu2Max(), mu3);
        }
        final double[] px = pair(b, "Px", d.pxMin(), 1.0);
        final double[] p1 = pair(b, "P1", d.p1Min(), d.p1Max());
        final double[] p2 = pair(b, "P2", d.p2Min(), d.p2Max());
        final double[] mu1 = pair(b, "mu1", d.mu1Min(), d.mu1Max());
        final double[] mu2 = pair(b, "mu2", d.mu2Min(), d.mu2Max());
        try {
            // the reference optimum caps Px at 0.99 (SatQuMA's degenerate Px → 1 region is an artefact)
            return new ParameterBounds(px[0], Math.min(px[1], ParameterBounds.PX_CAP), p1[0], p1[1], p2[0], p2[1],
                    mu1[0], mu1[1], mu2[0], mu2[1], mu3);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("inputs.optimiser_bounds." + e.getMessage(), e);
        }
    }

    private static double[] pair(JsonNode b, String name, double lo, double hi) {
        if (!b.has(name)) {
            return new double[] {lo, hi};
        }
        final JsonNode n = b.get(name);
        if (!n.isArray() || n.size() != 2 || !n.get(0).isNumber() || !n.get(1).isNumber()) {
            throw new IllegalArgumentException("inputs.optimiser_bounds." + name + ": " + n
                    + " is not a [min, max] pair of numbers");
        }
        return new double[] {n.get(0).asDouble(), n.get(1).asDouble()};
    }

    private static ProtocolParameters parameters(JsonNode n, String where, String pxName, double mu3) {
        final double[] v = new double[5];
        final String[] names = {pxName, "P1", "P2", "mu1", "mu2"};
        for (int i = 0; i < 5; i++) {
            if (!n.path(names[i]).isNumber()) {
                throw new IllegalArgumentException(where + "." + names[i] + ": missing or not a number ("
                        + n.path(names[i]) + ")");
            }
            v[i] = n.get(names[i]).asDouble();
        }
        try {
            return new ProtocolParameters(v[0], v[1], v[2], v[3], v[4], mu3);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + "." + e.getMessage(), e);
        }
    }

    private static double number(JsonNode n, String path, double lo, double hi, boolean openLo, boolean openHi) {
        final String field = path.substring(path.lastIndexOf('.') + 1);
        final JsonNode v = n.get(field);
        if (v == null || !v.isNumber()) {
            throw new IllegalArgumentException(path + ": missing or not a number (" + v + ")");
        }
        final double d = v.asDouble();
        final boolean ok = (openLo ? d > lo : d >= lo) && (openHi ? d < hi : d <= hi);
        if (!ok) {
            throw new IllegalArgumentException(path + ": " + d + " is outside " + (openLo ? "(" : "[") + lo + ", "
                    + (hi == Double.MAX_VALUE ? "inf" : String.valueOf(hi)) + (openHi ? ")" : "]"));
        }
        return d;
    }

    private static double optionalNumber(JsonNode n, String field, double fallback) {
        final JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isNumber()) {
            throw new IllegalArgumentException("inputs." + field + ": " + v + " is not a number");
        }
        return v.asDouble();
    }

    public String id() {
        return id;
    }

    public Path file() {
        return file;
    }

    /** The key window's half-width in slots after SatQuMA's limits (array length, minimum elevation). */
    public int dtHalfWindow() {
        return dtHalfWindow;
    }

    public KeySettings settings() {
        return settings;
    }

    public ParameterBounds bounds() {
        return bounds;
    }

    /** The whole loss profile with the excess loss applied (the window is cut at evaluation). */
    public LinkProfile profile() {
        return profile;
    }

    /** The case's key window. */
    public KeyWindow window() {
        return KeyWindow.symmetric(loss.time0Index(), dtHalfWindow);
    }

    public Optional<ProtocolParameters> parameters(ParameterSource source) {
        return switch (source) {
            case CASE_INPUT -> caseParameters;
            case SATQUMA_OUTPUT -> satQuMaParameters;
            case REFERENCE_OPTIMUM -> referenceParameters;
        };
    }

    /** SatQuMA's own optimised key in the case file, if present. */
    public Optional<Double> satQuMaKeyBits() {
        return satQuMaKeyBits;
    }

    /** The reference optimum's key in the case file, if present. */
    public Optional<Double> referenceKeyBits() {
        return referenceKeyBits;
    }

    /**
     * Evaluates at the case's own parameters: {@code inputs.protocol_parameters} when given, else SatQuMA's
     * optimiser output, else the reference optimum.
     *
     * @throws IllegalArgumentException when the case carries no parameters
     */
    public KeyLengthCaseResult evaluateFixed() {
        for (ParameterSource s : ParameterSource.values()) {
            if (parameters(s).isPresent()) {
                return evaluateFixed(s);
            }
        }
        throw new IllegalArgumentException("key-length case " + id + ": no protocol parameters to evaluate; give"
                + " inputs.protocol_parameters {Px, P1, P2, mu1, mu2} or evaluate with optimisation");
    }

    /** Evaluates at the parameters of the given source. */
    public KeyLengthCaseResult evaluateFixed(ParameterSource source) {
        final ProtocolParameters x = parameters(source).orElseThrow(() -> new IllegalArgumentException(
                "key-length case " + id + ": has no " + source + " parameters"));
        final long t0 = System.nanoTime();
        final KeyWindow w = window();
        final KeyLengthResult r = KeyLength.evaluate(profile, w.from(), w.to(), x, settings);
        return result("fixed", source.name().toLowerCase(java.util.Locale.ROOT), r, w, 1, System.nanoTime() - t0);
    }

    /**
     * Optimises the protocol parameters in the case's box (Px capped at 0.99).
     *
     * @param optimiseWindow also choose the window half-width dt in [0, the case's dt] (the low-elevation
     *                       cut-off); otherwise the case's window is used
     */
    public KeyLengthCaseResult optimise(boolean optimiseWindow) {
        return optimise(new KeyOptimizer(settings, bounds), optimiseWindow);
    }

    /** Optimises with a given optimiser (its settings are replaced by the case's). */
    public KeyLengthCaseResult optimise(KeyOptimizer optimizer, boolean optimiseWindow) {
        final KeyOptimizer opt = optimizer.withSettings(settings);
        final long t0 = System.nanoTime();
        final OptimisedKey k;
        if (optimiseWindow) {
            final List<KeyWindow> candidates = new ArrayList<>();
            for (int dt = dtHalfWindow; dt >= 0; dt--) {
                candidates.add(KeyWindow.symmetric(loss.time0Index(), dt));
            }
            k = opt.optimise(profile, candidates);
        } else {
            k = opt.optimise(profile, window());
        }
        return result(optimiseWindow ? "optimised+window" : "optimised", "optimiser", k.result(), k.window(),
                k.evaluations(), System.nanoTime() - t0);
    }

    private KeyLengthCaseResult result(String mode, String source, KeyLengthResult r, KeyWindow w, int evaluations,
                                       long nanos) {
        double minElev = Double.POSITIVE_INFINITY;
        for (int i = w.from(); i < w.to(); i++) {
            minElev = Math.min(minElev, loss.elevations()[i]);
        }
        return new KeyLengthCaseResult(id, mode, source, r, (w.size() - 1) / 2, w.size(), Math.toDegrees(minElev),
                lsDb, settings, satQuMaKeyBits, referenceKeyBits, evaluations, nanos / 1e6);
    }
}
