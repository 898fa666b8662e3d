package io.vitsearch.queue;

/**
 * Receives a job's state changes inside the transaction that makes them, so that the owner of the
 * job (an experiment) changes state atomically with it. An exception thrown here rolls the state
 * change back and reaches the caller of the queue method. Implementations must not call back into
 * the queue.
 */
public interface JobEventListener {

    default void onClaimed(JobView job) {
    }

    /** Called when a failed attempt or an expired lease puts the job back in the queue for another attempt. */
    default void onRequeued(JobView job) {
    }

    default void onSucceeded(JobView job) {
    }

    /** Called when a job fails for good, after its last attempt or on a failure that is not retryable. */
    default void onFailed(JobView job) {
    }

    default void onCancelled(JobView job) {
    }
}
