package org.keyfleet.linkbudget;

/**
 * Security and post-processing settings of the finite-key analysis of one block (one pass).
 *
 * @param tailBound          tail bound on the counts
 * @param errorCorrection    error-correction leakage estimate
 * @param fEC                error-correction inefficiency f_EC (≥ 1; SatQuMA uses 1.16)
 * @param epsilonSecrecy     secrecy parameter ε_s, in (0, 1)
 * @param epsilonCorrectness correctness parameter ε_c, in (0, 1)
 * @param passes             number of identical passes pooled into the block (SatQuMA's NoPass; the key is
 *                           reported per pass), ≥ 1
 */
public record KeySettings(
        TailBound tailBound,
        ErrorCorrection errorCorrection,
        double fEC,
        double epsilonSecrecy,
        double epsilonCorrectness,
        double passes) {

    public KeySettings {
        if (tailBound == null) {
            throw new IllegalArgumentException("tailBound: must be given");
        }
        if (errorCorrection == null) {
            throw new IllegalArgumentException("errorCorrection: must be given");
        }
        if (!(fEC >= 1.0) || Double.isInfinite(fEC)) {
            throw new IllegalArgumentException("fEC: " + fEC + " is not a finite error-correction factor >= 1");
        }
        if (!(epsilonSecrecy > 0 && epsilonSecrecy < 1)) {
            throw new IllegalArgumentException("eps_s: " + epsilonSecrecy + " is outside (0, 1)");
        }
        if (!(epsilonCorrectness > 0 && epsilonCorrectness < 1)) {
            throw new IllegalArgumentException("eps_c: " + epsilonCorrectness + " is outside (0, 1)");
        }
        if (!(passes >= 1) || Double.isInfinite(passes)) {
            throw new IllegalArgumentException("NoPass: " + passes + " is not a finite number of passes >= 1");
        }
    }

    /** SatQuMA v2 defaults: Chernoff, logM, f_EC = 1.16, ε_s = 1e-9, ε_c = 1e-15, one pass. */
    public static KeySettings satQuMaDefaults() {
        return new KeySettings(TailBound.CHERNOFF, ErrorCorrection.LOG_M, 1.16, 1e-9, 1e-15, 1.0);
    }

    public KeySettings withTailBound(TailBound b) {
        return new KeySettings(b, errorCorrection, fEC, epsilonSecrecy, epsilonCorrectness, passes);
    }

    public KeySettings withErrorCorrection(ErrorCorrection e) {
        return new KeySettings(tailBound, e, fEC, epsilonSecrecy, epsilonCorrectness, passes);
    }

    public KeySettings withFEC(double f) {
        return new KeySettings(tailBound, errorCorrection, f, epsilonSecrecy, epsilonCorrectness, passes);
    }

    public KeySettings withEpsilons(double epsS, double epsC) {
        return new KeySettings(tailBound, errorCorrection, fEC, epsS, epsC, passes);
    }

    public KeySettings withPasses(double n) {
        return new KeySettings(tailBound, errorCorrection, fEC, epsilonSecrecy, epsilonCorrectness, n);
    }
}
