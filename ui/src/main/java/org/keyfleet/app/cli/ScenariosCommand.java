package org.keyfleet.app.cli;

import java.util.List;
import java.util.concurrent.Callable;

import org.keyfleet.orbit.Propagators;
import org.keyfleet.scenarios.SatelliteSpec;
import org.keyfleet.scenarios.Scenario;
import org.keyfleet.scenarios.ScenarioCatalogue;
import org.keyfleet.scenarios.ScenarioValidationException;

import org.orekit.errors.OrekitException;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Lists the shipped scenarios, or validates the given ones. */
@Command(name = "scenarios", mixinStandardHelpOptions = true,
        description = {"Without arguments: list the shipped scenarios.",
            "With SCENARIO arguments: validate each (name or YAML path) and print every problem found."})
final class ScenariosCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "SCENARIO", description = "Scenario names or YAML files to validate.")
    private List<String> toValidate = List.of();

    @Override
    public Integer call() {
        final var out = spec.commandLine().getOut();
        if (toValidate.isEmpty()) {
            final Table t = new Table(List.of("name", "satellites", "terminals", "demands", "start", "days", "description"),
                    false, true, true, true, false, true, false);
            for (String name : ScenarioCatalogue.shippedNames()) {
                final Scenario s = ScenarioCatalogue.load(name);
                t.row(name, s.satellites().size(), s.groundTerminals().size(), s.demands().size(),
                        Output.isoSeconds(s.start()), s.horizon().toHours() / 24.0, s.description());
            }
            t.print(out);
            out.flush();
            return 0;
        }
        // validate every argument, reporting each file's problems, so one bad file does not hide the next
        int status = 0;
        final var err = spec.commandLine().getErr();
        for (String name : toValidate) {
            try {
                final Scenario s = ScenarioCatalogue.load(name);
                propagators(name, s);
                out.printf("%s: valid (%d satellites, %d ground terminals, %d demands)%n", name,
                        s.satellites().size(), s.groundTerminals().size(), s.demands().size());
            } catch (ScenarioValidationException | IllegalArgumentException | InputException e) {
                err.println("error: " + e.getMessage());
                status = KeyfleetCli.BAD_INPUT;
            }
        }
        out.flush();
        err.flush();
        return status;
    }

    /**
     * Builds every satellite's propagator (no propagation: milliseconds), so that what Orekit refuses in a TLE,
     * an OMM or Keplerian elements is reported now, under the file's name, not later by 'passes'.
     */
    private static void propagators(String name, Scenario s) {
        for (SatelliteSpec satellite : s.satellites()) {
            try {
                Propagators.forSatellite(satellite);
            } catch (IllegalArgumentException e) { // names the satellite already
                throw new InputException(name + ": " + e.getMessage(), e);
            } catch (OrekitException e) {
                throw new InputException(name + ": satellite '" + satellite.id() + "': " + e.getMessage(), e);
            }
        }
    }
}

