package org.keyfleet.scenarios;

/**
 * One satellite: its identifier, where its orbit comes from, and the payload it flies.
 *
 * @param id      unique satellite id
 * @param orbit   the orbit source (TLE, CCSDS OMM or Keplerian elements)
 * @param payload the payload (the scenario default unless overridden)
 */
public record SatelliteSpec(String id, OrbitSource orbit, Payload payload) {
}
