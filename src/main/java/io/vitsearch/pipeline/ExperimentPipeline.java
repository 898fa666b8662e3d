package io.vitsearch.pipeline;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import ai.djl.Device;
import ai.djl.engine.EngineException;
import io.vitsearch.dataset.DatasetException;
import io.vitsearch.dataset.DatasetNotFoundException;
import io.vitsearch.experiment.ExperimentService;
import io.vitsearch.experiment.spec.ExperimentSpec;
import io.vitsearch.experiment.spec.SpecJson;
import io.vitsearch.queue.JobQueue;
import io.vitsearch.search.InvalidSpecException;
import io.vitsearch.supernet.NonFiniteLossException;
import io.vitsearch.worker.CancelledException;
import io.vitsearch.worker.JobContext;
import io.vitsearch.worker.NonRetryableException;
import io.vitsearch.worker.Pipeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Runs {@code experiment} jobs: the whole search of one experiment, resumed from its latest
 * checkpoint on every attempt (see {@link ExperimentRun}). Errors that another attempt would repeat
 * (an invalid spec, an unreadable dataset, a diverging loss, exhausted memory) fail the job for good
 * with a reason that names what to change.
 */
public class ExperimentPipeline implements Pipeline {

    private static final Logger log = LoggerFactory.getLogger(ExperimentPipeline.class);

    private final JobQueue queue;

    private final NamedParameterJdbcTemplate jdbc;

    private final PreparedDatasets datasets;

    private final ExperimentRun.Services services;

    ExperimentPipeline(JobQueue queue, NamedParameterJdbcTemplate jdbc, PreparedDatasets datasets,
            ExperimentRun.Services services) {
        this.queue = queue;
        this.jdbc = jdbc;
        this.datasets = datasets;
        this.services = services;
    }

    @Override
    public String kind() {
        return ExperimentService.JOB_KIND;
    }

    @Override
    public void run(JobContext context) throws Exception {
        UUID experimentId = context.experimentId();
        if (experimentId == null) {
            throw new NonRetryableException("Experiment job " + context.jobId() + " names no experiment");
        }
        Device device = ComputeDevices.forWorker(context.device());
        ComputeDevices.disableGradientsOnThisThread();
        String stage = "reading the spec";
        try {
            ExperimentPlan plan = ExperimentPlan.of(readSpec(experimentId));
            PipelineState state = services.checkpoints().load(experimentId).orElseGet(() -> PipelineState.start(plan));
            log.info("Experiment {} {} on {} (job {} attempt {}) at stage {}", experimentId,
                    state.stage() == PipelineState.Stage.TRAINING && state.supernet() == null && state.spaceIndex() == 0
                            ? "starts" : "resumes", device, context.jobId(), context.job().attempt(), state.stage());

            stage = "loading dataset " + plan.spec().dataset().name();
            PreparedDatasets.Prepared data = datasets.prepare(PreparedDatasets.DataKey.of(plan));
            stage = "running the search";
            new ExperimentRun(context, plan, data, device, state, services).run();
            log.info("Experiment {} finished its pipeline on {}", experimentId, device);
        } catch (CancelledException e) {
            if (context.isCancelRequested()) {
                cancelEvaluationJobs(experimentId);
            }
            throw e;
        } catch (NonFiniteLossException e) {
            throw new NonRetryableException("Supernet training diverged: " + e.getMessage(), e);
        } catch (DatasetNotFoundException | DatasetException e) {
            throw new NonRetryableException("Dataset error: " + e.getMessage(), e);
        } catch (InvalidSpecException e) {
            throw new NonRetryableException("The experiment spec cannot run: " + e.getMessage(), e);
        } catch (OutOfMemoryError e) {
            throw outOfMemory(device, stage, e);
        } catch (EngineException e) {
            if (isOutOfMemory(e)) {
                throw outOfMemory(device, stage, e);
            }
            throw e;
        }
    }

    /**
     * Cancels the experiment's evaluation jobs that this attempt enqueued after the cancel request
     * but before it saw it, so that no worker runs them.
     */
    private void cancelEvaluationJobs(UUID experimentId) {
        try {
            queue.requestCancel(experimentId);
        } catch (RuntimeException e) {
            log.warn("Could not cancel the evaluation jobs of cancelled experiment {}; workers run them, and the "
                    + "results go unused", experimentId, e);
        }
    }

    private ExperimentSpec readSpec(UUID experimentId) {
        List<String> specs = jdbc.query("SELECT spec::text AS spec FROM experiment WHERE id = :id",
                new MapSqlParameterSource("id", experimentId), (row, n) -> row.getString("spec"));
        if (specs.isEmpty()) {
            throw new NonRetryableException("Experiment " + experimentId + " does not exist");
        }
        try {
            return SpecJson.mapper().readValue(specs.get(0), ExperimentSpec.class);
        } catch (RuntimeException e) {
            throw new NonRetryableException("The stored spec of experiment " + experimentId + " cannot be read: "
                    + e.getMessage(), e);
        }
    }

    private static boolean isOutOfMemory(Throwable failure) {
        String message = String.valueOf(failure.getMessage()).toLowerCase(Locale.ROOT);
        return message.contains("out of memory") || message.contains("can't allocate memory")
                || message.contains("cannot allocate memory");
    }

    private static NonRetryableException outOfMemory(Device device, String stage, Throwable cause) {
        return new NonRetryableException("Out of memory on " + device + " while " + stage + ": " + cause.getMessage()
                + ". Lower supernet.batchSize or the largest choices of the space, or run on a device with more "
                + "memory, then retry", cause);
    }
}
