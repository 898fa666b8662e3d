package io.vitsearch.experiment;

import io.swagger.v3.oas.annotations.media.Schema;
import io.vitsearch.search.Architecture;

/**
 * One of the best architectures of an experiment.
 *
 * @param rank 1 for the lowest validation error
 * @param validationError top-1 error on the validation split with inherited supernet weights
 * @param validationAccuracy {@code 1 - validationError}
 * @param testAccuracy top-1 accuracy on the test split, or null when the dataset has none
 * @param modelUrl where to download the exported model zip, or null before it is exported
 * @param modelSha256 hex SHA-256 of the model zip, or null before it is exported
 */
@Schema(name = "RankedArchitecture", description = "One of the best architectures found, with its exported model")
public record ArchitectureResponse(
        @Schema(example = "1") int rank,
        @Schema(example = "3f9c2a7b10d4e851") String archId,
        Architecture architecture,
        @Schema(example = "0.1285") double validationError,
        @Schema(example = "0.8715") double validationAccuracy,
        @Schema(example = "0.8642", nullable = true) Double testAccuracy,
        @Schema(example = "212874") long params,
        @Schema(example = "6183424") long flops,
        @Schema(example = "/api/v1/experiments/0b9e4c55-4a8f-4f0e-9a57-3c1d2b6f7e10/architectures/3f9c2a7b10d4e851/model",
                nullable = true) String modelUrl,
        @Schema(example = "9a3f1c0e5b7d2468ace013579bdf2468ace013579bdf2468ace013579bdf2468", nullable = true)
        String modelSha256) {
}
