package io.vitsearch.supernet;

/** A weights file, checkpoint or model zip whose contents do not match what it claims to hold. */
public class InvalidModelException extends RuntimeException {

    public InvalidModelException(String message) {
        super(message);
    }

    public InvalidModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
