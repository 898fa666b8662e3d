package io.vitsearch.api;

import io.swagger.v3.oas.annotations.media.Schema;
import io.vitsearch.search.Violation;

/**
 * One invalid part of a request, as listed in the {@code errors} array of a problem response.
 *
 * @param field path of the field in the request body, such as {@code evolution.parents} or
 *     {@code space.qkvDim[1]}; a query parameter, path variable or header by its name
 * @param rejectedValue the value sent, or null when it was missing
 */
@Schema(name = "FieldProblem", description = "One invalid field of the request")
public record FieldProblem(
        @Schema(example = "evolution.parents") String field,
        @Schema(example = "60", description = "The value sent, of any JSON type; null when it was missing")
        Object rejectedValue,
        @Schema(example = "must be at most population (50)") String message) {

    public static FieldProblem of(Violation violation) {
        return new FieldProblem(violation.field(), violation.rejectedValue(), violation.message());
    }
}
