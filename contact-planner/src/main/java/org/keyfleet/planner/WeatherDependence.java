package org.keyfleet.planner;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.keyfleet.linkbudget.weather.CloudModelConfig;
import org.keyfleet.scenarios.GroundTerminal;

/**
 * How the clear/cloudy outcomes of candidate contacts depend on each other, for {@link RobustPlanner}: the
 * Gaussian copula of the link budget's weather model (docs/weather-model.md). The latent "cloudiness" of contacts
 * c, c' correlates as κ exp(−|t_c − t_c'|/τ) exp(−d/L) (κ = 2√(τ τ')/(τ + τ') when the two terminals' τ differ,
 * 1 otherwise), d the great-circle distance between their terminals (0 for the same terminal).
 *
 * @param sites                terminal id → position; needed for every terminal with candidates when
 *                             {@code lengthMetres} &gt; 0
 * @param defaultTauSeconds    correlation time τ of a terminal's latent, s, &gt; 0
 * @param tauSecondsByTerminal per-terminal τ overriding the default, s
 * @param lengthMetres         spatial correlation length L, m, ≥ 0 (0: terminals independent)
 */
public record WeatherDependence(Map<String, Site> sites, double defaultTauSeconds,
                                Map<String, Double> tauSecondsByTerminal, double lengthMetres) {

    /** Mean radius of the sphere the weather model measures distances on, m (as CloudHistory). */
    static final double EARTH_RADIUS_M = 6_371_000;

    /**
     * A terminal's position on the sphere.
     *
     * @param latitudeRad  latitude, rad
     * @param longitudeRad longitude, rad
     */
    public record Site(double latitudeRad, double longitudeRad) {
    }

    public WeatherDependence {
        sites = Map.copyOf(sites);
        tauSecondsByTerminal = Map.copyOf(tauSecondsByTerminal);
        checkTau(defaultTauSeconds, "default");
        tauSecondsByTerminal.forEach((id, tau) -> checkTau(tau, id));
        if (!(lengthMetres >= 0) || Double.isInfinite(lengthMetres)) {
            throw new IllegalArgumentException("weather dependence: lengthMetres must be finite and >= 0 but was "
                    + lengthMetres);
        }
    }

    private static void checkTau(double tau, String who) {
        if (!(tau > 0) || Double.isInfinite(tau)) {
            throw new IllegalArgumentException("weather dependence: correlation time of " + who
                    + " must be finite and > 0 but was " + tau);
        }
    }

    /** The dependence of the twin's weather model {@code config} over {@code terminals}. */
    public static WeatherDependence of(List<GroundTerminal> terminals, CloudModelConfig config) {
        Map<String, Site> sites = new HashMap<>();
        Map<String, Double> taus = new HashMap<>();
        for (GroundTerminal t : terminals) {
            sites.put(t.id(), new Site(t.latitudeRad(), t.longitudeRad()));
            taus.put(t.id(), config.correlationTimeSeconds(t.id()));
        }
        return new WeatherDependence(sites, config.correlationTimeSeconds(), taus, config.correlationLengthMetres());
    }

    /** The weather model's defaults (τ = 1 day, L = 300 km) over {@code terminals}. */
    public static WeatherDependence of(List<GroundTerminal> terminals) {
        return of(terminals, CloudModelConfig.defaults(0));
    }

    /** Every contact independent of every other: τ → 0 (one second against passes minutes apart), L = 0. */
    public static WeatherDependence independent() {
        return new WeatherDependence(Map.of(), 1e-3, Map.of(), 0);
    }

    /** Terminals independent of each other, each with correlation time {@code tauSeconds}. */
    public static WeatherDependence perTerminal(double tauSeconds) {
        return new WeatherDependence(Map.of(), tauSeconds, Map.of(), 0);
    }

    public WeatherDependence withSite(String terminalId, double latitudeRad, double longitudeRad) {
        Map<String, Site> copy = new HashMap<>(sites);
        copy.put(Objects.requireNonNull(terminalId, "terminalId"), new Site(latitudeRad, longitudeRad));
        return new WeatherDependence(copy, defaultTauSeconds, tauSecondsByTerminal, lengthMetres);
    }

    public WeatherDependence withLengthMetres(double metres) {
        return new WeatherDependence(sites, defaultTauSeconds, tauSecondsByTerminal, metres);
    }

    public WeatherDependence withTauSeconds(double tauSeconds) {
        return new WeatherDependence(sites, tauSeconds, Map.of(), lengthMetres);
    }

    /** τ of a terminal, s. */
    public double tauSeconds(String terminalId) {
        return tauSecondsByTerminal.getOrDefault(terminalId, defaultTauSeconds);
    }

    /** Latent correlation of the innovations of two terminals: exp(−d/L); 1 for the same terminal. */
    double spatialCorrelation(String a, String b) {
        if (a.equals(b)) {
            return 1;
        }
        if (lengthMetres == 0) {
            return 0;
        }
        Site p = site(a);
        Site q = site(b);
        double dLat = q.latitudeRad() - p.latitudeRad();
        double dLon = q.longitudeRad() - p.longitudeRad();
        double h = Math.pow(Math.sin(dLat / 2), 2)
                + Math.cos(p.latitudeRad()) * Math.cos(q.latitudeRad()) * Math.pow(Math.sin(dLon / 2), 2);
        double d = 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
        return Math.exp(-d / lengthMetres);
    }

    private Site site(String terminalId) {
        Site s = sites.get(terminalId);
        if (s == null) {
            throw new IllegalArgumentException("weather dependence: no position for terminal '" + terminalId
                    + "' (needed with a correlation length > 0)");
        }
        return s;
    }
}
