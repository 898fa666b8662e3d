package io.vitsearch.experiment;

import io.vitsearch.api.ProblemTypes;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Maps the experiment domain's exceptions to problem+json. It is ordered before the catch-all handler. */
@RestControllerAdvice
@Order(0)
class ExperimentExceptionHandler {

    @ExceptionHandler(ExperimentNotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(ExperimentNotFoundException e, HttpServletRequest request) {
        ProblemDetail problem = ProblemTypes.problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND,
                "Experiment not found", e.getMessage(), request);
        problem.setProperty("experimentId", e.experimentId());
        return ProblemTypes.respond(problem);
    }

    @ExceptionHandler(ResultNotFoundException.class)
    ResponseEntity<ProblemDetail> resultNotFound(ResultNotFoundException e, HttpServletRequest request) {
        ProblemDetail problem = ProblemTypes.problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND,
                "Result not found", e.getMessage(), request);
        problem.setProperty("experimentId", e.experimentId());
        return ProblemTypes.respond(problem);
    }

    @ExceptionHandler(EventStreams.TooManyStreamsException.class)
    ResponseEntity<ProblemDetail> tooManyStreams(EventStreams.TooManyStreamsException e, HttpServletRequest request) {
        ProblemDetail problem = ProblemTypes.problem(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.SERVICE_UNAVAILABLE,
                "Too many event streams", e.getMessage(), request);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "30")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    @ExceptionHandler(IllegalTransitionException.class)
    ResponseEntity<ProblemDetail> illegalTransition(IllegalTransitionException e, HttpServletRequest request) {
        ProblemDetail problem = ProblemTypes.problem(HttpStatus.CONFLICT, ProblemTypes.INVALID_STATE_TRANSITION,
                "Action not allowed in the current status", e.getMessage(), request);
        problem.setProperty("experimentId", e.experimentId());
        problem.setProperty("currentStatus", e.currentStatus());
        problem.setProperty("action", e.action().verb());
        return ProblemTypes.respond(problem);
    }

    @ExceptionHandler(IdempotencyKeyReusedException.class)
    ResponseEntity<ProblemDetail> keyReused(IdempotencyKeyReusedException e, HttpServletRequest request) {
        ProblemDetail problem = ProblemTypes.problem(HttpStatus.UNPROCESSABLE_CONTENT, ProblemTypes.IDEMPOTENCY_KEY_REUSED,
                "Idempotency-Key reused with a different spec", e.getMessage(), request);
        problem.setProperty("experimentId", e.existingExperimentId());
        return ProblemTypes.respond(problem);
    }
}
