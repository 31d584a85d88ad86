package org.keyfleet.app.cli;

import java.io.PrintWriter;

import org.keyfleet.scenarios.ScenarioValidationException;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code keyfleet} command and its sub-commands. */
@Command(name = "keyfleet",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Mission planning and key logistics for satellite QKD constellations.",
            "",
            "A SCENARIO argument is the name of a shipped scenario (see 'keyfleet scenarios') or a path to a YAML file."},
        subcommands = {
            ScenariosCommand.class,
            PassesCommand.class,
            ForecastCommand.class,
            KeyLengthCommand.class,
            PlanInstanceCommand.class,
            PlanCommand.class,
            EvaluateCommand.class,
            ServeCommand.class,
            KmesCommand.class,
            TerminalCommand.class,
            KmsPeerCommand.class,
            AuditCommand.class,
            CommandLine.HelpCommand.class
        })
public final class KeyfleetCli implements Runnable {

    /** Exit status of a command whose work continues in other threads (a server). */
    public static final int KEEP_RUNNING = Integer.MIN_VALUE;

    /** Exit status for bad arguments or bad input files. */
    static final int BAD_INPUT = 2;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        // no sub-command: show what there is
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Parses and runs a command line, turning known input errors into messages and status 2. */
    public static int run(String... args) {
        return run(null, null, args);
    }

    /** As {@link #run(String...)} with the given output and error writers (null: the console). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        Logs.toStandardError(); // standard output carries the commands' results only
        return commandLine(out, err).execute(args);
    }

    /** The command line {@link #run} executes; reusable for many executions (the fuzz test runs thousands). */
    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        final CommandLine cli = new CommandLine(new KeyfleetCli());
        if (out != null) {
            cli.setOut(out);
        }
        if (err != null) {
            cli.setErr(err);
        }
        cli.setExecutionExceptionHandler(KeyfleetCli::handleExecutionException);
        return cli;
    }

    private static int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        final PrintWriter err = cli.getErr();
        if (e instanceof ScenarioValidationException invalid) {
            err.println("error: " + invalid.getMessage());
            err.flush();
            return BAD_INPUT;
        }
        if (e instanceof IllegalArgumentException || e instanceof InputException) {
            err.println("error: " + e.getMessage());
            err.flush();
            return BAD_INPUT;
        }
        err.println("internal error: " + e);
        if (System.getenv("KEYFLEET_DEBUG") != null) {
            e.printStackTrace(err);
        } else {
            err.println("(set KEYFLEET_DEBUG=1 for the stack trace)");
        }
        err.flush();
        return 1;
    }
}
