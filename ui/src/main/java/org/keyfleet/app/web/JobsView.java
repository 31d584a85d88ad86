package org.keyfleet.app.web;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.keyfleet.planner.job.PlanningJobs;
import org.keyfleet.planner.job.PlanningProgress;
import org.keyfleet.planner.job.PlanningRequest;
import org.keyfleet.planner.job.StepProgress;
import org.keyfleet.scenarios.ScenarioCatalogue;
import org.keyfleet.scenarios.ScenarioValidationException;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.JobExecution;
import org.springframework.batch.core.JobInstance;
import org.springframework.batch.core.explore.JobExplorer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.access.AccessDeniedException;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import jakarta.annotation.security.PermitAll;

/** Planning jobs: launch one for a scenario and window with a live progress bar; the history, restart failures. */
@Route(value = "jobs", layout = MainLayout.class)
@PageTitle("Jobs · Keyfleet")
@PermitAll
public class JobsView extends VerticalLayout implements BeforeEnterObserver {

    static final String JOB_NAME = "passPlanning";

    /** One execution of the planning job, as listed. */
    record JobRow(long executionId, long instanceId, String scenario, String days, String status, String started,
                  String duration, String failure, Long runId) {
    }

    private final Fleet fleet;
    private final Operations operations;
    private final ObjectProvider<JobExplorer> explorer;
    private final ComboBox<String> scenario = new ComboBox<>("Scenario");
    private final NumberField days = new NumberField("Days");
    private final NumberField timeLimit = new NumberField("Solver time limit (s)");
    private final Button launch = new Button("Launch planning job");
    private final ProgressBar progress = new ProgressBar(0, 1);
    private final Span progressText = new Span();
    private final Span progressStatus = new Span();
    private final Anchor planLink = new Anchor("plan", "Open the plan");
    private final Grid<JobRow> history = new Grid<>();
    private Long followed;

    public JobsView(Fleet fleet, Operations operations, ObjectProvider<JobExplorer> explorer) {
        this.fleet = fleet;
        this.operations = operations;
        this.explorer = explorer;
        setSizeFull();

        scenario.setId("job-scenario");
        scenario.setItems(ScenarioCatalogue.shippedNames());
        scenario.setAllowCustomValue(true);
        scenario.addCustomValueSetListener(e -> scenario.setValue(e.getDetail()));
        scenario.setHelperText("A shipped scenario, or the path of a YAML file on the server");
        scenario.setValue(fleet.currentScenario().name());
        scenario.setWidth("20em");
        days.setId("job-days");
        days.setMin(0);
        days.setMax(PlanningRequest.MAX_DAYS);
        days.setStep(0.5);
        days.setStepButtonsVisible(true);
        days.setHelperText("Empty: the scenario's horizon");
        timeLimit.setId("job-time-limit");
        timeLimit.setValue(30.0);
        timeLimit.setMin(1);
        timeLimit.setMax(86_400);
        launch.setId("job-launch");
        launch.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        launch.addClickListener(e -> launch());
        boolean operator = Roles.isOperator();
        launch.setEnabled(operator);
        if (!operator) {
            launch.setTooltipText("Only operators launch jobs");
        }
        HorizontalLayout form = new HorizontalLayout(scenario, days, timeLimit, launch);
        form.setAlignItems(FlexComponent.Alignment.BASELINE);

        progress.setId("job-progress");
        progressText.setId("job-progress-text");
        progressStatus.setId("job-progress-status");
        planLink.setId("job-plan-link");
        planLink.setVisible(false);
        progress.setVisible(false);

        history.setId("job-history");
        history.addColumn(JobRow::executionId).setHeader("Execution").setAutoWidth(true).setFlexGrow(0);
        history.addColumn(JobRow::scenario).setHeader("Scenario").setAutoWidth(true);
        history.addColumn(JobRow::days).setHeader("Days").setAutoWidth(true).setFlexGrow(0);
        history.addColumn(JobRow::status).setHeader("Status").setAutoWidth(true).setFlexGrow(0)
                .setClassNameGenerator(r -> "job-status-" + r.status().toLowerCase(Locale.ROOT));
        history.addColumn(JobRow::started).setHeader("Started (UTC)").setAutoWidth(true);
        history.addColumn(JobRow::duration).setHeader("Duration").setAutoWidth(true).setFlexGrow(0);
        history.addColumn(r -> r.runId() == null ? "" : r.runId()).setHeader("Run").setAutoWidth(true).setFlexGrow(0);
        history.addColumn(JobRow::failure).setHeader("Failure").setFlexGrow(1);
        history.addComponentColumn(this::actions).setHeader("").setAutoWidth(true).setFlexGrow(0);
        history.setHeight("24em");

        add(new H2("Planning jobs"), form, progressStatus, progress, progressText, planLink, new H3("History"),
                history);
        Polling.every(this, 500, this::refresh);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        event.getLocation().getQueryParameters().getSingleParameter("scenario").ifPresent(scenario::setValue);
    }

    private com.vaadin.flow.component.Component actions(JobRow row) {
        boolean restartable = ("FAILED".equals(row.status()) || "STOPPED".equals(row.status())) && latest(row);
        if (!restartable) {
            return new Span();
        }
        Button restart = new Button("Restart", e -> restart(row.executionId()));
        restart.setId("job-restart-" + row.executionId());
        restart.addThemeVariants(ButtonVariant.LUMO_SMALL);
        restart.setEnabled(Roles.isOperator());
        return restart;
    }

    /** Only the newest execution of an instance can be restarted. */
    private boolean latest(JobRow row) {
        JobExplorer ex = explorer.getIfAvailable();
        if (ex == null) {
            return false;
        }
        JobInstance instance = ex.getJobInstance(row.instanceId());
        return instance != null && ex.getJobExecutions(instance).stream()
                .allMatch(e -> e.getId() <= row.executionId());
    }

    private void launch() {
        try {
            String source = scenario.getValue();
            if (source == null || source.isBlank()) {
                throw new IllegalArgumentException("scenario: none chosen; expected a shipped name or a YAML path");
            }
            Double d = days.getValue();
            Double limit = timeLimit.getValue();
            if (limit == null || !(limit > 0)) {
                throw new IllegalArgumentException("time limit: " + limit + " s; expected a positive number of seconds");
            }
            PlanningRequest request = new PlanningRequest(source, null, d,
                    Duration.ofMillis(Math.round(limit * 1000)));
            follow(operations.launchPlanning(request));
        } catch (AccessDeniedException e) {
            error("Only operators launch planning jobs.");
        } catch (ScenarioValidationException e) {
            error("Scenario not valid: " + e.getMessage());
        } catch (IllegalArgumentException | IllegalStateException e) {
            error(e.getMessage());
        }
    }

    private void restart(long executionId) {
        try {
            follow(operations.restartPlanning(executionId));
        } catch (AccessDeniedException e) {
            error("Only operators restart planning jobs.");
        } catch (IllegalArgumentException | IllegalStateException e) {
            error(e.getMessage());
        }
    }

    private void follow(long executionId) {
        followed = executionId;
        progress.setVisible(true);
        planLink.setVisible(false);
        refresh();
    }

    private static void error(String message) {
        Notification n = Notification.show(message, 8000, Notification.Position.MIDDLE);
        n.addThemeVariants(NotificationVariant.LUMO_ERROR);
    }

    private void refresh() {
        PlanningJobs jobs = fleet.jobs().orElse(null);
        if (jobs == null) {
            progressStatus.setText("The planning job is not configured in this application.");
            launch.setEnabled(false);
            return;
        }
        if (followed != null) {
            PlanningProgress p = jobs.progress(followed);
            double f = fraction(p);
            progress.setValue(f);
            progressStatus.setText("Execution " + p.executionId() + ": " + p.status()
                    + (p.failure() == null ? "" : " — " + p.failure()));
            progressText.setText(String.format(Locale.ROOT, "%.0f %% · ", 100 * f) + steps(p));
            progress.getElement().setAttribute("data-status", p.status());
            if ("COMPLETED".equals(p.status()) && p.runId() != null) {
                planLink.setHref("plan?run=" + p.runId());
                planLink.setVisible(true);
            }
        }
        history.setItems(rows());
    }

    /** Share of the job done: steps weighted by their usual share of the time (forecasting dominates). */
    static double fraction(PlanningProgress p) {
        if ("COMPLETED".equals(p.status())) {
            return 1;
        }
        double[] weights = {0.05, 0.25, 0.5, 0.15, 0.05};
        double sum = 0;
        for (int i = 0; i < p.steps().size() && i < weights.length; i++) {
            StepProgress s = p.steps().get(i);
            double part = "COMPLETED".equals(s.status()) ? 1 : s.total() > 0 ? (double) s.done() / s.total() : 0;
            sum += weights[i] * Math.min(1, part);
        }
        return Math.min(1, sum);
    }

    static String steps(PlanningProgress p) {
        List<String> parts = new ArrayList<>();
        for (StepProgress s : p.steps()) {
            if (!"UNKNOWN".equals(s.status())) {
                parts.add(s.step() + " " + s.done() + "/" + s.total());
            }
        }
        return String.join(", ", parts);
    }

    private List<JobRow> rows() {
        JobExplorer ex = explorer.getIfAvailable();
        if (ex == null) {
            return List.of();
        }
        List<JobRow> rows = new ArrayList<>();
        for (JobInstance instance : ex.getJobInstances(JOB_NAME, 0, 30)) {
            for (JobExecution e : ex.getJobExecutions(instance)) {
                rows.add(row(e));
            }
        }
        rows.sort(Comparator.comparingLong(JobRow::executionId).reversed());
        return rows;
    }

    private JobRow row(JobExecution e) {
        var params = e.getJobParameters();
        Double d = params.getDouble("days");
        String failure = "";
        if (e.getStatus() == BatchStatus.FAILED) {
            failure = fleet.jobs().map(j -> j.progress(e.getId()).failure()).orElse("");
        }
        Long runId = e.getExecutionContext().containsKey("runId") ? e.getExecutionContext().getLong("runId") : null;
        return new JobRow(e.getId(), e.getJobInstance().getInstanceId(), params.getString("scenario"),
                d == null ? "" : String.format(Locale.ROOT, "%.2f", d), e.getStatus().name(), utc(e.getStartTime()),
                duration(e.getStartTime(), e.getEndTime()), failure == null ? "" : failure, runId);
    }

    private static String utc(LocalDateTime t) {
        return t == null ? "" : Format.second(t.atZone(ZoneId.systemDefault()).toInstant());
    }

    private static String duration(LocalDateTime start, LocalDateTime end) {
        if (start == null) {
            return "";
        }
        return Format.duration(Duration.between(start, end == null ? LocalDateTime.now() : end));
    }

}
