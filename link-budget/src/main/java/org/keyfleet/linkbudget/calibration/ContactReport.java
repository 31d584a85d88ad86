package org.keyfleet.linkbudget.calibration;

import java.time.Instant;

/**
 * What one flown contact measured beside what was forecast for it: the forecast-vs-actual record a calibration
 * learns from.
 *
 * @param terminalId          ground terminal id
 * @param satelliteId         satellite id
 * @param los                 loss of signal of the contact (UTC): when the report is known
 * @param forecastClearProb   the plan's P(clear sky) of the contact, in [0, 1]
 * @param clear               the sky was clear during the contact
 * @param forecastBits        forecast secret key if clear, bits
 * @param measuredBits        secret key the contact yielded, bits (0 when cloudy or aborted)
 * @param forecastQber        forecast X-basis QBER (NaN when none)
 * @param measuredQber        measured QBER (NaN when no key came out)
 * @param observedOffsetDb    the loss offset the measurement implies against the uncalibrated planning model, dB
 *                            (10 log10(forecast / measured detections), or the offset that explains the measured
 *                            key); NaN when the contact does not tell it (cloudy, no key, out of range)
 */
public record ContactReport(
        String terminalId,
        String satelliteId,
        Instant los,
        double forecastClearProb,
        boolean clear,
        long forecastBits,
        long measuredBits,
        double forecastQber,
        double measuredQber,
        double observedOffsetDb) {

    public ContactReport {
        if (terminalId == null || los == null) {
            throw new IllegalArgumentException("contact report: terminalId and los must be given");
        }
        if (!(forecastClearProb >= 0 && forecastClearProb <= 1)) {
            throw new IllegalArgumentException("contact report " + terminalId + " " + los + ": forecast P(clear) "
                    + forecastClearProb + " is outside [0, 1]");
        }
        if (forecastBits < 0 || measuredBits < 0) {
            throw new IllegalArgumentException("contact report " + terminalId + " " + los + ": key bits must be >= 0");
        }
        if (Double.isInfinite(observedOffsetDb)) {
            throw new IllegalArgumentException("contact report " + terminalId + " " + los
                    + ": observed offset must be finite or NaN");
        }
    }

    /** The loss offset implied by detection counts, 10 log10(forecast / measured), dB; NaN unless both are > 0. */
    public static double offsetFromDetections(double forecastDetections, double measuredDetections) {
        return forecastDetections > 0 && measuredDetections > 0
                ? 10 * Math.log10(forecastDetections / measuredDetections) : Double.NaN;
    }

    /** Forecast error of the key of a clear contact, 10 log10(forecast / measured), dB; NaN unless both are > 0. */
    public double keyErrorDb() {
        return clear && forecastBits > 0 && measuredBits > 0
                ? 10 * Math.log10((double) forecastBits / measuredBits) : Double.NaN;
    }
}
