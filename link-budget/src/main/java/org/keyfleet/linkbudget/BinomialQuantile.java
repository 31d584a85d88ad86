package org.keyfleet.linkbudget;

import org.hipparchus.distribution.discrete.BinomialDistribution;
import org.hipparchus.special.Erf;
import org.hipparchus.special.Gamma;

/**
 * Lower quantile of a binomial distribution deep in its lower tail: the smallest k with P(X ≤ k) ≥ q for
 * X ~ Bin(n, p) — the definition scipy's {@code binom.ppf} implements (Boost, integer_round_up policy), which
 * SatQuMA's log M uses at q ≈ ε_c ≈ 1e-15.
 *
 * <p>Written here because Hipparchus' generic inverse CDF bisects on the regularised incomplete beta, which is
 * slow and loses relative accuracy for n ~ 1e8 and q ~ 1e-15; summing the point probabilities of the
 * complementary tail from a normal-approximation start is exact to rounding and takes a few thousand terms.
 */
final class BinomialQuantile {

    private BinomialQuantile() {
    }

    /**
     * @param n trials, ≥ 0 (beyond 2³¹ − 1 the point probabilities come from log-gamma, good to ~1e-6)
     * @param p success probability, in [0, 1]
     * @param q probability level
     * @return the smallest k in [0, n] with CDF(k) ≥ q (NaN when q is NaN or above 1)
     */
    static double lowerQuantile(long n, double p, double q) {
        if (Double.isNaN(q) || q > 1 || Double.isNaN(p)) {
            return Double.NaN;
        }
        if (n == 0 || q <= 0) {
            return 0;
        }
        if (q == 1) {
            return n;
        }
        final double s = 1 - p; // failure probability; X = n − Y with Y ~ Bin(n, s)
        if (s <= 0) {
            return n; // X = n surely
        }
        if (s >= 1) {
            return 0;
        }
        // CDF_X(k) = P(Y ≥ n − k) =: G(n − k). Find the largest m with G(m) ≥ q; the answer is n − m.
        final double mean = n * s;
        final double sd = Math.sqrt(n * s * (1 - s));
        final double z = Math.sqrt(2) * Erf.erfcInv(2 * q); // Φ(−z) = q; z > 0 for q < 0.5
        long m = (long) Math.max(0, Math.min(n, Math.floor(mean + z * sd)));
        final PointProbability y = new PointProbability(n, s);
        final double odds = s / (1 - s);
        final long mode = (long) Math.floor((n + 1.0) * s);
        if (m <= mode) {
            // not in the upper tail of Y (q not small): fall back on the generic inverse CDF
            if (n > Integer.MAX_VALUE) {
                return Double.NaN;
            }
            return new BinomialDistribution((int) n, p).inverseCumulativeProbability(q);
        }
        double g = upperTail(y, n, m, odds); // G(m)
        if (g >= q) {
            // move m up while G(m + 1) = G(m) − pmf(m) stays ≥ q
            double pm = Math.exp(y.log(m));
            while (m < n) {
                final double next = g - pm;
                if (!(next >= q)) {
                    break;
                }
                g = next;
                pm *= (double) (n - m) / (m + 1) * odds;
                m++;
            }
        } else {
            // move m down until G(m) ≥ q; G(m − 1) = G(m) + pmf(m − 1)
            double pm = Math.exp(y.log(m - 1));
            while (m > 0 && g < q) {
                g += pm;
                m--;
                if (m > 0) {
                    pm *= m / ((double) (n - m + 1) * odds);
                }
            }
        }
        return n - m;
    }

    /** P(Y ≥ m) for m above the mode, by summing the decreasing point probabilities. */
    private static double upperTail(PointProbability y, long n, long m, double odds) {
        double term = Math.exp(y.log(m));
        double sum = 0;
        for (long j = m; j <= n && term > 0; j++) {
            sum += term;
            if (term < 1e-18 * sum) {
                break;
            }
            term *= (double) (n - j) / (j + 1) * odds;
        }
        return sum;
    }

    /** log P(Y = m) for Y ~ Bin(n, s): Hipparchus' saddle-point form up to 2³¹ − 1 trials, log-gamma beyond. */
    private static final class PointProbability {
        private final long n;
        private final double s;
        private final BinomialDistribution exact;

        PointProbability(long n, double s) {
            this.n = n;
            this.s = s;
            this.exact = n <= Integer.MAX_VALUE ? new BinomialDistribution((int) n, s) : null;
        }

        double log(long m) {
            if (exact != null) {
                return exact.logProbability((int) m);
            }
            return Gamma.logGamma(n + 1.0) - Gamma.logGamma(m + 1.0) - Gamma.logGamma(n - m + 1.0)
                    + m * Math.log(s) + (n - m) * Math.log1p(-s);
        }
    }
}
