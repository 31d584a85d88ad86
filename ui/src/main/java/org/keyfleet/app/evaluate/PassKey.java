package org.keyfleet.app.evaluate;

import java.time.Instant;

import org.keyfleet.planner.CandidateContact;

/** A candidate's identity whatever its P(clear): satellite, terminal and key window. */
record PassKey(String satelliteId, String terminalId, Instant aos, Instant los) {

    static PassKey of(CandidateContact c) {
        return new PassKey(c.satelliteId(), c.terminalId(), c.aos(), c.los());
    }
}
