package org.keyfleet.app.web;

import javax.sql.DataSource;

import org.keyfleet.ledger.AuditVerification;
import org.keyfleet.planner.job.PlanningJobs;
import org.keyfleet.planner.job.PlanningRequest;
import org.keyfleet.terminal.KmeAuditLog;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/**
 * What an operator may do from the UI, checked on the server whatever the browser shows: a viewer's call fails with
 * Spring Security's AccessDeniedException.
 */
@Service
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class Operations {

    private final Fleet fleet;
    private final ObjectProvider<DataSource> database;

    Operations(Fleet fleet, ObjectProvider<DataSource> database) {
        this.fleet = fleet;
        this.database = database;
    }

    /** Launches a planning job; returns its execution id. */
    @PreAuthorize("hasRole('OPERATOR')")
    public long launchPlanning(PlanningRequest request) {
        return jobs().launch(request);
    }

    /** Restarts a failed or stopped planning job execution; returns the new execution id. */
    @PreAuthorize("hasRole('OPERATOR')")
    public long restartPlanning(long executionId) {
        return jobs().restart(executionId);
    }

    /** Recomputes the ledger's audit hash chain. */
    @PreAuthorize("hasRole('OPERATOR')")
    public AuditVerification verifyAudit() {
        return fleet.ledger().orElseThrow(() -> new IllegalStateException("no key ledger is running"))
                .audit().verify();
    }

    /** Recomputes the KMEs' hand-out log and checks it against the allocation and delivery rows. */
    @PreAuthorize("hasRole('OPERATOR')")
    public KmeAuditLog.Verification verifyKmeLog() {
        return KmeAuditLog.verify(database.getObject());
    }

    /** Holds the digital twin's simulated time still. */
    @PreAuthorize("hasRole('OPERATOR')")
    public void pauseTwin() {
        twin().pause();
    }

    /** Lets the digital twin's simulated time run again. */
    @PreAuthorize("hasRole('OPERATOR')")
    public void resumeTwin() {
        twin().resume();
    }

    private org.keyfleet.app.runtime.TwinRuntime twin() {
        return fleet.twin().orElseThrow(() -> new IllegalStateException("no digital twin runs in this application"));
    }

    /** Passes for operators only (for actions that need no other bean, e.g. saving a scenario). */
    @PreAuthorize("hasRole('OPERATOR')")
    public void requireOperator() {
        // the check is the annotation
    }

    private PlanningJobs jobs() {
        return fleet.jobs().orElseThrow(() -> new IllegalStateException("the planning job is not configured"));
    }
}
