package io.vitsearch.dataset;

/** A dataset registration with an invalid field. */
public class InvalidDatasetRegistrationException extends RuntimeException {

    private final String field;
    private final transient Object rejectedValue;

    public InvalidDatasetRegistrationException(String field, Object rejectedValue, String message) {
        super(message);
        this.field = field;
        this.rejectedValue = rejectedValue;
    }

    /** Name of the invalid field of {@link DatasetRegistration}. */
    public String field() {
        return field;
    }

    public Object rejectedValue() {
        return rejectedValue;
    }
}
