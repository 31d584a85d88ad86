package org.keyfleet.app.evaluate;

import java.time.Duration;
import java.util.Objects;

/**
 * When and how a run re-plans the rest of its window.
 *
 * @param onOutcome    re-plan after every step in which a contact was flown (its outcome, clear or cloudy, is known)
 * @param every        re-plan at least this often (positive)
 * @param freeze       after a re-plan at t, contacts starting before t + freeze are those already scheduled (kept or
 *                     dropped, never added); ≥ 0
 * @param planLimit    solver time limit of the first plan
 * @param replanLimit  solver time limit of each re-plan
 */
record Replanning(boolean onOutcome, Duration every, Duration freeze, Duration planLimit, Duration replanLimit) {

    Replanning {
        Objects.requireNonNull(every, "every");
        Objects.requireNonNull(freeze, "freeze");
        if (every.isZero() || every.isNegative()) {
            throw new IllegalArgumentException("re-plan interval must be positive but was " + every);
        }
        if (freeze.isNegative()) {
            throw new IllegalArgumentException("freeze window must be >= 0 but was " + freeze);
        }
        if (planLimit.isZero() || planLimit.isNegative() || replanLimit.isZero() || replanLimit.isNegative()) {
            throw new IllegalArgumentException("solver time limits must be positive but were " + planLimit + " and "
                    + replanLimit);
        }
    }
}
