package io.vitsearch.experiment;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A submitted experiment: its spec as JSON with defaults filled in, and the status and progress of its run.
 * Status changes go through {@link #moveTo}, which enforces {@link ExperimentStatus#next()}.
 */
@Entity
@Table(name = "experiment")
public class Experiment {

    @Id
    private UUID id;

    @Column(nullable = false)
    private String name;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    private String spec;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private ExperimentStatus status;

    private int priority;

    private String phase;

    private double progress;

    /** Progress details that the running pipeline records; null outside the step they count. */
    private Integer spaceStep;

    private Integer epoch;

    private Integer generation;

    private Instant estimatedFinish;

    private String idempotencyKey;

    /** SHA-256 of the canonical spec, compared when an idempotency key is reused. */
    private String requestHash;

    private String failureReason;

    @Column(nullable = false)
    private Instant createdAt;

    @Column(nullable = false)
    private Instant updatedAt;

    private Instant startedAt;

    private Instant finishedAt;

    @Version
    private long version;

    protected Experiment() {
    }

    Experiment(UUID id, String name, String specJson, int priority, String idempotencyKey, String requestHash,
            Instant now) {
        this.id = id;
        this.name = name;
        this.spec = specJson;
        this.status = ExperimentStatus.QUEUED;
        this.priority = priority;
        this.idempotencyKey = idempotencyKey;
        this.requestHash = requestHash;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /**
     * Moves to {@code target}, stamping the timings that the move implies. Callers check
     * {@link ExperimentStatus#canMoveTo} first, so an illegal move here is a bug.
     */
    void moveTo(ExperimentStatus target, Instant now) {
        if (!status.canMoveTo(target)) {
            throw new IllegalStateException("Experiment " + id + " cannot move from " + status + " to " + target
                    + "; this is a bug in the caller, which must check canMoveTo first");
        }
        if (target == ExperimentStatus.RUNNING) {
            startedAt = now;
        }
        if (target.isFinished()) {
            finishedAt = now;
            estimatedFinish = null;
        }
        if (target == ExperimentStatus.SUCCEEDED) {
            progress = 1.0;
        }
        if (target == ExperimentStatus.QUEUED) {
            // A retried run starts and finishes anew; phase and progress stay because it resumes
            // from the last checkpoint.
            startedAt = null;
            finishedAt = null;
            failureReason = null;
        }
        status = target;
        updatedAt = now;
    }

    void recordFailure(String reason) {
        failureReason = reason;
    }

    public UUID getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public String getSpec() {
        return spec;
    }

    public ExperimentStatus getStatus() {
        return status;
    }

    public int getPriority() {
        return priority;
    }

    public String getPhase() {
        return phase;
    }

    public double getProgress() {
        return progress;
    }

    public Integer getSpaceStep() {
        return spaceStep;
    }

    public Integer getEpoch() {
        return epoch;
    }

    public Integer getGeneration() {
        return generation;
    }

    public Instant getEstimatedFinish() {
        return estimatedFinish;
    }

    public String getIdempotencyKey() {
        return idempotencyKey;
    }

    public String getRequestHash() {
        return requestHash;
    }

    public String getFailureReason() {
        return failureReason;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public Instant getStartedAt() {
        return startedAt;
    }

    public Instant getFinishedAt() {
        return finishedAt;
    }

    public long getVersion() {
        return version;
    }
}
