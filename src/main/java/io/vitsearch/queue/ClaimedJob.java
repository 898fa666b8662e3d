package io.vitsearch.queue;

import java.util.UUID;

/** A job as handed to the worker that claimed it. */
public record ClaimedJob(Lease lease, UUID experimentId, String kind, String payload, int maxAttempts) {

    public UUID jobId() {
        return lease.jobId();
    }

    public int attempt() {
        return lease.attempt();
    }
}
