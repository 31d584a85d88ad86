package org.keyfleet.planner.store;

import java.sql.PreparedStatement;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The {@code planner_predictions} and {@code planner_pair_predictions} tables: one prediction per plan. */
public final class PredictionRepository {

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    PredictionRepository(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    /** Stores the prediction of a plan (one per plan). */
    public void save(long planId, StoredPrediction p) {
        jdbc.sql("INSERT INTO planner_predictions (plan_id, strategy, model, mean_bits, p10_bits, p90_bits,"
                        + " weighted_bits, std_error_bits, saa_objective, saa_bound, scenarios, evaluation_scenarios)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(planId, p.strategy(), p.model(), p.meanBits(), Sql.nullable(p.p10Bits()),
                        Sql.nullable(p.p90Bits()), p.weightedBits(), Sql.nullable(p.stdErrorBits()),
                        Sql.nullable(p.saaObjectiveBits()), Sql.nullable(p.saaBoundBits()), p.scenarios(),
                        p.evaluationScenarios())
                .update();
        List<StoredPrediction.Pair> pairs = p.pairs();
        template.batchUpdate("INSERT INTO planner_pair_predictions (plan_id, pair_id, seq, mean_bits, p10_bits,"
                        + " p90_bits, p_none) VALUES (?, ?, ?, ?, ?, ?, ?)",
                IntStream.range(0, pairs.size()).boxed().toList(), 500, (PreparedStatement ps, Integer i) -> {
                    StoredPrediction.Pair q = pairs.get(i);
                    ps.setLong(1, planId);
                    ps.setString(2, q.pairId());
                    ps.setInt(3, i);
                    ps.setDouble(4, q.meanBits());
                    Sql.setDouble(ps, 5, q.p10Bits());
                    Sql.setDouble(ps, 6, q.p90Bits());
                    Sql.setDouble(ps, 7, q.pNone());
                });
    }

    /** The prediction of a plan, if one was stored (plans made before predictions were stored have none). */
    public Optional<StoredPrediction> find(long planId) {
        List<StoredPrediction.Pair> pairs = jdbc.sql("SELECT * FROM planner_pair_predictions WHERE plan_id = ?"
                        + " ORDER BY seq").param(planId)
                .query((rs, n) -> new StoredPrediction.Pair(rs.getString("pair_id"), rs.getDouble("mean_bits"),
                        Sql.doubleOrNaN(rs, "p10_bits"), Sql.doubleOrNaN(rs, "p90_bits"), Sql.doubleOrNaN(rs, "p_none")))
                .list();
        return jdbc.sql("SELECT * FROM planner_predictions WHERE plan_id = ?").param(planId)
                .query((rs, n) -> new StoredPrediction(rs.getString("strategy"), rs.getString("model"),
                        rs.getDouble("mean_bits"), Sql.doubleOrNaN(rs, "p10_bits"), Sql.doubleOrNaN(rs, "p90_bits"),
                        rs.getDouble("weighted_bits"), Sql.doubleOrNaN(rs, "std_error_bits"),
                        Sql.doubleOrNaN(rs, "saa_objective"), Sql.doubleOrNaN(rs, "saa_bound"), rs.getInt("scenarios"),
                        rs.getInt("evaluation_scenarios"), pairs))
                .optional();
    }
}
