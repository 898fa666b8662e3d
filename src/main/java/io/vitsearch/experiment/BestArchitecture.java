package io.vitsearch.experiment;

import io.swagger.v3.oas.annotations.media.Schema;
import io.vitsearch.search.Architecture;

/**
 * The best architecture an experiment has found so far: the rank-1 architecture once the search has
 * ranked its results, and before that the candidate with the lowest validation error in the
 * generations recorded so far.
 *
 * @param rank 1 when the architecture comes from the ranked results, null while searching
 * @param generation the first generation that evaluated the architecture, null when no recorded generation did
 * @param testAccuracy top-1 accuracy on the test split, null until the ranked architecture is measured
 */
@Schema(name = "BestArchitecture", description = "The best architecture so far: rank 1 once ranked, otherwise"
        + " the best candidate of the generations recorded so far")
public record BestArchitecture(
        @Schema(example = "3f9c2a7b10d4e851") String archId,
        @Schema(example = "1", nullable = true) Integer rank,
        @Schema(example = "7", nullable = true) Integer generation,
        Architecture architecture,
        @Schema(example = "0.1285") double validationError,
        @Schema(example = "0.8791", nullable = true) Double testAccuracy,
        @Schema(example = "212874") long params,
        @Schema(example = "6183424") long flops) {
}
