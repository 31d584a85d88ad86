package org.keyfleet.scenarios;

/** A satellite generated from a constellation: its id and elements. */
record KeplerianSatellite(String id, KeplerianOrbitSpec orbit) {
}
