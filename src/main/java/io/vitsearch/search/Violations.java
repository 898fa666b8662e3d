package io.vitsearch.search;

import java.util.ArrayList;
import java.util.List;

/** Collects violations while an object is checked, then throws them all together. */
final class Violations {

    private final List<Violation> found = new ArrayList<>();

    void add(String field, Object rejectedValue, String message) {
        found.add(new Violation(field, rejectedValue, message));
    }

    void positive(String field, int value) {
        if (value < 1) {
            add(field, value, "must be at least 1");
        }
    }

    void positive(String field, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            add(field, value, "must be a finite number greater than 0");
        }
    }

    void addAll(String parent, List<Violation> nested) {
        for (Violation violation : nested) {
            found.add(violation.under(parent));
        }
    }

    void throwIfAny() {
        if (!found.isEmpty()) {
            throw new InvalidSpecException(found);
        }
    }

    /** Runs a check that throws {@link InvalidSpecException} and keeps its violations under {@code parent}. */
    void nested(String parent, Runnable check) {
        try {
            check.run();
        } catch (InvalidSpecException e) {
            addAll(parent, e.violations());
        }
    }
}
