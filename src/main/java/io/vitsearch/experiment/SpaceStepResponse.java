package io.vitsearch.experiment;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import io.vitsearch.search.DimensionReport;
import io.vitsearch.search.SearchSpace;
import io.vitsearch.search.SpaceStep;

/**
 * One recorded space-evolution step.
 *
 * @param spaceStep 0 for the first step
 * @param before the space the architectures were sampled from
 * @param after the space after the step
 * @param etError E-T error of all samples of {@code before}: the mean of the mean error and the mean
 *     error of the best samples
 * @param moved whether at least one dimension's choices moved
 * @param dimensions per dimension: E-T error per choice, fitted slope, decision, step size and the reason
 */
@Schema(name = "SpaceStep", description = "One space-evolution step: the space before and after, per-choice E-T"
        + " errors, fitted slopes and the moves made")
public record SpaceStepResponse(
        @Schema(example = "0") int spaceStep,
        SearchSpace before,
        SearchSpace after,
        @Schema(example = "0.2315") double etError,
        @Schema(example = "true") boolean moved,
        List<DimensionReport> dimensions,
        @Schema(example = "2025-05-01T09:52:10Z") Instant recordedAt) {

    static SpaceStepResponse of(SpaceStep step, Instant recordedAt) {
        return new SpaceStepResponse(step.index(), step.before(), step.after(), step.etError(), step.moved(),
                step.dimensions(), recordedAt);
    }
}
