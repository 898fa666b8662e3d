package io.vitsearch.experiment;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.vitsearch.queue.Lease;
import io.vitsearch.search.Generation;
import io.vitsearch.search.SpaceStep;

/**
 * Where a running experiment's pipeline writes what the REST API reports. Every write that takes a
 * {@link Lease} runs in one transaction with {@code JobQueue.verifyLease}, so a worker whose lease
 * was lost is rejected with {@code LeaseLostException} and writes nothing. Space steps, generations
 * and architectures are keyed by their index or rank: writing the same one again (a resumed
 * attempt repeating work) leaves the first record in place, so none is recorded twice.
 */
public interface ExperimentRecorder {

    /** Updates the experiment's phase and progress, and publishes a {@code phase} event when the phase changed. */
    void recordProgress(Lease lease, UUID experimentId, Progress progress);

    /** Stores a finished space-evolution step and publishes a {@code space-step} event. */
    void recordSpaceStep(Lease lease, UUID experimentId, SpaceStep step);

    /** Stores a finished generation of the evolutionary search and publishes a {@code generation} event. */
    void recordGeneration(Lease lease, UUID experimentId, Generation generation);

    /** Appends points to the training curves; publishes an {@code epoch} event for each point named {@code epoch-end}. */
    void recordMetrics(Lease lease, UUID experimentId, List<MetricPoint> points);

    /** Stores one of the best architectures with its exported model, replacing an earlier record of the same rank. */
    void recordArchitecture(Lease lease, UUID experimentId, ArchitectureRecord record);

    /** Publishes a server-sent event to the experiment's followers; {@code data} becomes its JSON body. */
    void publishEvent(UUID experimentId, String type, Map<String, Object> data);
}
