package io.vitsearch.queue;

import java.time.Instant;
import java.util.UUID;

/**
 * A read-only snapshot of a job row.
 *
 * @param leaseOwner the worker that holds the lease, or held it last once the job left RUNNING
 * @param leaseExpiresAt when the current lease ends; null unless the job is RUNNING
 * @param attempt how many leases the job has used, which is the current lease's fencing token
 * @param runAfter when the job is next due; after a failed attempt, when the retry may start
 * @param cancelRequested whether cancellation of the job was requested; a running job stops at its next heartbeat
 */
public record JobView(
        UUID id,
        UUID experimentId,
        String kind,
        JobState state,
        int priority,
        String leaseOwner,
        Instant leaseExpiresAt,
        int attempt,
        int maxAttempts,
        String lastError,
        Instant createdAt,
        Instant finishedAt,
        Instant runAfter,
        boolean cancelRequested) {
}
