package org.keyfleet.app.evaluate;

import java.util.Arrays;

/**
 * Mean and percentiles of a sample (percentiles interpolate linearly between order statistics).
 *
 * @param mean mean
 * @param p10  10th percentile
 * @param p50  median
 * @param p90  90th percentile
 */
public record Distribution(double mean, double p10, double p50, double p90) {

    static Distribution of(double[] values) {
        if (values.length == 0) {
            return new Distribution(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double[] v = values.clone();
        Arrays.sort(v);
        return new Distribution(Arrays.stream(v).average().orElseThrow(), percentile(v, 0.1), percentile(v, 0.5),
                percentile(v, 0.9));
    }

    private static double percentile(double[] sorted, double q) {
        double at = q * (sorted.length - 1);
        int lo = (int) Math.floor(at);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (at - lo) * (sorted[hi] - sorted[lo]);
    }
}
