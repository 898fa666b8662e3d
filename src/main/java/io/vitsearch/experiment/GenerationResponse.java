package io.vitsearch.experiment;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import io.vitsearch.search.Candidate;

/**
 * One recorded generation of the evolutionary search.
 *
 * @param generation 0 for the random initial population
 * @param size number of candidates in {@code population}
 * @param bestArchId id of the candidate with the lowest validation error in this generation, or
 *     null for an empty generation
 * @param bestValidationError that candidate's validation error
 * @param population the architectures first evaluated in this generation, in the order they were
 *     made, each with its validation error, parameters, FLOPs, origin and parent ids
 */
@Schema(name = "Generation", description = "One generation of the evolutionary search with its population")
public record GenerationResponse(
        @Schema(example = "3") int generation,
        @Schema(example = "20") int size,
        @Schema(example = "3f9c2a7b10d4e851", nullable = true) String bestArchId,
        @Schema(example = "0.1412", nullable = true) Double bestValidationError,
        List<CandidateResponse> population,
        @Schema(example = "2025-05-01T10:05:44Z") Instant recordedAt) {

    static GenerationResponse of(int generation, List<Candidate> population, Instant recordedAt) {
        Candidate best = population.stream().min(Comparator.comparingDouble(Candidate::error)).orElse(null);
        return new GenerationResponse(generation, population.size(), best == null ? null : best.id(),
                best == null ? null : best.error(), population.stream().map(CandidateResponse::of).toList(),
                recordedAt);
    }
}
