package io.vitsearch.experiment;

/**
 * The outcome of a submit.
 *
 * @param replayed true when an earlier request with the same {@code Idempotency-Key} and spec
 *     created the experiment, so nothing new was written
 */
public record Submission(Experiment experiment, boolean replayed) {
}
