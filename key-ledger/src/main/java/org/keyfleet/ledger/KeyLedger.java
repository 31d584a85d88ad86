package org.keyfleet.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

import javax.sql.DataSource;

import org.keyfleet.planner.CandidateContact;
import org.keyfleet.planner.Contact;
import org.keyfleet.planner.ContactPlan;
import org.keyfleet.planner.PairDelivery;
import org.keyfleet.planner.PairDemand;

/**
 * The QKD controller's books: which key blocks exist, which of their ranges are available, reserved, consumed or
 * discarded, which pair keys were combined from them and who received them. Never sees key bits.
 *
 * <p>Every change is one database transaction that also appends the hash-chained audit entry and the outbox event.
 * Calls to the sites (the ports) happen outside transactions and are idempotent, so a crash anywhere is repaired by
 * {@link #recover()}: combinations are two-phase (reserve + ISSUED, then port, then DONE + pair key) and discards are
 * re-sent until confirmed. One ledger instance writes at a time (mutators are synchronized).
 */
public final class KeyLedger implements PairKeyDeliveries {

    private final Db db;
    private final Books books;
    private final Journal journal;
    private final LedgerSettings settings;
    private final CombinationPort combination;
    private final DiscardPort discard;
    private final SaeDirectory saes;
    private final List<Consumer<StockAlert>> alertListeners = new CopyOnWriteArrayList<>();

    private KeyLedger(DataSource dataSource, LedgerSettings settings, CombinationPort combination, DiscardPort discard,
                      SaeDirectory saes) {
        this.db = new Db(dataSource);
        this.books = new Books(db);
        this.journal = new Journal(db);
        this.settings = Objects.requireNonNull(settings, "settings");
        this.combination = Objects.requireNonNull(combination, "combination port");
        this.discard = Objects.requireNonNull(discard, "discard port");
        this.saes = Objects.requireNonNull(saes, "SAE directory");
    }

    /**
     * Opens the ledger on a database, applying its Flyway migrations ({@code db/migration/ledger}, history table
     * {@code flyway_history_ledger}) first. Call {@link #recover()} after a restart. Pair-key events list no SAEs.
     */
    public static KeyLedger open(DataSource dataSource, LedgerSettings settings, CombinationPort combination,
                                 DiscardPort discard) {
        return open(dataSource, settings, combination, discard, SaeDirectory.NONE);
    }

    /**
     * As {@link #open(DataSource, LedgerSettings, CombinationPort, DiscardPort)}; {@code saes} names the SAEs of each
     * terminal's KME in {@code pair-key.available} events (e.g. {@link SaeDirectory#of(org.keyfleet.scenarios.Scenario)}).
     */
    public static KeyLedger open(DataSource dataSource, LedgerSettings settings, CombinationPort combination,
                                 DiscardPort discard, SaeDirectory saes) {
        Db.migrate(Objects.requireNonNull(dataSource, "dataSource"));
        return new KeyLedger(dataSource, settings, combination, discard, saes);
    }

    /** Opens the ledger on a database already migrated (tests restarting the controller many times). */
    static KeyLedger attach(DataSource dataSource, LedgerSettings settings, CombinationPort combination, DiscardPort discard) {
        return new KeyLedger(dataSource, settings, combination, discard, SaeDirectory.NONE);
    }

    public LedgerSettings settings() {
        return settings;
    }

    /** Called after the transaction that raised or cleared a low-stock alert committed. */
    public void addStockAlertListener(Consumer<StockAlert> listener) {
        alertListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    // ------------------------------------------------------------------ plan

    /**
     * Takes a contact plan as the one to execute: stores its demands and contacts (with each contact's intended
     * split among pairs) and cancels planned contacts that the new plan dropped. Contacts already flown are kept.
     * The demands' horizon (for demand-at-risk alerts) stays as stored; new demands get the span of the plan's
     * contacts, first AOS to last LOS. Use {@link #schedule(ContactPlan, ToDoubleFunction, Instant, Instant)} to
     * give the scenario's horizon.
     *
     * @param forecastQber the forecast QBER of a candidate (the planner's candidates carry none), in [0, 0.5]
     * @return the orders of the plan's contacts, by AOS
     */
    public List<ContactOrder> schedule(ContactPlan plan, ToDoubleFunction<CandidateContact> forecastQber) {
        return schedule(plan, forecastQber, null, null);
    }

    /**
     * As {@link #schedule(ContactPlan, ToDoubleFunction)}, with the horizon over which the demands' requested bits
     * are due (the scenario's start and end): a pair's pro-rata demand at time t is requested × (t − start) /
     * (end − start). Writes {@code plan.ready}, and {@code contact.planned} / {@code contact.cancelled} per contact.
     *
     * @param horizonStart start of the demands' horizon, or null to keep the stored one
     * @param horizonEnd   its end (after the start), or null with {@code horizonStart}
     */
    public synchronized List<ContactOrder> schedule(ContactPlan plan, ToDoubleFunction<CandidateContact> forecastQber,
                                                    Instant horizonStart, Instant horizonEnd) {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(forecastQber, "forecastQber");
        if ((horizonStart == null) != (horizonEnd == null)) {
            throw new IllegalArgumentException("schedule: horizonStart and horizonEnd must both be given or both be null "
                    + "but were " + horizonStart + " and " + horizonEnd);
        }
        if (horizonStart != null && !horizonEnd.isAfter(horizonStart)) {
            throw new IllegalArgumentException("schedule: horizonEnd must be after horizonStart " + horizonStart + " but was "
                    + horizonEnd);
        }
        UUID planId = UUID.randomUUID();
        Map<String, EventData.Demand> demandsByPair = new LinkedHashMap<>();
        for (PairDelivery p : plan.pairs()) {
            Allocator.Need n = need(p.demand());
            demandsByPair.put(n.pairId(), new EventData.Demand(n.terminalA(), n.terminalB(), p.demand().requestedBits(),
                    p.plannedBits(), p.demand().priority()));
        }
        List<ContactOrder> orders = new ArrayList<>();
        Map<UUID, Contact> byId = new LinkedHashMap<>();
        for (Contact c : plan.contacts()) {
            CandidateContact k = c.candidate();
            UUID id = ContactOrder.idFor(k.satelliteId(), k.terminalId(), k.aos());
            ContactOrder order = new ContactOrder(id, k.satelliteId(), k.terminalId(), Db.micros(k.aos()),
                    Db.micros(k.los()), k.bitsIfClear(), k.pClear(), forecastQber.applyAsDouble(k));
            orders.add(order);
            byId.put(id, c);
        }
        Instant at = plan.contacts().isEmpty() ? Instant.EPOCH : plan.contacts().get(0).candidate().aos();
        Instant spanStart = plan.contacts().stream().map(c -> c.candidate().aos()).min(Instant::compareTo).orElse(null);
        Instant spanEnd = plan.contacts().stream().map(c -> c.candidate().los()).max(Instant::compareTo).orElse(null);
        db.inTx(() -> {
            for (PairDelivery p : plan.pairs()) {
                PairDemand d = p.demand();
                Allocator.Need need = need(d);
                Instant start = horizonStart;
                Instant end = horizonEnd;
                if (start == null && !books.demandHasHorizon(need.pairId()) && spanStart != null && spanEnd.isAfter(spanStart)) {
                    start = spanStart;
                    end = spanEnd;
                }
                books.upsertDemand(need, d.requestedBits(), start, end);
            }
            int added = 0;
            int updated = 0;
            for (ContactOrder o : orders) {
                Contact c = byId.get(o.contactId());
                Optional<Books.ContactRow> row = books.contact(o.contactId());
                if (row.isPresent() && Books.EXECUTED.equals(row.get().state())) {
                    continue;
                }
                if (row.isPresent()) {
                    books.updatePlannedContact(o, c.candidate().expectedBits());
                    updated++;
                } else {
                    books.insertContact(o, c.candidate().expectedBits());
                    added++;
                }
                books.replaceAllocation(o.contactId(), c.allocationBits());
                journal.append(o.aos(), "contact.planned", o.terminalId(), contactPayload(o, c),
                        EventData.contactPlanned(planId, o, c.candidate().expectedBits(), allocation(o, c, demandsByPair)));
            }
            int cancelled = 0;
            for (Books.ContactRow r : books.contactsByState(Books.PLANNED)) {
                if (!byId.containsKey(r.order().contactId())) {
                    books.setContactState(r.order().contactId(), Books.CANCELLED);
                    journal.append(r.order().aos(), "contact.cancelled", r.order().terminalId(),
                            Map.of("contactId", r.order().contactId().toString()), EventData.contactCancelled(planId, r.order()));
                    cancelled++;
                }
            }
            Instant shownStart = horizonStart != null ? horizonStart : spanStart;
            Instant shownEnd = horizonEnd != null ? horizonEnd : spanEnd;
            journal.append(at, "plan.scheduled", "plan", Map.of("contacts", orders.size(), "added", added,
                    "updated", updated, "cancelled", cancelled, "demands", plan.pairs().size(), "status", plan.status()),
                    EventData.planReady(planId, plan.status(), shownStart, shownEnd, orders.size(), added, updated, cancelled,
                            List.copyOf(demandsByPair.values())));
        });
        return List.copyOf(orders);
    }

    /** The contact's intended split as pairs of terminals; every pair must be one of the plan's demands. */
    private static List<EventData.Demand> allocation(ContactOrder o, Contact c, Map<String, EventData.Demand> demands) {
        List<EventData.Demand> out = new ArrayList<>();
        for (Map.Entry<String, Long> e : new java.util.TreeMap<>(c.allocationBits()).entrySet()) {
            EventData.Demand d = demands.get(e.getKey());
            if (d == null) {
                throw new IllegalArgumentException("plan: contact " + o.contactId() + " (" + o.satelliteId() + "/"
                        + o.terminalId() + ") allocates key to pair " + e.getKey() + ", which is not among the plan's demands "
                        + demands.keySet());
            }
            out.add(new EventData.Demand(d.terminalA(), d.terminalB(), d.requestedBits(), e.getValue(), d.priority()));
        }
        return out;
    }

    private static Allocator.Need need(PairDemand d) {
        String a = d.terminalA().compareTo(d.terminalB()) < 0 ? d.terminalA() : d.terminalB();
        String b = a.equals(d.terminalA()) ? d.terminalB() : d.terminalA();
        return new Allocator.Need(d.pairId(), a, b, d.requestedBits(), d.priority());
    }

    private static Map<String, Object> contactPayload(ContactOrder o, Contact c) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("contactId", o.contactId().toString());
        p.put("satelliteId", o.satelliteId());
        p.put("terminalId", o.terminalId());
        p.put("aos", o.aos().toString());
        p.put("los", o.los().toString());
        p.put("forecastBitsIfClear", o.forecastBitsIfClear());
        p.put("pClear", o.pClear());
        p.put("expectedBits", c.candidate().expectedBits());
        p.put("allocationBits", c.allocationBits());
        return p;
    }

    /** Planned contacts whose LOS is at or before {@code now}, by LOS: the ones to fly. */
    public List<ContactOrder> dueContacts(Instant now) {
        return books.dueContacts(now).stream().map(Books.ContactRow::order).toList();
    }

    // ------------------------------------------------------------------ booking

    /**
     * Books what a site reported for a planned contact, in one transaction: the contact becomes EXECUTED with its
     * block. The block's key is earmarked for pairs in proportion to the plan's intended split of the contact. Key
     * that does not fit the satellite's free memory is discarded at once (the tail of the block, reason
     * {@code capacity}) and counted as waste; the sites are told to erase it. Booking the same result again changes
     * nothing.
     *
     * @throws IllegalArgumentException for an unknown contact, a result that does not match the contact's link, a
     *                                  block id already booked, or a different result for a contact already booked
     */
    public synchronized void book(PassResult result) {
        Objects.requireNonNull(result, "result");
        List<BlockDiscard> discards = new ArrayList<>();
        List<StockAlert> alerts = new ArrayList<>();
        db.inTx(() -> bookInTx(result, discards, alerts));
        afterCommit(discards, alerts, result.completedAt());
    }

    private void bookInTx(PassResult r, List<BlockDiscard> discards, List<StockAlert> alerts) {
        Books.ContactRow contact = books.contact(r.contactId()).orElseThrow(() -> new IllegalArgumentException(
                "pass result: contactId " + r.contactId() + " is not a contact of the plan"));
        ContactOrder o = contact.order();
        if (!o.satelliteId().equals(r.satelliteId()) || !o.terminalId().equals(r.terminalId())) {
            throw new IllegalArgumentException("pass result of contact " + r.contactId() + ": link " + r.satelliteId() + "/"
                    + r.terminalId() + " differs from the contact's " + o.satelliteId() + "/" + o.terminalId());
        }
        if (Books.EXECUTED.equals(contact.state())) {
            PassResult booked = contact.result();
            if (Objects.equals(booked.blockId(), r.blockId()) && booked.bits() == r.bits()) {
                return;
            }
            throw new IllegalArgumentException("pass result of contact " + r.contactId() + ": block " + r.blockId() + " with "
                    + r.bits() + " bits differs from the result already booked (block " + booked.blockId() + ", "
                    + booked.bits() + " bits)");
        }
        Instant at = r.completedAt();
        if (r.hasKey()) {
            if (books.blockExists(r.blockId())) {
                throw new IllegalArgumentException("pass result of contact " + r.contactId() + ": blockId " + r.blockId()
                        + " is already booked for another contact");
            }
            long free = Math.max(0, settings.memoryBits(o.satelliteId()) - books.storedBits(o.satelliteId()));
            if (r.bits() > free) {
                free += evictStranded(o.satelliteId(), r.bits() - free, at, discards);
            }
            long kept = Math.min(r.bits(), free - free % 8);
            long excess = r.bits() - kept;
            Books.Block block = new Books.Block(r.blockId(), r.contactId(), o.satelliteId(), o.terminalId(), r.bits(),
                    r.qber(), Db.micros(at), Db.micros(at.plus(settings.blockLifetime())));
            books.insertBlock(block);
            long offset = 0;
            for (Map.Entry<String, Long> e : earmarks(books.allocation(r.contactId()), contact.expectedBits(), kept).entrySet()) {
                books.insertRange(new Books.Range(r.blockId(), offset, e.getValue(), Books.AVAILABLE, e.getKey(), null, null, false));
                offset += e.getValue();
            }
            if (offset < kept) {
                books.insertRange(new Books.Range(r.blockId(), offset, kept - offset, Books.AVAILABLE, null, null, null, false));
            }
            if (excess > 0) {
                books.insertRange(new Books.Range(r.blockId(), kept, excess, Books.DISCARDED, null, null, "capacity", false));
                discards.add(new BlockDiscard(r.blockId(), o.satelliteId(), o.terminalId(), kept, excess, "capacity"));
            }
            books.adjustLink(o.satelliteId(), o.terminalId(), r.bits(), kept, 0, 0, excess);
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("blockId", r.blockId().toString());
            p.put("contactId", r.contactId().toString());
            p.put("satelliteId", o.satelliteId());
            p.put("terminalId", o.terminalId());
            p.put("bits", r.bits());
            p.put("availableBits", kept);
            p.put("qber", r.qber());
            p.put("expiresAt", at.plus(settings.blockLifetime()).toString());
            journal.append(at, "keyblock.available", o.terminalId(), p, EventData.keyBlockAvailable(block, kept));
            if (excess > 0) {
                BlockDiscard d = discards.get(discards.size() - 1);
                journal.append(at, "keyblock.discarded", o.terminalId(), discardPayload(d), EventData.keyBlockDiscarded(d));
            }
            stockCheck(o.satelliteId(), o.terminalId(), at, alerts);
        }
        books.markExecuted(r);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("contactId", r.contactId().toString());
        p.put("satelliteId", o.satelliteId());
        p.put("terminalId", o.terminalId());
        p.put("clearSky", r.clearSky());
        p.put("bits", r.bits());
        p.put("qber", Double.isNaN(r.qber()) ? null : r.qber());
        p.put("blockId", r.hasKey() ? r.blockId().toString() : null);
        p.put("forecastBitsIfClear", o.forecastBitsIfClear());
        p.put("expectedBits", contact.expectedBits());
        p.put("pClear", o.pClear());
        journal.append(at, "contact.executed", o.terminalId(), p, EventData.contactExecuted(o, contact.expectedBits(), r));
    }

    /**
     * The plan's split of a contact scaled to the key kept: pair → bits, whole bytes, in pair order; the sum never
     * exceeds {@code kept}.
     */
    static Map<String, Long> earmarks(Map<String, Long> allocation, long expectedBits, long kept) {
        Map<String, Long> out = new LinkedHashMap<>();
        long left = kept;
        for (Map.Entry<String, Long> e : allocation.entrySet()) {
            double share = expectedBits <= 0 ? 0 : (double) e.getValue() / expectedBits;
            long bits = (long) Math.floor(share * kept);
            bits = Math.min(left, bits - bits % 8);
            if (bits > 0) {
                out.put(e.getKey(), bits);
                left -= bits;
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ combination

    /**
     * Issues and executes the combinations the demands call for with the key now available: per instruction,
     * (1) reserve both ranges and store the instruction ISSUED in one transaction, (2) call the combination port,
     * (3) mark it DONE and create the pair key in one transaction.
     *
     * @param now issue time (simulated)
     * @return pair keys created
     */
    public synchronized int combine(Instant now) {
        Objects.requireNonNull(now, "now");
        List<Allocator.Match> matches = db.inTx(() -> Allocator.allocate(books.needs(), books.stock(), books.plannedPasses()));
        int created = 0;
        for (Allocator.Match m : matches) {
            List<StockAlert> alerts = new ArrayList<>();
            CombinationInstruction instruction = db.inTx(() -> issue(m, now, alerts));
            afterCommit(List.of(), alerts, now);
            combination.combine(instruction);
            if (complete(instruction, now)) {
                created++;
            }
        }
        if (settings.demandAtRiskFraction() < 1) {
            db.inTx(() -> checkDemands(Db.micros(now)));
        }
        return created;
    }

    /**
     * Raises {@code demand.at-risk} for each pair whose combined key fell behind its pro-rata demand by more than the
     * threshold, and {@code demand.recovered} when it caught up; each once per crossing (a flag per demand).
     */
    private void checkDemands(Instant now) {
        for (Books.DemandRow d : books.demandsWithHorizon()) {
            DemandStatus s = DemandStatus.at(now, d.terminalA(), d.terminalB(), d.requestedBits(), d.priority(),
                    d.horizonStart(), d.horizonEnd(), d.combinedBits(), settings.demandAtRiskFraction());
            if (s.atRisk() != d.atRisk()) {
                books.setDemandAtRisk(d.pairId(), s.atRisk());
                journal.append(now, s.atRisk() ? "demand.at-risk" : "demand.recovered", d.pairId(), Map.of(
                        "dueBits", s.dueBits(), "combinedBits", s.combinedBits(), "shortfallBits", s.shortfallBits(),
                        "thresholdBits", s.thresholdBits()), EventData.demand(s));
            }
        }
    }

    private CombinationInstruction issue(Allocator.Match m, Instant now, List<StockAlert> alerts) {
        CombinationInstruction c = new CombinationInstruction(UUID.randomUUID(), UUID.randomUUID(), m.satelliteId(),
                m.terminalA(), m.terminalB(), m.blockA(), m.offsetA(), m.blockB(), m.offsetB(), m.length(), Db.micros(now));
        String matching = m.rematched() ? Books.REMATCH : Books.EARMARK;
        books.insertInstruction(c, matching);
        books.reserve(c.blockA(), c.offsetA(), c.lengthBits(), c.instructionId());
        books.reserve(c.blockB(), c.offsetB(), c.lengthBits(), c.instructionId());
        books.adjustLink(c.satelliteId(), c.terminalA(), 0, -c.lengthBits(), c.lengthBits(), 0, 0);
        books.adjustLink(c.satelliteId(), c.terminalB(), 0, -c.lengthBits(), c.lengthBits(), 0, 0);
        Map<String, Object> p = instructionPayload(c);
        p.put("matching", matching);
        journal.append(now, "combination.issued", m.pairId(), p);
        stockCheck(c.satelliteId(), c.terminalA(), now, alerts);
        stockCheck(c.satelliteId(), c.terminalB(), now, alerts);
        return c;
    }

    /** Phase 3: the sites executed the instruction. False when it was already done (a re-sent instruction). */
    private boolean complete(CombinationInstruction c, Instant now) {
        return db.inTx(() -> {
            if (!Books.ISSUED.equals(books.instructionState(c.instructionId()).orElse(null))) {
                return false;
            }
            int ranges = books.consume(c.instructionId());
            if (ranges != 2) {
                throw new IllegalStateException("instruction " + c.instructionId() + ": expected 2 reserved ranges but found "
                        + ranges);
            }
            books.adjustLink(c.satelliteId(), c.terminalA(), 0, 0, -c.lengthBits(), c.lengthBits(), 0);
            books.adjustLink(c.satelliteId(), c.terminalB(), 0, 0, -c.lengthBits(), c.lengthBits(), 0);
            books.markDone(c.instructionId(), now);
            PairKeyInfo key = new PairKeyInfo(c.pairKeyId(), c.terminalA(), c.terminalB(), c.satelliteId(), c.lengthBits(),
                    Db.micros(now));
            books.insertPairKey(key, c.instructionId());
            Map<String, Object> p = instructionPayload(c);
            p.put("createdAt", key.createdAt().toString());
            journal.append(now, "pairkey.available", c.terminalA() + "-" + c.terminalB(), p,
                    EventData.pairKeyAvailable(key, saes));
            return true;
        });
    }

    private static Map<String, Object> instructionPayload(CombinationInstruction c) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("instructionId", c.instructionId().toString());
        p.put("pairKeyId", c.pairKeyId().toString());
        p.put("satelliteId", c.satelliteId());
        p.put("terminalA", c.terminalA());
        p.put("terminalB", c.terminalB());
        p.put("blockA", c.blockA().toString());
        p.put("offsetA", c.offsetA());
        p.put("blockB", c.blockB().toString());
        p.put("offsetB", c.offsetB());
        p.put("lengthBits", c.lengthBits());
        p.put("issuedAt", c.issuedAt().toString());
        return p;
    }

    // ------------------------------------------------------------------ waste

    /**
     * Discards the available key of blocks whose lifetime ended at {@code now} (reason {@code expired}), counting it
     * as waste, and tells the sites to erase it. Reserved ranges are left to their instructions.
     *
     * @return ranges discarded
     */
    public synchronized int expire(Instant now) {
        Objects.requireNonNull(now, "now");
        List<BlockDiscard> discards = new ArrayList<>();
        List<StockAlert> alerts = new ArrayList<>();
        db.inTx(() -> {
            Set<String> links = new HashSet<>();
            for (Books.Range r : books.expiredAvailable(now)) {
                Books.Block b = books.block(r.blockId()).orElseThrow();
                books.discardRange(r.blockId(), r.offset(), "expired");
                books.adjustLink(b.satelliteId(), b.terminalId(), 0, -r.length(), 0, 0, r.length());
                BlockDiscard d = new BlockDiscard(r.blockId(), b.satelliteId(), b.terminalId(), r.offset(), r.length(), "expired");
                discards.add(d);
                journal.append(now, "keyblock.discarded", b.terminalId(), discardPayload(d), EventData.keyBlockDiscarded(d));
                if (links.add(b.satelliteId() + "/" + b.terminalId())) {
                    stockCheck(b.satelliteId(), b.terminalId(), now, alerts);
                }
            }
        });
        afterCommit(discards, alerts, now);
        return discards.size();
    }

    /**
     * Makes room on a full satellite for a pass's new key by discarding stranded key of that satellite — key that no
     * demand pair can use now and that no planned partner pass holds (the same split as {@link #stockSummary()}) —
     * unearmarked before earmarked, the soonest to expire first, whole bytes, reason {@code capacity}. Without this
     * a memory full of stranded key turned away the key of the very partner passes the plan flew for.
     *
     * @return bits freed, at most {@code neededBits} (rounded up to a whole byte)
     */
    private long evictStranded(String satelliteId, long neededBits, Instant at, List<BlockDiscard> discards) {
        Allocator.Allocation a = Allocator.allocation(books.needs(), books.stock(), books.plannedPasses());
        Map<String, Long> spare = new HashMap<>();   // link -> stranded bits that may go
        for (Allocator.Match m : a.matches()) {
            spare.merge(m.satelliteId() + "/" + m.terminalA(), -m.length(), Long::sum);
            spare.merge(m.satelliteId() + "/" + m.terminalB(), -m.length(), Long::sum);
        }
        for (LinkAccount l : books.links()) {
            if (l.satelliteId().equals(satelliteId)) {
                String link = l.satelliteId() + "/" + l.terminalId();
                spare.merge(link, l.availableBits() - a.heldBitsByLink().getOrDefault(link, 0L), Long::sum);
            }
        }
        List<Allocator.StockRange> ranges = new ArrayList<>(books.stock().stream()
                .filter(x -> x.satelliteId().equals(satelliteId)).toList());   // soonest to expire first
        ranges.sort(Comparator.comparing((Allocator.StockRange x) -> x.earmark() != null));   // stable
        long want = neededBits + (8 - neededBits % 8) % 8;
        long freed = 0;
        for (Allocator.StockRange x : ranges) {
            String link = x.satelliteId() + "/" + x.terminalId();
            long allowed = spare.getOrDefault(link, 0L);
            long take = Math.min(Math.min(x.length(), want - freed), allowed);
            take -= take % 8;
            if (take <= 0) {
                continue;
            }
            books.discardPart(x.blockId(), x.offset(), take, "capacity");
            books.adjustLink(x.satelliteId(), x.terminalId(), 0, -take, 0, 0, take);
            BlockDiscard d = new BlockDiscard(x.blockId(), x.satelliteId(), x.terminalId(), x.offset(), take, "capacity");
            discards.add(d);
            journal.append(at, "keyblock.discarded", x.terminalId(), discardPayload(d), EventData.keyBlockDiscarded(d));
            spare.put(link, allowed - take);
            freed += take;
            if (freed >= want) {
                break;
            }
        }
        return freed;
    }

    private static Map<String, Object> discardPayload(BlockDiscard d) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("blockId", d.blockId().toString());
        p.put("satelliteId", d.satelliteId());
        p.put("terminalId", d.terminalId());
        p.put("offset", d.offset());
        p.put("lengthBits", d.lengthBits());
        p.put("reason", d.reason());
        return p;
    }

    /** Tells the sites to erase discarded segments, then records that they did. */
    private void sendDiscards(Collection<BlockDiscard> discards, Instant at) {
        for (BlockDiscard d : discards) {
            discard.discard(d);
            db.inTx(() -> {
                books.markErased(d.blockId(), d.offset());
                journal.append(at, "keyblock.erased", d.terminalId(),
                        Map.of("blockId", d.blockId().toString(), "offset", d.offset(), "lengthBits", d.lengthBits()));
            });
        }
    }

    // ------------------------------------------------------------------ recovery

    /**
     * Finishes what a crash interrupted: re-sends every ISSUED combination instruction (the port is idempotent) and
     * completes it, and re-sends every discard the sites have not confirmed. Contacts need nothing: a contact whose
     * result was not booked is still PLANNED and is flown again (the link port returns the same result).
     *
     * @return instructions completed plus discards confirmed
     */
    public synchronized int recover() {
        int n = 0;
        for (CombinationInstruction c : books.instructions(Books.ISSUED)) {
            combination.combine(c);
            if (complete(c, c.issuedAt())) {
                n++;
            }
        }
        List<BlockDiscard> pending = new ArrayList<>();
        for (Books.Range r : books.unerasedDiscards()) {
            Books.Block b = books.block(r.blockId()).orElseThrow();
            pending.add(new BlockDiscard(r.blockId(), b.satelliteId(), b.terminalId(), r.offset(), r.length(), r.reason()));
        }
        sendDiscards(pending, journal.lastRecordedAt().orElse(Instant.EPOCH));
        return n + pending.size();
    }

    // ------------------------------------------------------------------ alerts

    private void stockCheck(String sat, String gt, Instant at, List<StockAlert> alerts) {
        LinkAccount link = books.link(sat, gt).orElse(null);
        if (link == null) {
            return;
        }
        long threshold = settings.lowStockThreshold(sat, gt);
        boolean low = link.availableBits() < threshold;
        if (low != link.lowStock()) {
            books.setLowStock(sat, gt, low);
            StockAlert alert = new StockAlert(sat, gt, link.availableBits(), threshold, low, Db.micros(at));
            journal.append(at, low ? "stock.low" : "stock.restored", gt, Map.of("satelliteId", sat, "terminalId", gt,
                    "availableBits", link.availableBits(), "thresholdBits", threshold), EventData.stock(alert));
            alerts.add(alert);
        }
    }

    private void afterCommit(List<BlockDiscard> discards, List<StockAlert> alerts, Instant at) {
        for (StockAlert a : alerts) {
            for (Consumer<StockAlert> l : alertListeners) {
                l.accept(a);
            }
        }
        sendDiscards(discards, at);
    }

    // ------------------------------------------------------------------ deliveries and queries

    @Override
    public void recordDelivered(UUID pairKeyId, String terminalId, String saeId, long bits, Instant at) {
        recordDelivered(UUID.randomUUID(), pairKeyId, terminalId, saeId, bits, at);
    }

    @Override
    public synchronized void recordDelivered(UUID deliveryId, UUID pairKeyId, String terminalId, String saeId, long bits,
                                             Instant at) {
        String what = "delivery of pair key " + pairKeyId;
        Checks.notNull(what, "deliveryId", deliveryId);
        Checks.notNull(what, "pairKeyId", pairKeyId);
        Checks.id(what, "terminalId", terminalId);
        Checks.id(what, "saeId", saeId);
        Checks.bytesBits(what, "bits", bits, true);
        Checks.notNull(what, "at", at);
        Instant when = Db.micros(at);
        db.inTx(() -> {
            PairKeyInfo key = books.pairKey(pairKeyId).orElseThrow(() -> new IllegalArgumentException(
                    what + ": pairKeyId is not a pair key of the ledger"));
            if (!terminalId.equals(key.terminalA()) && !terminalId.equals(key.terminalB())) {
                throw new IllegalArgumentException(what + ": terminalId " + terminalId + " is not one of the pair "
                        + key.terminalA() + "-" + key.terminalB());
            }
            Optional<String> earlier = books.delivery(deliveryId);
            if (earlier.isPresent()) {
                String now = Books.deliveryContent(pairKeyId, terminalId, saeId, bits, when);
                if (!earlier.get().equals(now)) {
                    throw new IllegalArgumentException(what + ": deliveryId " + deliveryId + " was recorded as " + earlier.get()
                            + ", not " + now);
                }
                return;
            }
            long done = books.deliveredBits(pairKeyId, terminalId);
            if (done + bits > key.lengthBits()) {
                throw new IllegalArgumentException(what + ": bits " + bits + " exceed what is left at " + terminalId + " ("
                        + (key.lengthBits() - done) + " of " + key.lengthBits() + ")");
            }
            books.insertDelivery(deliveryId, pairKeyId, terminalId, saeId, bits, when);
            journal.append(when, "key.delivered", key.terminalA() + "-" + key.terminalB(), Map.of(
                    "deliveryId", deliveryId.toString(), "pairKeyId", pairKeyId.toString(), "terminalId", terminalId,
                    "saeId", saeId, "bits", bits, "deliveredAt", when.toString()),
                    EventData.pairKeyDelivered(deliveryId, key, terminalId, saeId, bits, when, key.lengthBits() - done - bits));
        });
    }

    @Override
    public List<PairKeyInfo> pairKeys(String terminalA, String terminalB) {
        Checks.id("pair-key query", "terminalA", terminalA);
        Checks.id("pair-key query", "terminalB", terminalB);
        return terminalA.compareTo(terminalB) <= 0 ? books.pairKeys(terminalA, terminalB) : books.pairKeys(terminalB, terminalA);
    }

    @Override
    public Optional<PairKeyInfo> pairKey(UUID pairKeyId) {
        return books.pairKey(Checks.notNull("pair-key query", "pairKeyId", pairKeyId));
    }

    /** The books of every link that has key, by satellite then terminal. */
    public List<LinkAccount> links() {
        return books.links();
    }

    /**
     * Per link with key on board, what its available key can be used for now: combinable at the next
     * {@link #combine}, held for a planned partner pass, or stranded (no demand pair can use it now). Decided by the
     * same rules as {@link #combine}, without issuing anything.
     */
    public List<StockSummary> stockSummary() {
        return db.inTx(() -> {
            Allocator.Allocation a = Allocator.allocation(books.needs(), books.stock(), books.plannedPasses());
            Map<String, Long> combinable = new java.util.HashMap<>();
            for (Allocator.Match m : a.matches()) {
                combinable.merge(m.satelliteId() + "/" + m.terminalA(), m.length(), Long::sum);
                combinable.merge(m.satelliteId() + "/" + m.terminalB(), m.length(), Long::sum);
            }
            List<StockSummary> out = new ArrayList<>();
            for (LinkAccount l : books.links()) {
                String link = l.satelliteId() + "/" + l.terminalId();
                long c = combinable.getOrDefault(link, 0L);
                long h = a.heldBitsByLink().getOrDefault(link, 0L);
                out.add(new StockSummary(l.satelliteId(), l.terminalId(), l.availableBits(), c, h, l.availableBits() - c - h));
            }
            return out;
        });
    }

    /**
     * Per demand pair with a horizon, where it stands against its pro-rata demand at {@code now} (simulated): what
     * the {@code demand.at-risk} events are decided on, for dashboards.
     */
    public List<DemandProgress> demandProgress(Instant now) {
        Objects.requireNonNull(now, "now");
        List<DemandProgress> out = new ArrayList<>();
        for (Books.DemandRow d : books.demandsWithHorizon()) {
            DemandStatus s = DemandStatus.at(now, d.terminalA(), d.terminalB(), d.requestedBits(), d.priority(),
                    d.horizonStart(), d.horizonEnd(), d.combinedBits(), settings.demandAtRiskFraction());
            out.add(new DemandProgress(s.terminalA(), s.terminalB(), s.requestedBits(), s.dueBits(), s.combinedBits(),
                    s.atRisk()));
        }
        return out;
    }

    /**
     * Pair key per pair and end: combined, and delivered to that end's SAEs; the rest waits at that end's KME (key
     * stock per pair). Every pair that has pair keys, over all time.
     */
    public List<PairStock> pairStock() {
        return books.pairStock();
    }

    /** Events in the outbox not yet published (all of them when no relay runs). */
    public long outboxPendingEvents() {
        return new Outbox(db).pending();
    }

    /** Per pair that has combinations: how much of its key came from earmarked and from re-matched key, bits. */
    public List<PairKeySources> pairKeySources() {
        return books.pairKeySources();
    }

    /** Longest event payload {@link #recentEvents} returns, characters (a view row, not an export). */
    public static final int EVENT_PAYLOAD_CHARS = 300;

    /**
     * The newest events of the outbox, newest first; with a filter only those whose type or subject contains it
     * (case-insensitive). Readers such as the operations UI use this instead of the outbox table.
     *
     * @param filter text to look for, or null/blank for all
     * @param limit  at most this many, ≥ 1
     */
    public List<OutboxEntry> recentEvents(String filter, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("recent events: limit must be >= 1 but was " + limit);
        }
        String like = filter == null || filter.isBlank() ? null
                : "%" + filter.trim().toLowerCase(java.util.Locale.ROOT) + "%";
        String sql = "select audit_seq, created_at, event_type, subject, sent, payload from ledger_outbox"
                + (like == null ? "" : " where lower(event_type) like ? or lower(subject) like ?")
                + " order by audit_seq desc limit " + limit;
        Object[] args = like == null ? new Object[0] : new Object[] {like, like};
        return db.jdbc.query(sql, (rs, n) -> {
            java.time.OffsetDateTime t = rs.getObject("created_at", java.time.OffsetDateTime.class);
            String payload = rs.getString("payload");
            return new OutboxEntry(rs.getLong("audit_seq"), t == null ? null : t.toInstant(),
                    rs.getString("event_type"), rs.getString("subject"), rs.getBoolean("sent"),
                    payload != null && payload.length() > EVENT_PAYLOAD_CHARS
                            ? payload.substring(0, EVENT_PAYLOAD_CHARS) + "…" : payload);
        }, args);
    }

    /** The audit log of this ledger's database. */
    public AuditLog audit() {
        return new AuditLog(db, books);
    }

    /**
     * Checks the architecture's invariants against the database: per link generated = available + reserved +
     * consumed + discarded (counters and ranges agree); each block's ranges tile it exactly (so consumed ranges are
     * disjoint); no satellite holds more than its memory; every done instruction has exactly one pair key of its
     * length and vice versa; deliveries never exceed a key; the audit chain verifies.
     *
     * @return violations, empty when all hold
     */
    public List<String> checkInvariants() {
        return Invariants.check(books, settings, audit());
    }

    Books books() {
        return books;
    }

    Db db() {
        return db;
    }
}
