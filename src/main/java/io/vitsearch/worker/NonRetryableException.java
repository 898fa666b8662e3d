package io.vitsearch.worker;

/**
 * Fails a job for good, without the retries a worker gives other exceptions: for errors that another
 * attempt would repeat, such as an invalid experiment spec or a missing dataset.
 */
public class NonRetryableException extends RuntimeException {

    public NonRetryableException(String message) {
        super(message);
    }

    public NonRetryableException(String message, Throwable cause) {
        super(message, cause);
    }
}
