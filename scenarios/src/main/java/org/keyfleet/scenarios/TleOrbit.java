package org.keyfleet.scenarios;

/**
 * A two-line element set, already checked for format and checksums.
 *
 * @param line1 first line (69 characters)
 * @param line2 second line (69 characters)
 */
public record TleOrbit(String line1, String line2) implements OrbitSource {
}
