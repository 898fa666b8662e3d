package io.vitsearch.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.vitsearch.artifact.ArtifactStore;
import io.vitsearch.experiment.ExperimentRecorder;
import io.vitsearch.queue.JobQueue;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Builds the two pipelines over shared parts: one supernet cache, one dataset cache and one set of
 * meters per process. Spring uses it through {@link PipelineConfiguration}; tests build it directly.
 */
public final class PipelineBeans {

    private final ExperimentPipeline experimentPipeline;

    private final EvaluationPipeline evaluationPipeline;

    private final CheckpointStore checkpoints;

    public PipelineBeans(JobQueue queue, NamedParameterJdbcTemplate jdbc, TransactionTemplate transactions, Clock clock,
            MeterRegistry meterRegistry, PipelineProperties properties, ArtifactStore artifacts,
            PreparedDatasets datasets, SupernetCache supernets, ScheduledExecutorService heartbeats,
            Duration heartbeatInterval, Supplier<ExperimentRecorder> recorders) {
        PipelineMeters meters = new PipelineMeters(meterRegistry);
        EvaluationResults results = new EvaluationResults(jdbc, transactions, queue, clock);
        EvaluationWork work = new EvaluationWork(results, supernets, datasets, artifacts, meters.evaluations);
        EvaluationCoordinator coordinator = new EvaluationCoordinator(queue, jdbc, transactions, results, work,
                properties, heartbeats, heartbeatInterval);
        CheckpointStore checkpoints = new CheckpointStore(jdbc, transactions, queue, artifacts, clock);
        ExperimentRun.Services services = new ExperimentRun.Services(recorders, checkpoints, coordinator, artifacts,
                properties, meters, clock);

        this.checkpoints = checkpoints;
        this.experimentPipeline = new ExperimentPipeline(queue, jdbc, datasets, services);
        this.evaluationPipeline = new EvaluationPipeline(work);
    }

    public ExperimentPipeline experimentPipeline() {
        return experimentPipeline;
    }

    public EvaluationPipeline evaluationPipeline() {
        return evaluationPipeline;
    }

    CheckpointStore checkpoints() {
        return checkpoints;
    }
}
