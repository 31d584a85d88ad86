package org.keyfleet.planner.store;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@code planner_launch_stock} and {@code planner_launch_pair_keys} tables: key already held when a planning job
 * was launched, by the job's launch id (a job parameter cannot carry a fleet's stock; a restart re-reads it).
 */
public final class HeldKeyRepository {

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    HeldKeyRepository(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    /**
     * Stores a launch's stock (satellite → terminal → bits) and delivered pair key (pair → combination instant →
     * bits; instants are kept to microseconds, key combined within the same microsecond is added up).
     */
    public void save(String launchId, Map<String, Map<String, Long>> stockBits,
                     Map<String, Map<Instant, Long>> deliveredAt) {
        List<Object[]> stock = new ArrayList<>();
        stockBits.forEach((sat, byTerminal) -> byTerminal.forEach((t, bits) -> stock.add(new Object[] {sat, t, bits})));
        template.batchUpdate("INSERT INTO planner_launch_stock (launch_id, satellite_id, terminal_id, bits)"
                + " VALUES (?, ?, ?, ?)", stock, 500, (PreparedStatement ps, Object[] row) -> {
                    ps.setString(1, launchId);
                    ps.setString(2, (String) row[0]);
                    ps.setString(3, (String) row[1]);
                    ps.setLong(4, (Long) row[2]);
                });
        List<Object[]> delivered = new ArrayList<>();
        deliveredAt.forEach((pair, byInstant) -> {
            Map<Instant, Long> micros = new TreeMap<>();
            byInstant.forEach((at, bits) -> micros.merge(Sql.micros(at), bits, Long::sum));
            micros.forEach((at, bits) -> delivered.add(new Object[] {pair, at, bits}));
        });
        template.batchUpdate("INSERT INTO planner_launch_pair_keys (launch_id, pair_id, combined_at, bits)"
                + " VALUES (?, ?, ?, ?)", delivered, 500, (PreparedStatement ps, Object[] row) -> {
                    ps.setString(1, launchId);
                    ps.setString(2, (String) row[0]);
                    Sql.setTimestamp(ps, 3, (Instant) row[1]);
                    ps.setLong(4, (Long) row[2]);
                });
    }

    /** A launch's stock: satellite → terminal → bits (empty when none was stored). */
    public Map<String, Map<String, Long>> stock(String launchId) {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        jdbc.sql("SELECT satellite_id, terminal_id, bits FROM planner_launch_stock WHERE launch_id = ?")
                .param(launchId).query(rs -> {
                    out.computeIfAbsent(rs.getString("satellite_id"), k -> new TreeMap<>())
                            .put(rs.getString("terminal_id"), rs.getLong("bits"));
                });
        return out;
    }

    /** A launch's delivered pair key: pair → combination instant → bits (empty when none was stored). */
    public Map<String, Map<Instant, Long>> delivered(String launchId) {
        Map<String, Map<Instant, Long>> out = new TreeMap<>();
        jdbc.sql("SELECT pair_id, combined_at, bits FROM planner_launch_pair_keys WHERE launch_id = ?").param(launchId)
                .query(rs -> {
                    out.computeIfAbsent(rs.getString("pair_id"), k -> new TreeMap<>())
                            .put(Sql.instant(rs, "combined_at"), rs.getLong("bits"));
                });
        return out;
    }
}
