package org.keyfleet.ledger;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The plan reaches this module through its small API (module plan-api: ContactPlan, Contact, PairDemand, ...), not
 * through the planner: neither the solver nor the batch jobs are on this module's class path (docs/architecture.md,
 * "Seams"). Fails when a dependency on the planner module comes back.
 */
class PlanApiSeamTest {

    @ParameterizedTest
    @ValueSource(strings = {"com.google.ortools.sat.CpSolver", "org.springframework.batch.core.Job",
            "org.keyfleet.planner.ContactPlanner", "org.keyfleet.planner.job.PlanningJobs"})
    void thePlannersPartsAreNotOnTheClassPath(String className) {
        assertThatThrownBy(() -> Class.forName(className, false, getClass().getClassLoader()))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void thePlanRecordsAre() throws ClassNotFoundException {
        Class.forName("org.keyfleet.planner.ContactPlan", false, getClass().getClassLoader());
        Class.forName("org.keyfleet.planner.PairDemand", false, getClass().getClassLoader());
    }
}
