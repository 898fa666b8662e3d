package io.vitsearch.search;

/**
 * One invalid field of a search space, architecture or setting.
 *
 * @param field the field path relative to the object checked, for example {@code layers[2].qkvDim}
 * @param rejectedValue the value that was rejected
 * @param message what is wrong and what is allowed
 */
public record Violation(String field, Object rejectedValue, String message) {

    /** Returns this violation with its field path placed under {@code parent}. */
    public Violation under(String parent) {
        if (parent == null || parent.isEmpty()) {
            return this;
        }
        String path = field.isEmpty() ? parent : field.startsWith("[") ? parent + field : parent + "." + field;
        return new Violation(path, rejectedValue, message);
    }
}
