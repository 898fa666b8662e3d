package io.vitsearch.api;

import java.net.URI;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Handles the servlet container's error dispatches (errors raised outside Spring MVC, such as a
 * request Tomcat rejects or an exception thrown by a filter) by returning problem+json in place of
 * Spring Boot's default error body.
 */
@RestController
class ProblemErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value && HttpStatus.resolve(value) != null
                ? HttpStatus.valueOf(value) : HttpStatus.NOT_FOUND;
        Object path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        Object error = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);

        if (status.is5xxServerError() && error instanceof Throwable cause) {
            log.error("Request to {} failed outside Spring MVC", path, cause);
        }
        URI type = status == HttpStatus.NOT_FOUND ? ProblemTypes.NOT_FOUND
                : status.is5xxServerError() ? ProblemTypes.INTERNAL_ERROR : ProblemTypes.HTTP_ERROR;
        String detail = status.is5xxServerError()
                ? "The server failed to handle the request; the server log has the cause."
                : "The request was rejected: " + status.getReasonPhrase() + ".";
        ProblemDetail problem = ProblemTypes.problem(status, type, status.getReasonPhrase(), detail, null);
        if (path instanceof String value) {
            try {
                problem.setInstance(URI.create(value));
            } catch (IllegalArgumentException e) {
                // Left without an instance: the rejected path is not a valid URI, often the reason for the error.
            }
        }
        return ProblemDetailsHandler.respond(problem);
    }
}
