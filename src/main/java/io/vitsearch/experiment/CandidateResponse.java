package io.vitsearch.experiment;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import io.vitsearch.search.Architecture;
import io.vitsearch.search.Candidate;

/**
 * One member of a generation's population, named as the other result endpoints name the same values.
 * The stored {@link Candidate} keeps its own field names, which checkpoints and the database use.
 *
 * @param validationError top-1 error on the validation split with inherited supernet weights
 * @param origin how it was made: random, mutation or crossover
 * @param parentArchIds ids of its parents: none for random, one for a mutant, two for a crossover child
 */
@Schema(name = "Candidate", description = "An evaluated architecture of the evolutionary search")
public record CandidateResponse(
        @Schema(example = "3f9c2a7b10d4e851") String archId,
        Architecture architecture,
        @Schema(example = "0.1412") double validationError,
        @Schema(example = "212874") long params,
        @Schema(example = "6183424") long flops,
        @Schema(example = "crossover", allowableValues = {Candidate.RANDOM, Candidate.MUTATION, Candidate.CROSSOVER})
        String origin,
        List<String> parentArchIds) {

    static CandidateResponse of(Candidate candidate) {
        return new CandidateResponse(candidate.id(), candidate.architecture(), candidate.error(), candidate.params(),
                candidate.flops(), candidate.origin(), candidate.parentIds());
    }
}
