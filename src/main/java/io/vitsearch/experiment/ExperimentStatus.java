package io.vitsearch.experiment;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The lifecycle of an experiment. Every legal transition is listed here and nowhere else; the entity
 * rejects any other.
 */
public enum ExperimentStatus {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLING,
    CANCELLED;

    /** Returns the statuses this one may move to. */
    public Set<ExperimentStatus> next() {
        return switch (this) {
            // QUEUED -> FAILED covers a job that the queue fails before any worker claims it.
            case QUEUED -> EnumSet.of(RUNNING, CANCELLED, FAILED);
            case RUNNING -> EnumSet.of(SUCCEEDED, FAILED, CANCELLING);
            // A worker may finish or fail before its next heartbeat returns the cancel request.
            case CANCELLING -> EnumSet.of(CANCELLED, SUCCEEDED, FAILED);
            case FAILED, CANCELLED -> EnumSet.of(QUEUED);
            case SUCCEEDED -> EnumSet.noneOf(ExperimentStatus.class);
        };
    }

    /**
     * Returns the status that a cancel request leads to: queued work stops at once, running work
     * waits for the worker to stop. A second cancel of a CANCELLING experiment changes nothing.
     * Empty means cancel does not apply.
     */
    public Optional<ExperimentStatus> afterCancel() {
        return switch (this) {
            case QUEUED -> Optional.of(CANCELLED);
            case RUNNING, CANCELLING -> Optional.of(CANCELLING);
            case SUCCEEDED, FAILED, CANCELLED -> Optional.empty();
        };
    }

    /** Returns the status that a retry leads to, or empty when retry does not apply. */
    public Optional<ExperimentStatus> afterRetry() {
        return canMoveTo(QUEUED) ? Optional.of(QUEUED) : Optional.empty();
    }

    public boolean canMoveTo(ExperimentStatus target) {
        return next().contains(target);
    }

    /** Returns true when no worker will change the experiment again unless it is retried. */
    public boolean isFinished() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
