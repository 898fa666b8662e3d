package io.vitsearch.search;

import java.util.List;

/**
 * An architecture the search wants evaluated, with what the resulting {@link Candidate} will carry
 * besides its error.
 */
public record ProposedCandidate(
        Architecture architecture,
        String id,
        long params,
        long flops,
        String origin,
        List<String> parentIds) {

    public ProposedCandidate {
        parentIds = List.copyOf(parentIds);
    }

    Candidate withError(double error) {
        return new Candidate(architecture, id, error, params, flops, origin, parentIds);
    }
}
