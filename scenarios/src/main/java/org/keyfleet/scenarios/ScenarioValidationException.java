package org.keyfleet.scenarios;

import java.util.List;

/** A scenario that cannot be used, with every problem found in it (not just the first). */
public final class ScenarioValidationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final transient List<ValidationProblem> problems;

    public ScenarioValidationException(String source, List<ValidationProblem> problems) {
        this(source, problems, 0);
    }

    /** With {@code omitted} further problems that were counted but not listed (a file with very many). */
    public ScenarioValidationException(String source, List<ValidationProblem> problems, int omitted) {
        super(render(source, problems, omitted));
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    /** The file or name the scenario came from. */
    public String source() {
        return source;
    }

    public List<ValidationProblem> problems() {
        return problems;
    }

    private static String render(String source, List<ValidationProblem> problems, int omitted) {
        final int total = problems.size() + omitted;
        final StringBuilder b = new StringBuilder()
                .append(source).append(": ").append(total)
                .append(total == 1 ? " problem" : " problems");
        for (ValidationProblem p : problems) {
            b.append(System.lineSeparator()).append("  ").append(p);
        }
        if (omitted > 0) {
            b.append(System.lineSeparator()).append("  ... and ").append(omitted).append(" more (the first ")
                    .append(problems.size()).append(" are listed)");
        }
        return b.toString();
    }
}
