package io.vitsearch.queue;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The job queue on the PostgreSQL {@code job} table. Workers claim with {@code FOR UPDATE SKIP
 * LOCKED}, so a claim passes over rows that another claim has locked instead of waiting for them,
 * and two claims never take the same row. Every write made
 * under a lease matches the row on job id, attempt, state RUNNING and an unexpired lease, so a
 * worker whose lease was reclaimed cannot change the job.
 *
 * <p>All times come from the injected {@link Clock}, truncated to the microsecond precision of
 * {@code timestamptz}, never from the database server's clock.
 */
@Component
public class PostgresJobQueue implements JobQueue {

    private static final Logger log = LoggerFactory.getLogger(PostgresJobQueue.class);

    /** Expired leases are reclaimed in transactions of at most this many rows, to keep row locks short. */
    private static final int RECLAIM_BATCH_SIZE = 100;

    private static final String LEASE_IS_CURRENT =
            "id = :id AND attempt = :attempt AND state = 'RUNNING' AND lease_expires_at > :now";

    private final NamedParameterJdbcTemplate jdbc;

    private final TransactionTemplate transactions;

    private final Clock clock;

    private final QueueProperties properties;

    private final List<JobEventListener> listeners;

    private final QueueMetrics metrics;

    public PostgresJobQueue(
            NamedParameterJdbcTemplate jdbc,
            TransactionTemplate transactions,
            Clock clock,
            QueueProperties properties,
            MeterRegistry meterRegistry,
            List<JobEventListener> listeners) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
        this.properties = properties;
        this.listeners = List.copyOf(listeners);
        this.metrics = new QueueMetrics(meterRegistry, clock, properties.depthGaugeCacheTime(), this::countUnfinishedJobs);
    }

    @Override
    public UUID enqueue(NewJob job) {
        UUID id = UUID.randomUUID();
        Instant now = now();
        int maxAttempts = job.maxAttempts() != null ? job.maxAttempts() : properties.maxAttempts();
        Instant runAfter = job.runAfter() != null ? job.runAfter() : now;

        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("id", id)
                .addValue("experimentId", job.experimentId(), Types.OTHER)
                .addValue("kind", job.kind())
                .addValue("priority", job.priority())
                .addValue("payload", job.payload(), Types.VARCHAR)
                .addValue("maxAttempts", maxAttempts)
                .addValue("runAfter", timestamp(runAfter))
                .addValue("now", timestamp(now));
        jdbc.update("""
                INSERT INTO job (id, experiment_id, kind, state, priority, payload, attempt, max_attempts,
                                 run_after, created_at, updated_at)
                VALUES (:id, :experimentId, :kind, 'QUEUED', :priority, CAST(:payload AS jsonb), 0, :maxAttempts,
                        :runAfter, :now, :now)
                """, params);

        log.debug("Enqueued job {} (kind {}, experiment {}, priority {}, due {})",
                id, job.kind(), job.experimentId(), job.priority(), runAfter);
        return id;
    }

    @Override
    public Optional<ClaimedJob> claim(String workerId, Collection<String> kinds) {
        if (workerId == null || workerId.isBlank()) {
            throw new IllegalArgumentException("workerId must not be blank");
        }
        if (kinds == null || kinds.isEmpty()) {
            throw new IllegalArgumentException("Worker " + workerId + " must claim at least one job kind, was " + kinds);
        }
        long started = System.nanoTime();

        Optional<ClaimedJob> claimed = transactions.execute(status -> claimInTransaction(workerId, kinds));

        metrics.recordClaim(System.nanoTime() - started, claimed.isPresent());
        if (claimed.isEmpty()) {
            log.trace("No due job of kinds {} for worker {}", kinds, workerId);
            return claimed;
        }
        ClaimedJob job = claimed.get();
        metrics.claimed(job.kind());
        log.info("Worker {} claimed job {} (kind {}, experiment {}), attempt {} of {}, lease until {}",
                workerId, job.jobId(), job.kind(), job.experimentId(), job.attempt(), job.maxAttempts(),
                job.lease().expiresAt());
        return claimed;
    }

    private Optional<ClaimedJob> claimInTransaction(String workerId, Collection<String> kinds) {
        Instant now = now();
        Instant expiresAt = now.plus(properties.leaseDuration());
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("kinds", kinds)
                .addValue("owner", workerId)
                .addValue("now", timestamp(now))
                .addValue("expiresAt", timestamp(expiresAt));

        List<ClaimedRow> rows = jdbc.query("""
                WITH next AS (
                    SELECT id FROM job
                    WHERE state = 'QUEUED' AND run_after <= :now AND kind IN (:kinds)
                    ORDER BY priority DESC, created_at, id
                    LIMIT 1
                    FOR UPDATE SKIP LOCKED
                )
                UPDATE job
                SET state = 'RUNNING', lease_owner = :owner, lease_expires_at = :expiresAt,
                    attempt = job.attempt + 1, updated_at = :now
                FROM next
                WHERE job.id = next.id
                RETURNING job.*
                """, params, (rs, rowNum) -> new ClaimedRow(mapJob(rs, rowNum), rs.getString("payload")));
        if (rows.isEmpty()) {
            return Optional.empty();
        }

        ClaimedRow row = rows.get(0);
        publish(row.job());
        JobView job = row.job();
        Lease lease = new Lease(job.id(), job.attempt(), workerId, job.leaseExpiresAt());
        return Optional.of(new ClaimedJob(lease, job.experimentId(), job.kind(), row.payload(), job.maxAttempts()));
    }

    @Override
    public HeartbeatResult heartbeat(Lease lease) {
        Instant now = now();
        MapSqlParameterSource params = leaseParams(lease, now)
                .addValue("expiresAt", timestamp(now.plus(properties.leaseDuration())));

        List<Boolean> cancelRequested = jdbc.query(
                "UPDATE job SET lease_expires_at = :expiresAt, updated_at = :now WHERE " + LEASE_IS_CURRENT
                        + " RETURNING cancel_requested",
                params, (rs, rowNum) -> rs.getBoolean("cancel_requested"));
        if (cancelRequested.isEmpty()) {
            throw leaseLost(lease, "heartbeat", now);
        }

        log.debug("Heartbeat extended the lease on job {} attempt {} for worker {}", lease.jobId(), lease.attempt(), lease.owner());
        return cancelRequested.get(0) ? HeartbeatResult.CANCEL_REQUESTED : HeartbeatResult.CONTINUE;
    }

    @Override
    public void verifyLease(Lease lease) {
        Instant now = now();
        List<UUID> held = jdbc.query("SELECT id FROM job WHERE " + LEASE_IS_CURRENT + " FOR SHARE",
                leaseParams(lease, now), (rs, rowNum) -> rs.getObject("id", UUID.class));
        if (held.isEmpty()) {
            throw leaseLost(lease, "write results", now);
        }
    }

    @Override
    public void complete(Lease lease) {
        JobView job = transactions.execute(status -> {
            Instant now = now();
            JobView updated = updateLeased(lease, now, "complete", """
                    UPDATE job SET state = 'SUCCEEDED', lease_expires_at = NULL, finished_at = :now, updated_at = :now
                    WHERE %s
                    RETURNING *
                    """.formatted(LEASE_IS_CURRENT), leaseParams(lease, now));
            publish(updated);
            return updated;
        });

        metrics.completed(job.kind());
        log.info("Job {} (kind {}, experiment {}) succeeded on attempt {} by worker {}",
                job.id(), job.kind(), job.experimentId(), job.attempt(), lease.owner());
    }

    @Override
    public void fail(Lease lease, String error, boolean retryable) {
        JobView job = transactions.execute(status -> failInTransaction(lease, error, retryable));

        metrics.failed(job.kind(), job.state());
        if (job.state() == JobState.CANCELLED) {
            metrics.cancelled(job.kind());
        }
        switch (job.state()) {
            case QUEUED -> log.info("Job {} (kind {}, experiment {}) attempt {} of {} failed on worker {}; retry due at {}. Error: {}",
                    job.id(), job.kind(), job.experimentId(), job.attempt(), job.maxAttempts(), lease.owner(),
                    job.runAfter(), error);
            case CANCELLED -> log.info("Job {} (kind {}, experiment {}) attempt {} failed on worker {} after cancellation "
                    + "was requested; the job is cancelled. Error: {}",
                    job.id(), job.kind(), job.experimentId(), job.attempt(), lease.owner(), error);
            default -> log.info("Job {} (kind {}, experiment {}) failed for good on attempt {} of {} ({}) on worker {}. Error: {}",
                    job.id(), job.kind(), job.experimentId(), job.attempt(), job.maxAttempts(),
                    retryable ? "no attempts left" : "not retryable", lease.owner(), error);
        }
    }

    private JobView failInTransaction(Lease lease, String error, boolean retryable) {
        Instant now = now();
        JobView current = lockLeased(lease, now, "fail");

        JobState next;
        if (current.cancelRequested()) {
            next = JobState.CANCELLED;
        } else if (retryable && current.attempt() < current.maxAttempts()) {
            next = JobState.QUEUED;
        } else {
            next = JobState.FAILED;
        }
        Instant runAfter = next == JobState.QUEUED ? now.plus(properties.retryDelay()) : current.runAfter();

        JobView updated = endLease(current.id(), next, error, runAfter, now);
        publish(updated);
        return updated;
    }

    @Override
    public void acknowledgeCancel(Lease lease) {
        JobView job = transactions.execute(status -> {
            Instant now = now();
            JobView updated = updateLeased(lease, now, "acknowledge cancellation of", """
                    UPDATE job SET state = 'CANCELLED', lease_expires_at = NULL, finished_at = :now, updated_at = :now
                    WHERE %s
                    RETURNING *
                    """.formatted(LEASE_IS_CURRENT), leaseParams(lease, now));
            publish(updated);
            return updated;
        });

        metrics.cancelled(job.kind());
        log.info("Job {} (kind {}, experiment {}) cancelled during attempt {} on worker {}",
                job.id(), job.kind(), job.experimentId(), job.attempt(), lease.owner());
    }

    @Override
    public void requestCancel(UUID experimentId) {
        List<JobView> jobs = transactions.execute(status -> {
            Instant now = now();
            MapSqlParameterSource params = new MapSqlParameterSource()
                    .addValue("experimentId", experimentId)
                    .addValue("now", timestamp(now));
            // One statement for both states: a job that a worker claims while this runs is re-read
            // after the claim commits, so it gets the flag as a running job instead of being missed.
            List<JobView> updated = jdbc.query("""
                    UPDATE job
                    SET state = CASE WHEN state = 'QUEUED' THEN 'CANCELLED' ELSE state END,
                        finished_at = CASE WHEN state = 'QUEUED' THEN :now ELSE finished_at END,
                        cancel_requested = true,
                        updated_at = :now
                    WHERE experiment_id = :experimentId
                      AND (state = 'QUEUED' OR (state = 'RUNNING' AND NOT cancel_requested))
                    RETURNING *
                    """, params, PostgresJobQueue::mapJob);
            updated.stream().filter(job -> job.state() == JobState.CANCELLED).forEach(this::publish);
            return updated;
        });

        if (jobs.isEmpty()) {
            log.info("Cancellation requested for experiment {}, which has no queued or running jobs", experimentId);
            return;
        }
        for (JobView job : jobs) {
            if (job.state() == JobState.CANCELLED) {
                metrics.cancelled(job.kind());
                log.info("Cancelled queued job {} (kind {}) of experiment {}", job.id(), job.kind(), experimentId);
            } else {
                log.info("Cancellation requested for running job {} (kind {}) of experiment {}, attempt {} on worker {}; "
                                + "the worker sees it at its next heartbeat",
                        job.id(), job.kind(), experimentId, job.attempt(), job.leaseOwner());
            }
        }
    }

    @Override
    public List<UUID> reclaimExpiredLeases() {
        List<UUID> reclaimed = new ArrayList<>();
        while (true) {
            List<ReclaimedLease> batch = transactions.execute(status -> reclaimBatch());

            for (ReclaimedLease lease : batch) {
                logReclaim(lease);
                metrics.leaseExpired(lease.job().kind(), lease.job().state());
                if (lease.job().state() == JobState.CANCELLED) {
                    metrics.cancelled(lease.job().kind());
                }
                reclaimed.add(lease.job().id());
            }
            if (batch.size() < RECLAIM_BATCH_SIZE) {
                return reclaimed;
            }
        }
    }

    private List<ReclaimedLease> reclaimBatch() {
        Instant now = now();
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("now", timestamp(now))
                .addValue("limit", RECLAIM_BATCH_SIZE);
        // SKIP LOCKED lets several reclaimers run at once. It also skips a job whose worker is
        // writing to it right now, so that write finishes first and the next sweep reads its result.
        List<JobView> expired = jdbc.query("""
                SELECT * FROM job
                WHERE state = 'RUNNING' AND lease_expires_at <= :now
                ORDER BY lease_expires_at
                LIMIT :limit
                FOR UPDATE SKIP LOCKED
                """, params, PostgresJobQueue::mapJob);

        List<ReclaimedLease> reclaimed = new ArrayList<>(expired.size());
        for (JobView job : expired) {
            JobState next;
            String error;
            if (job.cancelRequested()) {
                next = JobState.CANCELLED;
                error = "lease expired at " + job.leaseExpiresAt() + " after cancellation was requested; worker "
                        + job.leaseOwner() + " stopped heartbeating on attempt " + job.attempt();
            } else if (job.attempt() >= job.maxAttempts()) {
                next = JobState.FAILED;
                error = "lease expired at " + job.leaseExpiresAt() + " on the last attempt (" + job.attempt() + " of "
                        + job.maxAttempts() + "); worker " + job.leaseOwner() + " stopped heartbeating";
            } else {
                next = JobState.QUEUED;
                error = "lease expired at " + job.leaseExpiresAt() + "; worker " + job.leaseOwner()
                        + " stopped heartbeating on attempt " + job.attempt() + " of " + job.maxAttempts();
            }
            Instant runAfter = next == JobState.QUEUED ? now : job.runAfter();

            JobView updated = endLease(job.id(), next, error, runAfter, now);
            publish(updated);
            reclaimed.add(new ReclaimedLease(job, updated));
        }
        return reclaimed;
    }

    private static void logReclaim(ReclaimedLease lease) {
        JobView before = lease.before();
        JobView after = lease.job();
        switch (after.state()) {
            case QUEUED -> log.info("Reclaimed job {} (kind {}, experiment {}): lease of worker {} on attempt {} of {} "
                            + "expired at {}; the job is queued again",
                    after.id(), after.kind(), after.experimentId(), before.leaseOwner(), before.attempt(),
                    before.maxAttempts(), before.leaseExpiresAt());
            case CANCELLED -> log.info("Reclaimed job {} (kind {}, experiment {}): lease of worker {} on attempt {} "
                            + "expired at {} after cancellation was requested; the job is cancelled",
                    after.id(), after.kind(), after.experimentId(), before.leaseOwner(), before.attempt(),
                    before.leaseExpiresAt());
            default -> log.info("Reclaimed job {} (kind {}, experiment {}): lease of worker {} on the last attempt "
                            + "({} of {}) expired at {}; the job has failed",
                    after.id(), after.kind(), after.experimentId(), before.leaseOwner(), before.attempt(),
                    before.maxAttempts(), before.leaseExpiresAt());
        }
    }

    @Override
    public Optional<JobView> find(UUID jobId) {
        List<JobView> jobs = jdbc.query("SELECT * FROM job WHERE id = :id",
                new MapSqlParameterSource("id", jobId), PostgresJobQueue::mapJob);
        return jobs.stream().findFirst();
    }

    @Override
    public List<JobView> findByExperiment(UUID experimentId) {
        return jdbc.query("SELECT * FROM job WHERE experiment_id = :experimentId ORDER BY created_at, id",
                new MapSqlParameterSource("experimentId", experimentId), PostgresJobQueue::mapJob);
    }

    private Map<JobState, Long> countUnfinishedJobs() {
        Map<JobState, Long> counts = new EnumMap<>(JobState.class);
        jdbc.query("SELECT state, count(*) AS jobs FROM job WHERE state IN ('QUEUED', 'RUNNING') GROUP BY state",
                rs -> {
                    counts.put(JobState.valueOf(rs.getString("state")), rs.getLong("jobs"));
                });
        return counts;
    }

    /** Runs an update guarded by {@link #LEASE_IS_CURRENT} and returns the updated row. */
    private JobView updateLeased(Lease lease, Instant now, String operation, String sql, MapSqlParameterSource params) {
        List<JobView> rows = jdbc.query(sql, params, PostgresJobQueue::mapJob);
        if (rows.isEmpty()) {
            throw leaseLost(lease, operation, now);
        }
        return rows.get(0);
    }

    /** Locks the leased job's row for the rest of the transaction, or throws when the lease is not current. */
    private JobView lockLeased(Lease lease, Instant now, String operation) {
        List<JobView> rows = jdbc.query("SELECT * FROM job WHERE " + LEASE_IS_CURRENT + " FOR UPDATE",
                leaseParams(lease, now), PostgresJobQueue::mapJob);
        if (rows.isEmpty()) {
            throw leaseLost(lease, operation, now);
        }
        return rows.get(0);
    }

    /** Moves a locked RUNNING job to {@code next}, keeping {@code lease_owner} as the last holder. */
    private JobView endLease(UUID jobId, JobState next, String error, Instant runAfter, Instant now) {
        boolean finished = next != JobState.QUEUED;
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("id", jobId)
                .addValue("state", next.name())
                .addValue("error", error, Types.VARCHAR)
                .addValue("runAfter", timestamp(runAfter))
                .addValue("finishedAt", finished ? timestamp(now) : null, Types.TIMESTAMP_WITH_TIMEZONE)
                .addValue("now", timestamp(now));
        return jdbc.queryForObject("""
                UPDATE job
                SET state = :state, last_error = :error, lease_expires_at = NULL, run_after = :runAfter,
                    finished_at = :finishedAt, updated_at = :now
                WHERE id = :id
                RETURNING *
                """, params, PostgresJobQueue::mapJob);
    }

    private LeaseLostException leaseLost(Lease lease, String operation, Instant now) {
        String current = find(lease.jobId())
                .map(job -> "the job is now " + job.state() + " on attempt " + job.attempt()
                        + (job.state() == JobState.RUNNING ? " held by worker " + job.leaseOwner()
                                + " until " + job.leaseExpiresAt() : ""))
                .orElse("the job no longer exists");
        log.warn("Worker {} could not {} job {}: its lease on attempt {} is no longer current at {} ({})",
                lease.owner(), operation, lease.jobId(), lease.attempt(), now, current);
        return new LeaseLostException(lease.jobId(), lease.attempt(),
                "Lease on job " + lease.jobId() + " attempt " + lease.attempt() + " held by worker " + lease.owner()
                        + " is no longer current, so " + operation + " was rejected: " + current
                        + ". Stop working on this job and discard its results.");
    }

    private void publish(JobView job) {
        for (JobEventListener listener : listeners) {
            switch (job.state()) {
                case RUNNING -> listener.onClaimed(job);
                case QUEUED -> listener.onRequeued(job);
                case SUCCEEDED -> listener.onSucceeded(job);
                case FAILED -> listener.onFailed(job);
                case CANCELLED -> listener.onCancelled(job);
            }
        }
    }

    private static MapSqlParameterSource leaseParams(Lease lease, Instant now) {
        return new MapSqlParameterSource()
                .addValue("id", lease.jobId())
                .addValue("attempt", lease.attempt())
                .addValue("now", timestamp(now));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static JobView mapJob(ResultSet rs, int rowNum) throws SQLException {
        return new JobView(
                rs.getObject("id", UUID.class),
                rs.getObject("experiment_id", UUID.class),
                rs.getString("kind"),
                JobState.valueOf(rs.getString("state")),
                rs.getInt("priority"),
                rs.getString("lease_owner"),
                instant(rs, "lease_expires_at"),
                rs.getInt("attempt"),
                rs.getInt("max_attempts"),
                rs.getString("last_error"),
                instant(rs, "created_at"),
                instant(rs, "finished_at"),
                instant(rs, "run_after"),
                rs.getBoolean("cancel_requested"));
    }

    private record ClaimedRow(JobView job, String payload) {
    }

    private record ReclaimedLease(JobView before, JobView job) {
    }
}
