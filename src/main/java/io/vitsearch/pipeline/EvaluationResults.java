package io.vitsearch.pipeline;

import java.sql.Types;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.vitsearch.queue.JobQueue;
import io.vitsearch.queue.Lease;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code evaluation_result} table: the validation error of each architecture through one
 * trained supernet checkpoint of an experiment.
 */
class EvaluationResults {

    private final NamedParameterJdbcTemplate jdbc;

    private final TransactionTemplate transactions;

    private final JobQueue queue;

    private final Clock clock;

    EvaluationResults(NamedParameterJdbcTemplate jdbc, TransactionTemplate transactions, JobQueue queue, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.queue = queue;
        this.clock = clock;
    }

    /** Returns the stored errors of those of {@code architectureIds} that have one, by architecture id. */
    Map<String, Double> find(UUID experimentId, String checkpointKey, Collection<String> architectureIds) {
        Map<String, Double> errors = new HashMap<>();
        if (architectureIds.isEmpty()) {
            return errors;
        }
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("experimentId", experimentId)
                .addValue("checkpointKey", checkpointKey)
                .addValue("ids", List.copyOf(architectureIds));
        jdbc.query("""
                SELECT architecture_id, error FROM evaluation_result
                WHERE experiment_id = :experimentId AND checkpoint_key = :checkpointKey
                  AND architecture_id IN (:ids)
                """, params, row -> {
                    errors.put(row.getString("architecture_id"), row.getDouble("error"));
                });
        return errors;
    }

    /**
     * Stores one error under the writer's lease. A result that another worker stored first is kept,
     * because both measured the same subnet of the same checkpoint.
     *
     * @throws io.vitsearch.queue.LeaseLostException when the lease is no longer current
     */
    void insert(Lease lease, UUID experimentId, String checkpointKey, String architectureId, double error) {
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("experimentId", experimentId)
                .addValue("checkpointKey", checkpointKey)
                .addValue("architectureId", architectureId)
                .addValue("error", error)
                .addValue("evaluatedBy", lease.owner())
                .addValue("evaluatedAt", OffsetDateTime.ofInstant(clock.instant().truncatedTo(ChronoUnit.MICROS),
                        ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
        transactions.executeWithoutResult(status -> {
            queue.verifyLease(lease);
            jdbc.update("""
                    INSERT INTO evaluation_result (experiment_id, checkpoint_key, architecture_id, error,
                                                   evaluated_by, evaluated_at)
                    VALUES (:experimentId, :checkpointKey, :architectureId, :error, :evaluatedBy, :evaluatedAt)
                    ON CONFLICT DO NOTHING
                    """, params);
        });
    }

    /** Returns how many results the experiment has, over all its checkpoints. */
    long count(UUID experimentId) {
        Long count = jdbc.queryForObject("SELECT count(*) FROM evaluation_result WHERE experiment_id = :experimentId",
                new MapSqlParameterSource("experimentId", experimentId), Long.class);
        return count == null ? 0 : count;
    }
}
