package io.vitsearch.search;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * One step of space evolution.
 *
 * @param index 0 for the first step
 * @param before the space the samples came from
 * @param after the evolved space
 * @param etError E-T error of all samples of {@code before}
 * @param dimensions one report per dimension of {@code before}, in {@link SearchSpace#dimensions()} order
 */
public record SpaceStep(int index, SearchSpace before, SearchSpace after, double etError,
        List<DimensionReport> dimensions) {

    public SpaceStep {
        dimensions = List.copyOf(dimensions);
    }

    /** Returns true when at least one dimension moved, so another step may still change the space. */
    @JsonIgnore
    public boolean moved() {
        return dimensions.stream().anyMatch(report -> report.decision() != DimensionReport.Decision.KEEP);
    }
}
