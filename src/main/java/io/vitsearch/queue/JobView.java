package io.vitsearch.queue;

import java.time.Instant;
import java.util.UUID;

/** A read-only snapshot of a job row. */
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
        Instant finishedAt) {
}
