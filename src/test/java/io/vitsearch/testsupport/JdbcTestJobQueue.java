package io.vitsearch.testsupport;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.vitsearch.queue.ClaimedJob;
import io.vitsearch.queue.HeartbeatResult;
import io.vitsearch.queue.JobEventListener;
import io.vitsearch.queue.JobQueue;
import io.vitsearch.queue.JobState;
import io.vitsearch.queue.JobView;
import io.vitsearch.queue.Lease;
import io.vitsearch.queue.NewJob;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * A {@link JobQueue} for tests of code that only enqueues, cancels and reads jobs. It writes real
 * rows to the {@code job} table and, like the production queue, calls the listeners of the jobs it
 * cancels inside the same transaction. Claiming and leases are not implemented. It steps aside when
 * the production {@code PostgresJobQueue} is on the classpath.
 */
@Component
@ConditionalOnMissingClass("io.vitsearch.queue.PostgresJobQueue")
public class JdbcTestJobQueue implements JobQueue {

    private static final RowMapper<JobView> JOB = (rs, row) -> new JobView(
            rs.getObject("id", UUID.class),
            rs.getObject("experiment_id", UUID.class),
            rs.getString("kind"),
            JobState.valueOf(rs.getString("state")),
            rs.getInt("priority"),
            rs.getString("lease_owner"),
            instant(rs.getTimestamp("lease_expires_at")),
            rs.getInt("attempt"),
            rs.getInt("max_attempts"),
            rs.getString("last_error"),
            instant(rs.getTimestamp("created_at")),
            instant(rs.getTimestamp("finished_at")));

    private final JdbcTemplate jdbc;

    private final ObjectProvider<JobEventListener> listeners;

    public JdbcTestJobQueue(JdbcTemplate jdbc, ObjectProvider<JobEventListener> listeners) {
        this.jdbc = jdbc;
        this.listeners = listeners;
    }

    @Override
    @Transactional
    public UUID enqueue(NewJob job) {
        UUID id = UUID.randomUUID();
        Timestamp now = Timestamp.from(Instant.now());
        Timestamp runAfter = job.runAfter() == null ? now : Timestamp.from(job.runAfter());
        jdbc.update("""
                INSERT INTO job (id, experiment_id, kind, state, priority, payload, max_attempts, run_after,
                                 created_at, updated_at)
                VALUES (?, ?, ?, 'QUEUED', ?, ?::jsonb, ?, ?, ?, ?)
                """, id, job.experimentId(), job.kind(), job.priority(), job.payload(), job.maxAttempts(), runAfter,
                now, now);
        return id;
    }

    /** Cancels queued jobs at once and calls the listeners. Running jobs are left to their worker. */
    @Override
    @Transactional
    public void requestCancel(UUID experimentId) {
        List<UUID> cancelled = jdbc.queryForList("""
                UPDATE job SET state = 'CANCELLED', finished_at = now(), updated_at = now()
                WHERE experiment_id = ? AND state = 'QUEUED'
                RETURNING id
                """, UUID.class, experimentId);
        for (UUID id : cancelled) {
            JobView job = find(id).orElseThrow();
            listeners.orderedStream().forEach(listener -> listener.onCancelled(job));
        }
    }

    @Override
    public Optional<JobView> find(UUID jobId) {
        return jdbc.query("SELECT * FROM job WHERE id = ?", JOB, jobId).stream().findFirst();
    }

    @Override
    public List<JobView> findByExperiment(UUID experimentId) {
        return jdbc.query("SELECT * FROM job WHERE experiment_id = ? ORDER BY created_at, id", JOB, experimentId);
    }

    @Override
    public Optional<ClaimedJob> claim(String workerId, Collection<String> kinds) {
        throw new UnsupportedOperationException("The test queue does not lease jobs");
    }

    @Override
    public HeartbeatResult heartbeat(Lease lease) {
        throw new UnsupportedOperationException("The test queue does not lease jobs");
    }

    @Override
    public void complete(Lease lease) {
        throw new UnsupportedOperationException("The test queue does not lease jobs");
    }

    @Override
    public void fail(Lease lease, String error, boolean retryable) {
        throw new UnsupportedOperationException("The test queue does not lease jobs");
    }

    @Override
    public void acknowledgeCancel(Lease lease) {
        throw new UnsupportedOperationException("The test queue does not lease jobs");
    }

    @Override
    public List<UUID> reclaimExpiredLeases() {
        throw new UnsupportedOperationException("The test queue does not lease jobs");
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
