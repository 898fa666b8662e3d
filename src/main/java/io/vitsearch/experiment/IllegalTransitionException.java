package io.vitsearch.experiment;

import java.util.UUID;

/** Raised when a requested action needs a transition that the experiment's current status does not allow. */
public class IllegalTransitionException extends RuntimeException {

    private final UUID experimentId;

    private final ExperimentStatus currentStatus;

    private final ExperimentAction action;

    public IllegalTransitionException(UUID experimentId, ExperimentStatus currentStatus, ExperimentAction action,
            String allowedFrom) {
        super("Cannot " + action.verb() + " experiment " + experimentId + " because it is " + currentStatus
                + "; " + action.verb() + " applies to experiments that are " + allowedFrom + ".");
        this.experimentId = experimentId;
        this.currentStatus = currentStatus;
        this.action = action;
    }

    public UUID experimentId() {
        return experimentId;
    }

    public ExperimentStatus currentStatus() {
        return currentStatus;
    }

    public ExperimentAction action() {
        return action;
    }
}
