package org.keyfleet.app.cli;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.keyfleet.linkbudget.CloudCoverForecast;
import org.keyfleet.linkbudget.Forecaster;
import org.keyfleet.linkbudget.PassForecast;
import org.keyfleet.linkbudget.ProtocolParameters;
import org.keyfleet.linkbudget.SampleForecast;
import org.keyfleet.linkbudget.WeatherSource;
import org.keyfleet.orbit.Pass;
import org.keyfleet.orbit.PassFinder;
import org.keyfleet.scenarios.Scenario;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Forecasts the secret key of every pass of a scenario. */
@Command(name = "forecast", mixinStandardHelpOptions = true,
        description = {"Secret-key forecast of every pass: optical channel per geometry",
            "sample, sky background, finite-key decoy-state BB84 at the payload's",
            "fixed source (payload.source) or with optimised parameters, the",
            "low-elevation cut-off chosen per pass, and P(clear sky) from the",
            "terminals' climatology or a cloud-cover forecast (which wins inside",
            "its time range).",
            "CSV columns: satellite,terminal,aos,los,max_elevation_deg,min_loss_db,",
            "  qber,secret_bits_if_clear,p_clear,expected_bits,daylight"})
final class ForecastCommand implements Callable<Integer> {

    static final String CSV_HEADER = "satellite,terminal,aos,los,max_elevation_deg,min_loss_db,qber,"
            + "secret_bits_if_clear,p_clear,expected_bits,daylight";

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Mixin
    private ScenarioWindow window = new ScenarioWindow();

    @Option(names = "--weather", paramLabel = "FILE",
            description = "Cloud-cover forecast: Open-Meteo JSON (hourly cloud_cover, %%) or CSV terminal,time,cloud_cover.")
    private Path weatherFile;

    @Option(names = "--weather-url", paramLabel = "URL",
            description = "Fetch hourly cloud cover for every terminal from this Open-Meteo-compatible endpoint"
                    + " (e.g. https://api.open-meteo.com/v1/forecast). Off unless given.")
    private String weatherUrl;

    @Option(names = "--format", defaultValue = "table", paramLabel = "table|csv|json",
            description = "Output format (default ${DEFAULT-VALUE}).")
    private OutputFormat format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    private Path out;

    @Option(names = "--all", description = "Table: also list passes that yield no key (default: only those with key).")
    private boolean all;

    @Override
    public Integer call() {
        Output.checkWritableFile(out, "--out");
        final Scenario scenario = window.load();
        final WeatherSource weather = weather(scenario);
        final List<Pass> passes = new PassFinder().find(scenario);
        final List<PassForecast> forecasts = Forecaster.withDefaults().forecastAll(passes, scenario, weather);
        Output.write(out, spec.commandLine().getOut(), w -> {
            switch (format) {
                case csv -> {
                    w.println(CSV_HEADER);
                    for (PassForecast f : forecasts) {
                        w.println(String.join(",", f.satelliteId(), f.terminalId(), Output.iso(f.aos()),
                                Output.iso(f.los()), fmt("%.3f", Math.toDegrees(f.maxElevationRad())),
                                fmt("%.3f", f.minLossDb()), qber(f), Long.toString(f.secretBitsIfClear()),
                                fmt("%.4f", f.clearSkyProbability()), Long.toString(f.expectedBits()),
                                Boolean.toString(f.daylight())));
                    }
                }
                case json -> Output.json(w, json(scenario, forecasts));
                case table -> table(w, scenario, forecasts);
            }
        });
        return 0;
    }

    private WeatherSource weather(Scenario scenario) {
        if (weatherFile != null && weatherUrl != null) {
            throw new InputException("give at most one of --weather and --weather-url");
        }
        if (weatherFile != null) {
            if (!Files.isRegularFile(weatherFile)) {
                throw new InputException("--weather: " + weatherFile + " does not exist or is not a file");
            }
            try {
                return CloudCoverForecast.read(weatherFile, scenario.groundTerminals());
            } catch (UncheckedIOException e) {
                throw new InputException("--weather: cannot read " + weatherFile + ": " + InputException.reason(e), e);
            }
        }
        if (weatherUrl != null) {
            final URI uri;
            try {
                uri = new URI(weatherUrl);
            } catch (URISyntaxException e) {
                throw new InputException("--weather-url: '" + weatherUrl + "' is not a URL: " + e.getMessage());
            }
            if (uri.getScheme() == null || !uri.getScheme().matches("(?i)https?") || uri.getHost() == null) {
                throw new InputException("--weather-url: '" + weatherUrl + "' is not an http(s) URL; expected e.g. "
                        + "https://api.open-meteo.com/v1/forecast");
            }
            final int days = (int) Math.max(1, Math.ceil(scenario.horizon().toMinutes() / 1440.0));
            try {
                return CloudCoverForecast.fetch(uri, scenario.groundTerminals(), scenario.start(), days,
                        Duration.ofSeconds(20));
            } catch (UncheckedIOException e) {
                // the message names the URL asked, with the terminal's query, and what failed
                throw new InputException("--weather-url " + weatherUrl + ": " + e.getMessage()
                        + (e.getCause() instanceof java.net.ConnectException
                                ? " (no answer: check the host, the port and the network)" : ""), e);
            }
        }
        return WeatherSource.climatology();
    }

    private void table(java.io.PrintWriter w, Scenario scenario, List<PassForecast> forecasts) {
        final Table t = new Table(List.of("satellite", "terminal", "aos", "los", "max el", "min loss dB", "QBER",
                "bits if clear", "P(clear)", "expected bits", "day/moon"),
                false, false, false, false, true, true, true, true, true, true, false);
        long total = 0;
        int withKey = 0;
        for (PassForecast f : forecasts) {
            total += f.expectedBits();
            if (f.secretBitsIfClear() > 0) {
                withKey++;
            }
            if (all || f.secretBitsIfClear() > 0) {
                t.row(f.satelliteId(), f.terminalId(), Output.isoSeconds(f.aos()), Output.isoSeconds(f.los()),
                        fmt("%.1f", Math.toDegrees(f.maxElevationRad())), fmt("%.1f", f.minLossDb()), qber(f),
                        f.secretBitsIfClear(), fmt("%.2f", f.clearSkyProbability()), f.expectedBits(),
                        (f.daylight() ? "day" : "night") + (f.moonlit() ? ", moon" : ""));
            }
        }
        t.print(w);
        w.printf("%d passes, %d with key if clear; expected secret key %d bits over %s to %s%n", forecasts.size(),
                withKey, total, Output.isoSeconds(scenario.start()), Output.isoSeconds(scenario.end()));
    }

    private static ObjectNode json(Scenario scenario, List<PassForecast> forecasts) {
        final ObjectNode root = Output.JSON.createObjectNode();
        root.put("scenario", scenario.name());
        root.put("start", Output.iso(scenario.start()));
        root.put("end", Output.iso(scenario.end()));
        final ArrayNode list = root.putArray("forecasts");
        for (PassForecast f : forecasts) {
            final ObjectNode o = list.addObject();
            o.put("satellite", f.satelliteId());
            o.put("terminal", f.terminalId());
            o.put("aos", Output.iso(f.aos()));
            o.put("tca", Output.iso(f.tca()));
            o.put("los", Output.iso(f.los()));
            o.put("max_elevation_deg", Math.toDegrees(f.maxElevationRad()));
            o.put("min_loss_db", f.minLossDb());
            if (Double.isFinite(f.qber())) {
                o.put("qber", f.qber());
            } else {
                o.putNull("qber");
            }
            o.put("secret_bits_if_clear", f.secretBitsIfClear());
            o.put("p_clear", f.clearSkyProbability());
            o.put("expected_bits", f.expectedBits());
            o.put("daylight", f.daylight());
            o.put("moonlit", f.moonlit());
            o.put("plob_bound_bits", f.plobBoundBits());
            o.put("ratio_to_plob", f.ratioToPlob());
            if (f.keyStart() != null) {
                o.put("key_window_start", Output.iso(f.keyStart()));
                o.put("key_window_end", Output.iso(f.keyEnd()));
                o.put("cutoff_elevation_deg", Math.toDegrees(f.cutoffElevationRad()));
                final ProtocolParameters p = f.parameters();
                if (p != null) {
                    o.putObject("parameters").put("px", p.px()).put("p1", p.p1()).put("p2", p.p2())
                            .put("mu1", p.mu1()).put("mu2", p.mu2()).put("mu3", p.mu3());
                }
            }
            final ArrayNode samples = o.putArray("samples");
            for (SampleForecast s : f.samples()) {
                final ObjectNode so = samples.addObject().put("time", Output.iso(s.time()))
                        .put("elevation_deg", Math.toDegrees(s.elevationRad()))
                        .put("loss_db", s.lossDb())
                        .put("extraneous_count_probability", s.extraneousCountProbability())
                        .put("background_count_rate_hz", s.backgroundCountRateHz())
                        .put("range_m", s.rangeM());
                // the loss budget per term (docs/link-budget.md); loss_db is their sum
                db(so, "diffraction_loss_db", s.geometricLossDb());
                db(so, "pointing_loss_db", s.pointingLossDb());
                db(so, "atmospheric_loss_db", s.atmosphericLossDb());
                db(so, "turbulence_loss_db", s.turbulenceLossDb());
                db(so, "optics_loss_db", s.opticsLossDb());
                db(so, "detector_loss_db", s.detectorLossDb());
                db(so, "excess_loss_db", s.excessLossDb());
            }
        }
        return root;
    }

    /** A loss in dB; a total loss (zero efficiency) is null, as JSON has no infinity. */
    private static void db(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, v);
        } else {
            o.putNull(key);
        }
    }

    private static String qber(PassForecast f) {
        return Double.isFinite(f.qber()) ? fmt("%.5f", f.qber()) : "";
    }

    private static String fmt(String pattern, double v) {
        return String.format(Locale.ROOT, pattern, v);
    }
}
