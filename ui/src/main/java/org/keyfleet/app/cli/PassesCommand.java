package org.keyfleet.app.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.keyfleet.orbit.Pass;
import org.keyfleet.orbit.PassFinder;
import org.keyfleet.orbit.PassSample;
import org.keyfleet.scenarios.Scenario;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Lists every pass of every satellite over every ground terminal of a scenario. */
@Command(name = "passes", mixinStandardHelpOptions = true,
        description = {"Every pass of every satellite above every ground terminal's elevation mask.",
            "CSV columns: satellite,terminal,aos,tca,los,max_elevation_deg,duration_s (ISO-8601 UTC instants).",
            "JSON adds the geometry samples (azimuth, elevation, range, range rate, Sun and Moon, eclipse)."})
final class PassesCommand implements Callable<Integer> {

    static final String CSV_HEADER = "satellite,terminal,aos,tca,los,max_elevation_deg,duration_s";

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Mixin
    private ScenarioWindow window = new ScenarioWindow();

    @Option(names = "--format", defaultValue = "table", paramLabel = "table|csv|json",
            description = "Output format (default ${DEFAULT-VALUE}).")
    private OutputFormat format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    private Path out;

    @Option(names = "--step", paramLabel = "SECONDS", defaultValue = "5",
            description = "Geometry sample step in seconds for JSON output (default ${DEFAULT-VALUE}).")
    private double stepSeconds;

    @Override
    public Integer call() {
        if (!(stepSeconds >= 0.1) || stepSeconds > 600) {
            throw new InputException("--step: " + stepSeconds + " is outside [0.1, 600] seconds");
        }
        Output.checkWritableFile(out, "--out");
        final Scenario scenario = window.load();
        final PassFinder finder = new PassFinder()
                .withSampleStep(Duration.ofMillis(Math.round(stepSeconds * 1000)));
        final List<Pass> passes = finder.find(scenario);
        Output.write(out, spec.commandLine().getOut(), w -> {
            switch (format) {
                case csv -> {
                    w.println(CSV_HEADER);
                    for (Pass p : passes) {
                        w.println(String.join(",", p.satelliteId(), p.terminalId(), Output.iso(p.aos()),
                                Output.iso(p.tca()), Output.iso(p.los()), fmt("%.3f", Math.toDegrees(p.maxElevationRad())),
                                fmt("%.3f", p.duration().toMillis() / 1000.0)));
                    }
                }
                case json -> Output.json(w, json(scenario, passes));
                case table -> {
                    final Table t = new Table(List.of("satellite", "terminal", "aos", "tca", "los", "max el (deg)",
                            "duration (s)"), false, false, false, false, false, true, true);
                    for (Pass p : passes) {
                        t.row(p.satelliteId(), p.terminalId(), Output.isoSeconds(p.aos()), Output.isoSeconds(p.tca()),
                                Output.isoSeconds(p.los()), fmt("%.1f", Math.toDegrees(p.maxElevationRad())),
                                fmt("%.0f", p.duration().toMillis() / 1000.0));
                    }
                    t.print(w);
                    w.printf("%d passes of %d satellites over %d ground terminals, %s to %s%n", passes.size(),
                            scenario.satellites().size(), scenario.groundTerminals().size(),
                            Output.isoSeconds(scenario.start()), Output.isoSeconds(scenario.end()));
                }
            }
        });
        return 0;
    }

    private static ObjectNode json(Scenario scenario, List<Pass> passes) {
        final ObjectNode root = Output.JSON.createObjectNode();
        root.put("scenario", scenario.name());
        root.put("start", Output.iso(scenario.start()));
        root.put("end", Output.iso(scenario.end()));
        final ArrayNode list = root.putArray("passes");
        for (Pass p : passes) {
            final ObjectNode o = list.addObject();
            o.put("satellite", p.satelliteId());
            o.put("terminal", p.terminalId());
            o.put("aos", Output.iso(p.aos()));
            o.put("tca", Output.iso(p.tca()));
            o.put("los", Output.iso(p.los()));
            o.put("max_elevation_deg", Math.toDegrees(p.maxElevationRad()));
            o.put("duration_s", p.duration().toMillis() / 1000.0);
            final ArrayNode samples = o.putArray("samples");
            for (PassSample s : p.samples()) {
                samples.addObject()
                        .put("time", Output.iso(s.time()))
                        .put("azimuth_deg", Math.toDegrees(s.azimuthRad()))
                        .put("elevation_deg", Math.toDegrees(s.elevationRad()))
                        .put("range_km", s.rangeM() / 1000.0)
                        .put("range_rate_km_s", s.rangeRateMps() / 1000.0)
                        .put("sun_elevation_deg", Math.toDegrees(s.sunElevationRad()))
                        .put("moon_elevation_deg", Math.toDegrees(s.moonElevationRad()))
                        .put("moon_illuminated_fraction", s.moonIlluminatedFraction())
                        .put("satellite_sunlit", s.satelliteSunlit());
            }
        }
        return root;
    }

    private static String fmt(String pattern, double v) {
        return String.format(Locale.ROOT, pattern, v);
    }
}
