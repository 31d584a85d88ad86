package org.keyfleet.scenarios;

/**
 * One problem found in a scenario.
 *
 * @param path    where: a dotted path with list indices, e.g. {@code groundTerminals[3].latitudeDeg}
 * @param message what is wrong and what was expected, e.g. {@code 123.0 is outside [-90, 90]}
 */
public record ValidationProblem(String path, String message) {

    @Override
    public String toString() {
        return path.isEmpty() ? message : path + ": " + message;
    }
}
