package io.vitsearch.search;

import java.util.List;

/**
 * Raised when no architecture of a search space meeting the constraint was found within the allowed
 * number of draws. It is an {@link InvalidSpecException} on the field {@code constraints}, because
 * the fix is to loosen the constraint or change the space.
 */
public class UnsatisfiableConstraintException extends InvalidSpecException {

    private final transient Constraints constraints;

    public UnsatisfiableConstraintException(Constraints constraints, String detail) {
        super(List.of(new Violation("constraints", constraints.describe(), detail)));
        this.constraints = constraints;
    }

    public Constraints constraints() {
        return constraints;
    }
}
