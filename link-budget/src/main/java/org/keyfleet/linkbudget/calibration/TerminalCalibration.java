package org.keyfleet.linkbudget.calibration;

/**
 * What a terminal's flown contacts taught about it: a loss offset (dB) the channel model is missing, and a factor on
 * the forecast's P(clear). Immutable; {@link #withReport} returns the posterior after one more report.
 *
 * <p><b>Loss offset</b>: normal prior N(m₀, s₀²) and per-report observations y = δ + e with e ~ N(0, σ²/w), the
 * conjugate normal–normal update (Gelman, Carlin, Stern, Dunson, Vehtari, Rubin, <i>Bayesian Data Analysis</i>,
 * 3rd ed., 2013, §2.5): 1/s² ← 1/s² + w/σ², m ← s² (m/s²_old + w y/σ²). Robustness: the weight w is that of a
 * Student-t observation model with ν degrees of freedom written as a scale mixture of normals (BDA3 §17.2): given the
 * residual r = y − m against the predictive scale v = s² + σ², w = (ν + 1)/(ν + r²/v), the expected precision scale
 * of the latent mixture variable — one E-step of the EM fit of the t model, taken once per report so the update stays
 * sequential. An outlier (a mis-pointed pass, a cloud the sky truth did not see) is down-weighted instead of pulling
 * the offset. Cloudy contacts and contacts without key carry no offset (a zero key only bounds δ from below) and only
 * count for the sky.
 *
 * <p><b>Clear-sky factor</b>: the clear contacts of a terminal C are compared with the sum of their forecast
 * probabilities S. C is a sum of Bernoulli trials with mean b·S; approximating it as Poisson(b·S) (Le Cam's theorem
 * bounds the error by Σ p², small for the many mid-range probabilities of a forecast) a Gamma(a₀, a₀) prior on b
 * (mean 1) is conjugate (BDA3 §2.6): b | data ~ Gamma(a₀ + C, a₀ + S), mean (a₀ + C)/(a₀ + S), sd
 * √(a₀ + C)/(a₀ + S). A calibrated (reliable) forecast has b ≈ 1.
 *
 * @param terminalId      ground terminal id
 * @param offsetMeanDb    posterior mean of the loss offset, dB
 * @param offsetSdDb      posterior standard deviation of the loss offset, dB
 * @param offsetReports   reports that carried an offset observation
 * @param clearCount      clear contacts seen, C
 * @param clearExpected   sum of the forecast P(clear) of the contacts seen, S
 * @param contacts        reports seen
 * @param settings        prior and noise settings
 */
public record TerminalCalibration(
        String terminalId,
        double offsetMeanDb,
        double offsetSdDb,
        int offsetReports,
        int clearCount,
        double clearExpected,
        int contacts,
        Settings settings) {

    /**
     * Prior and observation model.
     *
     * @param priorMeanDb       prior mean of the loss offset, dB (0: the model is right until shown otherwise)
     * @param priorSdDb         prior standard deviation of the loss offset, dB
     * @param observationSdDb   σ, the scatter of one contact's offset observation around the terminal's offset, dB
     * @param studentNu         ν of the Student-t observation model (robustness; large = normal)
     * @param clearPriorWeight  a₀, the prior's weight on the clear-sky factor 1, in pseudo-contacts
     */
    public record Settings(double priorMeanDb, double priorSdDb, double observationSdDb, double studentNu,
                           double clearPriorWeight) {

        /**
         * Prior N(0, 3²) dB: terminal losses are specified to a few dB (datasheet optics and detector efficiencies,
         * pointing); σ = 1.5 dB: the emulated link's key scatter (log-normal σ = 0.3, ±1.3 dB of loss) plus the
         * channel model's elevation-dependent misfit; ν = 4 (a common robust choice, BDA3 §17.2); a₀ = 10.
         */
        public static Settings defaults() {
            return new Settings(0.0, 3.0, 1.5, 4.0, 10.0);
        }

        public Settings {
            if (!Double.isFinite(priorMeanDb) || !(priorSdDb > 0) || !(observationSdDb > 0) || !(studentNu > 0)
                    || !(clearPriorWeight > 0) || Double.isInfinite(priorSdDb + observationSdDb + studentNu
                    + clearPriorWeight)) {
                throw new IllegalArgumentException("calibration settings: prior mean must be finite, the sds, ν and"
                        + " the clear prior weight finite and > 0; got " + priorMeanDb + ", " + priorSdDb + ", "
                        + observationSdDb + ", " + studentNu + ", " + clearPriorWeight);
            }
        }
    }

    public TerminalCalibration {
        if (terminalId == null || settings == null) {
            throw new IllegalArgumentException("terminal calibration: terminalId and settings must be given");
        }
    }

    /** The prior of a terminal nothing has been flown to. */
    public static TerminalCalibration prior(String terminalId, Settings settings) {
        return new TerminalCalibration(terminalId, settings.priorMeanDb(), settings.priorSdDb(), 0, 0, 0.0, 0,
                settings);
    }

    /** The posterior after one more report of this terminal. */
    public TerminalCalibration withReport(ContactReport r) {
        if (!terminalId.equals(r.terminalId())) {
            throw new IllegalArgumentException("calibration of " + terminalId + " was given a report of "
                    + r.terminalId());
        }
        double mean = offsetMeanDb;
        double sd = offsetSdDb;
        int offsets = offsetReports;
        if (r.clear() && !Double.isNaN(r.observedOffsetDb())) {
            double s2 = sd * sd;
            double sigma2 = settings.observationSdDb() * settings.observationSdDb();
            double residual = r.observedOffsetDb() - mean;
            double v = s2 + sigma2;
            double nu = settings.studentNu();
            double w = (nu + 1) / (nu + residual * residual / v);
            double precision = 1 / s2 + w / sigma2;
            mean = (mean / s2 + w * r.observedOffsetDb() / sigma2) / precision;
            sd = Math.sqrt(1 / precision);
            offsets++;
        }
        return new TerminalCalibration(terminalId, mean, sd, offsets, clearCount + (r.clear() ? 1 : 0),
                clearExpected + r.forecastClearProb(), contacts + 1, settings);
    }

    /** Posterior mean of the clear-sky factor b on the forecast P(clear). */
    public double clearFactorMean() {
        return (settings.clearPriorWeight() + clearCount) / (settings.clearPriorWeight() + clearExpected);
    }

    /** Posterior standard deviation of the clear-sky factor. */
    public double clearFactorSd() {
        return Math.sqrt(settings.clearPriorWeight() + clearCount) / (settings.clearPriorWeight() + clearExpected);
    }
}
