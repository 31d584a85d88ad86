package org.keyfleet.scenarios;

/**
 * A CCSDS Orbit Mean-elements Message (XML or KVN), read from a file next to the scenario.
 *
 * @param fileName the file name as given in the scenario (for messages)
 * @param content  the message text
 */
public record OmmOrbit(String fileName, String content) implements OrbitSource {
}
