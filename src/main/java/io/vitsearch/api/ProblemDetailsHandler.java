package io.vitsearch.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Arrays;
import java.util.UUID;
import java.util.stream.Collectors;

import io.vitsearch.search.InvalidSpecException;
import io.vitsearch.search.Violation;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;

/**
 * Turns every exception that reaches Spring MVC into an RFC 9457 {@code application/problem+json}
 * response with {@code type}, {@code title}, {@code status}, {@code detail} and {@code instance},
 * and for invalid input an {@code errors} array naming each field. Bad input never becomes a 500.
 * Feature packages handle their own domain exceptions in advice ordered before this one, which
 * ends the chain with a catch-all.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class ProblemDetailsHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsHandler.class);

    @ExceptionHandler(InvalidSpecException.class)
    ResponseEntity<ProblemDetail> invalidSpec(InvalidSpecException e, HttpServletRequest request) {
        return invalidRequest(e.violations(), request);
    }

    @ExceptionHandler(InvalidRequestException.class)
    ResponseEntity<ProblemDetail> invalidRequest(InvalidRequestException e, HttpServletRequest request) {
        return invalidRequest(e.violations(), request);
    }

    @ExceptionHandler(ConcurrencyFailureException.class)
    ResponseEntity<ProblemDetail> concurrentUpdate(ConcurrencyFailureException e, HttpServletRequest request) {
        log.info("Request {} {} lost a race with a concurrent update: {}", request.getMethod(), request.getRequestURI(),
                e.getMessage());
        return respond(ProblemTypes.problem(HttpStatus.CONFLICT, ProblemTypes.CONCURRENT_UPDATE, "Concurrent update",
                "Another request changed this resource at the same time. Read it again and repeat the request"
                        + " if it still applies.", request));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        String errorId = UUID.randomUUID().toString();
        log.error("Request {} {} failed unexpectedly (error id {})", request.getMethod(), request.getRequestURI(),
                errorId, e);
        ProblemDetail problem = ProblemTypes.problem(HttpStatus.INTERNAL_SERVER_ERROR, ProblemTypes.INTERNAL_ERROR,
                "Internal error", "The server failed to handle the request. Report error id " + errorId
                        + " to the operators; the server log has the cause.", request);
        problem.setProperty("errorId", errorId);
        return respond(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        HttpServletRequest servletRequest = servletRequest(request);
        RequestTooLargeException tooLarge = causeOfType(ex, RequestTooLargeException.class);
        if (tooLarge != null) {
            return asObject(respond(ProblemTypes.problem(HttpStatus.CONTENT_TOO_LARGE, ProblemTypes.PAYLOAD_TOO_LARGE,
                    "Request body too large", tooLarge.getMessage(), servletRequest)));
        }

        StreamReadException malformed = causeOfType(ex, StreamReadException.class);
        if (malformed != null) {
            TokenStreamLocation location = malformed.getLocation();
            String where = location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
            ProblemDetail problem = ProblemTypes.problem(HttpStatus.BAD_REQUEST, ProblemTypes.MALFORMED_JSON,
                    "Malformed JSON", "The request body is not valid JSON" + where + ": " + malformed.getOriginalMessage(),
                    servletRequest);
            if (location != null) {
                problem.setProperty("line", location.getLineNr());
                problem.setProperty("column", location.getColumnNr());
            }
            return asObject(respond(problem));
        }

        if (causeOfType(ex, JacksonException.class) == null) {
            return asObject(respond(ProblemTypes.problem(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST,
                    "Missing request body", "The request body is missing or could not be read; send a JSON object.",
                    servletRequest)));
        }
        return asObject(respond(ProblemTypes.problem(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST,
                "Invalid request body", "The request body could not be read: "
                        + causeOfType(ex, JacksonException.class).getOriginalMessage(), servletRequest)));
    }

    /**
     * Returns 413 for an oversized upload. Tomcat reports too many multipart parts the same way, so
     * the message names both limits.
     */
    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String limit = ex.getMaxUploadSize() < 0 ? "the upload limit" : "the limit of " + ex.getMaxUploadSize() + " bytes";
        return asObject(respond(ProblemTypes.problem(HttpStatus.CONTENT_TOO_LARGE, ProblemTypes.PAYLOAD_TOO_LARGE,
                "Upload too large", "The upload is larger than " + limit
                        + " (spring.servlet.multipart.max-file-size and max-request-size), or has more parts than "
                        + "server.tomcat.max-part-count allows. Send fewer or smaller images per request.",
                servletRequest(request))));
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String name = ex instanceof MethodArgumentTypeMismatchException mismatch ? mismatch.getName() : ex.getPropertyName();
        Class<?> type = ex.getRequiredType();
        String expected;
        if (type == UUID.class) {
            expected = "must be a UUID such as 3f2b8c1e-7d4a-4e8b-9c21-5a6f0e9d1b47";
        } else if (type != null && type.isEnum()) {
            expected = "must be one of: " + Arrays.stream(type.getEnumConstants())
                    .map(Object::toString).collect(Collectors.joining(", "));
        } else if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            expected = "must be an integer";
        } else {
            expected = "must be a valid " + (type == null ? "value" : type.getSimpleName());
        }
        return asObject(invalidRequest(List.of(new Violation(name, ex.getValue(), expected)), servletRequest(request)));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Violation> violations = new ArrayList<>();
        ex.getParameterValidationResults().forEach(result -> {
            String name = result.getMethodParameter().getParameterName();
            for (MessageSourceResolvable error : result.getResolvableErrors()) {
                violations.add(new Violation(name, result.getArgument(), error.getDefaultMessage()));
            }
        });
        return asObject(invalidRequest(violations, servletRequest(request)));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Violation> violations = new ArrayList<>();
        for (FieldError error : ex.getBindingResult().getFieldErrors()) {
            violations.add(new Violation(error.getField(), error.getRejectedValue(), error.getDefaultMessage()));
        }
        ex.getBindingResult().getGlobalErrors()
                .forEach(error -> violations.add(new Violation("", null, error.getDefaultMessage())));
        return asObject(invalidRequest(violations, servletRequest(request)));
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return asObject(invalidRequest(List.of(new Violation(ex.getParameterName(), null, "is required")),
                servletRequest(request)));
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestPart(MissingServletRequestPartException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return asObject(invalidRequest(List.of(new Violation(ex.getRequestPartName(), null,
                "is required; send it as a multipart part named " + ex.getRequestPartName())), servletRequest(request)));
    }

    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        HttpServletRequest servletRequest = servletRequest(request);
        return asObject(respond(ProblemTypes.problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Not found",
                "No endpoint matches " + ex.getHttpMethod() + " /" + ex.getResourcePath()
                        + ". The API lives under /api/v1; its description is at /v3/api-docs.", servletRequest)));
    }

    @Override
    protected ResponseEntity<Object> handleHttpRequestMethodNotSupported(HttpRequestMethodNotSupportedException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = ProblemTypes.problem(HttpStatus.METHOD_NOT_ALLOWED, ProblemTypes.METHOD_NOT_ALLOWED,
                "Method not allowed", "Method " + ex.getMethod() + " is not supported here; supported: "
                        + String.join(", ", ex.getSupportedMethods() == null ? new String[0] : ex.getSupportedMethods())
                        + ".", servletRequest(request));
        return asObject(respond(problem, headers));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String sent = ex.getContentType() == null ? "no Content-Type" : "Content-Type '" + ex.getContentType() + "'";
        ProblemDetail problem = ProblemTypes.problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                ProblemTypes.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type", "The request has " + sent
                        + "; send " + MediaType.toString(ex.getSupportedMediaTypes()) + ".", servletRequest(request));
        return asObject(respond(problem, headers));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotAcceptable(HttpMediaTypeNotAcceptableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = ProblemTypes.problem(HttpStatus.NOT_ACCEPTABLE, ProblemTypes.NOT_ACCEPTABLE,
                "Not acceptable", "This endpoint responds with " + MediaType.toString(ex.getSupportedMediaTypes())
                        + ", which the Accept header does not allow.", servletRequest(request));
        return asObject(respond(problem));
    }

    @Override
    protected ResponseEntity<Object> handleServletRequestBindingException(ServletRequestBindingException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (ex instanceof MissingRequestHeaderException missing) {
            return asObject(invalidRequest(List.of(new Violation(missing.getHeaderName(), null, "header is required")),
                    servletRequest(request)));
        }
        return super.handleServletRequestBindingException(ex, headers, status, request);
    }

    /** Completes the problems Spring builds for the exceptions not overridden above. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        // Some handlers of the base class pass no body and leave it to be taken from the exception
        // later, which would skip the completion below.
        if (body == null && ex instanceof ErrorResponse errorResponse) {
            body = errorResponse.getBody();
        }
        if (body instanceof ProblemDetail problem) {
            if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
                problem.setType(statusCode.is4xxClientError() ? ProblemTypes.INVALID_REQUEST : ProblemTypes.HTTP_ERROR);
            }
            if (problem.getInstance() == null) {
                problem.setInstance(ProblemTypes.instanceOf(servletRequest(request)));
            }
            HttpHeaders problemHeaders = new HttpHeaders();
            problemHeaders.addAll(headers);
            problemHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
            return super.handleExceptionInternal(ex, problem, problemHeaders, statusCode, request);
        }
        return super.handleExceptionInternal(ex, body, headers, statusCode, request);
    }

    static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
        return respond(problem, HttpHeaders.EMPTY);
    }

    static ResponseEntity<ProblemDetail> respond(ProblemDetail problem, HttpHeaders headers) {
        // Client errors are routine for an API, so they are logged only at DEBUG.
        log.debug("Responding {} {} to {}: {}", problem.getStatus(), problem.getType(), problem.getInstance(),
                problem.getDetail());
        return ResponseEntity.status(problem.getStatus())
                .headers(headers)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    private static ResponseEntity<ProblemDetail> invalidRequest(List<Violation> violations, HttpServletRequest request) {
        String fields = violations.stream().map(Violation::field).filter(f -> !f.isEmpty()).distinct()
                .collect(Collectors.joining(", "));
        String detail = violations.size() == 1
                ? "The request has an invalid value" + (fields.isEmpty() ? "" : " in " + fields) + "; see errors."
                : "The request has " + violations.size() + " invalid values" + (fields.isEmpty() ? "" : " in " + fields)
                        + "; see errors.";
        ProblemDetail problem = ProblemTypes.problem(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST,
                "Invalid request", detail, request);
        return respond(ProblemTypes.withErrors(problem, violations));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ResponseEntity<Object> asObject(ResponseEntity<ProblemDetail> response) {
        return (ResponseEntity) response;
    }

    private static HttpServletRequest servletRequest(WebRequest request) {
        return request instanceof NativeWebRequest nativeRequest
                ? nativeRequest.getNativeRequest(HttpServletRequest.class) : null;
    }

    private static <T extends Throwable> T causeOfType(Throwable error, Class<T> type) {
        for (Throwable current = error; current != null; current = current.getCause()) {
            if (type.isInstance(current)) {
                return type.cast(current);
            }
            if (current.getCause() == current) {
                break;
            }
        }
        return null;
    }
}
