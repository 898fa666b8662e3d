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
 * The evolutionary search over the final space, as in AutoFormer: each generation keeps the best
 * {@code parents}, then fills the next population with {@code mutations} mutated and
 * {@code crossovers} crossed-over candidates, topping up at random when short.
 *
 * @param mutationProbability chance that a mutation resamples each per-layer gene
 * @param depthMutationProbability chance that a mutation resamples depth and embed dim
 */
@Schema(description = "Evolutionary search settings")
public record EvolutionSettings(
        @Schema(example = "50", defaultValue = "50") @Min(2) @Max(100_000) Integer population,
        @Schema(example = "20", defaultValue = "20") @Min(1) @Max(10_000) Integer generations,
        @Schema(example = "10", defaultValue = "10", description = "At most population")
        @Min(1) @Max(100_000) Integer parents,
        @Schema(example = "25", defaultValue = "25", description = "mutations + crossovers is at most population")
        @Min(0) @Max(100_000) Integer mutations,
        @Schema(example = "25", defaultValue = "25") @Min(0) @Max(100_000) Integer crossovers,
        @Schema(example = "0.2", description = "Default 0.2") @DecimalMin("0") @DecimalMax("1") Double mutationProbability,
        @Schema(example = "0.4", description = "Default 0.4") @DecimalMin("0") @DecimalMax("1") Double depthMutationProbability) {

    public EvolutionSettings {
        population = population == null ? 50 : population;
        generations = generations == null ? 20 : generations;
        parents = parents == null ? 10 : parents;
        mutations = mutations == null ? 25 : mutations;
        crossovers = crossovers == null ? 25 : crossovers;
        mutationProbability = mutationProbability == null ? 0.2 : mutationProbability;
        depthMutationProbability = depthMutationProbability == null ? 0.4 : depthMutationProbability;
    }

    /** Returns the settings with every field at its default. */
    public static EvolutionSettings defaults() {
        return new EvolutionSettings(null, null, null, null, null, null, null);
    }

    List<Violation> crossFieldViolations() {
        List<Violation> violations = new ArrayList<>();
        // Compared only when population is itself valid, so one bad value is reported once.
        if (population < 2) {
            return violations;
        }
        if (parents > population) {
            violations.add(new Violation("parents", parents, "must be at most population (" + population + ")"));
        }
        // Widened to long so that two large values cannot overflow into a passing sum.
        if ((long) mutations + crossovers > population) {
            violations.add(new Violation("mutations", mutations,
                    "mutations + crossovers (" + ((long) mutations + crossovers) + ") must be at most population ("
                            + population + ")"));
        }
        return violations;
    }
}
