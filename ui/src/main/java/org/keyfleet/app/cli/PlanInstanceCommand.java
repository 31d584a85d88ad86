package org.keyfleet.app.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

import org.keyfleet.planner.InstanceSolution;
import org.keyfleet.planner.InstanceSolutionJson;
import org.keyfleet.planner.InstanceSolver;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Solves one SatQKDOptim scheduling instance exactly and prints the result as JSON. */
@Command(name = "plan-instance", mixinStandardHelpOptions = true,
        description = {"Solves a SatQKDOptim benchmark instance (RWTH Aachen satellite-QKD",
            "scheduling JSON) exactly: chooses (pass, target) assignments maximising",
            "sum(priority x (1 + keyVolume x isQKD)).",
            "Prints JSON: objective, bound, gap, seconds, greedy_objective,",
            "assignments [{pass_id, target_id}]."})
final class PlanInstanceCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE.json", description = "The instance file.")
    private Path file;

    @Option(names = "--time-limit", paramLabel = "SECONDS", defaultValue = "60",
            description = "Solver time limit in seconds (default ${DEFAULT-VALUE}); the best plan found is reported on time-out.")
    private double timeLimitSeconds;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(file)) {
            throw new InputException("FILE.json: " + file + " does not exist or is not a file");
        }
        if (!(timeLimitSeconds > 0) || timeLimitSeconds > 86_400) {
            throw new InputException("--time-limit: " + timeLimitSeconds + " is outside (0, 86400] seconds");
        }
        final InstanceSolution solution =
                InstanceSolver.solve(file, Duration.ofMillis(Math.round(timeLimitSeconds * 1000)));
        final var out = spec.commandLine().getOut();
        out.println(InstanceSolutionJson.toJson(solution));
        out.flush();
        return 0;
    }
}
