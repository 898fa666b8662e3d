package io.vitsearch.experiment;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import io.vitsearch.search.SearchJson;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code experiment_event} table behind the server-sent event stream. An event is inserted in
 * the caller's transaction (or a new one), so it becomes visible together with the change it
 * announces. Before inserting, a writer locks the experiment row ({@code FOR NO KEY UPDATE}), so
 * two transactions never hold unassigned event ids of the same experiment at once: ids follow
 * commit order, and a follower that requests the ids above the last one it received misses nothing.
 */
@Component
class ExperimentEvents {

    static final String PHASE = "phase";
    static final String PROGRESS = "progress";
    static final String EPOCH = "epoch";
    static final String SPACE_STEP = "space-step";
    static final String GENERATION = "generation";
    static final String ARCHITECTURE = "architecture";
    static final String STATUS = "status";
    static final String COMPLETED = "completed";
    static final String FAILED = "failed";
    static final String CANCELLED = "cancelled";

    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9-]{0,63}");

    private final NamedParameterJdbcTemplate jdbc;

    private final TransactionTemplate transactions;

    private final Clock clock;

    ExperimentEvents(NamedParameterJdbcTemplate jdbc, TransactionTemplate transactions, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Inserts an event and returns its id.
     *
     * @throws IllegalArgumentException when {@code type} is not 1 to 64 lowercase letters, digits or '-'
     * @throws ExperimentNotFoundException when the experiment does not exist
     */
    long publish(UUID experimentId, String type, Map<String, ?> data) {
        if (type == null || !TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("Event type '" + type + "' is invalid; use 1 to 64 lowercase letters,"
                    + " digits or '-', starting with a letter");
        }
        String json = SearchJson.mapper().writeValueAsString(data == null ? Map.of() : data);

        Long id = transactions.execute(status -> {
            lockExperiment(experimentId);
            MapSqlParameterSource params = new MapSqlParameterSource()
                    .addValue("experimentId", experimentId)
                    .addValue("type", type)
                    .addValue("data", json)
                    .addValue("now", OffsetDateTime.ofInstant(now(), ZoneOffset.UTC));
            return jdbc.queryForObject("""
                    INSERT INTO experiment_event (experiment_id, type, data, created_at)
                    VALUES (:experimentId, :type, CAST(:data AS jsonb), :now)
                    RETURNING id
                    """, params, Long.class);
        });
        return id;
    }

    /**
     * Publishes the event of a status change that was just made to {@code experiment}: {@code
     * completed}, {@code failed} or {@code cancelled} for a final status, {@code status} otherwise.
     */
    void publishStatusChange(Experiment experiment, ExperimentStatus from) {
        ExperimentStatus to = experiment.getStatus();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("status", to.name());
        data.put("previousStatus", from.name());
        if (to.isFinished()) {
            data.put("finishedAt", experiment.getFinishedAt() == null ? null : experiment.getFinishedAt().toString());
        }
        if (to == ExperimentStatus.FAILED) {
            data.put("failureReason", experiment.getFailureReason());
        }
        publish(experiment.getId(), typeOf(to), data);
    }

    /** Returns up to {@code limit} events of the experiment with ids above {@code afterId}, oldest first. */
    List<StoredEvent> after(UUID experimentId, long afterId, int limit) {
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("experimentId", experimentId)
                .addValue("afterId", afterId)
                .addValue("limit", limit);
        return jdbc.query("""
                SELECT id, type, data::text AS data, created_at FROM experiment_event
                WHERE experiment_id = :experimentId AND id > :afterId
                ORDER BY id
                LIMIT :limit
                """, params, (rs, rowNum) -> new StoredEvent(rs.getLong("id"), rs.getString("type"),
                rs.getString("data"), rs.getObject("created_at", OffsetDateTime.class).toInstant()));
    }

    static boolean isFinal(String type) {
        return COMPLETED.equals(type) || FAILED.equals(type) || CANCELLED.equals(type);
    }

    private static String typeOf(ExperimentStatus status) {
        return switch (status) {
            case SUCCEEDED -> COMPLETED;
            case FAILED -> FAILED;
            case CANCELLED -> CANCELLED;
            case QUEUED, RUNNING, CANCELLING -> STATUS;
        };
    }

    private void lockExperiment(UUID experimentId) {
        List<UUID> locked = jdbc.query("SELECT id FROM experiment WHERE id = :id FOR NO KEY UPDATE",
                new MapSqlParameterSource("id", experimentId), (rs, rowNum) -> rs.getObject("id", UUID.class));
        if (locked.isEmpty()) {
            throw new ExperimentNotFoundException(experimentId);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * One stored event.
     *
     * @param data the event's JSON object, as PostgreSQL prints it (one line)
     */
    record StoredEvent(long id, String type, String data, Instant createdAt) {
    }
}
