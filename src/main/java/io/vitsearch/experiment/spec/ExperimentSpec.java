package io.vitsearch.experiment.spec;

import java.util.ArrayList;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import io.vitsearch.search.SearchSpace;
import io.vitsearch.search.Violation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * An experiment as submitted: what to search, on which dataset, and every setting of the search.
 * Omitted settings take their defaults when the record is built, so a stored spec shows exactly
 * what runs. Field names are the API contract.
 *
 * @param topK how many of the best architectures to export
 * @param seed seeds subnet sampling, the search and data splits, so a run can be repeated
 * @param priority higher-priority experiments are picked up by workers first
 */
@Schema(description = "An experiment specification; omitted settings take the defaults shown")
public record ExperimentSpec(
        @Schema(example = "fashion-quick", requiredMode = Schema.RequiredMode.REQUIRED,
                description = "1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit")
        @NotBlank
        @Size(max = NAME_MAX_LENGTH)
        @Pattern(regexp = NAME_PATTERN,
                message = "must start with a letter or digit and contain only letters, digits, '.', '_' or '-'")
        String name,

        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) @NotNull @Valid DatasetSpec dataset,

        @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                description = "The search space; 'family' selects vit or hierarchical")
        @NotNull
        SearchSpace space,

        @Valid SupernetSettings supernet,
        @Valid SpaceEvolutionSettings spaceEvolution,
        @Valid EvolutionSettings evolution,
        @Valid ResourceConstraints constraints,

        @Schema(example = "3", defaultValue = "3") @Min(1) @Max(1000) Integer topK,
        @Schema(example = "42", defaultValue = "0") Long seed,
        @Schema(example = "0", defaultValue = "0", description = "From -1000 to 1000; higher runs first")
        @Min(-1000) @Max(1000) Integer priority) {

    public static final int NAME_MAX_LENGTH = 64;
    public static final String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]*";

    public ExperimentSpec {
        supernet = supernet == null ? SupernetSettings.defaults() : supernet;
        spaceEvolution = spaceEvolution == null ? SpaceEvolutionSettings.defaults() : spaceEvolution;
        evolution = evolution == null ? EvolutionSettings.defaults() : evolution;
        constraints = constraints == null ? ResourceConstraints.none() : constraints;
        topK = topK == null ? 3 : topK;
        seed = seed == null ? 0L : seed;
        priority = priority == null ? 0 : priority;
    }

    /** Returns this spec with {@code space} replaced. */
    public ExperimentSpec withSpace(SearchSpace replacement) {
        return new ExperimentSpec(name, dataset, replacement, supernet, spaceEvolution, evolution, constraints,
                topK, seed, priority);
    }

    /**
     * Returns the violations of rules that relate two fields, such as parents at most population.
     * Field-level bounds are Bean Validation constraints and are checked separately.
     */
    public List<Violation> crossFieldViolations() {
        List<Violation> violations = new ArrayList<>();
        supernet.crossFieldViolations().forEach(v -> violations.add(v.under("supernet")));
        spaceEvolution.crossFieldViolations().forEach(v -> violations.add(v.under("spaceEvolution")));
        evolution.crossFieldViolations().forEach(v -> violations.add(v.under("evolution")));
        constraints.crossFieldViolations().forEach(v -> violations.add(v.under("constraints")));
        if (space != null && supernet.maxShift() >= space.imageSize() && space.imageSize() >= 1) {
            violations.add(new Violation("supernet.maxShift", supernet.maxShift(),
                    "must be less than space.imageSize (" + space.imageSize() + ")"));
        }
        return violations;
    }
}
