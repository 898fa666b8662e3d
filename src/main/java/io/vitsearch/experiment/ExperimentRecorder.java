package io.vitsearch.experiment;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.vitsearch.queue.Lease;
import io.vitsearch.search.Generation;
import io.vitsearch.search.SpaceStep;

/**
 * The store that a running experiment's pipeline writes to and the REST API reads from. Every write that takes a
 * {@link Lease} runs in one transaction with {@code JobQueue.verifyLease}, so a worker whose lease
 * was lost is rejected with {@code LeaseLostException} and writes nothing. A lease of another
 * experiment's job is rejected with {@code IllegalArgumentException}, because that is a bug in the
 * caller. Space steps and generations are keyed by their index: writing the same one again (a
 * resumed attempt repeating work) leaves the first record in place, so none is recorded twice.
 * Architectures are keyed by rank, and a new record of a rank replaces the old one. Every write
 * publishes its server-sent event in the same transaction, and a repeat that changes nothing
 * publishes nothing.
 */
public interface ExperimentRecorder {

    /**
     * Updates the experiment's phase and progress while it is RUNNING or CANCELLING, and publishes a
     * {@code phase} event when the phase changed or a {@code progress} event otherwise. Progress of
     * an experiment in any other status is ignored.
     */
    void recordProgress(Lease lease, UUID experimentId, Progress progress);

    /** Stores a finished space-evolution step and publishes a {@code space-step} event. */
    void recordSpaceStep(Lease lease, UUID experimentId, SpaceStep step);

    /** Stores a finished generation of the evolutionary search and publishes a {@code generation} event. */
    void recordGeneration(Lease lease, UUID experimentId, Generation generation);

    /**
     * Appends points to the training curves and publishes an {@code epoch} event for each new point
     * named {@code epoch-end}. A point with the phase, space step, epoch, step and name of a recorded
     * one is skipped.
     */
    void recordMetrics(Lease lease, UUID experimentId, List<MetricPoint> points);

    /**
     * Stores one of the best architectures, replacing an earlier record of the same rank, and
     * publishes an {@code architecture} event unless the record is unchanged. The model path and
     * SHA-256 are both null until the model is exported; once set, the file must already be in the
     * artifact store (see {@code ArtifactStore.store}).
     */
    void recordArchitecture(Lease lease, UUID experimentId, ArchitectureRecord record);

    /**
     * Publishes a server-sent event to the experiment's followers; {@code data} becomes its JSON body.
     * Runs in the caller's transaction when there is one. The type is 1 to 64 lowercase letters,
     * digits or '-'.
     */
    void publishEvent(UUID experimentId, String type, Map<String, Object> data);
}
