package io.vitsearch.experiment;

import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

/** The recorded generations of an experiment's evolutionary search, first generation first. */
@Schema(name = "GenerationList", description = "Recorded generations, first generation first")
public record GenerationList(
        @Schema(example = "0b9e4c55-4a8f-4f0e-9a57-3c1d2b6f7e10") UUID experimentId,
        List<GenerationResponse> generations) {
}
