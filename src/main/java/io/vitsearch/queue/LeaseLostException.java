package io.vitsearch.queue;

import java.util.UUID;

/**
 * Raised when a worker writes with a lease that is no longer current: it expired and was reclaimed,
 * or a later attempt holds the job. The worker must stop working on the job.
 */
public class LeaseLostException extends RuntimeException {

    private final UUID jobId;

    private final int attempt;

    public LeaseLostException(UUID jobId, int attempt, String message) {
        super(message);
        this.jobId = jobId;
        this.attempt = attempt;
    }

    public UUID jobId() {
        return jobId;
    }

    /** Returns the attempt number of the rejected lease. */
    public int attempt() {
        return attempt;
    }
}
