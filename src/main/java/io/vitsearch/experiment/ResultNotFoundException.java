package io.vitsearch.experiment;

import java.util.UUID;

/** Raised when an experiment exists but lacks the requested generation, architecture or model. */
public class ResultNotFoundException extends RuntimeException {

    private final UUID experimentId;

    public ResultNotFoundException(UUID experimentId, String message) {
        super(message);
        this.experimentId = experimentId;
    }

    public UUID experimentId() {
        return experimentId;
    }
}
