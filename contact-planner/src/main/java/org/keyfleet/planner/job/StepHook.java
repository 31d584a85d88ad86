package org.keyfleet.planner.job;

/**
 * Called by the planning job's steps at fixed points, before their work; a test may define one as a bean to fail
 * or hold a step there (public so that the application's tests can hold a job mid-way). Production has none.
 */
@FunctionalInterface
public interface StepHook {

    /**
     * @param step      the step: {@code findPasses}, {@code forecast} (once per chunk) or {@code plan}
     * @param partition the partition (satellite, or satellite#stripe), or null for a step without partitions
     */
    void reached(String step, String partition);
}
