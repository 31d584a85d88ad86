package org.keyfleet.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyfleet.scenarios.ScenarioCatalogue;

import picocli.CommandLine;

/**
 * Generated bad input, in-process, seeded (reproducible): mutated shipped scenarios through 'scenarios FILE',
 * random argument vectors through every command's option checks, and a few hundred mutated scenarios that
 * validate through 'passes' on short windows. Every run must end with status 0 or 2 and a standard error free
 * of stack traces and "internal error". Work that would take long (planning, servers, Kafka clients) is kept
 * out by a refused option in each such vector, so the bulk exercises validation, where bad input is met.
 */
class CliFuzzTest {

    private static final long SEED = 20_261_207L;
    private static final int SCENARIO_FILES = 6_800;
    private static final int ARGUMENT_VECTORS = 3_000;
    private static final int PASSES_RUNS = 250;

    private static final String[] WEIRD_VALUES = {"", "~", "null", "[]", "{}", "[1, 2]", "{a: 1}", "true", "no",
        "-1", "0", "1e308", "-1e308", "1e-320", "NaN", ".nan", ".inf", "-.inf", "Infinity", "99999999999999999999999",
        "0x1F", "0o17", "1_000", "12:30", "+999999999-12-01T00:00:00Z", "1800-01-01T00:00:00Z",
        "2026-13-01T00:00:00Z", "2026-12-01", "!!java.lang.Object x", "!foo x", "&a x", "*a", "!!binary aGk=",
        "\"\\u202Eevil\"", "é", "日本語", "\"\\U0001F600\"", "'\t'", "\"\\0\"", "|\n  block", ">-\n  folded",
        "\"unterminated", "'", "[", "{", "? x", "- x", "%YAML 1.1", "@", "`", "\\", "\u00A0", "\uFEFFx"};

    private static final String[] OPTION_VALUES = {"", " ", "0", "-1", "1", "0.05", "1e9", "NaN", "abc", "-",
        "--", "table", "csv", "json", "xml", "auto", "65536", "8443", "2026-12-01T00:00:00Z", "1800-01-01T00:00:00Z",
        "+999999999-01-01T00:00:00Z", "2099-12-31T23:00:00Z", "/proc/1", "/proc/1/x", "/etc/passwd", "/dev/null",
        "/nonexistent/x", "http://127.0.0.1:9/x", "ftp://x", "localhost:1", "x:y", "日本", "\u202E", "%s", "%n",
        "${DEFAULT-VALUE}", "a,b,,c", "eagle1-europe", "example-three-terminals", "no-such-scenario"};

    /** Commands whose valid vectors are cheap enough to run, with their options. */
    private static final Map<String, List<String>> CHEAP = Map.of(
            "scenarios", List.of(),
            "passes", List.of("--start", "--days", "--format", "--out", "--step"),
            "kmes", List.of("--data", "--kme-port", "--format", "--out"),
            "key-length", List.of("--fixed", "--fixed-window"),
            "plan-instance", List.of("--time-limit"));

    /** Commands that would plan, serve or connect: each vector carries an option refused before that. */
    private static final Map<String, List<String>> GUARDED = Map.of(
            "forecast", List.of("--start", "--days", "--format", "--out", "--all", "--weather", "--weather-url"),
            "plan", List.of("--start", "--days", "--time-limit", "--format", "--out", "--ics", "--data", "--weather",
                    "--replan", "--freeze", "--now"),
            "serve", List.of("--speed", "--port", "--kme-port", "--data", "--days", "--time-limit", "--embedded-kafka",
                    "--embedded-kafka-port", "--kafka", "--kafka-config", "--remote-terminals", "--management-port"),
            "terminal", List.of("--id", "--bootstrap", "--scenario", "--data", "--kafka-config", "--kme-port"),
            "kms-peer", List.of("--bootstrap", "--domain", "--data", "--kme-port", "--group", "--out"),
            "audit", List.of("--data", "--format", "--out"),
            "evaluate", List.of("--start", "--days", "--runs", "--seed", "--strategy", "--skill", "--replan",
                    "--time-limit", "--format", "--out", "--plot", "--workers"));

    /** Refusals checked before any long work, per guarded command. */
    private static final Map<String, List<List<String>>> POISONS = Map.of(
            "forecast", List.of(List.of("--start", "1800-01-01T00:00:00Z"), List.of("--days", "0"),
                    List.of("--weather-url", "ftp://x"), List.of("--out", "/proc/1")),
            "plan", List.of(List.of("--time-limit", "0"), List.of("--start", "+999999999-01-01T00:00:00Z"),
                    List.of("--ics", "/proc/1"), List.of("--data", ""), List.of("--days", "367")),
            "serve", List.of(List.of("--speed", "0"), List.of("--speed", "fast"), List.of("--port", "70000"),
                    List.of("--kme-port", "0"), List.of("--time-limit", "-1"), List.of("--days", "NaN"),
                    List.of("--management-port", "70000")),
            "terminal", List.of(List.of("--no-such-option")),
            "kms-peer", List.of(List.of("--no-such-option")),
            "audit", List.of(List.of("--no-such-option")),
            "evaluate", List.of(List.of("--runs", "0"), List.of("--skill", "sunny"), List.of("--time-limit", "0"),
                    List.of("--workers", "-1"), List.of("--strategy", "bogus")));

    @TempDir
    Path dir;

    // one command line for every run, as KeyfleetCli.run makes it: building picocli's model each time would
    // cost more than most runs
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final PrintWriter outWriter = new PrintWriter(out);
    private final PrintWriter errWriter = new PrintWriter(err);
    private final CommandLine cli = KeyfleetCli.commandLine(outWriter, errWriter);

    private final Map<Integer, Integer> statuses = new TreeMap<>();
    private final List<String> internal = new ArrayList<>();
    private int runs;

    @Test
    void generatedInputsEndInAResultOrAMessage() throws IOException {
        final Random random = new Random(SEED);
        final long t0 = System.nanoTime();
        final List<Path> valid = scenarioFiles(random);
        final int files = runs;
        final long t1 = System.nanoTime();
        argumentVectors(random);
        final int vectors = runs - files;
        final long t2 = System.nanoTime();
        passesOnValidMutants(random, valid);
        final long t3 = System.nanoTime();
        System.out.printf("fuzz: %d inputs in %.1f s (%d scenario files %.1f s, %d argument vectors %.1f s, %d passes"
                + " runs %.1f s), statuses %s, internal errors %d%n", runs, (t3 - t0) / 1e9, files, (t1 - t0) / 1e9,
                vectors, (t2 - t1) / 1e9, runs - files - vectors, (t3 - t2) / 1e9, statuses, internal.size());
        assertThat(runs).isGreaterThanOrEqualTo(10_000);
        assertThat(valid).as("mutants that still validate, run through passes").hasSizeGreaterThan(100);
        assertThat(internal).as("inputs that ended in an internal error or a stack trace").isEmpty();
    }

    // ------------------------------------------------------------------ scenario files

    private List<Path> scenarioFiles(Random random) throws IOException {
        // mostly the small example; one in eight the 36 KB constellation with 60 terminals, ten times dearer
        final List<String> bases = new ArrayList<>(java.util.Collections.nCopies(7,
                ScenarioCatalogue.shippedYaml("example-three-terminals")));
        bases.add(ScenarioCatalogue.shippedYaml("fleet-europe"));
        final List<Path> valid = new ArrayList<>();
        for (int i = 0; i < SCENARIO_FILES; i++) {
            final String base = bases.get(random.nextInt(bases.size()));
            String text = base;
            final int mutations = 1 + random.nextInt(3);
            for (int m = 0; m < mutations; m++) {
                text = mutate(text, random);
            }
            final Path file = dir.resolve("s" + (i % 50) + ".yaml");
            Files.writeString(file, text, StandardCharsets.UTF_8);
            final CliTest.Run r = check(List.of("scenarios", file.toString()), text);
            if (r.status() == 0 && base.length() < 10_000 && valid.size() < PASSES_RUNS) {
                final Path keep = Files.copy(file, dir.resolve("valid-" + valid.size() + ".yaml"));
                valid.add(keep);
            }
        }
        return valid;
    }

    private static String mutate(String text, Random random) {
        final List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        final int at = random.nextInt(lines.size());
        switch (random.nextInt(12)) {
            case 0 -> lines.remove(at); // a missing key, or a broken structure
            case 1 -> lines.add(at, lines.get(random.nextInt(lines.size()))); // a duplicate
            case 2, 3, 4 -> lines.set(at, withValue(lines.get(at), weirdValue(random)));
            case 5 -> lines.set(at, withValue(lines.get(at), number(random)));
            case 6 -> { // garbage bytes, control characters and tabs included
                final StringBuilder b = new StringBuilder(lines.get(at));
                for (int k = 1 + random.nextInt(5); k > 0; k--) {
                    b.insert(random.nextInt(b.length() + 1), (char) (random.nextBoolean() ? random.nextInt(32)
                            : 32 + random.nextInt(0x2FFF)));
                }
                lines.set(at, b.toString());
            }
            case 7 -> { // deep nesting
                final int depth = 20 + random.nextInt(3000);
                lines.set(at, withValue(lines.get(at), "[".repeat(depth) + "]".repeat(depth)));
            }
            case 8 -> lines.add(random.nextBoolean() ? "---" : "...\n---\nname: x"); // more documents
            case 9 -> { // a misspelt or unknown key
                final String line = lines.get(at);
                final int colon = line.indexOf(':');
                if (colon > 0) {
                    lines.set(at, line.substring(0, colon) + (char) ('a' + random.nextInt(26)) + line.substring(colon));
                }
            }
            case 10 -> lines.set(at, withValue(lines.get(at), "x".repeat(1 + random.nextInt(20_000))));
            default -> { // cut short
                return String.join("\n", lines).substring(0, random.nextInt(Math.max(1, text.length())));
            }
        }
        return String.join("\n", lines);
    }

    private static String withValue(String line, String value) {
        final int colon = line.indexOf(": ");
        if (colon > 0) {
            return line.substring(0, colon + 2) + value;
        }
        final int dash = line.indexOf("- ");
        return dash >= 0 ? line.substring(0, dash + 2) + value : line + value;
    }

    private static String weirdValue(Random random) {
        return WEIRD_VALUES[random.nextInt(WEIRD_VALUES.length)];
    }

    private static String number(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> Long.toString(random.nextLong());
            case 1 -> Double.toString(random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20));
            case 2 -> "1" + "0".repeat(random.nextInt(400));
            case 3 -> Integer.toString(random.nextInt(1000) - 500);
            default -> "-" + random.nextDouble();
        };
    }

    // ------------------------------------------------------------------ argument vectors

    private void argumentVectors(Random random) {
        final List<String> commands = new ArrayList<>(CHEAP.keySet());
        commands.addAll(GUARDED.keySet());
        commands.sort(null);
        final Path data = dir.resolve("data"); // one PKI for every kmes run: made once
        for (int i = 0; i < ARGUMENT_VECTORS; i++) {
            final String command = random.nextInt(20) == 0 ? OPTION_VALUES[random.nextInt(OPTION_VALUES.length)]
                    : commands.get(random.nextInt(commands.size()));
            final List<String> args = new ArrayList<>(List.of(command));
            final boolean guarded = GUARDED.containsKey(command);
            final List<String> options = CHEAP.getOrDefault(command, GUARDED.getOrDefault(command, List.of()));
            args.add(positional(command, random));
            final Set<String> used = new LinkedHashSet<>();
            final List<String> poison = guarded ? POISONS.get(command).get(random.nextInt(POISONS.get(command)
                    .size())) : List.of();
            used.add(poison.isEmpty() ? "" : poison.get(0));
            for (int k = random.nextInt(4); k > 0 && !options.isEmpty(); k--) {
                final String option = options.get(random.nextInt(options.size()));
                if (used.add(option)) {
                    args.add(option);
                    args.add(optionValue(option, random, data));
                }
            }
            if (random.nextInt(10) == 0) {
                args.add(random.nextBoolean() ? "--frobnicate" : OPTION_VALUES[random.nextInt(OPTION_VALUES.length)]);
            }
            args.addAll(poison);
            if ("kmes".equals(command) && !used.contains("--data")) {
                args.addAll(List.of("--data", data.toString())); // not ./data: the PKI would land in the sources
            }
            if (!guarded && "passes".equals(command) && !used.contains("--days")) {
                args.addAll(List.of("--days", "0.02")); // a short window when everything else is valid
            }
            check(args, null);
        }
    }

    private String positional(String command, Random random) {
        final int pick = random.nextInt(6);
        return switch (command) {
            case "key-length", "plan-instance" -> pick < 3 ? "/etc/passwd" : pick < 5 ? "/nonexistent.json"
                    : dir.toString();
            case "kmes" -> pick < 4 ? "example-three-terminals" : OPTION_VALUES[random.nextInt(OPTION_VALUES.length)];
            case "passes" -> pick < 3 ? "example-three-terminals" : OPTION_VALUES[random.nextInt(OPTION_VALUES.length)];
            default -> pick < 2 ? "example-three-terminals" : pick < 3 ? "eagle1-europe"
                    : OPTION_VALUES[random.nextInt(OPTION_VALUES.length)];
        };
    }

    private static String optionValue(String option, Random random, Path data) {
        if (Set.of("--data", "--out", "--ics", "--weather", "--kafka-config", "--pki").contains(option)) {
            // paths only where writing is harmless: the tests run as any user, root included
            final String[] paths = {data.toString(), data.resolve("out.txt").toString(), "", "/proc/1", "/proc/1/x",
                "/dev/null", "/etc/passwd", data.resolve("new/dir").toString()};
            return paths[random.nextInt(paths.length)];
        }
        if ("--days".equals(option) && random.nextBoolean()) {
            return Double.toString(0.001 + random.nextDouble() * 0.03); // a valid but short window
        }
        return OPTION_VALUES[random.nextInt(OPTION_VALUES.length)];
    }

    // ------------------------------------------------------------------ passes on valid mutants

    private void passesOnValidMutants(Random random, List<Path> valid) {
        for (Path file : valid) {
            final List<String> args = new ArrayList<>(List.of("passes", file.toString(), "--days",
                    Double.toString(0.005 + random.nextDouble() * 0.1)));
            if (random.nextInt(3) == 0) {
                args.addAll(List.of("--start", OPTION_VALUES[18 + random.nextInt(4)]));
            }
            if (random.nextInt(3) == 0) {
                args.addAll(List.of("--format", random.nextBoolean() ? "json" : "csv", "--step",
                        OPTION_VALUES[random.nextInt(8)]));
            }
            check(args, null);
        }
    }

    // ------------------------------------------------------------------ the oracle

    private CliTest.Run check(List<String> args, String fileContent) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        final int status = cli.execute(args.toArray(String[]::new));
        outWriter.flush();
        errWriter.flush();
        final CliTest.Run r = new CliTest.Run(status, out.toString(), err.toString());
        runs++;
        statuses.merge(r.status(), 1, Integer::sum);
        final boolean bad = (r.status() != 0 && r.status() != 2) || r.err().contains("Exception")
                || r.err().contains("at org.") || r.err().contains("\tat ") || r.err().contains("internal error");
        if (bad && internal.size() < 20) {
            internal.add(args + " -> " + r.status() + "\n" + r.err().lines().limit(5).reduce("", (a, b) -> a + b
                    + "\n") + (fileContent == null ? "" : "file:\n" + fileContent.substring(0,
                    Math.min(3000, fileContent.length()))));
        }
        return r;
    }
}
