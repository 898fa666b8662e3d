package io.vitsearch.experiment.spec;

import java.util.ArrayList;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import io.vitsearch.search.Violation;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * Space evolution: how many steps to run and how each step measures E-T errors and moves choices.
 *
 * @param steps space-evolution steps before the final supernet; 0 searches the submitted space as is
 * @param etSamples architectures sampled from a space to measure its E-T error
 * @param etTopK how many of the best samples make up T
 * @param slopeThreshold a dimension moves when |slope| times the span of its choices exceeds this
 * @param stepSize how far a moving dimension shifts its choices; null means the gap between adjacent
 *     choices of that dimension
 */
@Schema(description = "Space-evolution settings")
public record SpaceEvolutionSettings(
        @Schema(example = "2", defaultValue = "2") @Min(0) @Max(100) Integer steps,
        @Schema(example = "200", defaultValue = "200") @Min(1) @Max(100_000) Integer etSamples,
        @Schema(example = "20", defaultValue = "20", description = "At most etSamples")
        @Min(1) @Max(100_000) Integer etTopK,
        @Schema(example = "0.002", description = "Default 0.002") @DecimalMin("0") @DecimalMax("1") Double slopeThreshold,
        @Schema(nullable = true, description = "Shift of a moving dimension, greater than 0; omit to use the gap between adjacent choices")
        @DecimalMin(value = "0", inclusive = false) Double stepSize) {

    public SpaceEvolutionSettings {
        steps = steps == null ? 2 : steps;
        etSamples = etSamples == null ? 200 : etSamples;
        etTopK = etTopK == null ? 20 : etTopK;
        slopeThreshold = slopeThreshold == null ? 0.002 : slopeThreshold;
    }

    /** Returns the settings with every field at its default. */
    public static SpaceEvolutionSettings defaults() {
        return new SpaceEvolutionSettings(null, null, null, null, null);
    }

    List<Violation> crossFieldViolations() {
        List<Violation> violations = new ArrayList<>();
        // Compared only when etSamples is itself valid, so one bad value is reported once.
        if (etSamples >= 1 && etTopK > etSamples) {
            violations.add(new Violation("etTopK", etTopK, "must be at most etSamples (" + etSamples + ")"));
        }
        return violations;
    }
}
