package io.vitsearch.experiment;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * When an experiment was created, started, finished and last changed, as UTC instants.
 *
 * @param startedAt when a worker last claimed it, or null while it waits
 * @param finishedAt when it reached SUCCEEDED, FAILED or CANCELLED, or null before
 */
@Schema(description = "Timestamps in UTC (ISO 8601)")
public record ExperimentTimings(
        @Schema(example = "2025-05-01T09:30:00Z") Instant createdAt,
        @Schema(example = "2025-05-01T09:30:02Z", nullable = true) Instant startedAt,
        @Schema(nullable = true) Instant finishedAt,
        @Schema(example = "2025-05-01T09:41:17Z") Instant updatedAt) {

    static ExperimentTimings of(Experiment experiment) {
        return new ExperimentTimings(experiment.getCreatedAt(), experiment.getStartedAt(), experiment.getFinishedAt(),
                experiment.getUpdatedAt());
    }
}
