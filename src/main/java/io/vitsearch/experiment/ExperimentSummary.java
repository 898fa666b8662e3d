package io.vitsearch.experiment;

import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

/** One experiment in a list: everything of {@link ExperimentResponse} except the spec. */
@Schema(name = "ExperimentSummary", description = "An experiment in a list, without its spec")
public record ExperimentSummary(
        @Schema(example = "0b9e4c55-4a8f-4f0e-9a57-3c1d2b6f7e10") UUID id,
        @Schema(example = "fashion-quick") String name,
        @Schema(example = "QUEUED") ExperimentStatus status,
        @Schema(nullable = true) String phase,
        @Schema(example = "0", minimum = "0", maximum = "1") double progress,
        @Schema(example = "0") int priority,
        ExperimentTimings timings,
        @Schema(nullable = true) String failureReason) {

    static ExperimentSummary of(Experiment experiment) {
        return new ExperimentSummary(experiment.getId(), experiment.getName(), experiment.getStatus(),
                experiment.getPhase(), experiment.getProgress(), experiment.getPriority(),
                ExperimentTimings.of(experiment), experiment.getFailureReason());
    }
}
