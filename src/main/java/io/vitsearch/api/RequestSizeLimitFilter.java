package io.vitsearch.api;

import java.io.IOException;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rejects request bodies larger than {@code vitsearch.api.max-request-size} with 413, or for image
 * uploads ({@code multipart/form-data} and {@code image/*} bodies) larger than
 * {@code vitsearch.api.max-upload-size}. A declared
 * {@code Content-Length} over the limit is rejected before anything is read. A body without one
 * (chunked) is counted as it is read, and passing the limit fails the read with
 * {@link RequestTooLargeException}, which {@link ProblemDetailsHandler} maps to 413.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RequestSizeLimitFilter extends OncePerRequestFilter {

    private static final String REQUEST_LIMIT = "vitsearch.api.max-request-size";

    private static final String UPLOAD_LIMIT = "vitsearch.api.max-upload-size";

    private final long requestLimitBytes;

    private final long uploadLimitBytes;

    private final JsonMapper jsonMapper;

    RequestSizeLimitFilter(ApiProperties properties, JsonMapper jsonMapper) {
        this.requestLimitBytes = properties.maxRequestSize().toBytes();
        this.uploadLimitBytes = properties.maxUploadSize().toBytes();
        this.jsonMapper = jsonMapper;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean upload = isUpload(request);
        long limitBytes = upload ? uploadLimitBytes : requestLimitBytes;
        String property = upload ? UPLOAD_LIMIT : REQUEST_LIMIT;

        long declared = request.getContentLengthLong();
        if (declared > limitBytes) {
            rejectDeclaredLength(request, response, declared, limitBytes, property);
            return;
        }
        chain.doFilter(declared >= 0 ? request : new CountingRequest(request, limitBytes, property), response);
    }

    private static boolean isUpload(HttpServletRequest request) {
        String contentType = request.getContentType();
        if (contentType == null) {
            return false;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.startsWith(MediaType.MULTIPART_FORM_DATA_VALUE) || type.startsWith("image/");
    }

    private void rejectDeclaredLength(HttpServletRequest request, HttpServletResponse response, long declared,
            long limitBytes, String property) throws IOException {
        ProblemDetail problem = ProblemTypes.problem(HttpStatus.CONTENT_TOO_LARGE, ProblemTypes.PAYLOAD_TOO_LARGE,
                "Request body too large", "The request body has " + declared + " bytes; the limit is " + limitBytes
                        + " bytes (" + property + ").", request);
        response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        // The unread body would otherwise keep the connection busy; ask the client to close it.
        response.setHeader("Connection", "close");
        jsonMapper.writeValue(response.getOutputStream(), ProblemJson.of(problem));
    }

    /** A request whose body stream fails once more than the limit has been read. */
    private static final class CountingRequest extends HttpServletRequestWrapper {

        private final long limitBytes;

        private final String property;

        private ServletInputStream stream;

        CountingRequest(HttpServletRequest request, long limitBytes, String property) {
            super(request);
            this.limitBytes = limitBytes;
            this.property = property;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new CountingInputStream(super.getInputStream(), limitBytes, property);
            }
            return stream;
        }
    }

    private static final class CountingInputStream extends ServletInputStream {

        private final ServletInputStream delegate;

        private final long limitBytes;

        private final String property;

        private long read;

        CountingInputStream(ServletInputStream delegate, long limitBytes, String property) {
            this.delegate = delegate;
            this.limitBytes = limitBytes;
            this.property = property;
        }

        @Override
        public int read() throws IOException {
            int value = delegate.read();
            if (value >= 0) {
                count(1);
            }
            return value;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int count = delegate.read(buffer, offset, length);
            if (count > 0) {
                count(count);
            }
            return count;
        }

        private void count(int bytes) throws RequestTooLargeException {
            read += bytes;
            if (read > limitBytes) {
                throw new RequestTooLargeException(limitBytes, property);
            }
        }

        @Override
        public boolean isFinished() {
            return delegate.isFinished();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            delegate.setReadListener(listener);
        }
    }
}
