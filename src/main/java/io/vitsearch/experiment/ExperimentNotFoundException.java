package io.vitsearch.experiment;

import java.util.UUID;

public class ExperimentNotFoundException extends RuntimeException {

    private final UUID experimentId;

    public ExperimentNotFoundException(UUID experimentId) {
        super("No experiment has id " + experimentId + ".");
        this.experimentId = experimentId;
    }

    public UUID experimentId() {
        return experimentId;
    }
}
