package org.keyfleet.linkbudget.weather;

import org.hipparchus.distribution.continuous.NormalDistribution;

/** Standard-normal helpers of the latent (Gaussian-copula) cloud model. */
final class Gauss {

    private static final NormalDistribution STANDARD = new NormalDistribution(0, 1);
    private static final int SIMPSON_INTERVALS = 256;

    private Gauss() {
    }

    /** Φ(x). */
    static double cdf(double x) {
        if (x == Double.POSITIVE_INFINITY) {
            return 1;
        }
        if (x == Double.NEGATIVE_INFINITY) {
            return 0;
        }
        return STANDARD.cumulativeProbability(x);
    }

    /** Φ⁻¹(p); ±∞ at p = 1 and p = 0. */
    static double quantile(double p) {
        if (p <= 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (p >= 1) {
            return Double.POSITIVE_INFINITY;
        }
        return STANDARD.inverseCumulativeProbability(p);
    }

    /**
     * Φ₂(q, q; ρ) = P(X₁ &lt; q, X₂ &lt; q) for standard normals of correlation ρ, from
     * Φ₂ = Φ(q)² + (1/2π) ∫₀^{asin ρ} exp(−q²/(1 + sin θ)) dθ (Simpson).
     */
    static double bothBelow(double q, double rho) {
        final double p = cdf(q);
        if (Double.isInfinite(q) || rho == 0) {
            return p * p;
        }
        final double r = Math.max(-1, Math.min(1, rho));
        final double upper = Math.asin(r);
        final double h = upper / SIMPSON_INTERVALS;
        double sum = 0;
        for (int i = 0; i <= SIMPSON_INTERVALS; i++) {
            final double s = 1 + Math.sin(i * h);
            final double f = s <= 0 ? 0 : Math.exp(-q * q / s);
            sum += f * (i == 0 || i == SIMPSON_INTERVALS ? 1 : (i % 2 == 1 ? 4 : 2));
        }
        return p * p + sum * h / 3 / (2 * Math.PI);
    }

    /**
     * Correlation of the indicators 1{X₁ &lt; q}, 1{X₂ &lt; q} (each of mean p = Φ(q)) when X₁, X₂ are standard
     * normals of correlation ρ: (Φ₂(q, q; ρ) − p²) / (p(1 − p)); 0 when p is 0 or 1.
     */
    static double indicatorCorrelation(double p, double rho) {
        if (p <= 0 || p >= 1) {
            return 0;
        }
        return (bothBelow(quantile(p), rho) - p * p) / (p * (1 - p));
    }

    /**
     * The squared correlation s² ∈ [0, 1] between the latent and its noisy observation at which the
     * Bayes-optimal forecast of a clear fraction p has Brier skill score {@code brierSkill}: the s² solving
     * indicatorCorrelation(p, s²) = brierSkill (bisection; the left side increases from 0 to 1 in s²).
     */
    static double observationCorrelationSquared(double p, double brierSkill) {
        if (brierSkill <= 0 || p <= 0 || p >= 1) {
            return 0;
        }
        if (brierSkill >= 1) {
            return 1;
        }
        double lo = 0;
        double hi = 1;
        for (int i = 0; i < 50; i++) {
            final double mid = (lo + hi) / 2;
            if (indicatorCorrelation(p, mid) < brierSkill) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }
}
