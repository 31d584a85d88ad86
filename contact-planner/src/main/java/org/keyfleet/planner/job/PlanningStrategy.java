package org.keyfleet.planner.job;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import org.keyfleet.planner.ContactPlanner;
import org.keyfleet.planner.RobustPlanner;

/** Which planner a planning job runs. */
public enum PlanningStrategy {

    /** {@link ContactPlanner#plan}: P(clear) × bits counted as a sure yield (re-plans with the rolling horizon). */
    EXPECTED,
    /** {@link RobustPlanner}: the expected pair key the weather will really deliver (sample-average approximation). */
    ROBUST,
    /** {@link ContactPlanner#greedy}: the baseline; plans from scratch only. */
    GREEDY;

    /** The default of new runs, and so of the twin. */
    public static final PlanningStrategy DEFAULT = ROBUST;

    /** The name used in requests, job parameters, the database and the UI: lower case. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws IllegalArgumentException naming the accepted values when {@code text} is none of them
     */
    public static PlanningStrategy parse(String text) {
        for (PlanningStrategy s : values()) {
            if (s.id().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException("strategy: '" + text + "' is not one of "
                + Arrays.stream(values()).map(PlanningStrategy::id).collect(Collectors.joining(", ")));
    }
}
