package io.vitsearch.experiment;

import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

/** The recorded space-evolution steps of an experiment, first step first. */
@Schema(name = "SpaceStepList", description = "Recorded space-evolution steps, first step first")
public record SpaceStepList(
        @Schema(example = "0b9e4c55-4a8f-4f0e-9a57-3c1d2b6f7e10") UUID experimentId,
        List<SpaceStepResponse> spaceSteps) {
}
