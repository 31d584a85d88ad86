package org.keyfleet.planner.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.keyfleet.orbit.Pass;
import org.keyfleet.orbit.PassSample;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The {@code planner_passes} and {@code planner_pass_samples} tables. Instants are stored to microseconds. */
public final class PassRepository {

    private static final String COLUMNS = "p.id, p.run_id, p.satellite_id, p.terminal_id, p.aos, p.tca, p.los,"
            + " p.max_elevation_rad";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    PassRepository(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    /**
     * Stores passes of a run with their geometry samples.
     *
     * @return the new pass ids, in the order given
     */
    public List<Long> saveAll(long runId, List<Pass> passes) {
        if (passes.isEmpty()) {
            return List.of();
        }
        // one batch for the passes, then their ids by the unique key: a round trip per pass would dominate
        template.batchUpdate("INSERT INTO planner_passes (run_id, satellite_id, terminal_id, aos, tca, los,"
                        + " max_elevation_rad) VALUES (?, ?, ?, ?, ?, ?, ?)",
                passes, 500, (PreparedStatement ps, Pass p) -> {
                    ps.setLong(1, runId);
                    ps.setString(2, p.satelliteId());
                    ps.setString(3, p.terminalId());
                    Sql.setTimestamp(ps, 4, p.aos());
                    Sql.setTimestamp(ps, 5, p.tca());
                    Sql.setTimestamp(ps, 6, p.los());
                    ps.setDouble(7, p.maxElevationRad());
                });
        Map<String, Long> byKey = new HashMap<>();
        jdbc.sql("SELECT id, satellite_id, terminal_id, aos FROM planner_passes WHERE run_id = :run"
                        + " AND satellite_id IN (:satellites)")
                .param("run", runId)
                .param("satellites", passes.stream().map(Pass::satelliteId).distinct().toList())
                .query(rs -> {
                    byKey.put(key(rs.getString("satellite_id"), rs.getString("terminal_id"), Sql.instant(rs, "aos")),
                            rs.getLong("id"));
                });
        List<Long> ids = new ArrayList<>(passes.size());
        List<Object[]> samples = new ArrayList<>();
        for (Pass p : passes) {
            long id = byKey.get(key(p.satelliteId(), p.terminalId(), Sql.micros(p.aos())));
            ids.add(id);
            for (int i = 0; i < p.samples().size(); i++) {
                samples.add(new Object[] {id, i, p.samples().get(i)});
            }
        }
        template.batchUpdate("INSERT INTO planner_pass_samples (pass_id, seq, sample_time, azimuth_rad, elevation_rad,"
                        + " range_m, range_rate_mps, sun_elevation_rad, moon_elevation_rad, moon_illuminated_fraction,"
                        + " satellite_sunlit) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                samples, 500, (PreparedStatement ps, Object[] row) -> {
                    PassSample s = (PassSample) row[2];
                    ps.setLong(1, (Long) row[0]);
                    ps.setInt(2, (Integer) row[1]);
                    Sql.setTimestamp(ps, 3, s.time());
                    ps.setDouble(4, s.azimuthRad());
                    ps.setDouble(5, s.elevationRad());
                    ps.setDouble(6, s.rangeM());
                    ps.setDouble(7, s.rangeRateMps());
                    ps.setDouble(8, s.sunElevationRad());
                    ps.setDouble(9, s.moonElevationRad());
                    ps.setDouble(10, s.moonIlluminatedFraction());
                    ps.setBoolean(11, s.satelliteSunlit());
                });
        return ids;
    }

    private static String key(String satellite, String terminal, java.time.Instant aos) {
        return satellite + "\n" + terminal + "\n" + aos;
    }

    /** Deletes the passes of one satellite in a run (with their samples and forecasts); returns how many. */
    public int deleteSatellite(long runId, String satelliteId) {
        return jdbc.sql("DELETE FROM planner_passes WHERE run_id = ? AND satellite_id = ?")
                .params(runId, satelliteId).update();
    }

    /** Number of passes stored for a run. */
    public long count(long runId) {
        return jdbc.sql("SELECT COUNT(*) FROM planner_passes WHERE run_id = ?").param(runId)
                .query(Long.class).single();
    }

    /** The passes of a run ordered by AOS, satellite and terminal; with their samples when asked. */
    public List<StoredPass> passes(long runId, boolean withSamples) {
        List<StoredPass> list = jdbc.sql("SELECT " + COLUMNS + " FROM planner_passes p WHERE p.run_id = ?"
                        + " ORDER BY p.aos, p.satellite_id, p.terminal_id")
                .param(runId).query(PassRepository::row).list();
        if (!withSamples) {
            return list;
        }
        Map<Long, List<PassSample>> samples = new HashMap<>();
        jdbc.sql("SELECT s.* FROM planner_pass_samples s JOIN planner_passes p ON p.id = s.pass_id"
                        + " WHERE p.run_id = ? ORDER BY s.pass_id, s.seq")
                .param(runId).query(rs -> {
                    samples.computeIfAbsent(rs.getLong("pass_id"), k -> new ArrayList<>()).add(sample(rs));
                });
        return withSamples(list, samples);
    }

    /**
     * Up to {@code limit} passes of one satellite in a run that have no forecast yet, with their samples, ordered
     * by AOS; only those whose id is {@code stripe} modulo {@code stripes} (so several workers can share a
     * satellite).
     */
    public List<StoredPass> pendingForecast(long runId, String satelliteId, int stripe, int stripes, int limit) {
        if (stripes < 1 || stripe < 0 || stripe >= stripes) {
            throw new IllegalArgumentException("stripe " + stripe + " of " + stripes + ": expected 0 <= stripe < stripes");
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1 but was " + limit);
        }
        List<StoredPass> list = jdbc.sql("SELECT " + COLUMNS + " FROM planner_passes p WHERE p.run_id = ?"
                        + " AND p.satellite_id = ? AND MOD(p.id, ?) = ?"
                        + " AND NOT EXISTS (SELECT 1 FROM planner_forecasts f WHERE f.pass_id = p.id)"
                        + " ORDER BY p.aos, p.terminal_id FETCH FIRST " + limit + " ROWS ONLY")
                .params(runId, satelliteId, stripes, stripe).query(PassRepository::row).list();
        return withSamples(list, samplesOf(list.stream().map(StoredPass::id).toList()));
    }

    private Map<Long, List<PassSample>> samplesOf(Collection<Long> passIds) {
        Map<Long, List<PassSample>> samples = new HashMap<>();
        if (passIds.isEmpty()) {
            return samples;
        }
        jdbc.sql("SELECT * FROM planner_pass_samples WHERE pass_id IN (:ids) ORDER BY pass_id, seq")
                .param("ids", passIds).query(rs -> {
                    samples.computeIfAbsent(rs.getLong("pass_id"), k -> new ArrayList<>()).add(sample(rs));
                });
        return samples;
    }

    private static List<StoredPass> withSamples(List<StoredPass> list, Map<Long, List<PassSample>> samples) {
        List<StoredPass> out = new ArrayList<>(list.size());
        for (StoredPass s : list) {
            Pass p = s.pass();
            out.add(new StoredPass(s.id(), s.runId(), new Pass(p.satelliteId(), p.terminalId(), p.aos(), p.tca(),
                    p.los(), p.maxElevationRad(), samples.getOrDefault(s.id(), List.of()))));
        }
        return out;
    }

    private static StoredPass row(ResultSet rs, int n) throws SQLException {
        return new StoredPass(rs.getLong("id"), rs.getLong("run_id"), new Pass(rs.getString("satellite_id"),
                rs.getString("terminal_id"), Sql.instant(rs, "aos"), Sql.instant(rs, "tca"), Sql.instant(rs, "los"),
                rs.getDouble("max_elevation_rad"), List.of()));
    }

    private static PassSample sample(ResultSet rs) throws SQLException {
        return new PassSample(Sql.instant(rs, "sample_time"), rs.getDouble("azimuth_rad"),
                rs.getDouble("elevation_rad"), rs.getDouble("range_m"), rs.getDouble("range_rate_mps"),
                rs.getDouble("sun_elevation_rad"), rs.getDouble("moon_elevation_rad"),
                rs.getDouble("moon_illuminated_fraction"), rs.getBoolean("satellite_sunlit"));
    }
}
