package org.keyfleet.linkbudget.weather;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.keyfleet.linkbudget.WeatherSource;
import org.keyfleet.scenarios.GroundTerminal;

/**
 * One sampled weather history: for every terminal, clear or cloudy at every instant from {@code origin} on.
 *
 * <p>Gaussian copula of Ornstein–Uhlenbeck processes (docs/weather-model.md): terminal i has a standard-normal
 * latent X_i on a grid of step h, X_i(k+1) = a_i X_i(k) + √(1 − a_i²) Z_i(k), a_i = exp(−h/τ_i), with
 * innovations Z(k) ~ N(0, C), C_ij = exp(−d_ij/L), and X(0) drawn from the stationary law. The sky is clear at t
 * iff X_i(⌊(t − origin)/h⌋) &lt; Φ⁻¹(p_i(month of t)), p_i the terminal's monthly clear fraction (UTC month).
 *
 * <p>The history is a deterministic function of the seed, the terminals and the origin: it is generated lazily
 * forward from the origin and kept, so it does not depend on the order of the queries. Without spatial correlation
 * a terminal's history depends only on the seed, its id and its τ. Thread-safe.
 */
public final class CloudHistory {

    private static final double EARTH_RADIUS_M = 6_371_000;
    private static final int CHUNK_STEPS = 1024;

    private final Instant origin;
    private final CloudModelConfig config;
    private final List<GroundTerminal> terminals; // sorted by id
    private final Map<String, Integer> indexById;
    private final double[] a;
    private final double[] innovationScale;
    private final double[][] innovationCholesky;
    private final RandomStreams.Normal[] streams;
    private final double[][] latent;
    private int generated;

    private CloudHistory(List<GroundTerminal> terminals, Instant origin, CloudModelConfig config) {
        this.origin = origin;
        this.config = config;
        final List<GroundTerminal> sorted = new ArrayList<>(terminals);
        sorted.sort(Comparator.comparing(GroundTerminal::id));
        this.terminals = List.copyOf(sorted);
        final int n = sorted.size();
        this.indexById = new HashMap<>();
        this.a = new double[n];
        this.innovationScale = new double[n];
        this.streams = new RandomStreams.Normal[n];
        this.latent = new double[n][];
        for (int i = 0; i < n; i++) {
            final String id = sorted.get(i).id();
            if (indexById.put(id, i) != null) {
                throw new IllegalArgumentException("weather model: terminal id '" + id + "' appears twice");
            }
            a[i] = Math.exp(-config.stepSeconds() / config.correlationTimeSeconds(id));
            innovationScale[i] = Math.sqrt(1 - a[i] * a[i]);
            streams[i] = new RandomStreams.Normal(RandomStreams.key(config.seed(), RandomStreams.idKey(id),
                    RandomStreams.LATENT));
            latent[i] = new double[0];
        }
        final double[][] c = innovationCorrelation(sorted, config.correlationLengthMetres());
        this.innovationCholesky = cholesky(c);
        // stationary covariance of X: Σ_ij = C_ij √((1 − a_i²)(1 − a_j²)) / (1 − a_i a_j), 1 on the diagonal
        final double[][] sigma = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                sigma[i][j] = i == j ? 1 : c[i][j] * innovationScale[i] * innovationScale[j] / (1 - a[i] * a[j]);
            }
        }
        final double[] x0 = correlate(cholesky(sigma), draw());
        for (int i = 0; i < n; i++) {
            latent[i] = grow(latent[i], CHUNK_STEPS);
            latent[i][0] = x0[i];
        }
        generated = 1;
    }

    /**
     * Samples the history of {@code terminals} from {@code origin} on.
     *
     * @throws IllegalArgumentException if two terminals share an id
     */
    public static CloudHistory sample(List<GroundTerminal> terminals, Instant origin, CloudModelConfig config) {
        return new CloudHistory(terminals, origin, config);
    }

    /** First instant of the history. */
    public Instant origin() {
        return origin;
    }

    public CloudModelConfig config() {
        return config;
    }

    /**
     * Whether the terminal's sky is clear at {@code t}.
     *
     * @throws IllegalArgumentException for an unknown terminal or a time before the origin
     */
    public boolean clear(String terminalId, Instant t) {
        return latent(terminalId, t) < threshold(terminalId, t);
    }

    /** Whether a pass is clear: the sky at its midpoint (a pass is all or nothing). */
    public boolean clearDuringPass(String terminalId, Instant start, Instant end) {
        return clear(terminalId, midpoint(start, end));
    }

    /** The terminal's climatological clear fraction at {@code t} (its UTC month). */
    public double clearFraction(String terminalId, Instant t) {
        return terminal(terminalId).clearSkyFraction(t.atZone(ZoneOffset.UTC).getMonthValue());
    }

    /** The truth as a {@link WeatherSource}: P(clear) 1 or 0 at the pass midpoint. */
    public WeatherSource truth() {
        return (terminal, start, end) -> clearDuringPass(terminal.id(), start, end) ? 1.0 : 0.0;
    }

    /** Latent X_i at t (standard normal). */
    double latent(String terminalId, Instant t) {
        final int i = index(terminalId);
        final long k = step(t);
        synchronized (this) {
            extendTo(k);
            return latent[i][(int) k];
        }
    }

    /** Φ⁻¹(p_i(month of t)). */
    double threshold(String terminalId, Instant t) {
        return Gauss.quantile(clearFraction(terminalId, t));
    }

    /** Grid index of t. */
    long step(Instant t) {
        final Duration d = Duration.between(origin, t);
        if (d.isNegative()) {
            throw new IllegalArgumentException("weather model: " + t + " is before the history's origin " + origin);
        }
        final long k = (long) Math.floor((d.getSeconds() + d.getNano() * 1e-9) / config.stepSeconds());
        if (k >= Integer.MAX_VALUE - CHUNK_STEPS) {
            throw new IllegalArgumentException("weather model: " + t + " is too far after the origin " + origin);
        }
        return k;
    }

    GroundTerminal terminal(String terminalId) {
        return terminals.get(index(terminalId));
    }

    static Instant midpoint(Instant start, Instant end) {
        return start.plus(Duration.between(start, end).dividedBy(2));
    }

    private int index(String terminalId) {
        final Integer i = indexById.get(terminalId);
        if (i == null) {
            throw new IllegalArgumentException("weather model: unknown terminal '" + terminalId + "'");
        }
        return i;
    }

    private void extendTo(long k) {
        if (k < generated) {
            return;
        }
        final int n = terminals.size();
        final int target = (int) k + 1;
        if (target > latent[0].length) {
            final int capacity = Math.max(target, latent[0].length * 2);
            for (int i = 0; i < n; i++) {
                latent[i] = grow(latent[i], capacity);
            }
        }
        for (int s = generated; s < target; s++) {
            final double[] z = correlate(innovationCholesky, draw());
            for (int i = 0; i < n; i++) {
                latent[i][s] = a[i] * latent[i][s - 1] + innovationScale[i] * z[i];
            }
        }
        generated = target;
    }

    private double[] draw() {
        final double[] e = new double[streams.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = streams[i].next();
        }
        return e;
    }

    private static double[] grow(double[] x, int capacity) {
        return Arrays.copyOf(x, capacity);
    }

    /** C_ij = exp(−d_ij / L), d the great-circle distance; the identity for L = 0. */
    static double[][] innovationCorrelation(List<GroundTerminal> ts, double lengthMetres) {
        final int n = ts.size();
        final double[][] c = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                c[i][j] = i == j ? 1 : lengthMetres == 0 ? 0
                        : Math.exp(-distanceMetres(ts.get(i), ts.get(j)) / lengthMetres);
            }
        }
        return c;
    }

    /** Great-circle distance on a sphere of radius 6371 km (haversine), m. */
    static double distanceMetres(GroundTerminal p, GroundTerminal q) {
        final double dLat = q.latitudeRad() - p.latitudeRad();
        final double dLon = q.longitudeRad() - p.longitudeRad();
        final double h = Math.pow(Math.sin(dLat / 2), 2)
                + Math.cos(p.latitudeRad()) * Math.cos(q.latitudeRad()) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
    }

    /** Lower Cholesky factor of a positive semi-definite matrix (a zero pivot gives a zero column). */
    static double[][] cholesky(double[][] m) {
        final int n = m.length;
        final double[][] l = new double[n][n];
        for (int j = 0; j < n; j++) {
            double d = m[j][j];
            for (int k = 0; k < j; k++) {
                d -= l[j][k] * l[j][k];
            }
            if (d <= 1e-12) {
                continue; // column j stays 0: terminal j is determined by the earlier ones
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
        final int n = e.length;
        final double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int k = 0; k <= i; k++) {
                s += l[i][k] * e[k];
            }
            z[i] = s;
        }
        return z;
    }
}
