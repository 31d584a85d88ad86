package org.keyfleet.planner.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.keyfleet.planner.CandidateContact;
import org.keyfleet.planner.Contact;
import org.keyfleet.planner.DailySlots;
import org.keyfleet.planner.ContactPlan;
import org.keyfleet.planner.LinkKey;
import org.keyfleet.planner.PairDelivery;
import org.keyfleet.planner.PairDemand;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;

/**
 * The {@code planner_plans}, {@code planner_contacts}, {@code planner_contact_allocations},
 * {@code planner_pair_plans}, {@code planner_pair_slots} and {@code planner_pair_satellites} tables. A plan read back
 * equals the one stored (instants to microseconds), a demand honoured per day with its slots; its per-link key ({@link LinkKey}) is not stored but summed from the contacts, as the
 * planner itself defines it.
 */
public final class PlanRepository {

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    PlanRepository(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    /**
     * Stores a plan of a run. Each contact is linked to the run's stored pass of the same satellite and terminal
     * whose AOS–LOS contains it, when there is one.
     *
     * @return the plan id
     */
    public long save(long runId, ContactPlan plan) {
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO planner_plans (run_id, objective, bound, gap, proven_optimal, greedy_objective,"
                        + " delivered_bits, waste_bits, key_unit_bits, status, seconds, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(runId, plan.objective(), Sql.nullable(plan.bound()), Sql.nullable(plan.gap()),
                        plan.provenOptimal(), plan.greedyObjective(), plan.deliveredBits(), plan.wasteBits(),
                        plan.keyUnitBits(), plan.status(), plan.seconds(), Sql.ts(Instant.now()))
                .update(key, "id");
        long planId = key.getKey().longValue();

        List<Object[]> allocations = new ArrayList<>();
        for (int i = 0; i < plan.contacts().size(); i++) {
            Contact contact = plan.contacts().get(i);
            CandidateContact c = contact.candidate();
            KeyHolder contactKey = new GeneratedKeyHolder();
            jdbc.sql("INSERT INTO planner_contacts (plan_id, seq, pass_id, satellite_id, terminal_id, aos, los,"
                            + " bits_if_clear, p_clear, expected_bits) VALUES (?, ?, (SELECT MIN(id) FROM planner_passes"
                            + " WHERE run_id = ? AND satellite_id = ? AND terminal_id = ? AND aos <= ? AND los >= ?),"
                            + " ?, ?, ?, ?, ?, ?, ?)")
                    .params(planId, i, runId, c.satelliteId(), c.terminalId(), Sql.ts(c.aos()), Sql.ts(c.los()),
                            c.satelliteId(), c.terminalId(), Sql.ts(c.aos()), Sql.ts(c.los()), c.bitsIfClear(),
                            c.pClear(), c.expectedBits())
                    .update(contactKey, "id");
            long contactId = contactKey.getKey().longValue();
            contact.allocationBits().forEach((pair, bits) -> allocations.add(new Object[] {contactId, pair, bits}));
        }
        template.batchUpdate("INSERT INTO planner_contact_allocations (contact_id, pair_id, bits) VALUES (?, ?, ?)",
                allocations, 500, (PreparedStatement ps, Object[] row) -> {
                    ps.setLong(1, (Long) row[0]);
                    ps.setString(2, (String) row[1]);
                    ps.setLong(3, (Long) row[2]);
                });

        List<Object[]> via = new ArrayList<>();
        List<Object[]> slots = new ArrayList<>();
        for (int i = 0; i < plan.pairs().size(); i++) {
            PairDelivery p = plan.pairs().get(i);
            PairDemand d = p.demand();
            DailySlots daily = d.daily();
            jdbc.sql("INSERT INTO planner_pair_plans (plan_id, pair_id, seq, terminal_a, terminal_b, requested_bits,"
                            + " priority, planned_bits, daily_start, daily_carried_bits)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(planId, d.pairId(), i, d.terminalA(), d.terminalB(), d.requestedBits(), d.priority(),
                            p.plannedBits(), daily == null ? null : Sql.ts(daily.start()),
                            daily == null ? null : daily.carriedBits())
                    .update();
            p.viaSatellite().forEach((sat, bits) -> via.add(new Object[] {d.pairId(), sat, bits}));
            if (daily != null) {
                for (int k = 0; k < daily.slots(); k++) {
                    slots.add(new Object[] {d.pairId(), k, daily.slotBits().get(k)});
                }
            }
        }
        template.batchUpdate("INSERT INTO planner_pair_slots (plan_id, pair_id, slot_index, bits) VALUES (?, ?, ?, ?)",
                slots, 500, (PreparedStatement ps, Object[] row) -> {
                    ps.setLong(1, planId);
                    ps.setString(2, (String) row[0]);
                    ps.setInt(3, (Integer) row[1]);
                    ps.setLong(4, (Long) row[2]);
                });
        template.batchUpdate("INSERT INTO planner_pair_satellites (plan_id, pair_id, satellite_id, bits)"
                        + " VALUES (?, ?, ?, ?)",
                via, 500, (PreparedStatement ps, Object[] row) -> {
                    ps.setLong(1, planId);
                    ps.setString(2, (String) row[0]);
                    ps.setString(3, (String) row[1]);
                    ps.setLong(4, (Long) row[2]);
                });
        return planId;
    }

    /** The newest plan of a run, if any. */
    public Optional<Long> latestPlanId(long runId) {
        return jdbc.sql("SELECT MAX(id) FROM planner_plans WHERE run_id = ?").param(runId)
                .query(Long.class).optional();
    }

    /** The run a plan belongs to. */
    public Optional<Long> runOf(long planId) {
        return jdbc.sql("SELECT run_id FROM planner_plans WHERE id = ?").param(planId).query(Long.class).optional();
    }

    /** The contacts of a plan with their ids, in the plan's order. */
    public List<StoredContact> contacts(long planId) {
        Map<Long, Map<String, Long>> allocations = new LinkedHashMap<>();
        jdbc.sql("SELECT a.contact_id, a.pair_id, a.bits FROM planner_contact_allocations a"
                        + " JOIN planner_contacts c ON c.id = a.contact_id WHERE c.plan_id = ?")
                .param(planId).query(rs -> {
                    allocations.computeIfAbsent(rs.getLong("contact_id"), k -> new TreeMap<>())
                            .put(rs.getString("pair_id"), rs.getLong("bits"));
                });
        return jdbc.sql("SELECT * FROM planner_contacts WHERE plan_id = ? ORDER BY seq").param(planId)
                .query((rs, n) -> {
                    long id = rs.getLong("id");
                    long pass = rs.getLong("pass_id");
                    Long passId = rs.wasNull() ? null : pass;
                    CandidateContact c = new CandidateContact(rs.getString("satellite_id"), rs.getString("terminal_id"),
                            Sql.instant(rs, "aos"), Sql.instant(rs, "los"), rs.getLong("bits_if_clear"),
                            rs.getDouble("p_clear"), rs.getLong("expected_bits"));
                    return new StoredContact(id, planId, passId, new Contact(c, allocations.getOrDefault(id, Map.of())));
                }).list();
    }

    /** A stored plan. */
    public Optional<ContactPlan> find(long planId) {
        List<Object[]> head = jdbc.sql("SELECT * FROM planner_plans WHERE id = ?").param(planId)
                .query((rs, n) -> new Object[] {rs.getDouble("objective"), Sql.doubleOrNaN(rs, "bound"),
                    Sql.doubleOrNaN(rs, "gap"), rs.getBoolean("proven_optimal"), rs.getDouble("greedy_objective"),
                    rs.getLong("delivered_bits"), rs.getLong("waste_bits"), rs.getLong("key_unit_bits"),
                    rs.getString("status"), rs.getDouble("seconds")}).list();
        if (head.isEmpty()) {
            return Optional.empty();
        }
        Object[] h = head.get(0);
        List<Contact> contacts = contacts(planId).stream().map(StoredContact::contact).toList();
        return Optional.of(new ContactPlan(contacts, links(contacts), pairs(planId), (double) h[0], (double) h[1],
                (double) h[2], (boolean) h[3], (double) h[4], (long) h[5], (long) h[6], (long) h[7], (String) h[8],
                (double) h[9]));
    }

    /** Per satellite and terminal: Σ expected bits of the contacts and Σ of their splits (the planner's definition). */
    private static List<LinkKey> links(List<Contact> contacts) {
        Map<String, Map<String, long[]>> expected = new TreeMap<>();
        Map<String, Map<String, Map<String, Long>>> split = new TreeMap<>();
        for (Contact contact : contacts) {
            CandidateContact c = contact.candidate();
            expected.computeIfAbsent(c.satelliteId(), k -> new TreeMap<>())
                    .computeIfAbsent(c.terminalId(), k -> new long[1])[0] += c.expectedBits();
            Map<String, Long> s = split.computeIfAbsent(c.satelliteId(), k -> new TreeMap<>())
                    .computeIfAbsent(c.terminalId(), k -> new TreeMap<>());
            contact.allocationBits().forEach((pair, bits) -> s.merge(pair, bits, Long::sum));
        }
        List<LinkKey> links = new ArrayList<>();
        expected.forEach((sat, terminals) -> terminals.forEach((terminal, bits) ->
                links.add(new LinkKey(sat, terminal, bits[0], split.get(sat).get(terminal)))));
        return links;
    }

    private List<PairDelivery> pairs(long planId) {
        Map<String, Map<String, Long>> via = new TreeMap<>();
        jdbc.sql("SELECT pair_id, satellite_id, bits FROM planner_pair_satellites WHERE plan_id = ?").param(planId)
                .query(rs -> {
                    via.computeIfAbsent(rs.getString("pair_id"), k -> new TreeMap<>())
                            .put(rs.getString("satellite_id"), rs.getLong("bits"));
                });
        Map<String, List<Long>> slots = new TreeMap<>();
        jdbc.sql("SELECT pair_id, bits FROM planner_pair_slots WHERE plan_id = ? ORDER BY pair_id, slot_index")
                .param(planId).query(rs -> {
                    slots.computeIfAbsent(rs.getString("pair_id"), k -> new ArrayList<>()).add(rs.getLong("bits"));
                });
        return jdbc.sql("SELECT * FROM planner_pair_plans WHERE plan_id = ? ORDER BY seq").param(planId)
                .query((ResultSet rs, int n) -> pair(rs, via, slots)).list();
    }

    private static PairDelivery pair(ResultSet rs, Map<String, Map<String, Long>> via, Map<String, List<Long>> slots)
            throws SQLException {
        String a = rs.getString("terminal_a");
        String b = rs.getString("terminal_b");
        double priority = rs.getDouble("priority");
        Instant dailyStart = Sql.instant(rs, "daily_start");
        // a demand per day reads back per day (its slots sum to requested_bits, which PairDemand checks)
        PairDemand d = dailyStart == null ? new PairDemand(a, b, rs.getLong("requested_bits"), priority)
                : PairDemand.perDay(a, b, priority, new DailySlots(dailyStart,
                        slots.getOrDefault(rs.getString("pair_id"), List.of()), rs.getLong("daily_carried_bits")));
        return new PairDelivery(d, rs.getLong("planned_bits"), via.getOrDefault(d.pairId(), Map.of()));
    }
}
