package org.keyfleet.app.cli;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.keyfleet.linkbudget.KeyLengthCase;
import org.keyfleet.linkbudget.KeyLengthCaseResult;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Evaluates the finite-key secret key length of one pass case (SatQuMA case JSON shape). */
@Command(name = "key-length", mixinStandardHelpOptions = true,
        description = {"Secret key length of one pass: efficient decoy-state BB84 with",
            "finite-key analysis (Lim et al. 2014, as SatQuMA computes it).",
            "CASE.json has the shape of SatQuMA reference cases; its loss profile",
            "path is relative to the case file. Prints JSON with skl_bits, qber_x,",
            "phi_x and the parameters used. --fixed takes the case's parameters as",
            "given and warns (stderr and \"warnings\") when Px > 0.99."})
final class KeyLengthCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CASE.json", description = "The case file.")
    private Path file;

    @Option(names = "--fixed",
            description = "Evaluate at the case's given protocol parameters instead of optimising them.")
    private boolean fixed;

    @Option(names = "--fixed-window",
            description = "When optimising, keep the case's time window instead of also optimising the low-elevation cut-off.")
    private boolean fixedWindow;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(file)) {
            throw new InputException("CASE.json: " + file + " does not exist or is not a file");
        }
        final KeyLengthCase c;
        try {
            c = KeyLengthCase.load(file);
        } catch (UncheckedIOException e) {
            // a file the case names (its loss profile) or the case itself cannot be read: the user's to fix
            throw new InputException("CASE.json " + file + ": " + e.getMessage() + reasonIfNew(e), e);
        }
        final KeyLengthCaseResult r = fixed ? c.evaluateFixed() : c.optimise(!fixedWindow);
        final var err = spec.commandLine().getErr();
        r.warnings().forEach(w -> err.println("warning: " + w));
        err.flush();
        final var out = spec.commandLine().getOut();
        out.println(r.toJson());
        out.flush();
        return 0;
    }

    private static String reasonIfNew(UncheckedIOException e) {
        final String reason = InputException.reason(e.getCause() == null ? e : e.getCause());
        return e.getMessage() != null && e.getMessage().contains(reason) ? "" : " (" + reason + ")";
    }
}
