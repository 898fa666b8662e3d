package io.vitsearch.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.vitsearch.experiment.ArchitectureRecord;
import io.vitsearch.experiment.ExperimentRecorder;
import io.vitsearch.experiment.MetricPoint;
import io.vitsearch.experiment.Progress;
import io.vitsearch.queue.JobQueue;
import io.vitsearch.queue.Lease;
import io.vitsearch.search.Generation;
import io.vitsearch.search.SpaceStep;

/**
 * An in-memory recorder for pipeline tests. Like the real one it verifies the lease on every write,
 * keeps the first record of a space step or generation and the latest of a rank. It also counts
 * every call, so a test detects when the pipeline records something twice. {@link #onCall} runs
 * before each call is stored, and a test throws from it to simulate a crash at that point.
 */
final class RecordingRecorder implements ExperimentRecorder {

    private final JobQueue queue;

    final List<Progress> progress = new CopyOnWriteArrayList<>();

    final List<MetricPoint> metrics = new CopyOnWriteArrayList<>();

    final List<Call> calls = new CopyOnWriteArrayList<>();

    private final Map<UUID, Map<Integer, SpaceStep>> spaceSteps = new ConcurrentHashMap<>();

    private final Map<UUID, Map<Integer, Generation>> generations = new ConcurrentHashMap<>();

    private final Map<UUID, Map<Integer, ArchitectureRecord>> architectures = new ConcurrentHashMap<>();

    volatile Consumer<Call> onCall = call -> { };

    RecordingRecorder(JobQueue queue) {
        this.queue = queue;
    }

    /**
     * One recorder call.
     *
     * @param index the space step's or generation's index, the architecture's rank, the metric
     *     batch's last step, or -1
     */
    record Call(String method, UUID experimentId, Lease lease, int index, Object value) {
    }

    @Override
    public void recordProgress(Lease lease, UUID experimentId, Progress value) {
        accept(new Call("progress", experimentId, lease, -1, value));
        progress.add(value);
    }

    @Override
    public void recordSpaceStep(Lease lease, UUID experimentId, SpaceStep step) {
        accept(new Call("spaceStep", experimentId, lease, step.index(), step));
        spaceSteps(experimentId).putIfAbsent(step.index(), step);
    }

    @Override
    public void recordGeneration(Lease lease, UUID experimentId, Generation generation) {
        accept(new Call("generation", experimentId, lease, generation.index(), generation));
        generations(experimentId).putIfAbsent(generation.index(), generation);
    }

    @Override
    public void recordMetrics(Lease lease, UUID experimentId, List<MetricPoint> points) {
        long lastStep = points.isEmpty() ? -1 : points.get(points.size() - 1).step();
        accept(new Call("metrics", experimentId, lease, (int) lastStep, List.copyOf(points)));
        metrics.addAll(points);
    }

    @Override
    public void recordArchitecture(Lease lease, UUID experimentId, ArchitectureRecord record) {
        accept(new Call("architecture", experimentId, lease, record.rank(), record));
        architectures(experimentId).put(record.rank(), record);
    }

    @Override
    public void publishEvent(UUID experimentId, String type, Map<String, Object> data) {
    }

    Map<Integer, SpaceStep> spaceSteps(UUID experimentId) {
        return spaceSteps.computeIfAbsent(experimentId, id -> new ConcurrentHashMap<>());
    }

    Map<Integer, Generation> generations(UUID experimentId) {
        return generations.computeIfAbsent(experimentId, id -> new ConcurrentHashMap<>());
    }

    Map<Integer, ArchitectureRecord> architectures(UUID experimentId) {
        return architectures.computeIfAbsent(experimentId, id -> new ConcurrentHashMap<>());
    }

    /** Returns how often {@code method} was called for the experiment and {@code index} and completed. */
    long count(UUID experimentId, String method, int index) {
        return calls(experimentId, method).stream().filter(call -> call.index() == index).count();
    }

    List<Call> calls(UUID experimentId, String method) {
        List<Call> matching = new ArrayList<>();
        for (Call call : calls) {
            if (call.experimentId().equals(experimentId) && call.method().equals(method)) {
                matching.add(call);
            }
        }
        return matching;
    }

    private void accept(Call call) {
        queue.verifyLease(call.lease());
        onCall.accept(call);
        calls.add(call);
    }
}
