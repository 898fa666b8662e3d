package io.vitsearch.experiment.spec;

import java.util.ArrayList;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import io.vitsearch.search.Violation;
import jakarta.validation.constraints.Min;

/**
 * Bounds every searched architecture must meet; candidates outside them are never evaluated. A null
 * bound is not applied.
 *
 * @param minParams fewest parameters
 * @param maxParams most parameters
 * @param maxFlops most multiply-accumulates of one forward pass of one image
 */
@Schema(description = "Resource constraint on searched architectures; omitted bounds are not applied")
public record ResourceConstraints(
        @Schema(example = "50000", nullable = true) @Min(0) Long minParams,
        @Schema(example = "400000", nullable = true) @Min(1) Long maxParams,
        @Schema(example = "50000000", nullable = true) @Min(1) Long maxFlops) {

    /** Returns constraints that apply no bound. */
    public static ResourceConstraints none() {
        return new ResourceConstraints(null, null, null);
    }

    List<Violation> crossFieldViolations() {
        List<Violation> violations = new ArrayList<>();
        if (minParams != null && maxParams != null && minParams > maxParams) {
            violations.add(new Violation("minParams", minParams, "must be at most maxParams (" + maxParams + ")"));
        }
        return violations;
    }
}
