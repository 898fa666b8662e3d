package io.vitsearch.search;

import java.util.List;
import java.util.Set;

/**
 * An evaluated architecture of the evolutionary search.
 *
 * @param architecture the architecture
 * @param id {@link Architecture#id()} of the architecture
 * @param error top-1 error returned by the {@link Evaluator}
 * @param params parameter count ({@link Complexity})
 * @param flops multiply-accumulates per image ({@link Complexity})
 * @param origin how it was made: {@value #RANDOM}, {@value #MUTATION} or {@value #CROSSOVER}
 * @param parentIds ids of its parents: none for random, one for a mutant, two for a crossover child
 */
public record Candidate(
        Architecture architecture,
        String id,
        double error,
        long params,
        long flops,
        String origin,
        List<String> parentIds) {

    public static final String RANDOM = "random";
    public static final String MUTATION = "mutation";
    public static final String CROSSOVER = "crossover";

    private static final Set<String> ORIGINS = Set.of(RANDOM, MUTATION, CROSSOVER);

    public Candidate {
        Violations violations = new Violations();
        if (architecture == null) {
            violations.add("architecture", null, "is required");
        } else if (!architecture.id().equals(id)) {
            violations.add("id", id, "must be the architecture's id (" + architecture.id() + ")");
        }
        if (!Double.isFinite(error)) {
            violations.add("error", error, "must be a finite number");
        }
        if (!ORIGINS.contains(origin)) {
            violations.add("origin", origin, "must be one of " + RANDOM + ", " + MUTATION + ", " + CROSSOVER);
        }
        if (parentIds == null) {
            violations.add("parentIds", null, "is required; use an empty list for a random candidate");
        }
        violations.throwIfAny();
        parentIds = List.copyOf(parentIds);
    }
}
