package org.keyfleet.planner.store;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.keyfleet.planner.CandidateContact;
import org.keyfleet.planner.Contact;
import org.keyfleet.planner.PairChange;
import org.keyfleet.planner.PlanDiff;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;

/**
 * The {@code planner_plan_diffs}, {@code planner_diff_contacts}, {@code planner_diff_allocations} and
 * {@code planner_diff_pairs} tables: what each re-plan changed. A difference read back equals the one stored
 * (instants to microseconds). Dropped contacts are stored in full, so the difference outlives the previous run.
 */
public final class DiffRepository {

    private static final String ADDED = "ADDED";
    private static final String DROPPED = "DROPPED";
    private static final String KEPT = "KEPT";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    DiffRepository(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    /** Stores the difference a re-plan made; its plan must be stored already and have no difference yet. */
    public void save(StoredPlanDiff d) {
        PlanDiff diff = d.diff();
        jdbc.sql("INSERT INTO planner_plan_diffs (plan_id, previous_run_id, previous_plan_id, now_at, frozen_until,"
                        + " executed_contacts, frozen_contacts, contacts_added, contacts_dropped, contacts_kept,"
                        + " before_bits, after_bits, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(d.planId(), d.previousRunId(), d.previousPlanId(), Sql.ts(d.now()), Sql.ts(d.frozenUntil()),
                        d.executedContacts(), d.frozenContacts(), diff.added().size(), diff.dropped().size(),
                        diff.kept().size(), diff.beforeBits(), diff.afterBits(), Sql.ts(Instant.now()))
                .update();
        List<Object[]> allocations = new ArrayList<>();
        saveContacts(d.planId(), ADDED, diff.added(), allocations);
        saveContacts(d.planId(), DROPPED, diff.dropped(), allocations);
        saveContacts(d.planId(), KEPT, diff.kept(), allocations);
        template.batchUpdate("INSERT INTO planner_diff_allocations (diff_contact_id, pair_id, bits) VALUES (?, ?, ?)",
                allocations, 500, (PreparedStatement ps, Object[] row) -> {
                    ps.setLong(1, (Long) row[0]);
                    ps.setString(2, (String) row[1]);
                    ps.setLong(3, (Long) row[2]);
                });
        List<Object[]> pairs = new ArrayList<>();
        for (int i = 0; i < diff.pairs().size(); i++) {
            pairs.add(new Object[] {i, diff.pairs().get(i)});
        }
        template.batchUpdate("INSERT INTO planner_diff_pairs (plan_id, pair_id, seq, before_bits, after_bits, delta_bits)"
                        + " VALUES (?, ?, ?, ?, ?, ?)", pairs, 500, (PreparedStatement ps, Object[] row) -> {
                    PairChange p = (PairChange) row[1];
                    ps.setLong(1, d.planId());
                    ps.setString(2, p.pairId());
                    ps.setInt(3, (Integer) row[0]);
                    ps.setLong(4, p.beforeBits());
                    ps.setLong(5, p.afterBits());
                    ps.setLong(6, p.deltaBits());
                });
    }

    private void saveContacts(long planId, String kind, List<Contact> contacts, List<Object[]> allocations) {
        for (int i = 0; i < contacts.size(); i++) {
            CandidateContact c = contacts.get(i).candidate();
            KeyHolder key = new GeneratedKeyHolder();
            jdbc.sql("INSERT INTO planner_diff_contacts (plan_id, change_kind, seq, satellite_id, terminal_id, aos, los,"
                            + " bits_if_clear, p_clear, expected_bits) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(planId, kind, i, c.satelliteId(), c.terminalId(), Sql.ts(c.aos()), Sql.ts(c.los()),
                            c.bitsIfClear(), c.pClear(), c.expectedBits())
                    .update(key, "id");
            long id = key.getKey().longValue();
            contacts.get(i).allocationBits().forEach((pair, bits) -> allocations.add(new Object[] {id, pair, bits}));
        }
    }

    /** The difference stored with a plan, if it was made by re-planning. */
    public Optional<StoredPlanDiff> find(long planId) {
        List<Object[]> heads = jdbc.sql("SELECT * FROM planner_plan_diffs WHERE plan_id = ?").param(planId)
                .query((rs, n) -> {
                    long run = rs.getLong("previous_run_id");
                    Long previousRun = rs.wasNull() ? null : run;
                    long plan = rs.getLong("previous_plan_id");
                    Long previousPlan = rs.wasNull() ? null : plan;
                    return new Object[] {previousRun, previousPlan, Sql.instant(rs, "now_at"),
                        Sql.instant(rs, "frozen_until"), rs.getInt("executed_contacts"), rs.getInt("frozen_contacts")};
                }).list();
        if (heads.isEmpty()) {
            return Optional.empty();
        }
        Map<Long, Map<String, Long>> allocations = new TreeMap<>();
        jdbc.sql("SELECT a.diff_contact_id, a.pair_id, a.bits FROM planner_diff_allocations a"
                        + " JOIN planner_diff_contacts c ON c.id = a.diff_contact_id WHERE c.plan_id = ?")
                .param(planId).query(rs -> {
                    allocations.computeIfAbsent(rs.getLong("diff_contact_id"), k -> new TreeMap<>())
                            .put(rs.getString("pair_id"), rs.getLong("bits"));
                });
        Map<String, List<Contact>> byKind = new TreeMap<>(Map.of(ADDED, new ArrayList<>(), DROPPED, new ArrayList<>(),
                KEPT, new ArrayList<>()));
        jdbc.sql("SELECT * FROM planner_diff_contacts WHERE plan_id = ? ORDER BY change_kind, seq").param(planId)
                .query(rs -> {
                    CandidateContact c = new CandidateContact(rs.getString("satellite_id"), rs.getString("terminal_id"),
                            Sql.instant(rs, "aos"), Sql.instant(rs, "los"), rs.getLong("bits_if_clear"),
                            rs.getDouble("p_clear"), rs.getLong("expected_bits"));
                    byKind.get(rs.getString("change_kind"))
                            .add(new Contact(c, allocations.getOrDefault(rs.getLong("id"), Map.of())));
                });
        List<PairChange> pairs = jdbc.sql("SELECT pair_id, before_bits, after_bits FROM planner_diff_pairs"
                        + " WHERE plan_id = ? ORDER BY seq").param(planId)
                .query((rs, n) -> new PairChange(rs.getString("pair_id"), rs.getLong("before_bits"),
                        rs.getLong("after_bits"))).list();
        Object[] h = heads.get(0);
        return Optional.of(new StoredPlanDiff(planId, (Long) h[0], (Long) h[1], (Instant) h[2], (Instant) h[3],
                (int) h[4], (int) h[5], new PlanDiff(byKind.get(ADDED), byKind.get(DROPPED), byKind.get(KEPT), pairs)));
    }
}
