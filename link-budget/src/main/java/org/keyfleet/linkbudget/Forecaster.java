package org.keyfleet.linkbudget;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.keyfleet.orbit.Pass;
import org.keyfleet.orbit.PassSample;
import org.keyfleet.scenarios.GroundTerminal;
import org.keyfleet.scenarios.Payload;
import org.keyfleet.scenarios.SatelliteSpec;
import org.keyfleet.scenarios.Scenario;
import org.keyfleet.scenarios.SourceSettings;

/**
 * Forecasts the secret key of passes: the channel at every geometry sample ({@link ChannelModel}), the
 * finite-key length of the pass as one block with optimised protocol parameters and low-elevation cut-off
 * ({@link KeyOptimizer}) — or, for a payload whose source is flown fixed, at that source's parameters with
 * only the cut-off chosen — the clear-sky probability ({@link WeatherSource}) and the repeaterless bound.
 *
 * <p>Each sample stands for the pulses sent during the time around it (half the interval to each neighbour),
 * so the 5-s samples of the pass finder integrate the pass as SatQuMA's 1-s slots do.
 *
 * <p>Immutable and thread-safe; {@link #forecastAll} runs passes in parallel.
 */
public final class Forecaster {

    /**
     * System property that turns the optimiser's zero-key screen off ("false") for before/after measurements
     * (bench ZeroKeyScreenBenchmark); read when a forecaster is built. Results are the same either way.
     */
    static final String ZERO_KEY_SCREEN_PROPERTY = "keyfleet.linkbudget.zeroKeyScreen";

    private final ForecastConfig config;
    private final boolean zeroKeyScreen;
    private final Map<List<Object>, ChannelModel> channels = new ConcurrentHashMap<>();
    private final Map<String, Double> lossOffsetDb;
    private final Map<String, Double> clearSkyFactor;

    public Forecaster(ForecastConfig config) {
        this(config, Map.of(), Map.of());
    }

    private Forecaster(ForecastConfig config, Map<String, Double> lossOffsetDb, Map<String, Double> clearSkyFactor) {
        if (config == null) {
            throw new IllegalArgumentException("forecaster: config must be given");
        }
        this.config = config;
        this.zeroKeyScreen = !"false".equalsIgnoreCase(System.getProperty(ZERO_KEY_SCREEN_PROPERTY, "true").trim());
        lossOffsetDb.forEach((id, db) -> {
            if (!Double.isFinite(db)) {
                throw new IllegalArgumentException("terminal " + id + ": loss offset " + db + " dB must be finite");
            }
        });
        clearSkyFactor.forEach((id, f) -> {
            if (!(f >= 0) || Double.isInfinite(f)) {
                throw new IllegalArgumentException("terminal " + id + ": clear-sky factor " + f
                        + " must be finite and >= 0");
            }
        });
        this.lossOffsetDb = Map.copyOf(lossOffsetDb);
        this.clearSkyFactor = Map.copyOf(clearSkyFactor);
    }

    /**
     * This forecaster with per-terminal corrections, as a calibration learns them from flown contacts: a loss offset
     * added to the configured excess loss of that terminal's channel (dB, may be negative), and a factor on the
     * weather's P(clear) of that terminal's passes (capped at 1, since it is a probability). Terminals not named keep
     * the model as configured. Replaces any corrections this forecaster had.
     */
    public Forecaster withTerminalCorrections(Map<String, Double> lossOffsetDb, Map<String, Double> clearSkyFactor) {
        return new Forecaster(config, lossOffsetDb, clearSkyFactor);
    }

    /** The loss offset this forecaster adds to a terminal's channel, dB (0 when none). */
    public double lossOffsetDb(String terminalId) {
        return lossOffsetDb.getOrDefault(terminalId, 0.0);
    }

    /** A forecaster with {@link ForecastConfig#defaults()}. */
    public static Forecaster withDefaults() {
        return new Forecaster(ForecastConfig.defaults());
    }

    public ForecastConfig config() {
        return config;
    }

    /** Forecast of one pass of a satellite over a terminal. */
    public PassForecast forecast(Pass pass, SatelliteSpec satellite, GroundTerminal terminal, WeatherSource weather) {
        return forecast(pass, satellite.payload(), terminal, weather);
    }

    /**
     * Forecast of one pass.
     *
     * @throws IllegalArgumentException naming the payload or terminal field at fault
     */
    public PassForecast forecast(Pass pass, Payload payload, GroundTerminal terminal, WeatherSource weather) {
        final ChannelModel channel = channel(payload, terminal);
        final List<PassSample> in = pass.samples();
        final List<SampleForecast> samples = new ArrayList<>(in.size());
        for (PassSample s : in) {
            samples.add(channel.evaluate(s));
        }
        final int n = samples.size();
        final double[] eta = new double[n];
        final double[] pec = new double[n];
        final double[] pulses = new double[n];
        double plob = 0;
        for (int i = 0; i < n; i++) {
            eta[i] = samples.get(i).efficiency();
            pec[i] = samples.get(i).extraneousCountProbability();
            pulses[i] = payload.pulseRateHz() * sampleDuration(in, i);
            plob += -Math.log1p(-Math.min(eta[i], 1 - 1e-16)) / Math.log(2) * pulses[i];
        }
        final boolean daylight = samples.stream().anyMatch(SampleForecast::daylight);
        final boolean moonlit = samples.stream().anyMatch(SampleForecast::moonlit);
        final double pModel = weather == null ? 1.0 : weather.clearSkyProbability(terminal, pass.aos(), pass.los());
        final Double factor = clearSkyFactor.get(terminal.id());
        final double pClear = factor == null ? pModel : Math.min(1.0, factor * pModel);
        if (!(pClear >= 0 && pClear <= 1)) {
            throw new IllegalStateException("weather: P(clear) " + pClear + " for terminal " + terminal.id()
                    + " is outside [0, 1]");
        }

        final LinkProfile profile = LinkProfile.of(eta, pec, pulses, payload.intrinsicQber(),
                payload.afterpulseProbability());
        final KeyOptimizer optimizer = new KeyOptimizer(config.keySettings(), bounds(payload), zeroKeyScreen);
        final List<KeyWindow> windows = config.optimiseWindow() && n > 0 ? cutoffWindows(in)
                : List.of(new KeyWindow(0, n));
        final Optional<ProtocolParameters> flown = fixedParameters(payload);
        final OptimisedKey best = flown.isPresent() ? atFixedParameters(profile, windows, flown.get(), optimizer)
                : optimizer.optimise(profile, windows);
        final KeyLengthResult key = best.result();
        final KeyWindow window = best.window();
        final int evaluations = best.evaluations();
        final long bits = key.secretBits();
        final boolean hasKey = bits > 0 && window.size() > 0;
        double cutoff = Double.NaN;
        if (hasKey) {
            cutoff = Double.POSITIVE_INFINITY;
            for (int i = window.from(); i < window.to(); i++) {
                cutoff = Math.min(cutoff, samples.get(i).elevationRad());
            }
        }
        return new PassForecast(pass.satelliteId(), pass.terminalId(), pass.aos(), pass.tca(), pass.los(),
                pass.maxElevationRad(), samples, hasKey ? in.get(window.from()).time() : null,
                hasKey ? in.get(window.to() - 1).time() : null, cutoff, key, bits, pClear,
                Math.round(pClear * bits), daylight, moonlit, plob, evaluations);
    }

    /**
     * Forecasts of many passes of a scenario, in parallel, in the order given. Satellites and terminals are
     * looked up by the passes' ids.
     *
     * @throws IllegalArgumentException when a pass names an unknown satellite or terminal
     */
    public List<PassForecast> forecastAll(List<Pass> passes, Scenario scenario, WeatherSource weather) {
        final Function<Pass, PassForecast> one = p -> {
            final SatelliteSpec sat = scenario.satellite(p.satelliteId()).orElseThrow(() ->
                    new IllegalArgumentException("pass " + p.aos() + ": satellite '" + p.satelliteId()
                            + "' is not in scenario " + scenario.name()));
            final GroundTerminal gt = scenario.terminal(p.terminalId()).orElseThrow(() ->
                    new IllegalArgumentException("pass " + p.aos() + ": terminal '" + p.terminalId()
                            + "' is not in scenario " + scenario.name()));
            return forecast(p, sat, gt, weather);
        };
        return passes.parallelStream().map(one).toList();
    }

    private ChannelModel channel(Payload payload, GroundTerminal terminal) {
        // payload and terminal are records: equal values share a channel model (and its diffraction table)
        final double offset = lossOffsetDb(terminal.id());
        return channels.computeIfAbsent(List.of(payload, terminal, offset),
                k -> new ChannelModel(payload, terminal, config, offset));
    }

    /**
     * The key a planned contact yields through this forecaster's channel: the pass flown at the plan's key window and
     * protocol parameters (the satellite flies what was planned; only the channel differs). This is how a truth
     * channel that differs from the planning model (another terminal offset, another turbulence strength) realises a
     * clear contact. A plan without key yields none.
     */
    public KeyLengthResult realise(PassForecast planned, Pass pass, Payload payload, GroundTerminal terminal) {
        if (planned.keyStart() == null) {
            return planned.key();
        }
        final ChannelModel channel = channel(payload, terminal);
        final List<PassSample> in = pass.samples();
        final int n = in.size();
        final double[] eta = new double[n];
        final double[] pec = new double[n];
        final double[] pulses = new double[n];
        for (int i = 0; i < n; i++) {
            final SampleForecast s = channel.evaluate(in.get(i));
            eta[i] = s.efficiency();
            pec[i] = s.extraneousCountProbability();
            pulses[i] = payload.pulseRateHz() * sampleDuration(in, i);
        }
        final KeyWindow w = plannedWindow(in.stream().map(PassSample::time).toList(), planned);
        final LinkProfile profile = LinkProfile.of(eta, pec, pulses, payload.intrinsicQber(),
                payload.afterpulseProbability());
        return KeyLength.evaluate(profile, w.from(), w.to(), planned.parameters(), config.keySettings());
    }

    /**
     * The secret key of a planned contact if its channel lost {@code offsetDb} more than forecast (at the plan's key
     * window and parameters): the forecast samples' efficiencies scaled by 10^(−offset/10); the extraneous counts
     * (dark and sky light) do not pass through the extra loss and stay as forecast. Bits, not rounded.
     */
    public double keyAtOffset(PassForecast planned, Payload payload, double offsetDb) {
        return planned.keyStart() == null ? 0 : new PlannedKey(planned, payload).bitsAtOffset(offsetDb);
    }

    /**
     * A planned contact's key as a function of an extra loss: the forecast samples, pulses and key window gathered once,
     * so that a search over the offset ({@link #impliedLossOffsetDb}) only rescales the efficiencies.
     */
    private final class PlannedKey {

        private final PassForecast planned;
        private final Payload payload;
        private final double[] eta;
        private final double[] pec;
        private final double[] pulses;
        private final KeyWindow window;

        PlannedKey(PassForecast planned, Payload payload) {
            this.planned = planned;
            this.payload = payload;
            final List<SampleForecast> s = planned.samples();
            final int n = s.size();
            eta = new double[n];
            pec = new double[n];
            pulses = new double[n];
            for (int i = 0; i < n; i++) {
                eta[i] = s.get(i).efficiency();
                pec[i] = s.get(i).extraneousCountProbability();
                pulses[i] = payload.pulseRateHz() * sampleDuration(s, i, SampleForecast::time);
            }
            window = plannedWindow(s.stream().map(SampleForecast::time).toList(), planned);
        }

        double bitsAtOffset(double offsetDb) {
            final double scale = Math.pow(10, -offsetDb / 10);
            final double[] scaled = new double[eta.length];
            for (int i = 0; i < eta.length; i++) {
                scaled[i] = Math.min(1.0, eta[i] * scale);
            }
            final LinkProfile profile = LinkProfile.of(scaled, pec, pulses, payload.intrinsicQber(),
                    payload.afterpulseProbability());
            return Math.max(0, KeyLength.evaluate(profile, window.from(), window.to(), planned.parameters(),
                    config.keySettings()).secretKeyBits());
        }
    }

    /**
     * The samples of a planned key window among {@code times}: from the first at or after its start to the last at or
     * before its end.
     *
     * @throws IllegalArgumentException when no sample falls in the window (a forecast without samples, another pass)
     */
    private static KeyWindow plannedWindow(List<Instant> times, PassForecast planned) {
        int from = -1;
        int to = -1;
        for (int i = 0; i < times.size(); i++) {
            if (from < 0 && !times.get(i).isBefore(planned.keyStart())) {
                from = i;
            }
            if (!times.get(i).isAfter(planned.keyEnd())) {
                to = i + 1;
            }
        }
        if (from < 0 || to <= from) {
            throw new IllegalArgumentException("forecast of " + planned.terminalId() + " at " + planned.aos()
                    + ": no sample inside its key window " + planned.keyStart() + ".." + planned.keyEnd());
        }
        return new KeyWindow(from, to);
    }

    /**
     * The loss offset that explains a measured key: the δ (dB) at which {@link #keyAtOffset} equals
     * {@code measuredBits}, by bisection on [−{@code range}, +{@code range}] dB (the key falls monotonically with
     * loss at fixed parameters). NaN when it cannot be told: no key planned or measured (a zero key only bounds δ
     * from below), or the measured key is outside what the range explains.
     */
    public double impliedLossOffsetDb(PassForecast planned, Payload payload, long measuredBits, double range) {
        if (planned.keyStart() == null || measuredBits <= 0 || planned.samples().isEmpty()) {
            return Double.NaN;
        }
        final PlannedKey key = new PlannedKey(planned, payload);
        double lo = -range;
        double hi = range;
        if (key.bitsAtOffset(lo) < measuredBits || key.bitsAtOffset(hi) > measuredBits) {
            return Double.NaN;
        }
        // 30 halvings of a 40-dB bracket: 4e-8 dB, far below any noise on a measured key
        for (int k = 0; k < 30; k++) {
            final double mid = (lo + hi) / 2;
            if (key.bitsAtOffset(mid) > measuredBits) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    /** The protocol parameters of a payload whose source is flown as it is ({@code source.mode: fixed}). */
    static Optional<ProtocolParameters> fixedParameters(Payload payload) {
        return payload.source().filter(SourceSettings::fixed).map(s -> {
            try {
                return new ProtocolParameters(s.xBasisProbability(), s.signalProbability(), s.decoyProbability(),
                        s.signalIntensity(), s.decoyIntensity(), s.vacuumIntensity());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("payload.source: " + e.getMessage(), e);
            }
        });
    }

    /**
     * The key at a flown source's parameters, evaluated as {@code key-length --fixed} evaluates a case
     * ({@link KeyLength#evaluate}); only the low-elevation cut-off is still chosen (the candidate window with
     * the most key at these parameters), since when to start and stop the key block is the operator's choice,
     * not the source's.
     */
    private OptimisedKey atFixedParameters(LinkProfile profile, List<KeyWindow> windows, ProtocolParameters x,
                                           KeyOptimizer optimizer) {
        final KeyWindow w = windows.size() == 1 ? windows.get(0) : optimizer.bestWindow(profile, windows, x);
        return new OptimisedKey(KeyLength.evaluate(profile, w.from(), w.to(), x, config.keySettings()), w,
                windows.size() == 1 ? 1 : 2);
    }

    private ParameterBounds bounds(Payload payload) {
        if (payload.intensities().isPresent()) {
            final var i = payload.intensities().get();
            if (!(i.signal() > i.decoy() + i.vacuum() && i.decoy() > i.vacuum() && i.vacuum() >= 0)) {
                throw new IllegalArgumentException("payload.intensities: signal " + i.signal() + ", decoy "
                        + i.decoy() + ", vacuum " + i.vacuum() + " must satisfy signal > decoy + vacuum,"
                        + " decoy > vacuum >= 0");
            }
            return config.bounds().withFixedIntensities(i.signal(), i.decoy(), i.vacuum());
        }
        return config.bounds();
    }

    /** Seconds of transmission a sample stands for: half the interval to each neighbour. */
    static double sampleDuration(List<PassSample> s, int i) {
        return sampleDuration(s, i, PassSample::time);
    }

    private static <T> double sampleDuration(List<T> s, int i, Function<T, Instant> time) {
        final int n = s.size();
        if (n < 2) {
            return 0;
        }
        final Instant prev = time.apply(s.get(Math.max(0, i - 1)));
        final Instant next = time.apply(s.get(Math.min(n - 1, i + 1)));
        // at the ends prev or next is the sample itself, so this is half the single neighbouring interval
        return Duration.between(prev, next).toNanos() / 1e9 / 2;
    }

    /**
     * Candidate key windows, one per low-elevation cut-off: for each sample elevation, the smallest contiguous
     * run of samples holding every sample at or above it (the pass is one arc, so this is the set above the
     * cut-off). Widest first.
     */
    static List<KeyWindow> cutoffWindows(List<PassSample> s) {
        final int n = s.size();
        final Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(s.get(b).elevationRad(), s.get(a).elevationRad()));
        final Set<KeyWindow> windows = new LinkedHashSet<>();
        int lo = order[0];
        int hi = order[0];
        final List<KeyWindow> growing = new ArrayList<>();
        for (Integer i : order) {
            lo = Math.min(lo, i);
            hi = Math.max(hi, i);
            growing.add(new KeyWindow(lo, hi + 1));
        }
        for (int i = growing.size() - 1; i >= 0; i--) {
            windows.add(growing.get(i));
        }
        return new ArrayList<>(windows);
    }
}
