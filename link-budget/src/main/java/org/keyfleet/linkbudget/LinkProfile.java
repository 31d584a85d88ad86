package org.keyfleet.linkbudget;

import java.util.Arrays;

/**
 * What the finite-key engine needs to know about one pass: for each time slot the total channel efficiency
 * (transmitter to detector click, all losses included), the extraneous (dark + background) count probability
 * per pulse and detector, and the number of pulses sent; plus the payload's intrinsic error and the
 * detectors' afterpulse probability. Slots are in time order; a key window is a contiguous range of slots.
 *
 * <p>Immutable; arrays are copied in and never exposed.
 */
public final class LinkProfile {

    private final double[] efficiency;
    private final double[] extraneousCountProbability;
    private final double[] pulses;
    private final double intrinsicQber;
    private final double afterpulseProbability;

    private LinkProfile(double[] efficiency, double[] extraneousCountProbability, double[] pulses,
                        double intrinsicQber, double afterpulseProbability) {
        this.efficiency = efficiency;
        this.extraneousCountProbability = extraneousCountProbability;
        this.pulses = pulses;
        this.intrinsicQber = intrinsicQber;
        this.afterpulseProbability = afterpulseProbability;
    }

    /**
     * A profile with per-slot values.
     *
     * @param efficiency                 total channel efficiency per slot, in [0, 1]
     * @param extraneousCountProbability extraneous count probability per pulse and detector per slot, in [0, 0.5)
     * @param pulses                     pulses sent in each slot, ≥ 0
     * @param intrinsicQber              intrinsic (optical) error probability, in [0, 0.5]
     * @param afterpulseProbability      afterpulse probability, in [0, 1)
     * @throws IllegalArgumentException naming the offending field and slot
     */
    public static LinkProfile of(double[] efficiency, double[] extraneousCountProbability, double[] pulses,
                                 double intrinsicQber, double afterpulseProbability) {
        final int n = efficiency.length;
        if (extraneousCountProbability.length != n || pulses.length != n) {
            throw new IllegalArgumentException("link profile: " + n + " efficiencies but "
                    + extraneousCountProbability.length + " extraneous-count probabilities and " + pulses.length
                    + " pulse counts");
        }
        for (int i = 0; i < n; i++) {
            if (!(efficiency[i] >= 0 && efficiency[i] <= 1)) {
                throw new IllegalArgumentException("eta_tot: slot " + i + " has efficiency " + efficiency[i]
                        + ", expected a value in [0, 1]");
            }
            if (!(extraneousCountProbability[i] >= 0 && extraneousCountProbability[i] < 0.5)) {
                throw new IllegalArgumentException("Pec: slot " + i + " has extraneous count probability "
                        + extraneousCountProbability[i] + ", expected a value in [0, 0.5)");
            }
            if (!(pulses[i] >= 0) || Double.isInfinite(pulses[i])) {
                throw new IllegalArgumentException("pulses: slot " + i + " has " + pulses[i]
                        + " pulses, expected a finite count >= 0");
            }
        }
        if (!(intrinsicQber >= 0 && intrinsicQber <= 0.5)) {
            throw new IllegalArgumentException("QBERI: " + intrinsicQber + " is outside [0, 0.5]");
        }
        if (!(afterpulseProbability >= 0 && afterpulseProbability < 1)) {
            throw new IllegalArgumentException("Pap: " + afterpulseProbability + " is outside [0, 1)");
        }
        return new LinkProfile(efficiency.clone(), extraneousCountProbability.clone(), pulses.clone(),
                intrinsicQber, afterpulseProbability);
    }

    /** A profile with the same extraneous count probability and pulse count in every slot (SatQuMA's case). */
    public static LinkProfile uniform(double[] efficiency, double extraneousCountProbability, double pulsesPerSlot,
                                      double intrinsicQber, double afterpulseProbability) {
        final double[] pec = new double[efficiency.length];
        final double[] pulses = new double[efficiency.length];
        Arrays.fill(pec, extraneousCountProbability);
        Arrays.fill(pulses, pulsesPerSlot);
        return of(efficiency, pec, pulses, intrinsicQber, afterpulseProbability);
    }

    /** Number of slots. */
    public int size() {
        return efficiency.length;
    }

    public double efficiency(int slot) {
        return efficiency[slot];
    }

    public double extraneousCountProbability(int slot) {
        return extraneousCountProbability[slot];
    }

    public double pulses(int slot) {
        return pulses[slot];
    }

    public double intrinsicQber() {
        return intrinsicQber;
    }

    public double afterpulseProbability() {
        return afterpulseProbability;
    }

    /** The slots [from, to) as a profile of their own. */
    public LinkProfile window(int from, int to) {
        if (from < 0 || to > size() || from > to) {
            throw new IllegalArgumentException("window [" + from + ", " + to + ") is outside the " + size()
                    + " slots of the profile");
        }
        return new LinkProfile(Arrays.copyOfRange(efficiency, from, to),
                Arrays.copyOfRange(extraneousCountProbability, from, to), Arrays.copyOfRange(pulses, from, to),
                intrinsicQber, afterpulseProbability);
    }

    /** The same slots with every efficiency multiplied by {@code factor} (an excess loss, e.g. SatQuMA's ls). */
    public LinkProfile scaledEfficiency(double factor) {
        if (!(factor >= 0 && factor <= 1)) {
            throw new IllegalArgumentException("excess loss factor " + factor + " is outside [0, 1]");
        }
        final double[] e = efficiency.clone();
        for (int i = 0; i < e.length; i++) {
            e[i] *= factor;
        }
        return new LinkProfile(e, extraneousCountProbability, pulses, intrinsicQber, afterpulseProbability);
    }

    /**
     * A smaller profile for the optimiser's search: the slots of [from, to) sorted by efficiency and merged into
     * groups whose efficiencies and extraneous-count probabilities agree to a relative {@code tolerance}, each
     * group one slot with the pulse-weighted mean efficiency and noise and the summed pulses. Every window sum
     * of the engine is a smooth function of the per-slot efficiency, so a group's error is of order
     * tolerance² (≈ 1e-6 at 2e-3) — harmless for locating the optimum, which is then evaluated exactly on the
     * real slots. Order is not kept (sums do not depend on it).
     */
    LinkProfile mergedForSearch(int from, int to, double tolerance) {
        final Integer[] idx = new Integer[to - from];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = from + i;
        }
        java.util.Arrays.sort(idx, (a, b) -> {
            final int c = Double.compare(efficiency[a], efficiency[b]);
            return c != 0 ? c : Double.compare(extraneousCountProbability[a], extraneousCountProbability[b]);
        });
        final double[] e = new double[idx.length];
        final double[] p = new double[idx.length];
        final double[] w = new double[idx.length];
        int n = 0;
        int i = 0;
        while (i < idx.length) {
            final int first = idx[i];
            double sw = 0;
            double se = 0;
            double sp = 0;
            double pecMin = extraneousCountProbability[first];
            double pecMax = pecMin;
            int j = i;
            while (j < idx.length) {
                final int k = idx[j];
                final double pk = extraneousCountProbability[k];
                final double lo = Math.min(pecMin, pk);
                final double hi = Math.max(pecMax, pk);
                if (efficiency[k] > efficiency[first] * (1 + tolerance) || hi > lo * (1 + tolerance) + 1e-300) {
                    break;
                }
                pecMin = lo;
                pecMax = hi;
                sw += pulses[k];
                se += pulses[k] * efficiency[k];
                sp += pulses[k] * pk;
                j++;
            }
            if (sw > 0) {
                e[n] = se / sw;
                p[n] = sp / sw;
                w[n] = sw;
                n++;
            }
            i = j;
        }
        return new LinkProfile(Arrays.copyOf(e, n), Arrays.copyOf(p, n), Arrays.copyOf(w, n), intrinsicQber,
                afterpulseProbability);
    }

    // package-private raw access for the engine's inner loop (never mutated)
    double[] efficiencies() {
        return efficiency;
    }

    double[] extraneousCountProbabilities() {
        return extraneousCountProbability;
    }

    double[] pulseCounts() {
        return pulses;
    }
}
