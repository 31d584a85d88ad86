package org.keyfleet.app.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.keyfleet.scenarios.WeatherSettings;
import org.keyfleet.terminal.KmeTls;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The application's settings ({@code keyfleet.*}); {@code keyfleet serve} sets them from its options. The data
 * directory is {@code keyfleet.data} (default {@code $KEYFLEET_DATA}, else {@code ./data}).
 *
 * @param twin the digital twin
 * @param kme  the ETSI GS QKD 014 KMEs
 */
@ConfigurationProperties("keyfleet")
public record KeyfleetProperties(@DefaultValue Twin twin, @DefaultValue Kme kme) {

    /**
     * @param enabled           whether the application runs the twin (ledger, sites, KMEs, plan execution); off for
     *                          the one-shot commands
     * @param scenario          shipped scenario name or YAML path
     * @param speed             simulated seconds per real second; null ({@code auto}): chosen once the plan is known
     *                          so that a pair key exists within about 30 s of real time (see AutoSpeed)
     * @param days              planning window in days from the scenario's start; null: the scenario's horizon
     * @param planningTimeLimit solver time limit of the planning job
     * @param tick              real time between two plan-execution steps
     * @param seed              seed of the emulated link's outcome draws
     * @param manualClock       simulated time moves only when told (tests); otherwise it runs at {@code speed}
     * @param lead              on first start the clock starts this long before the first planned contact's AOS
     * @param lowStockBits      per-link low-stock alert threshold, bits (0: no alerts)
     * @param continuous        with a running clock, re-plan the next window (rolling horizon from the running
     *                          plan) once simulated time is half-way through the current one, so the twin never runs
     *                          out of plan
     * @param weatherSeed       seed of the sky the emulated link flies under; null: the scenario's {@code weather.seed},
     *                          else {@code seed}. Fixed on first start (a restart keeps the sky it had)
     * @param forecastSkill     the planner's forecast skill: a preset (default, climatology, perfect-24h) or a Brier
     *                          skill score at lead 0 in [0, 1]; null: the scenario's {@code weather.forecast}
     * @param cloudCover        cloud-cover forecast file (Open-Meteo JSON, or CSV terminal,time,cloud_cover) that wins
     *                          over the model's forecast where it covers; null: none
     * @param replanOnOutcome   re-plan the rest of the window after every flown contact (clear or cloudy)
     * @param replanTimeLimit   solver time limit of such a re-plan
     */
    public record Twin(boolean enabled,
                       @DefaultValue("eagle1-europe") String scenario,
                       Double speed,
                       Double days,
                       @DefaultValue("30s") Duration planningTimeLimit,
                       @DefaultValue("1s") Duration tick,
                       @DefaultValue("1") long seed,
                       boolean manualClock,
                       @DefaultValue("1m") Duration lead,
                       @DefaultValue("0") long lowStockBits,
                       @DefaultValue("true") boolean continuous,
                       Long weatherSeed,
                       String forecastSkill,
                       Path cloudCover,
                       @DefaultValue("true") boolean replanOnOutcome,
                       @DefaultValue("5s") Duration replanTimeLimit) {

        /** Fastest simulated time the twin accepts: a year per minute. */
        public static final double MAX_SPEED = 525_600;

        public Twin {
            if (speed != null && (!(speed > 0) || speed > MAX_SPEED)) {
                throw new IllegalArgumentException("keyfleet.twin.speed: " + speed + " is outside (0, " + (long) MAX_SPEED
                        + "] (simulated seconds per real second)");
            }
            if (days != null && (!(days > 0) || days > 366)) {
                throw new IllegalArgumentException("keyfleet.twin.days: " + days + " is outside (0, 366]");
            }
            if (planningTimeLimit.isNegative() || planningTimeLimit.isZero() || planningTimeLimit.toHours() >= 24) {
                throw new IllegalArgumentException("keyfleet.twin.planning-time-limit: " + planningTimeLimit
                        + " is outside (0, 24 h)");
            }
            if (tick.isNegative() || tick.isZero()) {
                throw new IllegalArgumentException("keyfleet.twin.tick: " + tick + " must be positive");
            }
            if (lead.isNegative()) {
                throw new IllegalArgumentException("keyfleet.twin.lead: " + lead + " must not be negative");
            }
            if (lowStockBits < 0) {
                throw new IllegalArgumentException("keyfleet.twin.low-stock-bits: " + lowStockBits + " must be >= 0");
            }
            if (forecastSkill != null) {
                try {
                    WeatherSettings.Forecast.parse(forecastSkill);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("keyfleet.twin.forecast-skill: " + e.getMessage());
                }
            }
            if (replanTimeLimit.isNegative() || replanTimeLimit.isZero() || replanTimeLimit.toHours() >= 24) {
                throw new IllegalArgumentException("keyfleet.twin.replan-time-limit: " + replanTimeLimit
                        + " is outside (0, 24 h)");
            }
        }

        /** The forecast skill the twin's plans see: the scenario's, with {@link #forecastSkill} over it. */
        WeatherSettings.Forecast skill(WeatherSettings scenario) {
            return forecastSkill == null ? scenario.forecast()
                    : scenario.forecast().overriddenBy(WeatherSettings.Forecast.parse(forecastSkill));
        }
    }

    /**
     * @param port        HTTPS port of the first terminal's KME (terminals in id order on consecutive ports); 0: any
     *                    free ports
     * @param bindAddress address the KMEs listen on
     * @param host        host name in the KMEs' base URLs (the development server certificates name localhost,
     *                    127.0.0.1 and ::1)
     * @param maxThreads  request threads shared by all KMEs
     * @param tls         TLS files the operator supplies instead of the development PKI's
     */
    public record Kme(@DefaultValue("8443") int port,
                      @DefaultValue("127.0.0.1") String bindAddress,
                      @DefaultValue("localhost") String host,
                      @DefaultValue("64") int maxThreads,
                      @DefaultValue Tls tls) {

        @ConstructorBinding
        public Kme {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("keyfleet.kme.port: " + port + " is outside [0, 65535]");
            }
            tls = tls == null ? new Tls(null, null, null, null, null, null, null, null) : tls;
        }

        /** KMEs on the development PKI. */
        public Kme(int port, String bindAddress, String host, int maxThreads) {
            this(port, bindAddress, host, maxThreads, null);
        }
    }

    /**
     * The KMEs' TLS files from the operator ({@code keyfleet.kme.tls.*}, for every KME, and
     * {@code keyfleet.kme.tls.terminals.<terminal>.*} for one); left out, a KME keeps the development PKI's. The server
     * identity is {@code certificate} + {@code private-key} (PEM) or {@code key-store} (PKCS#12) with
     * {@code key-store-password} and optionally {@code key-alias}; {@code sae-ca} is the CA (PEM, or PKCS#12 with
     * {@code sae-ca-password}) SAE client certificates must chain to. Read and checked when the KMEs start.
     */
    public record Tls(Path certificate, Path privateKey, Path keyStore, String keyStorePassword, String keyAlias,
                      Path saeCa, String saeCaPassword, Map<String, TlsFiles> terminals) {

        public Tls {
            terminals = terminals == null ? Map.of() : Map.copyOf(terminals);
        }

        /** The files for every KME. */
        public KmeTls forAll() {
            return new TlsFiles(certificate, privateKey, keyStore, keyStorePassword, keyAlias, saeCa, saeCaPassword)
                    .toKmeTls("keyfleet.kme.tls");
        }

        /** Terminal id → the files for its KME alone. */
        public Map<String, KmeTls> perTerminal() {
            Map<String, KmeTls> out = new LinkedHashMap<>();
            terminals.forEach((t, files) -> out.put(t, files.toKmeTls("keyfleet.kme.tls.terminals." + t)));
            return out;
        }

        /** Passwords masked. */
        @Override
        public String toString() {
            return "Tls[" + new TlsFiles(certificate, privateKey, keyStore, keyStorePassword, keyAlias, saeCa,
                    saeCaPassword) + ", terminals=" + terminals + "]";
        }
    }

    /** One KME's TLS files: see {@link Tls}. */
    public record TlsFiles(Path certificate, Path privateKey, Path keyStore, String keyStorePassword, String keyAlias,
                           Path saeCa, String saeCaPassword) {

        KmeTls toKmeTls(String prefix) {
            try {
                return new KmeTls(certificate, privateKey, keyStore, keyStorePassword, keyAlias, saeCa, saeCaPassword);
            } catch (IllegalArgumentException e) {
                // no cause: serve prints the innermost message, which must keep the property's name
                throw new IllegalArgumentException(prefix + ": " + e.getMessage());
            }
        }

        /** Passwords masked. */
        @Override
        public String toString() {
            return "TlsFiles[certificate=" + certificate + ", privateKey=" + privateKey + ", keyStore=" + keyStore
                    + ", keyAlias=" + keyAlias + ", saeCa=" + saeCa + "]";
        }
    }
}
