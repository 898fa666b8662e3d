package io.vitsearch.api;

import java.io.IOException;

/** Raised while a request body is read once it passes its size limit. */
class RequestTooLargeException extends IOException {

    RequestTooLargeException(long limitBytes, String property) {
        super("The request body is larger than the limit of " + limitBytes + " bytes (" + property + ").");
    }
}
