package io.vitsearch.api;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The shape of every error response, for the API description only; handlers build
 * {@link org.springframework.http.ProblemDetail}, which serializes to these members.
 */
@Schema(name = "Problem", description = "RFC 9457 problem details (media type application/problem+json)")
public record ProblemResponse(
        @Schema(example = "urn:vitsearch:problem:invalid-request",
                description = "Kind of problem: urn:vitsearch:problem: followed by invalid-request, malformed-json,"
                        + " not-found, method-not-allowed, unsupported-media-type, not-acceptable, payload-too-large,"
                        + " invalid-state-transition, concurrent-update, idempotency-key-reused, internal-error or"
                        + " http-error")
        String type,
        @Schema(example = "Invalid request") String title,
        @Schema(example = "400") int status,
        @Schema(example = "The request has an invalid value in evolution.parents; see errors.") String detail,
        @Schema(example = "/api/v1/experiments") String instance,
        @Schema(description = "Each invalid field; present for invalid-request problems", nullable = true)
        List<FieldProblem> errors,
        @Schema(description = "Present for invalid-state-transition problems", example = "SUCCEEDED", nullable = true)
        String currentStatus,
        @Schema(description = "Present for invalid-state-transition problems", example = "cancel", nullable = true)
        String action,
        @Schema(description = "The experiment concerned, where there is one", nullable = true)
        String experimentId,
        @Schema(description = "Present for malformed-json problems", nullable = true) Integer line,
        @Schema(description = "Present for malformed-json problems", nullable = true) Integer column) {
}
