package org.keyfleet.app.evaluate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.keyfleet.ledger.LinkAccount;
import org.keyfleet.planner.CandidateContact;
import org.keyfleet.planner.Contact;
import org.keyfleet.planner.ContactPlan;
import org.keyfleet.planner.PairDelivery;
import org.keyfleet.planner.PairDemand;
import org.keyfleet.planner.PlanningProblem;
import org.keyfleet.planner.SatelliteLimits;
import org.keyfleet.planner.TerminalCalendar;
import org.keyfleet.planner.TimeWindow;

/**
 * The rest of the window as a planning problem, from the ledger's actual state at {@code now}:
 * <ul>
 *   <li><b>demands</b>: each pair's request less the pair key already combined for it; a demand honoured per day
 *       as its slots from the one containing {@code now}, with the key combined before and not credited in the
 *       slots that are over carried in ({@link PairDemand#remainingAt}) — so the re-plan optimises the same
 *       per-day credit the run is judged by, not a total;</li>
 *   <li><b>stock</b>: the key each satellite–terminal link holds unmatched, as one already-flown contact per link
 *       just before {@code now} with P(clear) 1 and that many bits (so the planner may give it to any pair of the
 *       terminal, count it against onboard memory, and needs only the partner's end);</li>
 *   <li><b>near-term contacts</b> (AOS before now + freeze): only those already scheduled, which the planner may
 *       keep or drop but not replace — stations have their schedule;</li>
 *   <li><b>later candidates</b>: all, with P(clear) as forecast at {@code now} (never the truth).</li>
 * </ul>
 * The new plan, without the stock contacts and with the horizon's full demands, is what the ledger schedules.
 */
final class Remainder {

    private static final Duration SLOT_MARGIN = Duration.ofSeconds(2);

    private final PlanningProblem problem;
    private final Set<CandidateContact> stock;
    private final Map<String, PairDemand> fullDemands;
    /** Pair id → key credited before the re-plan: the key combined (horizon), the slots that are over (per day). */
    private final Map<String, Long> creditedBefore;

    private Remainder(PlanningProblem problem, Set<CandidateContact> stock, Map<String, PairDemand> fullDemands,
                      Map<String, Long> creditedBefore) {
        this.problem = problem;
        this.stock = stock;
        this.fullDemands = fullDemands;
        this.creditedBefore = creditedBefore;
    }

    /**
     * @param base      the window's problem (its candidates' P(clear) is replaced by the forecast issued at now)
     * @param sky       the run's weather (only its forecast is read)
     * @param now       instant of re-planning; no scheduled contact is in progress
     * @param freeze    near-term window in which only scheduled contacts may be flown
     * @param scheduled contacts scheduled and not yet flown
     * @param links     the ledger's link books at now
     * @param combined  pair id → combination instant → pair key combined so far, bits (the ledger's
     *                  {@code PairKeyInfo.createdAt}: a per-day demand credits key by the slot it was combined in)
     */
    static Remainder at(PlanningProblem base, Sky sky, Instant now, Duration freeze, Set<PassKey> scheduled,
                        List<LinkAccount> links, Map<String, Map<Instant, Long>> combined) {
        return at(base, sky, now, freeze, scheduled, links, combined, UnaryOperator.identity());
    }

    /**
     * The same with each later candidate's forecast then corrected by {@code calibrated} (a calibration's loss
     * offset and clear-sky factor learnt from the contacts flown so far).
     */
    static Remainder at(PlanningProblem base, Sky sky, Instant now, Duration freeze, Set<PassKey> scheduled,
                        List<LinkAccount> links, Map<String, Map<Instant, Long>> combined,
                        UnaryOperator<CandidateContact> calibrated) {
        Instant frozenUntil = now.plus(freeze);
        List<CandidateContact> candidates = new ArrayList<>();
        for (CandidateContact c : base.candidates()) {
            if (c.aos().isBefore(now)) {
                continue;
            }
            if (c.aos().isBefore(frozenUntil) && !scheduled.contains(PassKey.of(c))) {
                continue;
            }
            candidates.add(calibrated.apply(sky.forecastAt(c, now)));
        }
        Duration step = SLOT_MARGIN;
        for (SatelliteLimits s : base.satellites()) {
            if (s.repointingGap().plus(SLOT_MARGIN).compareTo(step) > 0) {
                step = s.repointingGap().plus(SLOT_MARGIN);
            }
        }
        step = step.plus(SatelliteLimits.DEFAULT_REPOINTING_GAP);
        List<LinkAccount> held = links.stream().filter(l -> l.availableBits() > 0)
                .sorted(Comparator.comparing(LinkAccount::satelliteId).thenComparing(LinkAccount::terminalId)).toList();
        Set<CandidateContact> stock = new HashSet<>();
        Map<String, List<TimeWindow>> extraWindows = new HashMap<>();
        for (int k = 0; k < held.size(); k++) {
            LinkAccount l = held.get(k);
            Instant los = now.minus(step.multipliedBy(k + 1L));
            Instant aos = los.minusSeconds(1);
            CandidateContact c = new CandidateContact(l.satelliteId(), l.terminalId(), aos, los, l.availableBits(), 1.0,
                    l.availableBits());
            stock.add(c);
            candidates.add(c);
            extraWindows.computeIfAbsent(l.terminalId(), t -> new ArrayList<>()).add(new TimeWindow(aos, los));
        }
        List<TerminalCalendar> calendars = new ArrayList<>();
        for (TerminalCalendar t : base.terminals()) {
            List<TimeWindow> windows = new ArrayList<>(t.operatingWindows());
            if (!windows.isEmpty()) {
                windows.addAll(extraWindows.getOrDefault(t.terminalId(), List.of()));
            }
            calendars.add(new TerminalCalendar(t.terminalId(), windows, t.blackouts()));
        }
        Map<String, PairDemand> full = new HashMap<>();
        Map<String, Long> credited = new HashMap<>();
        List<PairDemand> rest = new ArrayList<>();
        for (PairDemand d : base.demands()) {
            full.put(d.pairId(), d);
            Map<Instant, Long> at = combined.getOrDefault(d.pairId(), Map.of());
            rest.add(d.remainingAt(now, at));
            credited.put(d.pairId(), d.perDay() ? d.daily().creditBefore(now, at)
                    : at.values().stream().mapToLong(Long::longValue).sum());
        }
        PlanningProblem p = new PlanningProblem(candidates, rest, base.satellites(), calendars);
        return new Remainder(p, Set.copyOf(stock), Map.copyOf(full), Map.copyOf(credited));
    }

    PlanningProblem problem() {
        return problem;
    }

    /** Whether a contact of the new plan stands for stock already held. */
    boolean isStock(CandidateContact c) {
        return stock.contains(c);
    }

    /**
     * The plan to schedule: the new plan's real contacts; per pair the horizon's demand with the key credited so
     * far plus the newly planned key (at most the request). Per day the key credited so far is that of the slots
     * that are over; the re-plan's planned key already credits the key carried into the current slot.
     */
    ContactPlan forLedger(ContactPlan plan) {
        List<Contact> contacts = plan.contacts().stream().filter(c -> !isStock(c.candidate())).toList();
        List<PairDelivery> pairs = new ArrayList<>();
        long delivered = 0;
        for (PairDelivery p : plan.pairs()) {
            PairDemand d = fullDemands.get(p.demand().pairId());
            long bits = Math.min(d.requestedBits(), creditedBefore.getOrDefault(d.pairId(), 0L) + p.plannedBits());
            pairs.add(new PairDelivery(d, bits, p.viaSatellite()));
            delivered += bits;
        }
        return new ContactPlan(contacts, plan.links(), pairs, plan.objective(), plan.bound(), plan.gap(),
                plan.provenOptimal(), plan.greedyObjective(), delivered, plan.wasteBits(), plan.keyUnitBits(),
                plan.status(), plan.seconds());
    }
}
