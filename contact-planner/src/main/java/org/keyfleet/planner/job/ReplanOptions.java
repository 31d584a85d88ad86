package org.keyfleet.planner.job;

import java.time.Duration;
import java.time.Instant;

import org.keyfleet.planner.RollingHorizon;

/**
 * How a planning job re-plans instead of planning from scratch (rolling horizon, see {@link RollingHorizon}): the
 * plan step keeps the previous plan's executed and frozen contacts and re-plans the rest with the new forecasts.
 *
 * @param previousRunId the completed run whose plan is revised; null: the newest completed run of the same
 *                      scenario whose window overlaps the request's, chosen when the job is launched
 * @param now           the instant of re-planning (UTC); null: the wall clock when the plan step runs (a restart
 *                      re-plans as of its own time)
 * @param freezeWindow  contacts of the previous plan starting before now + this are kept, ≥ 0 (default 2 h)
 */
public record ReplanOptions(Long previousRunId, Instant now, Duration freezeWindow) {

    public ReplanOptions {
        if (previousRunId != null && previousRunId < 1) {
            throw new IllegalArgumentException("replan: previous run id " + previousRunId + " is not a run id (>= 1)");
        }
        if (freezeWindow == null || freezeWindow.isNegative() || freezeWindow.compareTo(Duration.ofDays(366)) > 0) {
            throw new IllegalArgumentException("replan: freeze window " + freezeWindow
                    + " must be a duration in [0, 366 days]");
        }
    }

    /** Re-plan the newest completed run of the scenario overlapping the window, now, default freeze window. */
    public static ReplanOptions latest() {
        return new ReplanOptions(null, null, RollingHorizon.DEFAULT_FREEZE_WINDOW);
    }

    /** Re-plan the given completed run, now, default freeze window. */
    public static ReplanOptions ofRun(long previousRunId) {
        return new ReplanOptions(previousRunId, null, RollingHorizon.DEFAULT_FREEZE_WINDOW);
    }

    /** The same as of {@code instant} instead of the wall clock. */
    public ReplanOptions withNow(Instant instant) {
        return new ReplanOptions(previousRunId, instant, freezeWindow);
    }

    /** The same with another freeze window. */
    public ReplanOptions withFreezeWindow(Duration window) {
        return new ReplanOptions(previousRunId, now, window);
    }
}
