package io.vitsearch.api;

import java.util.List;

import io.vitsearch.search.Violation;

/** Raised for a request whose parameters or headers are invalid. The response is 400 listing every violation. */
public class InvalidRequestException extends RuntimeException {

    private final transient List<Violation> violations;

    public InvalidRequestException(List<Violation> violations) {
        super(violations.size() + " invalid request parameter(s): " + violations);
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
