package org.keyfleet.scenarios;

/** Where a satellite's orbit comes from. */
public sealed interface OrbitSource permits TleOrbit, OmmOrbit, KeplerianOrbitSpec {
}
