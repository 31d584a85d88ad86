package org.keyfleet.planner.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.keyfleet.linkbudget.KeyLengthResult;
import org.keyfleet.linkbudget.PassForecast;
import org.keyfleet.linkbudget.ProtocolParameters;
import org.keyfleet.linkbudget.SampleForecast;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@code planner_forecasts} and {@code planner_forecast_samples} tables: a {@link PassForecast} per stored pass.
 * A forecast read back equals the one stored, with its instants to microseconds (the pass's identity — satellite,
 * terminal, AOS, TCA, LOS, maximum elevation — comes from the pass row).
 */
public final class ForecastRepository {

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    ForecastRepository(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    /** A forecast and the stored pass it belongs to. */
    public record Entry(long passId, PassForecast forecast) {
    }

    /** Stores forecasts of stored passes (one per pass; storing a second for the same pass fails). */
    public void saveAll(List<Entry> entries) {
        template.batchUpdate("INSERT INTO planner_forecasts (pass_id, key_start, key_end, cutoff_elevation_rad,"
                        + " secret_bits_if_clear, p_clear, expected_bits, qber, min_loss_db, daylight, moonlit,"
                        + " plob_bound_bits, evaluations, secret_key_bits, phi_x, n_x, n_z, m_x, lambda_ec, s_x0, s_x1,"
                        + " v_z1, s_z1, mean_photon_number, raw_key_bits, px, p1, p2, mu1, mu2, mu3)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                entries, 200, (PreparedStatement ps, Entry e) -> {
                    PassForecast f = e.forecast();
                    int i = 1;
                    ps.setLong(i++, e.passId());
                    Sql.setTimestamp(ps, i++, f.keyStart());
                    Sql.setTimestamp(ps, i++, f.keyEnd());
                    Sql.setDouble(ps, i++, f.cutoffElevationRad());
                    ps.setLong(i++, f.secretBitsIfClear());
                    ps.setDouble(i++, f.clearSkyProbability());
                    ps.setLong(i++, f.expectedBits());
                    KeyLengthResult k = f.key();
                    Sql.setDouble(ps, i++, k == null ? Double.NaN : k.qberX());
                    double minLoss = f.minLossDb();
                    Sql.setDouble(ps, i++, Double.isFinite(minLoss) ? minLoss : Double.NaN);
                    ps.setBoolean(i++, f.daylight());
                    ps.setBoolean(i++, f.moonlit());
                    ps.setDouble(i++, f.plobBoundBits());
                    ps.setInt(i++, f.evaluations());
                    double[] key = k == null ? new double[12] : new double[] {k.secretKeyBits(), k.phiX(), k.nX(),
                        k.nZ(), k.mX(), k.lambdaEC(), k.sX0(), k.sX1(), k.vZ1(), k.sZ1(), k.meanPhotonNumber(),
                        k.rawKeyBits()};
                    for (double v : key) {
                        if (k == null) {
                            ps.setNull(i++, Types.DOUBLE);
                        } else {
                            Sql.setDouble(ps, i++, v);
                        }
                    }
                    ProtocolParameters p = k == null ? null : k.parameters();
                    double[] params = p == null ? new double[6]
                            : new double[] {p.px(), p.p1(), p.p2(), p.mu1(), p.mu2(), p.mu3()};
                    for (double v : params) {
                        if (p == null) {
                            ps.setNull(i++, Types.DOUBLE);
                        } else {
                            ps.setDouble(i++, v);
                        }
                    }
                });
        List<Object[]> samples = new ArrayList<>();
        for (Entry e : entries) {
            List<SampleForecast> list = e.forecast().samples();
            for (int i = 0; i < list.size(); i++) {
                samples.add(new Object[] {e.passId(), i, list.get(i)});
            }
        }
        template.batchUpdate("INSERT INTO planner_forecast_samples (pass_id, seq, sample_time, elevation_rad, range_m,"
                        + " efficiency, loss_db, geometric_loss_db, pointing_loss_db, atmospheric_loss_db,"
                        + " turbulence_loss_db, receiver_loss_db, optics_loss_db, detector_loss_db, excess_loss_db,"
                        + " sky_radiance, background_count_rate_hz,"
                        + " extraneous_count_probability, sun_elevation_rad, moon_elevation_rad, daylight, moonlit)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                samples, 500, (PreparedStatement ps, Object[] row) -> {
                    SampleForecast s = (SampleForecast) row[2];
                    int i = 1;
                    ps.setLong(i++, (Long) row[0]);
                    ps.setInt(i++, (Integer) row[1]);
                    Sql.setTimestamp(ps, i++, s.time());
                    for (double v : new double[] {s.elevationRad(), s.rangeM(), s.efficiency(), s.lossDb(),
                        s.geometricLossDb(), s.pointingLossDb(), s.atmosphericLossDb(), s.turbulenceLossDb(),
                        s.receiverLossDb(), s.opticsLossDb(), s.detectorLossDb(), s.excessLossDb(), s.skyRadiance(), s.backgroundCountRateHz(), s.extraneousCountProbability(),
                        s.sunElevationRad(), s.moonElevationRad()}) {
                        Sql.setDouble(ps, i++, v);
                    }
                    ps.setBoolean(i++, s.daylight());
                    ps.setBoolean(i, s.moonlit());
                });
    }

    /** Number of forecasts stored for a run. */
    public long count(long runId) {
        return jdbc.sql("SELECT COUNT(*) FROM planner_forecasts f JOIN planner_passes p ON p.id = f.pass_id"
                + " WHERE p.run_id = ?").param(runId).query(Long.class).single();
    }

    /** The forecast of one stored pass. */
    public Optional<PassForecast> find(long passId) {
        List<PassForecast> list = load("p.id = ?", passId);
        return list.stream().findFirst();
    }

    /** Every forecast of a run, ordered by AOS, satellite and terminal. */
    public List<PassForecast> forecasts(long runId) {
        return load("p.run_id = ?", runId);
    }

    private List<PassForecast> load(String where, long value) {
        Map<Long, List<SampleForecast>> samples = new HashMap<>();
        jdbc.sql("SELECT s.* FROM planner_forecast_samples s JOIN planner_passes p ON p.id = s.pass_id WHERE " + where
                        + " ORDER BY s.pass_id, s.seq")
                .param(value).query(rs -> {
                    samples.computeIfAbsent(rs.getLong("pass_id"), k -> new ArrayList<>()).add(sample(rs));
                });
        return jdbc.sql("SELECT p.id, p.satellite_id, p.terminal_id, p.aos, p.tca, p.los, p.max_elevation_rad, f.*"
                        + " FROM planner_forecasts f JOIN planner_passes p ON p.id = f.pass_id WHERE " + where
                        + " ORDER BY p.aos, p.satellite_id, p.terminal_id")
                .param(value).query((rs, n) -> forecast(rs, samples.getOrDefault(rs.getLong("id"), List.of())))
                .list();
    }

    private static PassForecast forecast(ResultSet rs, List<SampleForecast> samples) throws SQLException {
        ProtocolParameters params = null;
        double px = rs.getDouble("px");
        if (!rs.wasNull()) {
            params = new ProtocolParameters(px, rs.getDouble("p1"), rs.getDouble("p2"), rs.getDouble("mu1"),
                    rs.getDouble("mu2"), rs.getDouble("mu3"));
        }
        KeyLengthResult key = new KeyLengthResult(Sql.doubleOrNaN(rs, "secret_key_bits"), Sql.doubleOrNaN(rs, "qber"),
                Sql.doubleOrNaN(rs, "phi_x"), Sql.doubleOrNaN(rs, "n_x"), Sql.doubleOrNaN(rs, "n_z"),
                Sql.doubleOrNaN(rs, "m_x"), Sql.doubleOrNaN(rs, "lambda_ec"), Sql.doubleOrNaN(rs, "s_x0"),
                Sql.doubleOrNaN(rs, "s_x1"), Sql.doubleOrNaN(rs, "v_z1"), Sql.doubleOrNaN(rs, "s_z1"),
                Sql.doubleOrNaN(rs, "mean_photon_number"), Sql.doubleOrNaN(rs, "raw_key_bits"), params);
        return new PassForecast(rs.getString("satellite_id"), rs.getString("terminal_id"), Sql.instant(rs, "aos"),
                Sql.instant(rs, "tca"), Sql.instant(rs, "los"), rs.getDouble("max_elevation_rad"), samples,
                Sql.instant(rs, "key_start"), Sql.instant(rs, "key_end"), Sql.doubleOrNaN(rs, "cutoff_elevation_rad"),
                key, rs.getLong("secret_bits_if_clear"), rs.getDouble("p_clear"), rs.getLong("expected_bits"),
                rs.getBoolean("daylight"), rs.getBoolean("moonlit"), rs.getDouble("plob_bound_bits"),
                rs.getInt("evaluations"));
    }

    private static SampleForecast sample(ResultSet rs) throws SQLException {
        return new SampleForecast(Sql.instant(rs, "sample_time"), Sql.doubleOrNaN(rs, "elevation_rad"),
                Sql.doubleOrNaN(rs, "range_m"), Sql.doubleOrNaN(rs, "efficiency"), Sql.doubleOrNaN(rs, "loss_db"),
                Sql.doubleOrNaN(rs, "geometric_loss_db"), Sql.doubleOrNaN(rs, "pointing_loss_db"),
                Sql.doubleOrNaN(rs, "atmospheric_loss_db"), Sql.doubleOrNaN(rs, "turbulence_loss_db"),
                opticsLossDb(rs), Sql.doubleOrNaN(rs, "detector_loss_db"), Sql.doubleOrNaN(rs, "excess_loss_db"),
                Sql.doubleOrNaN(rs, "sky_radiance"),
                Sql.doubleOrNaN(rs, "background_count_rate_hz"), Sql.doubleOrNaN(rs, "extraneous_count_probability"),
                Sql.doubleOrNaN(rs, "sun_elevation_rad"), Sql.doubleOrNaN(rs, "moon_elevation_rad"),
                rs.getBoolean("daylight"), rs.getBoolean("moonlit"));
    }

    /**
     * Rows stored before the receiver term was split (V5) hold only the sum: it is reported as optics, with detector
     * and excess unknown (NaN), so the total still adds up.
     */
    private static double opticsLossDb(ResultSet rs) throws SQLException {
        double optics = Sql.doubleOrNaN(rs, "optics_loss_db");
        return Double.isNaN(optics) ? Sql.doubleOrNaN(rs, "receiver_loss_db") : optics;
    }
}
