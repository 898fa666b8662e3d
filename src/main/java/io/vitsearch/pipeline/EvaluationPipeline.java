package io.vitsearch.pipeline;

import ai.djl.Device;
import io.vitsearch.dataset.DatasetException;
import io.vitsearch.dataset.DatasetNotFoundException;
import io.vitsearch.worker.JobContext;
import io.vitsearch.worker.NonRetryableException;
import io.vitsearch.worker.Pipeline;

/**
 * Runs {@code evaluation} jobs: measures the validation error of a batch of architectures through
 * one trained supernet checkpoint and stores each result. Experiment pipelines enqueue these jobs,
 * and any idle worker may run them.
 */
public class EvaluationPipeline implements Pipeline {

    public static final String KIND = "evaluation";

    private final EvaluationWork work;

    EvaluationPipeline(EvaluationWork work) {
        this.work = work;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public void run(JobContext context) throws Exception {
        EvaluationRequest request = EvaluationRequest.parse(context.payload());
        Device device = ComputeDevices.forWorker(context.device());
        ComputeDevices.disableGradientsOnThisThread();
        try {
            work.run(request, context.job().lease(), device, context::ensureActive);
        } catch (DatasetNotFoundException | DatasetException e) {
            throw new NonRetryableException("Dataset " + request.data().dataset() + " cannot be read: "
                    + e.getMessage(), e);
        }
    }
}
