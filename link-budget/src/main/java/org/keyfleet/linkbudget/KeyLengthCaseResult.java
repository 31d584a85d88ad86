package org.keyfleet.linkbudget;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of evaluating a {@link KeyLengthCase}.
 *
 * @param caseId             the case id
 * @param mode               "fixed", "optimised" or "optimised+window"
 * @param parameterSource    where the parameters came from ("case_input", "satquma_output",
 *                           "reference_optimum" or "optimiser")
 * @param key                key length, bounds and the parameters used
 * @param dtHalfWindow       window half-width, slots
 * @param windowSlots        slots in the window (2 dt + 1)
 * @param windowMinElevationDeg lowest elevation in the window, degrees
 * @param excessLossDb       the case's excess loss ls, dB
 * @param settings           security and error-correction settings
 * @param satQuMaKeyBits     SatQuMA's own optimised key for the case, if the case has it
 * @param referenceKeyBits   the reference optimum's key, if the case has it
 * @param evaluations        key-length evaluations used
 * @param elapsedMs          wall time of the evaluation or optimisation, ms
 */
public record KeyLengthCaseResult(
        String caseId,
        String mode,
        String parameterSource,
        KeyLengthResult key,
        int dtHalfWindow,
        int windowSlots,
        double windowMinElevationDeg,
        double excessLossDb,
        KeySettings settings,
        Optional<Double> satQuMaKeyBits,
        Optional<Double> referenceKeyBits,
        int evaluations,
        double elapsedMs) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * What the user should know about the parameters evaluated: an X-basis probability above
     * {@link ParameterBounds#PX_CAP} lies where SatQuMA's floors give a spurious near-zero phase error, so the key
     * there is likely inflated (the reference README's caveat 1); the optimiser never goes there, but a fixed
     * evaluation takes the parameters it is given.
     */
    public List<String> warnings() {
        final double px = key.parameters().px();
        if (px > ParameterBounds.PX_CAP) {
            return List.of("Px " + px + " (" + parameterSource + ") exceeds the Px <= " + ParameterBounds.PX_CAP
                    + " convention: above it the phase-error estimate degenerates and the key is likely inflated");
        }
        return List.of();
    }

    /** The result as a JSON object (snake_case keys: skl_bits, qber_x, phi_x, parameters, …). */
    public ObjectNode toJsonNode() {
        final ObjectNode o = JSON.createObjectNode();
        o.put("case_id", caseId);
        o.put("mode", mode);
        o.put("skl_bits", key.secretKeyBits());
        o.put("qber_x", key.qberX());
        o.put("phi_x", key.phiX());
        o.put("n_x", key.nX());
        o.put("n_z", key.nZ());
        o.put("m_x", key.mX());
        o.put("lambda_ec_bits", key.lambdaEC());
        o.put("s_x0", key.sX0());
        o.put("s_x1", key.sX1());
        o.put("v_z1", key.vZ1());
        o.put("s_z1", key.sZ1());
        o.put("mean_photon_number", key.meanPhotonNumber());
        final ObjectNode p = o.putObject("parameters");
        final ProtocolParameters x = key.parameters();
        p.put("source", parameterSource);
        p.put("Px", x.px());
        p.put("P1", x.p1());
        p.put("P2", x.p2());
        p.put("P3", x.p3());
        p.put("mu1", x.mu1());
        p.put("mu2", x.mu2());
        p.put("mu3", x.mu3());
        final ObjectNode w = o.putObject("window");
        w.put("dt_half_window_s", dtHalfWindow);
        w.put("slots", windowSlots);
        w.put("min_elevation_deg", windowMinElevationDeg);
        w.put("ls_dB", excessLossDb);
        final ObjectNode s = o.putObject("settings");
        s.put("boundFunc", settings.tailBound().satQuMaName());
        s.put("errcorrFunc", settings.errorCorrection().satQuMaName());
        s.put("fEC", settings.fEC());
        s.put("eps_s", settings.epsilonSecrecy());
        s.put("eps_c", settings.epsilonCorrectness());
        s.put("NoPass", settings.passes());
        satQuMaKeyBits.ifPresent(v -> o.put("satquma_skl_bits", v));
        referenceKeyBits.ifPresent(v -> {
            o.put("reference_skl_bits", v);
            if (v > 0) {
                o.put("ratio_to_reference", key.secretKeyBits() / v);
            }
        });
        if (!warnings().isEmpty()) {
            warnings().forEach(o.putArray("warnings")::add);
        }
        o.put("evaluations", evaluations);
        o.put("elapsed_ms", elapsedMs);
        return o;
    }

    /** {@link #toJsonNode()} as indented text. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(toJsonNode());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
