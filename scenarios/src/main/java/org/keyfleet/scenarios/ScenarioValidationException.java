package org.keyfleet.scenarios;

import java.util.List;

/** A scenario that cannot be used, with every problem found in it (not just the first). */
public final class ScenarioValidationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final transient List<ValidationProblem> problems;

    public ScenarioValidationException(String source, List<ValidationProblem> problems) {
        super(render(source, problems));
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

    private static String render(String source, List<ValidationProblem> problems) {
        final StringBuilder b = new StringBuilder()
                .append(source).append(": ").append(problems.size())
                .append(problems.size() == 1 ? " problem" : " problems");
        for (ValidationProblem p : problems) {
            b.append(System.lineSeparator()).append("  ").append(p);
        }
        return b.toString();
    }
}
