package io.vitsearch.pipeline;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;

import ai.djl.Device;
import io.vitsearch.queue.ClaimedJob;
import io.vitsearch.queue.JobQueue;
import io.vitsearch.queue.JobState;
import io.vitsearch.queue.JobView;
import io.vitsearch.queue.Lease;
import io.vitsearch.queue.LeaseLostException;
import io.vitsearch.queue.NewJob;
import io.vitsearch.search.Architecture;
import io.vitsearch.worker.CancelledException;
import io.vitsearch.worker.JobContext;
import io.vitsearch.worker.NonRetryableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Spreads an experiment's evaluation work over the workers: splits the architectures into
 * {@code evaluation} jobs, then waits for their results. While it waits, the experiment's own
 * worker claims and runs evaluation jobs itself, so one worker alone still makes progress and
 * more workers finish sooner.
 *
 * <p>Each batch of architectures has a key that a resumed attempt derives again; the
 * {@code evaluation_batch} table maps it to its job, so a resumed attempt waits for the jobs of the
 * earlier one instead of enqueueing the work twice. A batch whose job ended without all its results,
 * because it failed or was cancelled in an earlier attempt, gets a new job. A job that ends so while
 * this attempt waits fails the attempt with the job's error.
 */
class EvaluationCoordinator {

    private static final Logger log = LoggerFactory.getLogger(EvaluationCoordinator.class);

    private final JobQueue queue;

    private final NamedParameterJdbcTemplate jdbc;

    private final TransactionTemplate transactions;

    private final EvaluationResults results;

    private final EvaluationWork work;

    private final PipelineProperties properties;

    private final ScheduledExecutorService heartbeats;

    private final Duration heartbeatInterval;

    EvaluationCoordinator(JobQueue queue, NamedParameterJdbcTemplate jdbc, TransactionTemplate transactions,
            EvaluationResults results, EvaluationWork work, PipelineProperties properties,
            ScheduledExecutorService heartbeats, Duration heartbeatInterval) {
        this.queue = queue;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.results = results;
        this.work = work;
        this.properties = properties;
        this.heartbeats = heartbeats;
        this.heartbeatInterval = heartbeatInterval;
    }

    /**
     * Returns the validation error of every architecture of {@code architectures} through the
     * checkpoint, evaluating those that have no stored result.
     *
     * @param purpose names the request within the checkpoint, for example {@code space-0} or
     *     {@code generation-3}; the same purpose must always list the same architectures
     * @param priority queue priority of the evaluation jobs
     */
    Map<String, Double> evaluate(JobContext context, Device device, EvaluationRequest request, String purpose,
            int priority) {
        List<String> ids = request.architectures().stream().map(Architecture::id).toList();
        Map<String, Double> stored = results.find(request.experimentId(), request.checkpointKey(), ids);
        if (stored.size() == ids.size()) {
            return ordered(ids, stored);
        }

        Map<String, UUID> batchJobs = enqueueBatches(context.job().lease(), request, purpose, priority, stored);
        log.debug("Experiment {} waits for {} of {} evaluations on {} ({}) in {} jobs", request.experimentId(),
                ids.size() - stored.size(), ids.size(), request.checkpointKey(), purpose, batchJobs.size());

        long deadline = System.nanoTime() + properties.evaluationTimeout().toNanos();
        while (true) {
            stored = results.find(request.experimentId(), request.checkpointKey(), ids);
            if (stored.size() == ids.size()) {
                return ordered(ids, stored);
            }
            context.ensureActive();

            if (runOneJob(context, device)) {
                continue;
            }
            checkBatchJobs(request, batchJobs);
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Timed out after " + properties.evaluationTimeout() + " waiting for "
                        + (ids.size() - stored.size()) + " evaluations of experiment " + request.experimentId()
                        + " on " + request.checkpointKey() + " (" + purpose + "); their jobs are " + batchJobs.values()
                        + ". Check that the workers are running, or raise vitsearch.pipeline.evaluation-timeout");
            }
            pause(context);
        }
    }

    private Map<String, UUID> enqueueBatches(Lease lease, EvaluationRequest request, String purpose, int priority,
            Map<String, Double> stored) {
        Map<String, UUID> jobs = new LinkedHashMap<>();
        List<Architecture> all = request.architectures();
        int chunk = properties.evaluationChunkSize();
        for (int from = 0, index = 0; from < all.size(); from += chunk, index++) {
            List<Architecture> batch = all.subList(from, Math.min(from + chunk, all.size()));
            if (batch.stream().allMatch(architecture -> stored.containsKey(architecture.id()))) {
                continue;
            }
            String batchKey = purpose + "/" + index;
            EvaluationRequest part = new EvaluationRequest(request.experimentId(), request.checkpointKey(),
                    request.data(), request.batchSize(), batch);
            UUID jobId = transactions.execute(status -> ensureBatchJob(lease, part, batchKey, priority));
            jobs.put(batchKey, jobId);
        }
        return jobs;
    }

    private UUID ensureBatchJob(Lease lease, EvaluationRequest part, String batchKey, int priority) {
        queue.verifyLease(lease);
        MapSqlParameterSource key = new MapSqlParameterSource()
                .addValue("experimentId", part.experimentId())
                .addValue("checkpointKey", part.checkpointKey())
                .addValue("batchKey", batchKey);
        List<UUID> existing = jdbc.query("""
                SELECT job_id FROM evaluation_batch
                WHERE experiment_id = :experimentId AND checkpoint_key = :checkpointKey AND batch_key = :batchKey
                FOR UPDATE
                """, key, (row, n) -> row.getObject("job_id", UUID.class));

        if (!existing.isEmpty()) {
            Optional<JobView> job = queue.find(existing.get(0));
            boolean usable = job.map(view -> view.state() == JobState.QUEUED || view.state() == JobState.RUNNING)
                    .orElse(false);
            if (usable) {
                return existing.get(0);
            }
        }

        UUID jobId = queue.enqueue(new NewJob(part.experimentId(), EvaluationPipeline.KIND, priority, part.toJson(),
                properties.evaluationJobAttempts(), null));
        key.addValue("jobId", jobId);
        if (existing.isEmpty()) {
            jdbc.update("""
                    INSERT INTO evaluation_batch (experiment_id, checkpoint_key, batch_key, job_id)
                    VALUES (:experimentId, :checkpointKey, :batchKey, :jobId)
                    """, key);
        } else {
            // The earlier job ended without every result, for example after a failure in an earlier attempt.
            jdbc.update("""
                    UPDATE evaluation_batch SET job_id = :jobId
                    WHERE experiment_id = :experimentId AND checkpoint_key = :checkpointKey AND batch_key = :batchKey
                    """, key);
        }
        return jobId;
    }

    /** Fails the attempt when a batch's job has ended without storing all its results. */
    private void checkBatchJobs(EvaluationRequest request, Map<String, UUID> batchJobs) {
        for (Map.Entry<String, UUID> batch : batchJobs.entrySet()) {
            JobView job = queue.find(batch.getValue()).orElse(null);
            if (job == null || job.state() == JobState.QUEUED || job.state() == JobState.RUNNING) {
                continue;
            }
            // A finished job may have stored its last result just after this call read the results.
            Set<String> batchIds = new HashSet<>();
            EvaluationRequest part = batchRequest(request, batch.getKey());
            part.architectures().forEach(architecture -> batchIds.add(architecture.id()));
            if (results.find(request.experimentId(), request.checkpointKey(), batchIds).size() == batchIds.size()) {
                continue;
            }
            throw new IllegalStateException("Evaluation job " + job.id() + " (batch " + batch.getKey() + " on "
                    + request.checkpointKey() + ") ended " + job.state() + " after " + job.attempt() + " attempts "
                    + "without storing all its results" + (job.lastError() == null ? "" : ": " + job.lastError())
                    + "; the next attempt of the experiment enqueues the batch again");
        }
    }

    private EvaluationRequest batchRequest(EvaluationRequest request, String batchKey) {
        int index = Integer.parseInt(batchKey.substring(batchKey.lastIndexOf('/') + 1));
        int chunk = properties.evaluationChunkSize();
        List<Architecture> all = request.architectures();
        return new EvaluationRequest(request.experimentId(), request.checkpointKey(), request.data(),
                request.batchSize(), all.subList(index * chunk, Math.min((index + 1) * chunk, all.size())));
    }

    /**
     * Claims one due evaluation job, of any experiment, and runs it on this thread. Returns false
     * when none was due.
     */
    private boolean runOneJob(JobContext context, Device device) {
        String workerId = context.job().lease().owner();
        Optional<ClaimedJob> claimed = queue.claim(workerId, List.of(EvaluationPipeline.KIND));
        if (claimed.isEmpty()) {
            return false;
        }

        ClaimedJob job = claimed.get();
        Lease lease = job.lease();
        InlineHeartbeat heartbeat = InlineHeartbeat.start(queue, lease, heartbeats, heartbeatInterval);
        try {
            EvaluationRequest request = EvaluationRequest.parse(job.payload());
            work.run(request, lease, device, () -> {
                context.ensureActive();
                heartbeat.ensureActive();
            });
            heartbeat.close();
            queue.complete(lease);
        } catch (InlineHeartbeat.InlineJobStopped e) {
            heartbeat.close();
            if (e.cancelled()) {
                acknowledgeCancel(lease);
            }
        } catch (CancelledException e) {
            // The experiment must stop; the evaluation job goes back to the queue for another worker.
            heartbeat.close();
            release(lease, "its worker stopped running experiment " + context.experimentId() + ": " + e.getMessage());
            throw e;
        } catch (LeaseLostException e) {
            heartbeat.close();
            log.debug("Evaluation job {} attempt {} lost its lease: {}", lease.jobId(), lease.attempt(), e.getMessage());
        } catch (IOException | RuntimeException e) {
            heartbeat.close();
            boolean retryable = !isNonRetryable(e);
            log.warn("Evaluation job {} (experiment {}) attempt {} failed on worker {}{}", lease.jobId(),
                    job.experimentId(), lease.attempt(), workerId, retryable ? "" : " and is not retryable", e);
            fail(lease, describe(e), retryable);
        } finally {
            heartbeat.close();
        }
        return true;
    }

    private void acknowledgeCancel(Lease lease) {
        try {
            queue.acknowledgeCancel(lease);
        } catch (LeaseLostException e) {
            log.debug("Cancelled evaluation job {} was taken over: {}", lease.jobId(), e.getMessage());
        }
    }

    private void release(Lease lease, String reason) {
        fail(lease, "released: " + reason, true);
    }

    private void fail(Lease lease, String error, boolean retryable) {
        try {
            queue.fail(lease, error, retryable);
        } catch (LeaseLostException e) {
            log.debug("Outcome of evaluation job {} attempt {} rejected: {}", lease.jobId(), lease.attempt(),
                    e.getMessage());
        } catch (RuntimeException e) {
            log.warn("Could not record the outcome of evaluation job {} attempt {}; it is retried once its lease "
                    + "expires", lease.jobId(), lease.attempt(), e);
        }
    }

    private void pause(JobContext context) {
        try {
            Thread.sleep(properties.evaluationPollInterval().toMillis());
        } catch (InterruptedException e) {
            // The worker interrupts a pipeline only to stop it, and ensureActive then throws with the
            // reason. The interrupt status stays cleared so that the next wait is not cut short.
            context.ensureActive();
        }
    }

    private static Map<String, Double> ordered(List<String> ids, Map<String, Double> errors) {
        Map<String, Double> result = new LinkedHashMap<>();
        for (String id : ids) {
            result.put(id, errors.get(id));
        }
        return result;
    }

    static boolean isNonRetryable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof NonRetryableException) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    /** Returns the failure and its causes as one line, the way workers record a job's last error. */
    static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder(failure.toString());
        List<Throwable> seen = new ArrayList<>();
        seen.add(failure);
        for (Throwable cause = failure.getCause(); cause != null && !seen.contains(cause) && seen.size() < 10;
                cause = cause.getCause()) {
            text.append(" (caused by ").append(cause).append(')');
            seen.add(cause);
        }
        return text.length() > 2000 ? text.substring(0, 1997) + "..." : text.toString();
    }

}
