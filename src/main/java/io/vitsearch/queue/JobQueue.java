package io.vitsearch.queue;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The job queue that workers lease work from. Every claim returns a {@link Lease} whose attempt
 * number is a fencing token: a write made with a lease that has expired, or that another worker has
 * since replaced, is rejected with {@link LeaseLostException}.
 */
public interface JobQueue {

    /** Adds a job in state QUEUED and returns its id. */
    UUID enqueue(NewJob job);

    /**
     * Claims the due queued job with the highest priority, oldest first, among the given kinds, and
     * leases it to {@code workerId}. Returns empty when no job is due.
     *
     * @throws IllegalArgumentException when {@code kinds} is empty
     */
    Optional<ClaimedJob> claim(String workerId, Collection<String> kinds);

    /**
     * Extends the lease. Returns {@link HeartbeatResult#CANCEL_REQUESTED} when the job's cancellation
     * was requested, so the worker stops within one heartbeat.
     */
    HeartbeatResult heartbeat(Lease lease);

    /**
     * Locks the leased job's row until the caller's transaction ends, or throws
     * {@link LeaseLostException} when the lease is no longer current. Writers of a job's results call
     * it inside their own transaction, so a worker whose lease expired cannot write after another
     * worker has taken over.
     */
    void verifyLease(Lease lease);

    /** Marks the leased job SUCCEEDED. */
    void complete(Lease lease);

    /**
     * Records a failed attempt. A retryable failure requeues the job, due after the configured retry
     * delay, until it has used {@code maxAttempts}; then, or for a failure that is not retryable, the
     * job is FAILED. A job whose cancellation was requested is not retried: it becomes CANCELLED and
     * keeps the error.
     */
    void fail(Lease lease, String error, boolean retryable);

    /**
     * Marks the leased job CANCELLED after the worker stopped on a cancel request. A worker may also
     * call it without a request, to give up a job for good.
     */
    void acknowledgeCancel(Lease lease);

    /**
     * Requests cancellation of every unfinished job of an experiment: queued jobs become CANCELLED at
     * once, and the next heartbeat of a running one returns {@link HeartbeatResult#CANCEL_REQUESTED}.
     */
    void requestCancel(UUID experimentId);

    /**
     * Ends every lease that has expired: the job goes back to QUEUED, or becomes FAILED when it has
     * used all its attempts, or CANCELLED when its cancellation was requested. Returns the affected jobs.
     */
    List<UUID> reclaimExpiredLeases();

    Optional<JobView> find(UUID jobId);

    List<JobView> findByExperiment(UUID experimentId);
}
