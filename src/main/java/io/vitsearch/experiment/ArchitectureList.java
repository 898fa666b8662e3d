package io.vitsearch.experiment;

import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

/** An experiment's best architectures, rank 1 first. */
@Schema(name = "ArchitectureList", description = "The best architectures, rank 1 first")
public record ArchitectureList(
        @Schema(example = "0b9e4c55-4a8f-4f0e-9a57-3c1d2b6f7e10") UUID experimentId,
        List<ArchitectureResponse> architectures) {
}
