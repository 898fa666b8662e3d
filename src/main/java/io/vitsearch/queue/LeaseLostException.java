package io.vitsearch.queue;

/**
 * Raised when a worker writes with a lease that is no longer current: it expired and was reclaimed,
 * or a later attempt holds the job. The worker must stop working on the job.
 */
public class LeaseLostException extends RuntimeException {

    public LeaseLostException(String message) {
        super(message);
    }
}
