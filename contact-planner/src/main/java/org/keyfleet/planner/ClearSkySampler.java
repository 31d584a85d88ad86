package org.keyfleet.planner;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.hipparchus.distribution.continuous.NormalDistribution;

/**
 * Draws joint clear/cloudy outcomes of contacts (weather scenarios) from the Gaussian copula of
 * {@link WeatherDependence}: a latent z_c ~ N(0, 1) per contact, clear iff z_c &lt; Φ⁻¹(P(clear)_c), so each
 * contact's marginal is exactly its forecast P(clear).
 *
 * <p>The latent is sampled as the weather model builds it, not by factorising the covariance over all contacts:
 * per terminal an Ornstein–Uhlenbeck process X_i(t) of time constant τ_i, advanced exactly between consecutive
 * contact times, X_i(t + Δ) = a_i X_i(t) + ε_i with a_i = exp(−Δ/τ_i) and innovations of covariance
 * Q_ij = C_ij κ_ij (1 − a_i a_j), C_ij = exp(−d_ij/L), κ_ij = 2√(τ_iτ_j)/(τ_i + τ_j) (the exact transition of
 * OU processes driven by Brownian motions of correlation C); X starts from the stationary law Σ_ij = C_ij κ_ij.
 * Cost per scenario is (contacts × terminals²) instead of contacts³. Terminals with no correlation to any other
 * (L = 0) are advanced alone, at their own contacts only.
 */
final class ClearSkySampler {

    private static final NormalDistribution STANDARD = new NormalDistribution(0, 1);

    /** Terminals correlated with each other, and their contacts in time order. */
    private record Component(String[] terminals, double[] tau, double[][] c, int[] contacts, int[] terminalOf) {
    }

    private final int contacts;
    private final double[] threshold;
    private final double[] timeSeconds;
    private final List<Component> components = new ArrayList<>();

    /**
     * @param terminalIds per contact: its terminal
     * @param timeSeconds per contact: the instant its outcome is decided (pass midpoint), s from any origin
     * @param pClear      per contact: P(clear), in [0, 1]
     */
    ClearSkySampler(List<String> terminalIds, double[] timeSeconds, double[] pClear, WeatherDependence dependence) {
        contacts = terminalIds.size();
        this.timeSeconds = timeSeconds.clone();
        threshold = new double[contacts];
        for (int c = 0; c < contacts; c++) {
            threshold[c] = quantile(pClear[c]);
        }
        List<String> ids = terminalIds.stream().distinct().sorted().toList();
        int n = ids.size();
        // connected components of the "correlated" relation: independent groups are sampled apart
        int[] root = new int[n];
        for (int i = 0; i < n; i++) {
            root[i] = i;
        }
        double[][] corr = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                corr[i][j] = dependence.spatialCorrelation(ids.get(i), ids.get(j));
                if (i < j && corr[i][j] > 0) {
                    root[find(root, j)] = find(root, i);
                }
            }
        }
        Map<Integer, List<Integer>> groups = new HashMap<>();
        for (int i = 0; i < n; i++) {
            groups.computeIfAbsent(find(root, i), k -> new ArrayList<>()).add(i);
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < n; i++) {
            index.put(ids.get(i), i);
        }
        int[] group = new int[n];
        int[] local = new int[n];
        List<List<Integer>> members = groups.values().stream().sorted(Comparator.comparing(g -> g.get(0))).toList();
        for (int g = 0; g < members.size(); g++) {
            for (int k = 0; k < members.get(g).size(); k++) {
                group[members.get(g).get(k)] = g;
                local[members.get(g).get(k)] = k;
            }
        }
        List<List<Integer>> contactsOf = new ArrayList<>();
        members.forEach(g -> contactsOf.add(new ArrayList<>()));
        for (int c = 0; c < contacts; c++) {
            contactsOf.get(group[index.get(terminalIds.get(c))]).add(c);
        }
        for (int g = 0; g < members.size(); g++) {
            List<Integer> m = members.get(g);
            String[] terms = m.stream().map(ids::get).toArray(String[]::new);
            double[] tau = Arrays.stream(terms).mapToDouble(dependence::tauSeconds).toArray();
            double[][] c = new double[m.size()][m.size()];
            for (int i = 0; i < m.size(); i++) {
                for (int j = 0; j < m.size(); j++) {
                    c[i][j] = corr[m.get(i)][m.get(j)];
                }
            }
            int[] order = contactsOf.get(g).stream()
                    .sorted(Comparator.<Integer>comparingDouble(k -> this.timeSeconds[k]).thenComparingInt(k -> k))
                    .mapToInt(Integer::intValue).toArray();
            int[] termOf = Arrays.stream(order).map(k -> local[index.get(terminalIds.get(k))]).toArray();
            components.add(new Component(terms, tau, c, order, termOf));
        }
    }

    private static int find(int[] root, int i) {
        while (root[i] != i) {
            root[i] = root[root[i]];
            i = root[i];
        }
        return i;
    }

    /** Φ⁻¹(p), ±∞ at 1 and 0. */
    static double quantile(double p) {
        if (p <= 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (p >= 1) {
            return Double.POSITIVE_INFINITY;
        }
        return STANDARD.inverseCumulativeProbability(p);
    }

    /** {@code scenarios} outcomes, [scenario][contact] = clear; scenario s depends only on (seed, s). */
    boolean[][] sample(int scenarios, long seed) {
        double[][] z = latents(scenarios, seed);
        boolean[][] clear = new boolean[scenarios][contacts];
        for (int s = 0; s < scenarios; s++) {
            for (int c = 0; c < contacts; c++) {
                clear[s][c] = z[s][c] < threshold[c];
            }
        }
        return clear;
    }

    /** The standard-normal latents behind {@link #sample}, [scenario][contact]. */
    double[][] latents(int scenarios, long seed) {
        double[][] z = new double[scenarios][contacts];
        SplittableRandom[] random = new SplittableRandom[scenarios];
        for (int s = 0; s < scenarios; s++) {
            random[s] = new SplittableRandom(mix(seed, s));
        }
        for (Component comp : components) {
            sample(comp, z, random);
        }
        return z;
    }

    private void sample(Component comp, double[][] z, SplittableRandom[] random) {
        int n = comp.terminals().length;
        int scenarios = z.length;
        boolean sameTau = Arrays.stream(comp.tau()).allMatch(t -> t == comp.tau()[0]);
        double[][] kappaC = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double ti = comp.tau()[i];
                double tj = comp.tau()[j];
                kappaC[i][j] = comp.c()[i][j] * 2 * Math.sqrt(ti * tj) / (ti + tj);
            }
        }
        double[][] stationary = cholesky(kappaC);
        double[][] x = new double[scenarios][];
        for (int s = 0; s < scenarios; s++) {
            x[s] = correlate(stationary, draw(random[s], n));
        }
        double previous = comp.contacts().length == 0 ? 0 : timeSeconds[comp.contacts()[0]];
        double[] a = new double[n];
        double[][] q = new double[n][n];
        for (int e = 0; e < comp.contacts().length; e++) {
            int c = comp.contacts()[e];
            double dt = timeSeconds[c] - previous;
            if (dt > 0) {
                for (int i = 0; i < n; i++) {
                    a[i] = Math.exp(-dt / comp.tau()[i]);
                }
                double[][] l;
                if (sameTau) {
                    l = scaled(stationary, Math.sqrt(1 - a[0] * a[0]));
                } else {
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < n; j++) {
                            q[i][j] = kappaC[i][j] * (1 - a[i] * a[j]);
                        }
                    }
                    l = cholesky(q);
                }
                for (int s = 0; s < scenarios; s++) {
                    double[] eps = correlate(l, draw(random[s], n));
                    for (int i = 0; i < n; i++) {
                        x[s][i] = a[i] * x[s][i] + eps[i];
                    }
                }
                previous = timeSeconds[c];
            }
            for (int s = 0; s < scenarios; s++) {
                z[s][c] = x[s][comp.terminalOf()[e]];
            }
        }
    }

    private static double[] draw(SplittableRandom random, int n) {
        double[] e = new double[n];
        for (int i = 0; i < n; i++) {
            e[i] = random.nextGaussian();
        }
        return e;
    }

    private static double[][] scaled(double[][] m, double f) {
        double[][] r = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            r[i] = m[i].clone();
            for (int j = 0; j < r[i].length; j++) {
                r[i][j] *= f;
            }
        }
        return r;
    }

    /**
     * Lower Cholesky factor of a positive semi-definite matrix; a (numerically) zero pivot leaves its column 0,
     * so a terminal fully determined by earlier ones (two at one site) follows them instead of failing.
     */
    static double[][] cholesky(double[][] m) {
        int n = m.length;
        double[][] l = new double[n][n];
        for (int j = 0; j < n; j++) {
            double d = m[j][j];
            for (int k = 0; k < j; k++) {
                d -= l[j][k] * l[j][k];
            }
            if (d <= 1e-12 * Math.max(1, m[j][j])) {
                continue;
            }
            l[j][j] = Math.sqrt(d);
            for (int i = j + 1; i < n; i++) {
                double s = m[i][j];
                for (int k = 0; k < j; k++) {
                    s -= l[i][k] * l[j][k];
                }
                l[i][j] = s / l[j][j];
            }
        }
        return l;
    }

    private static double[] correlate(double[][] l, double[] e) {
        int n = e.length;
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            double[] row = l[i];
            for (int k = 0; k <= i; k++) {
                s += row[k] * e[k];
            }
            z[i] = s;
        }
        return z;
    }

    /** A well-mixed 64-bit seed of (seed, index) (SplitMix64 finaliser). */
    static long mix(long seed, long index) {
        long z = seed * 0x9e3779b97f4a7c15L + index + 0x632be59bd9b4e019L;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
