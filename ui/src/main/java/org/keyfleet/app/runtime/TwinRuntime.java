package org.keyfleet.app.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;

import org.keyfleet.ledger.KeyLedger;
import org.keyfleet.ledger.PlanExecutor;
import org.keyfleet.ledger.PlanProgress;
import org.keyfleet.ledger.QkdLinkPort;
import org.keyfleet.ledger.SimulationClock;
import org.keyfleet.linkbudget.calibration.Calibrations;
import org.keyfleet.linkbudget.calibration.TerminalCalibration;
import org.keyfleet.planner.ContactPlan;
import org.keyfleet.planner.RollingHorizon;
import org.keyfleet.planner.job.OutcomeReplans;
import org.keyfleet.planner.job.PlanningProgress;
import org.keyfleet.planner.job.StepProgress;
import org.keyfleet.terminal.KmeServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The digital twin of the constellation, as the application runs it: obtains the contact plan (the stored one this
 * database already runs, else the latest completed plan of the same scenario text and window, else a new run of the
 * planning job), schedules it in the ledger once, and executes it on the simulation clock — flying contacts through
 * the emulated link, booking, expiring and combining — one step every {@code tick} of real time. Simulated time
 * is persisted after every step, so a restart on the same database resumes from it; everything else the twin did is
 * in the ledger's and the sites' tables already.
 *
 * <p>Started and stopped with the application context. With a manual clock nothing runs by itself: the caller
 * moves {@link #clock()} and calls {@link #tick()}.
 */
public final class TwinRuntime implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(TwinRuntime.class);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);
    /** Longest wait between two attempts to plan the next window after failures. */
    private static final Duration PLAN_RETRY_MAX = Duration.ofMinutes(5);
    /** Longest wait between two attempts at a failing step (a step is what moves the books, so retry it sooner). */
    private static final Duration STEP_RETRY_MAX = Duration.ofSeconds(30);

    private final TwinScenario scenario;
    private final KeyfleetProperties.Twin settings;
    private final SimulationClock clock;
    private final Pace pace;
    private final KeyLedger ledger;
    private final QkdLinkPort link;
    private final KmeServer kmeServer;
    private final KmeDirectory kmes;
    private final PlanSource plans;
    private final TwinStateStore state;
    private final Instant resumedFrom;
    /** The sky and its forecasts; null without the weather model (no re-plans on outcomes then). */
    private final TwinWeather weather;
    private final OutcomeReplans replans;
    /** The link as flown, when it notes outcomes (else no re-plans on outcomes). */
    private final FlownContacts flown;
    private final List<Observer> observers = new CopyOnWriteArrayList<>();

    private final Object lock = new Object();
    private volatile TwinStatus.Phase phase = TwinStatus.Phase.STARTING;
    private volatile String failure;
    private volatile Long executionId;
    private volatile TwinPlan plan;
    private volatile long contactsFlown;
    private volatile long pairKeysCreated;
    private PlanExecutor executor;
    private ScheduledExecutorService loop;
    private Thread starter;
    private volatile boolean started;
    /** A re-plan of the next window is under way (continuous operation). */
    private volatile boolean extending;
    /** Failed attempts to plan the next window: retried with back-off, logged when the failure changes. */
    private volatile Backoff nextWindow = Backoff.NONE;
    /** Failed steps of the background loop, likewise. */
    private volatile Backoff steps = Backoff.NONE;
    /** Flown contacts the running plan was last re-planned after (re-plan on outcome). */
    private volatile long replannedAfter;
    /** A re-plan after outcomes is under way; outcomes arriving meanwhile set {@link #replanWanted} only. */
    private volatile boolean replanning;
    private volatile boolean replanWanted;
    /** Wall time of the last re-plan after outcomes, s: sets the freeze window on a running clock. */
    private volatile double lastReplanSeconds;
    private volatile Backoff outcomeReplans = Backoff.NONE;
    /** Re-plans after outcomes done by this process, and their total wall time (s), for the log and tests. */
    private volatile long replansDone;
    private volatile double replanSecondsTotal;
    /** Whether simulated time has passed the plan's end with nothing more to plan (logged once). */
    private volatile boolean pastPlanLogged;
    /**
     * How the speed was chosen; AUTO (no --speed, no setSpeed, no first pair key yet) slows down after the first key.
     * Null with a manual clock.
     */
    private volatile TwinStateStore.SpeedMode speedMode;

    TwinRuntime(TwinScenario scenario, KeyfleetProperties.Twin settings, SimulationClock clock, Pace pace,
                KeyLedger ledger, QkdLinkPort link, KmeServer kmeServer, KmeDirectory kmes, PlanSource plans,
                TwinStateStore state, Instant resumedFrom) {
        this(scenario, settings, clock, pace, ledger, link, kmeServer, kmes, plans, state, resumedFrom, null, null);
    }

    TwinRuntime(TwinScenario scenario, KeyfleetProperties.Twin settings, SimulationClock clock, Pace pace,
                KeyLedger ledger, QkdLinkPort link, KmeServer kmeServer, KmeDirectory kmes, PlanSource plans,
                TwinStateStore state, Instant resumedFrom, TwinWeather weather, OutcomeReplans replans) {
        this.scenario = scenario;
        this.settings = settings;
        this.clock = clock;
        this.pace = pace;
        this.ledger = ledger;
        this.link = link;
        this.kmeServer = kmeServer;
        this.kmes = kmes;
        this.plans = plans;
        this.state = state;
        this.resumedFrom = resumedFrom;
        this.weather = weather;
        this.replans = replans;
        this.flown = link instanceof FlownContacts f ? f : null;
    }

    // ------------------------------------------------------------------ what the UI and tests read

    public TwinScenario scenario() {
        return scenario;
    }

    /** Simulated mission time; held still until the plan is scheduled. */
    public SimulationClock clock() {
        return clock;
    }

    public KeyLedger ledger() {
        return ledger;
    }

    /** The KMEs with their base URLs and the PKI's files. */
    public KmeDirectory kmes() {
        return kmes;
    }

    /** The plan being run, once there is one. */
    public Optional<TwinPlan> plan() {
        return Optional.ofNullable(plan);
    }

    /** Progress of the planning job this process launched, if it launched one. */
    public Optional<PlanningProgress> planningProgress() {
        Long id = executionId;
        return id == null ? Optional.empty() : Optional.of(plans.progress(id));
    }

    public TwinStatus status() {
        TwinPlan p = plan;
        return new TwinStatus(phase, scenario.name(), clock.now(), pace != null ? pace.rate() : 1,
                !clock.isRunning(), executionId, p == null ? null : p.runId(), p == null ? null : p.planId(),
                p == null ? 0 : p.plan().contacts().size(), p == null ? null : p.start(), p == null ? null : p.end(),
                contactsFlown, pairKeysCreated, failure);
    }

    /**
     * Waits until the plan is scheduled and the twin runs (or failed).
     *
     * @throws IllegalStateException when the twin failed or the timeout passed first
     */
    public TwinPlan awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (phase == TwinStatus.Phase.STARTING || phase == TwinStatus.Phase.PLANNING) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("the twin is still " + phase + " after " + timeout);
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            if (phase == TwinStatus.Phase.FAILED || plan == null) {
                throw new IllegalStateException("the twin is " + phase + (failure == null ? "" : ": " + failure));
            }
            return plan;
        }
    }

    /**
     * Told what the twin does, for metrics: each contact it flies (on the stepping thread, so be quick and never
     * throw) and each plan this process computed (the first plan, a next window, a re-plan after outcomes; not a
     * stored plan it reused).
     */
    public interface Observer {

        /** A contact was flown; {@code clearSky} false for a cloudy pass, which yields no key. */
        default void contactFlown(String satelliteId, String terminalId, boolean clearSky) {
        }

        /** A plan was computed: {@code kind} is {@code initial}, {@code next-window} or {@code outcome-replan}. */
        default void planned(String kind, ContactPlan plan) {
        }
    }

    /** Adds an observer (see {@link Observer}). */
    public void observe(Observer observer) {
        observers.add(Objects.requireNonNull(observer, "observer"));
        if (flown != null) {
            flown.observe(observer);
        }
    }

    private void planned(String kind, TwinPlan p) {
        for (Observer o : observers) {
            try {
                o.planned(kind, p.plan());
            } catch (RuntimeException e) {
                LOG.debug("twin observer failed on a plan: {}", e.toString());
            }
        }
    }

    // ------------------------------------------------------------------ control

    /** Holds simulated time still (a running clock only); plan execution waits with it. */
    public void pause() {
        requireRunningClock("pause");
        synchronized (lock) {
            if (phase == TwinStatus.Phase.RUNNING) {
                pace.hold();
                phase = TwinStatus.Phase.PAUSED;
                state.setSimulatedTime(clock.now());
                LOG.info("twin paused at {}", clock.now());
            }
        }
    }

    /**
     * Sets the twin's speed (simulated seconds per real second), from now on. The {@link SimulationClock} bean
     * runs at factor 1 against a source that moves at this speed, so read the speed here, not from the clock.
     */
    public void setSpeed(double simulatedSecondsPerSecond) {
        requireRunningClock("set the speed of");
        synchronized (lock) {   // not between a step's automatic slow-down and its record
            pace.setRate(simulatedSecondsPerSecond);
            keepSpeed(TwinStateStore.SpeedMode.SET);
        }
        LOG.info("twin speed set to {}x real time", simulatedSecondsPerSecond);
    }

    /** Lets simulated time run again after {@link #pause()}. */
    public void resume() {
        requireRunningClock("resume");
        synchronized (lock) {
            if (phase == TwinStatus.Phase.PAUSED) {
                pace.release();
                phase = TwinStatus.Phase.RUNNING;
                LOG.info("twin resumed at {}", clock.now());
            }
        }
    }

    /**
     * One step of plan execution up to the clock's now (what the background loop does every tick), then the
     * simulated time is persisted. A failing step propagates; repeating it is safe.
     *
     * @throws IllegalStateException before the plan is scheduled
     */
    public PlanProgress tick() {
        synchronized (lock) {
            if (executor == null) {
                throw new IllegalStateException("the twin has no scheduled plan yet (" + phase + ")");
            }
            PlanProgress p = executor.tick();
            contactsFlown += p.contactsFlown();
            boolean firstKeys = pairKeysCreated == 0 && p.pairKeysCreated() > 0;
            pairKeysCreated += p.pairKeysCreated();
            if (firstKeys && speedMode == TwinStateStore.SpeedMode.AUTO && pace != null && plan != null) {
                // the first keys came fast; now let the rest of the window go by at a pace one can watch
                double watch = AutoSpeed.watching(p.simulatedTime(), plan.end(), pace.rate());
                if (watch < pace.rate()) {
                    pace.setRate(watch);
                    LOG.info("twin speed auto: first pair key made at {}; slowing to {}x real time so the rest of the "
                            + "window lasts {} min", p.simulatedTime(), Math.round(watch),
                            AutoSpeed.WATCH.toMinutes());
                }
                keepSpeed(TwinStateStore.SpeedMode.WATCH);
            }
            // deliveries the ledger refused or missed (e.g. it was busy) are reported again
            kmeServer.reportPendingDeliveries();
            if (settings.continuous() && pace != null && plan != null && !extending
                    && !p.simulatedTime().isBefore(midpoint(plan)) && nextWindow.allows(System.nanoTime())) {
                extend(plan, p.simulatedTime());
            } else if (!settings.continuous() && plan != null && !pastPlanLogged && !p.simulatedTime().isBefore(plan.end())) {
                pastPlanLogged = true;
                LOG.info("twin at {}: past the end {} of plan {} and continuous operation is off; nothing more to fly",
                        p.simulatedTime(), plan.end(), plan.planId());
            }
            state.setSimulatedTime(p.simulatedTime());
            if (p.contactsFlown() > 0) {
                LOG.info("twin at {}: flew {} contact(s), {} pair key(s) made, {} range(s) expired", p.simulatedTime(),
                        p.contactsFlown(), p.pairKeysCreated(), p.rangesDiscarded());
            }
            if (replansOnOutcomes() && flown.count() > replannedAfter && plan != null
                    && p.simulatedTime().isBefore(plan.end())) {
                if (pace == null) {
                    replanAfterOutcomes();   // a manual clock waits for it: tests see each re-plan in order
                } else {
                    requestReplan();
                }
            }
            return p;
        }
    }

    private boolean replansOnOutcomes() {
        return settings.replanOnOutcome() && weather != null && replans != null && flown != null;
    }

    /**
     * Forecast vs actual of the contacts this process flew: one report per contact (the plan's forecast beside the
     * measured key) and the per-terminal calibration they teach; empty when the link does not note outcomes.
     */
    public Calibrations calibrations() {
        return flown == null ? Calibrations.empty(TerminalCalibration.Settings.defaults()) : flown.calibrations();
    }

    /** What each contact this process flew gave, keyed by satellite, terminal and AOS. */
    Map<OutcomeReplans.ContactKey, OutcomeReplans.Outcome> outcomes() {
        return flown == null ? Map.of() : flown.outcomes();
    }

    /** Re-plans after outcomes done by this process. */
    public long replansAfterOutcomes() {
        return replansDone;
    }

    /** Mean wall time of those re-plans, s (NaN before the first). */
    public double meanReplanSeconds() {
        long n = replansDone;
        return n == 0 ? Double.NaN : replanSecondsTotal / n;
    }

    /**
     * Asks for a re-plan after new outcomes on a running clock: one runs at a time in the background; outcomes
     * arriving meanwhile are coalesced into the one after it (never a queue).
     */
    private void requestReplan() {
        replanWanted = true;
        if (replanning || extending || !outcomeReplans.allows(System.nanoTime())) {
            return;
        }
        replanning = true;
        Thread t = new Thread(() -> {
            try {
                while (replanWanted && started && !extending) {
                    replanWanted = false;
                    replanAfterOutcomes();
                }
            } finally {
                replanning = false;
            }
        }, "keyfleet-twin-replan");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Re-plans the rest of the running plan's window from now: the flown contacts as they turned out, contacts
     * starting within the freeze window kept, P(clear) from the forecast issued now (never the sky itself). Installed
     * only if the plan it revised is still the running one and simulated time has not passed its freeze window
     * meanwhile (else a new re-plan is asked for, with a freeze window grown to the re-plan's latency).
     */
    private void replanAfterOutcomes() {
        TwinPlan base = plan;
        long outcomesSeen = flown.count();
        Instant now = clock.now();
        if (base == null || !now.isBefore(base.end())) {
            return;
        }
        Duration freeze = freezeWindow();
        try {
            OutcomeReplans.Result r = replans.replan(base.runId(), base.planId(), scenario.scenario(),
                    weather.forecastAt(now), flown.outcomes(), now, freeze, settings.replanTimeLimit(),
                    LedgerHeldKey.of(ledger, scenario.scenario(), base.start(), base.end()));
            lastReplanSeconds = r.seconds();
            TwinPlan next = plans.stored(base.runId(), r.planId());
            synchronized (lock) {
                if (!started || plan != base) {
                    LOG.debug("re-plan {} at {} dropped: the twin moved on to plan {}", r.planId(), now,
                            plan == null ? null : plan.planId());
                    return;
                }
                if (!clock.now().isBefore(r.replan().frozenUntil())) {
                    LOG.debug("re-plan {} at {} dropped: simulated time {} passed its freeze window", r.planId(), now,
                            clock.now());
                    replanWanted = true;
                    return;
                }
                ledger.schedule(next.plan(), c -> next.forecastQber().getOrDefault(c, 0.5), next.start(), next.end());
                state.setPlan(next.runId(), next.planId());
                plan = next;
                replannedAfter = Math.max(replannedAfter, outcomesSeen);
                replansDone++;
                replanSecondsTotal += r.seconds();
                outcomeReplans = Backoff.NONE;
            }
            planned("outcome-replan", next);
            LOG.info("re-planned after {} flown contact(s) at {}: plan {} ({} contacts, {} added, {} dropped, {} "
                    + "frozen until {}), {} s", outcomesSeen, now, next.planId(), next.plan().contacts().size(),
                    r.replan().diff().added().size(), r.replan().diff().dropped().size(), r.replan().frozen().size(),
                    r.replan().frozenUntil(), Math.round(r.seconds() * 100) / 100.0);
        } catch (RuntimeException e) {
            if (!started) {
                return;
            }
            String message = String.valueOf(e.getMessage());
            Backoff before = outcomeReplans;
            outcomeReplans = before.failed(message, System.nanoTime(), settings.tick(), PLAN_RETRY_MAX);
            if (before.isNew(message)) {
                LOG.warn("re-planning after an outcome failed; the twin flies the plan it has and retries with "
                        + "back-off: {}", message, e);
            }
            if (pace == null) {
                throw e;
            }
        }
    }

    /**
     * The freeze window of a re-plan after outcomes: the default, or on a fast clock at least twice the simulated time
     * the last re-plan took, so the plan is still valid when it is installed.
     */
    private Duration freezeWindow() {
        Duration base = RollingHorizon.DEFAULT_FREEZE_WINDOW;
        if (pace == null) {
            return base;
        }
        double seconds = Math.max(lastReplanSeconds, settings.replanTimeLimit().toMillis() / 1000.0);
        Duration latency = Duration.ofMillis(Math.round(2 * seconds * pace.rate() * 1000));
        return latency.compareTo(base) > 0 ? latency : base;
    }

    private static Instant midpoint(TwinPlan p) {
        return p.start().plus(Duration.between(p.start(), p.end()).dividedBy(2));
    }

    /**
     * Continuous operation: plans the next window, as long as the current one, from {@code from} — a re-plan of the
     * running plan (its contacts flown or about to be are kept) while {@code from} is inside its window, a fresh plan
     * once simulated time has left it (see {@link PlanSource#launchNext}) — and hands it to the ledger when ready.
     * The twin keeps flying the current plan meanwhile. A failure is logged when it is new and tried again from the
     * then simulated time after a back-off.
     */
    private void extend(TwinPlan current, Instant from) {
        extending = true;
        double days = Duration.between(current.start(), current.end()).toMillis() / 86_400_000.0;
        Thread t = new Thread(() -> {
            try {
                long id = plans.launchNext(scenario, from, days, settings.planningTimeLimit(), current);
                if (PlanSource.replans(current, from)) {
                    LOG.info("planning the next {} day(s) from {} (re-plan of run {}, planning job execution {})", days,
                            from, current.runId(), id);
                } else {
                    LOG.info("planning the next {} day(s) from {}: simulated time is past the end {} of plan {}, so "
                            + "this is a new plan, not a re-plan of run {} (planning job execution {})", days, from,
                            current.end(), current.planId(), current.runId(), id);
                }
                TwinPlan next = plans.await(id, PROGRESS_EVERY, p -> { });
                planned("next-window", next);
                synchronized (lock) {
                    if (!started) {
                        return;
                    }
                    ledger.schedule(next.plan(), c -> next.forecastQber().getOrDefault(c, 0.5), next.start(),
                            next.end());
                    state.setPlan(next.runId(), next.planId());
                    plan = next;
                    LOG.info("twin continues with plan {} ({} contacts, {} to {})", next.planId(),
                            next.plan().contacts().size(), next.start(), next.end());
                    if (nextWindow.failures() > 0) {
                        LOG.info("planning the twin's next window works again after {} failed attempt(s)",
                                nextWindow.failures());
                    }
                    nextWindow = Backoff.NONE;
                }
                extending = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                if (!started) {
                    return;   // the application is closing under the planning job
                }
                String message = String.valueOf(e.getMessage());
                Backoff before = nextWindow;
                nextWindow = before.failed(message, System.nanoTime(), settings.tick(), PLAN_RETRY_MAX);
                Duration wait = nextWindow.lastWait(settings.tick(), PLAN_RETRY_MAX);
                if (before.isNew(message)) {
                    LOG.warn("planning the twin's next window failed; retrying with back-off, from {} s up to {} min, "
                            + "logged again only if the failure changes: {}", wait.toMillis() / 1000.0,
                            PLAN_RETRY_MAX.toMinutes(), message, e);
                } else {
                    LOG.debug("planning the twin's next window failed again (attempt {}), next attempt in {} s: {}",
                            nextWindow.failures(), wait.toMillis() / 1000.0, message);
                }
                extending = false;
            }
        }, "keyfleet-twin-next-plan");
        t.setDaemon(true);
        t.start();
    }

    private void requireRunningClock(String what) {
        if (pace == null) {
            throw new IllegalStateException("cannot " + what + " a manual clock: it moves only when told");
        }
    }

    // ------------------------------------------------------------------ lifecycle

    @Override
    public void start() {
        started = true;
        starter = new Thread(this::obtainPlanAndRun, "keyfleet-twin-start");
        starter.setDaemon(true);
        starter.start();
    }

    private void obtainPlanAndRun() {
        try {
            TwinStateStore.State s = state.load().orElseThrow();
            TwinPlan p;
            boolean scheduled = false;
            if (s.planId() != null && s.runId() != null) {
                p = plans.stored(s.runId(), s.planId());
                scheduled = true;
                LOG.info("twin continues plan {} of {} from {}", p.planId(), scenario.name(), clock.now());
                if (!clock.now().isBefore(p.end())) {
                    LOG.info("simulated time {} is past the end {} of plan {}: {}", clock.now(), p.end(), p.planId(),
                            settings.continuous() && pace != null ? "the next window is planned from it"
                                    : "continuous operation is off, nothing more to fly");
                }
            } else {
                Instant start = scenario.scenario().start();
                double days = settings.days() != null ? settings.days()
                        : scenario.scenario().horizon().toMillis() / 86_400_000.0;
                Instant end = start.plusMillis(Math.round(days * 86_400_000.0));
                Optional<TwinPlan> reuse = plans.reusable(scenario, start, end);
                if (reuse.isPresent()) {
                    p = reuse.get();
                    LOG.info("twin reuses plan {} (run {}) of {}", p.planId(), p.runId(), scenario.name());
                } else {
                    phase = TwinStatus.Phase.PLANNING;
                    long id = plans.launch(scenario, start, days, settings.planningTimeLimit());
                    executionId = id;
                    LOG.info("planning {} over {} day(s) from {} (planning job execution {}, solver limit {} s)",
                            scenario.name(), days, start, id, settings.planningTimeLimit().toSeconds());
                    p = plans.await(id, PROGRESS_EVERY, TwinRuntime::logProgress);
                    planned("initial", p);
                }
            }
            install(p, scheduled, s.simulatedAt() == null, s.lastSpeed());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("stopped while starting");
        } catch (RuntimeException e) {
            LOG.error("the twin cannot run: {}", e.getMessage(), e);
            fail(e.getMessage());
        }
    }

    private static void logProgress(PlanningProgress p) {
        StringBuilder b = new StringBuilder();
        for (StepProgress s : p.steps()) {
            if (!"UNKNOWN".equals(s.status())) {
                b.append(b.isEmpty() ? "" : ", ").append(s.step()).append(' ').append(s.done()).append('/').append(s.total());
            }
        }
        if (!b.isEmpty()) {
            LOG.info("planning: {}", b);
        }
    }

    private void install(TwinPlan p, boolean scheduled, boolean firstRun, Optional<TwinStateStore.Speed> lastSpeed) {
        synchronized (lock) {
            if (!started) {
                return;
            }
            if (!scheduled) {
                ledger.schedule(p.plan(), c -> p.forecastQber().getOrDefault(c, 0.5));
                state.setPlan(p.runId(), p.planId());
            }
            if (firstRun) {
                // start just before the first contact rather than at the window's start, which is often daytime
                // with nothing to fly for hours
                Optional<Instant> first = p.firstAos();
                if (first.isPresent() && first.get().minus(settings.lead()).isAfter(clock.now())) {
                    clock.advanceTo(first.get().minus(settings.lead()));
                }
                state.setSimulatedTime(clock.now());
            }
            executor = new PlanExecutor(ledger, link, clock);
            plan = p;
            phase = TwinStatus.Phase.RUNNING;
            if (pace != null) {
                chooseSpeed(p, lastSpeed);
                pace.release();
                loop = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "keyfleet-twin");
                    t.setDaemon(true);
                    return t;
                });
                loop.scheduleWithFixedDelay(this::tickInBackground, 0, settings.tick().toNanos(), TimeUnit.NANOSECONDS);
            }
            LOG.info("twin running plan {} ({} contacts, {} to {}) from {} at {}", p.planId(),
                    p.plan().contacts().size(), p.start(), p.end(), clock.now(),
                    pace == null ? "a manual clock" : Math.round(pace.rate()) + "x real time");
            lock.notifyAll();
        }
    }

    /**
     * The speed of a running clock: an explicit --speed wins (the pace already runs at it); else the speed of the last
     * run on this database, so a restart carries on as it was (choosing afresh ran thousands of times real time past
     * the plan after every restart); else the automatic choice from the plan.
     */
    private void chooseSpeed(TwinPlan p, Optional<TwinStateStore.Speed> lastSpeed) {
        if (settings.speed() != null) {
            keepSpeed(TwinStateStore.SpeedMode.SET);
        } else if (lastSpeed.isPresent()) {
            pace.setRate(lastSpeed.get().rate());
            speedMode = lastSpeed.get().mode();
            LOG.info("twin speed as before the restart: {}x real time ({})", Math.round(pace.rate()),
                    speedMode.name().toLowerCase(java.util.Locale.ROOT));
        } else {
            pace.setRate(AutoSpeed.of(p.plan(), clock.now(), AutoSpeed.MIN));
            keepSpeed(TwinStateStore.SpeedMode.AUTO);
            LOG.info("twin speed auto: {}x real time, so that by the plan's forecast a pair key exists within "
                    + "{} s with {} % probability", Math.round(pace.rate()), AutoSpeed.WITHIN.toSeconds(),
                    Math.round(100 * AutoSpeed.CONFIDENCE));
        }
    }

    /** Records the pace's speed and how it was chosen, for this run and the next. */
    private void keepSpeed(TwinStateStore.SpeedMode mode) {
        speedMode = mode;
        state.setSpeed(new TwinStateStore.Speed(pace.rate(), mode));
    }

    private void tickInBackground() {
        if (phase != TwinStatus.Phase.RUNNING || !steps.allows(System.nanoTime())) {
            return;
        }
        try {
            tick();
            if (steps.failures() > 0) {
                LOG.info("twin step works again after {} failed attempt(s)", steps.failures());
            }
            steps = Backoff.NONE;
            failure = null;
        } catch (RuntimeException e) {
            String message = String.valueOf(e.getMessage());
            Backoff before = steps;
            steps = before.failed(message, System.nanoTime(), settings.tick(), STEP_RETRY_MAX);
            if (before.isNew(message)) {
                LOG.warn("twin step failed; retrying with back-off up to every {} s, logged again only if the failure "
                        + "changes: {}", STEP_RETRY_MAX.toSeconds(), message, e);
            } else {
                LOG.debug("twin step failed again (attempt {}): {}", steps.failures(), message);
            }
            failure = message;
        }
    }

    private void fail(String why) {
        synchronized (lock) {
            phase = TwinStatus.Phase.FAILED;
            failure = why;
            lock.notifyAll();
        }
    }

    @Override
    public void stop() {
        synchronized (lock) {
            started = false;
        }
        if (starter != null) {
            starter.interrupt();
        }
        ScheduledExecutorService l = loop;
        if (l != null) {
            l.shutdown();
            try {
                if (!l.awaitTermination(30, TimeUnit.SECONDS)) {
                    LOG.warn("the twin's last step did not end within 30 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (lock) {
            if (pace != null) {
                pace.hold();
            }
            if (executor != null) {
                state.setSimulatedTime(clock.now());
                LOG.info("twin stopped at simulated time {}", clock.now());
            }
            if (phase != TwinStatus.Phase.FAILED) {
                phase = TwinStatus.Phase.STOPPED;
            }
            lock.notifyAll();
        }
    }

    @Override
    public boolean isRunning() {
        return started;
    }

    /** Simulated time this process resumed from (persisted by an earlier run), if any. */
    public Optional<Instant> resumedFrom() {
        return Optional.ofNullable(resumedFrom);
    }

    @Override
    public String toString() {
        return "TwinRuntime[" + Objects.toString(status()) + "]";
    }
}
