package io.vitsearch.dataset;

import java.util.List;

import io.vitsearch.api.ProblemTypes;
import io.vitsearch.search.Violation;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Maps the dataset registry's exceptions to problem+json. It is ordered before the catch-all handler. */
@RestControllerAdvice
@Order(0)
class DatasetExceptionHandler {

    @ExceptionHandler(DatasetNotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(DatasetNotFoundException e, HttpServletRequest request) {
        ProblemDetail problem = ProblemTypes.problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND,
                "Dataset not found", e.getMessage(), request);
        problem.setProperty("dataset", e.name());
        return ProblemTypes.respond(problem);
    }

    @ExceptionHandler(InvalidDatasetRegistrationException.class)
    ResponseEntity<ProblemDetail> invalidRegistration(InvalidDatasetRegistrationException e,
            HttpServletRequest request) {
        ProblemDetail problem = ProblemTypes.problem(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST,
                "Invalid dataset registration", e.getMessage(), request);
        ProblemTypes.withErrors(problem, List.of(new Violation(e.field(), e.rejectedValue(), e.getMessage())));
        return ProblemTypes.respond(problem);
    }
}
