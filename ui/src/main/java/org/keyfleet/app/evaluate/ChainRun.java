package org.keyfleet.app.evaluate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;

import org.keyfleet.app.runtime.SimulatedClock;
import org.keyfleet.app.runtime.SkyDrawnLink;
import org.keyfleet.ledger.KeyLedger;
import org.keyfleet.ledger.LedgerSettings;
import org.keyfleet.ledger.LinkAccount;
import org.keyfleet.ledger.PairKeyInfo;
import org.keyfleet.ledger.PlanExecutor;
import org.keyfleet.ledger.PlanProgress;
import org.keyfleet.ledger.QkdLinkPort;
import org.keyfleet.ledger.SimulationClock;
import org.keyfleet.planner.CandidateContact;
import org.keyfleet.planner.Contact;
import org.keyfleet.planner.ContactPlan;
import org.keyfleet.planner.PairDemand;
import org.keyfleet.planner.PlanningProblem;
import org.keyfleet.scenarios.SatelliteSpec;
import org.keyfleet.scenarios.Scenario;
import org.keyfleet.terminal.GroundSegment;
import org.keyfleet.terminal.KeyEncryptionKey;
import org.keyfleet.terminal.LinkNoiseModel;
import org.keyfleet.terminal.SiteLayout;

import com.zaxxer.hikari.HikariDataSource;

/**
 * One run of the chain the twin runs — plan, fly (the sites' emulated link under the run's sky), book, expire and
 * combine (the ledger, {@link PlanExecutor}) on a manual {@link SimulationClock} — over the window, on a database of
 * its own (in-memory H2), re-planning the rest of the window from the ledger's actual state as {@link Replanning}
 * says, with the forecast of that moment.
 */
final class ChainRun {

    private final Prepared prepared;
    private final Strategy strategy;
    private final Replanning replanning;
    private final LinkNoiseModel noise;
    private final int segmentBytes;
    private final boolean calibrate;

    /** @param segmentBytes the sites' key-store segment size ({@link EvaluationRequest#SEGMENT_BYTES}) */
    ChainRun(Prepared prepared, Strategy strategy, Replanning replanning, LinkNoiseModel noise, int segmentBytes) {
        this(prepared, strategy, replanning, noise, segmentBytes, false);
    }

    /**
     * @param calibrate learn a calibration from the contacts flown ({@link ContactReports}) and re-plan with the
     *                  calibrated forecast
     */
    ChainRun(Prepared prepared, Strategy strategy, Replanning replanning, LinkNoiseModel noise, int segmentBytes,
             boolean calibrate) {
        this.prepared = prepared;
        this.strategy = strategy;
        this.replanning = replanning;
        this.noise = noise;
        this.segmentBytes = segmentBytes;
        this.calibrate = calibrate;
    }

    /** Runs the window under {@code sky}; {@code linkSeed} seeds the link's draws (key factor, QBER). */
    RunOutcome run(Sky sky, long linkSeed) {
        Scenario scenario = prepared.scenario();
        PlanningProblem base = prepared.problem();
        Instant start = scenario.start();
        Instant end = scenario.end();
        try (HikariDataSource pool = memoryDatabase()) {
            SimulationClock clock = SimulationClock.manual(start);
            byte[] kek = new byte[32];
            new SplittableRandom(linkSeed).nextBytes(kek);
            // the twin's site code, with larger sealed segments: bulk key is written, combined and discarded by
            // the same statements as in the twin, in ~256x fewer rows and seals (EvaluationRequest.SEGMENT_BYTES)
            GroundSegment sites = GroundSegment.open(pool, KeyEncryptionKey.of(kek), new SimulatedClock(clock),
                    SiteLayout.allLocal(), segmentBytes);
            KeyLedger ledger = KeyLedger.open(pool, ledgerSettings(scenario), sites.combinations(), sites.discards());
            QkdLinkPort emulated = sites.emulatedLink(noise, linkSeed);
            if (!prepared.truth().isEmpty()) {
                emulated = new TruthLink(emulated, prepared);
            }
            FlightRecorder recorder = new FlightRecorder(new SkyDrawnLink(emulated, sky.truth()));
            PlanExecutor executor = new PlanExecutor(ledger, recorder, clock);
            ContactReports reports = new ContactReports(prepared);

            Remainder first = Remainder.at(base, sky, start, java.time.Duration.ZERO, Set.of(), List.of(), Map.of());
            Strategy.Planned planned = strategy.plan(first.problem(), replanning.planLimit());
            int timeouts = planned.timedOut() ? 1 : 0;
            double predicted = planned.predictedBits();
            List<CandidateContact> pending = schedule(ledger, first.forLedger(planned.plan()), start, end);

            int replans = 0;
            int flown = 0;
            int clear = 0;
            Instant nextRegular = strategy.replans() ? start.plus(replanning.every()) : end;
            while (true) {
                Instant t = nextStop(pending, nextRegular, end);
                clock.advanceTo(t);
                PlanProgress p = executor.tick();
                flown += p.contactsFlown();
                reports.add(recorder.drain());
                for (CandidateContact c : pending) {
                    if (!c.los().isAfter(t) && sky.clear(c)) {
                        clear++;
                    }
                }
                pending.removeIf(c -> !c.los().isAfter(t));
                if (!t.isBefore(end)) {
                    break;
                }
                if (strategy.replans()
                        && ((replanning.onOutcome() && p.contactsFlown() > 0) || !t.isBefore(nextRegular))) {
                    Set<PassKey> scheduled = new HashSet<>();
                    pending.forEach(c -> scheduled.add(PassKey.of(c)));
                    Remainder rest = Remainder.at(base, sky, t, replanning.freeze(), scheduled, ledger.links(),
                            combinedAt(ledger, base.demands()),
                            calibrate ? reports::calibrated : java.util.function.UnaryOperator.identity());
                    Strategy.Planned again = strategy.plan(rest.problem(), replanning.replanLimit());
                    timeouts += again.timedOut() ? 1 : 0;
                    pending = schedule(ledger, rest.forLedger(again.plan()), start, end);
                    replans++;
                    nextRegular = t.plus(replanning.every());
                }
            }
            List<String> broken = ledger.checkInvariants();
            if (!broken.isEmpty()) {
                throw new IllegalStateException("the ledger's invariants fail after the run: " + broken);
            }
            return outcome(ledger, base.demands(), predicted, flown, clear, replans, timeouts,
                    reports.meanAbsKeyErrorDb());
        }
    }

    /** The next instant to step to: the next LOS, or the next regular re-plan if sooner (moved past a contact then in progress), at most the end. */
    private static Instant nextStop(List<CandidateContact> pending, Instant nextRegular, Instant end) {
        Instant t = end;
        for (CandidateContact c : pending) {
            if (c.los().isBefore(t)) {
                t = c.los();
            }
        }
        if (nextRegular.isBefore(t)) {
            t = nextRegular;
            for (CandidateContact c : pending) {
                if (c.aos().isBefore(nextRegular) && c.los().isAfter(t)) {
                    t = c.los();   // in progress at the regular time: re-plan at its LOS
                }
            }
        }
        return t.isAfter(end) ? end : t;
    }

    private List<CandidateContact> schedule(KeyLedger ledger, ContactPlan plan, Instant start, Instant end) {
        ledger.schedule(plan, prepared::qberOf, start, end);
        List<CandidateContact> out = new ArrayList<>();
        for (Contact c : plan.contacts()) {
            out.add(c.candidate());
        }
        out.sort(Comparator.comparing(CandidateContact::los));
        return out;
    }

    private static Map<String, Long> combined(KeyLedger ledger, List<PairDemand> demands) {
        Map<String, Long> out = new HashMap<>();
        for (PairDemand d : demands) {
            long bits = ledger.pairKeys(d.terminalA(), d.terminalB()).stream().mapToLong(PairKeyInfo::lengthBits).sum();
            if (bits > 0) {
                out.put(d.pairId(), bits);
            }
        }
        return out;
    }

    /** Per demand's pair id: its pair key by combination instant, bits (pairs without key are left out). */
    private static Map<String, Map<Instant, Long>> combinedAt(KeyLedger ledger, List<PairDemand> demands) {
        Map<String, Map<Instant, Long>> out = new HashMap<>();
        for (PairDemand d : demands) {
            Map<Instant, Long> at = combinedAt(ledger, d);
            if (!at.isEmpty()) {
                out.put(d.pairId(), at);
            }
        }
        return out;
    }

    /** Pair key of demand d by combination instant (the ledger's creation time of each pair key), bits. */
    static Map<Instant, Long> combinedAt(KeyLedger ledger, PairDemand d) {
        Map<Instant, Long> at = new java.util.TreeMap<>();
        for (PairKeyInfo k : ledger.pairKeys(d.terminalA(), d.terminalB())) {
            at.merge(k.createdAt(), k.lengthBits(), Long::sum);
        }
        return at;
    }

    private static RunOutcome outcome(KeyLedger ledger, List<PairDemand> demands, double predicted, int flown,
                                      int clear, int replans, int timeouts, double keyErrorDb) {
        Map<String, Long> combined = combined(ledger, demands);
        long requested = 0;
        long realised = 0;
        long satisfied = 0;
        double objective = 0;
        int without = 0;
        for (PairDemand d : demands) {
            long bits = combined.getOrDefault(d.pairId(), 0L);
            // per day: each pair key counts from the slot of its combination on (the ledger's creation time)
            long credited = d.perDay() ? d.creditedBits(combinedAt(ledger, d)) : Math.min(bits, d.requestedBits());
            requested += d.requestedBits();
            realised += bits;
            satisfied += credited;
            objective += d.priority() * credited;
            if (d.requestedBits() > 0 && bits == 0) {
                without++;
            }
        }
        long generated = 0;
        long consumed = 0;
        long stored = 0;
        long discarded = 0;
        for (LinkAccount l : ledger.links()) {
            generated += l.generatedBits();
            consumed += l.consumedBits();
            stored += l.storedBits();
            discarded += l.discardedBits();
        }
        double satisfaction = requested == 0 ? 1 : (double) satisfied / requested;
        return new RunOutcome(requested, predicted, realised, objective, satisfaction, without, generated, consumed,
                stored, discarded, flown, clear, replans, timeouts, keyErrorDb);
    }

    private static LedgerSettings ledgerSettings(Scenario scenario) {
        Map<String, Long> memory = new LinkedHashMap<>();
        for (SatelliteSpec s : scenario.satellites()) {
            memory.put(s.id(), s.payload().onboardKeyMemoryBits());
        }
        return LedgerSettings.defaults().withMemoryBits(memory);
    }

    private static HikariDataSource memoryDatabase() {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl("jdbc:h2:mem:evaluate-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE");
        pool.setUsername("sa");
        pool.setPassword("");
        pool.setMaximumPoolSize(4);
        pool.setMinimumIdle(1);   // H2 drops an in-memory database when its last connection closes
        pool.setPoolName("keyfleet-evaluate");
        return pool;   // the pool keeps a connection open; the database is dropped when the pool closes
    }
}
