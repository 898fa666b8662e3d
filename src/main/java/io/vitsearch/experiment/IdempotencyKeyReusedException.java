package io.vitsearch.experiment;

import java.util.UUID;

/** Raised when an {@code Idempotency-Key} that created one experiment arrives with a different spec. */
public class IdempotencyKeyReusedException extends RuntimeException {

    private final UUID existingExperimentId;

    public IdempotencyKeyReusedException(String key, UUID existingExperimentId) {
        super("Idempotency-Key '" + key + "' was already used to submit experiment " + existingExperimentId
                + " with a different spec. Send a new key for a new experiment, or the original spec to get"
                + " the existing one.");
        this.existingExperimentId = existingExperimentId;
    }

    public UUID existingExperimentId() {
        return existingExperimentId;
    }
}
