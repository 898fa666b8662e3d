package io.vitsearch.api;

import java.io.IOException;

/** Raised while a request body is read once it passes {@code vitsearch.api.max-request-size}. */
class RequestTooLargeException extends IOException {

    RequestTooLargeException(long limitBytes) {
        super("The request body is larger than the limit of " + limitBytes + " bytes (vitsearch.api.max-request-size).");
    }
}
