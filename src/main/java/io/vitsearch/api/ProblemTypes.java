package io.vitsearch.api;

import java.net.URI;
import java.util.List;

import io.vitsearch.search.Violation;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * The {@code type} URIs of this API's RFC 9457 problem responses, and a factory that fills every
 * member a response carries. The URIs are URNs, so they identify a kind of problem without
 * promising a page to read.
 */
public final class ProblemTypes {

    private static final String PREFIX = "urn:vitsearch:problem:";

    /** The request body or a parameter is invalid; {@code errors} lists each field. */
    public static final URI INVALID_REQUEST = type("invalid-request");

    /** The request body is not well-formed JSON; {@code detail} gives the line and column. */
    public static final URI MALFORMED_JSON = type("malformed-json");

    public static final URI NOT_FOUND = type("not-found");

    public static final URI METHOD_NOT_ALLOWED = type("method-not-allowed");

    public static final URI UNSUPPORTED_MEDIA_TYPE = type("unsupported-media-type");

    public static final URI NOT_ACCEPTABLE = type("not-acceptable");

    public static final URI PAYLOAD_TOO_LARGE = type("payload-too-large");

    /** The action does not apply in the experiment's current status. */
    public static final URI INVALID_STATE_TRANSITION = type("invalid-state-transition");

    /** Another request changed the resource at the same time; the request may be repeated. */
    public static final URI CONCURRENT_UPDATE = type("concurrent-update");

    /** An {@code Idempotency-Key} was reused with a different request body. */
    public static final URI IDEMPOTENCY_KEY_REUSED = type("idempotency-key-reused");

    public static final URI INTERNAL_ERROR = type("internal-error");

    /** The server cannot handle the request now; {@code Retry-After} gives the seconds to wait before retrying. */
    public static final URI SERVICE_UNAVAILABLE = type("service-unavailable");

    /** Any other HTTP error, such as a request that Tomcat rejects before Spring MVC handles it. */
    public static final URI HTTP_ERROR = type("http-error");

    private ProblemTypes() {
    }

    /** Returns a problem with every standard member set; {@code instance} is the request path. */
    public static ProblemDetail problem(HttpStatusCode status, URI type, String title, String detail,
            HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type);
        problem.setTitle(title);
        problem.setInstance(instanceOf(request));
        return problem;
    }

    /** Returns the problem as a response with its status and the {@code application/problem+json} type. */
    public static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /** Adds the {@code errors} member listing each invalid field. */
    public static ProblemDetail withErrors(ProblemDetail problem, List<Violation> violations) {
        problem.setProperty("errors", violations.stream().map(FieldProblem::of).toList());
        return problem;
    }

    /** Returns the request path, or null when there is no request or its path is not a valid URI. */
    public static URI instanceOf(HttpServletRequest request) {
        if (request == null || request.getRequestURI() == null) {
            return null;
        }
        try {
            return URI.create(request.getRequestURI());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static URI type(String name) {
        return URI.create(PREFIX + name);
    }
}
