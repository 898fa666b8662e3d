package io.vitsearch.experiment;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.data.domain.Page;

/**
 * One page of a list of experiments, newest first.
 *
 * @param page zero-based page number
 * @param totalItems experiments matching the filter across all pages
 */
@Schema(name = "ExperimentPage", description = "One page of experiments, newest first")
public record ExperimentPage(
        List<ExperimentSummary> items,
        @Schema(example = "0") int page,
        @Schema(example = "20") int size,
        @Schema(example = "1") long totalItems,
        @Schema(example = "1") int totalPages) {

    static ExperimentPage of(Page<Experiment> page) {
        return new ExperimentPage(page.getContent().stream().map(ExperimentSummary::of).toList(), page.getNumber(),
                page.getSize(), page.getTotalElements(), page.getTotalPages());
    }
}
