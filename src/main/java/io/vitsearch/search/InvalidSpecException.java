package io.vitsearch.search;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Raised when a search space, an architecture or a search setting breaks a hard bound. It carries
 * every violation found, each with its field path and rejected value, so an API caller sees all of
 * them at once.
 */
public class InvalidSpecException extends IllegalArgumentException {

    private final transient List<Violation> violations;

    public InvalidSpecException(List<Violation> violations) {
        super(describe(violations));
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }

    private static String describe(List<Violation> violations) {
        return violations.stream()
                .map(v -> v.field() + " = " + v.rejectedValue() + ": " + v.message())
                .collect(Collectors.joining("; "));
    }
}
