package io.vitsearch.search;

/**
 * Resource constraint of a search; each bound is optional ({@code null} means unbounded). Candidates
 * outside it are never evaluated.
 *
 * @param minParams smallest allowed parameter count, inclusive
 * @param maxParams largest allowed parameter count, inclusive
 * @param maxFlops largest allowed multiply-accumulates per image, inclusive
 */
public record Constraints(Long minParams, Long maxParams, Long maxFlops) {

    public static final Constraints NONE = new Constraints(null, null, null);

    public Constraints {
        Violations violations = new Violations();
        if (minParams != null && minParams < 0) {
            violations.add("minParams", minParams, "must be at least 0");
        }
        if (maxParams != null && maxParams < 1) {
            violations.add("maxParams", maxParams, "must be at least 1");
        }
        if (maxFlops != null && maxFlops < 1) {
            violations.add("maxFlops", maxFlops, "must be at least 1");
        }
        if (minParams != null && maxParams != null && minParams > maxParams) {
            violations.add("minParams", minParams, "must not exceed maxParams (" + maxParams + ")");
        }
        violations.throwIfAny();
    }

    public boolean allows(ComplexityResult complexity) {
        return (minParams == null || complexity.params() >= minParams)
                && (maxParams == null || complexity.params() <= maxParams)
                && (maxFlops == null || complexity.flops() <= maxFlops);
    }

    public boolean allows(Architecture architecture) {
        return allows(Complexity.of(architecture));
    }

    /** Returns the bounds as {@code minParams=..., maxParams=..., maxFlops=...}, with "none" for a missing one. */
    public String describe() {
        return "minParams=" + orNone(minParams) + ", maxParams=" + orNone(maxParams) + ", maxFlops=" + orNone(maxFlops);
    }

    private static String orNone(Long bound) {
        return bound == null ? "none" : bound.toString();
    }
}
