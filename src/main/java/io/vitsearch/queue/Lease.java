package io.vitsearch.queue;

import java.time.Instant;
import java.util.UUID;

/**
 * A worker's hold on one job. {@code attempt} is the fencing token: only the holder of the current
 * attempt may heartbeat, complete or fail the job.
 */
public record Lease(UUID jobId, int attempt, String owner, Instant expiresAt) {
}
