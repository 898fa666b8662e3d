package io.vitsearch.queue;

import java.time.Instant;
import java.util.UUID;

/**
 * A job to enqueue.
 *
 * @param experimentId the experiment the job belongs to, or null for a job of its own
 * @param kind what the job does, for example {@code experiment} or {@code evaluation}; workers claim by kind
 * @param priority higher runs first
 * @param payload JSON text handed to the worker, or null
 * @param maxAttempts how many leases the job may use before it fails, or null for
 *     {@code vitsearch.queue.max-attempts}
 * @param runAfter the job is not claimed before this instant; null means now
 */
public record NewJob(UUID experimentId, String kind, int priority, String payload, Integer maxAttempts, Instant runAfter) {

    public NewJob {
        if (kind == null || kind.isBlank()) {
            throw new IllegalArgumentException("Job kind must not be blank");
        }
        if (maxAttempts != null && maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
    }

    /** Creates a job that is due now and uses the configured number of attempts. */
    public static NewJob of(UUID experimentId, String kind, int priority, String payload) {
        return new NewJob(experimentId, kind, priority, payload, null, null);
    }
}
