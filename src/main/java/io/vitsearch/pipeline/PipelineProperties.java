package io.vitsearch.pipeline;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the experiment and evaluation pipelines.
 *
 * @param checkpointEveryEpochs supernet epochs between checkpoints; the last epoch of every
 *     supernet is always checkpointed, and a killed worker's replacement repeats at most this many
 *     epochs
 * @param metricsEverySteps optimizer steps whose mean training loss makes one {@code train-loss} point
 * @param evaluationChunkSize architectures per evaluation job
 * @param evaluationBatchSize images per forward pass when a subnet is evaluated
 * @param evaluationJobAttempts leases an evaluation job may use before it fails
 * @param evaluationPollInterval how long an experiment waits between looks at the evaluation jobs
 *     it enqueued, when no evaluation job is left for it to run itself
 * @param evaluationTimeout how long an experiment waits for its evaluation jobs to finish before
 *     the attempt fails
 * @param maxValidationImages largest number of validation images a subnet is evaluated on, the
 *     first ones of the seeded validation split; 0 uses the whole split
 * @param supernetCacheSize trained supernets each process keeps loaded for evaluation
 */
@ConfigurationProperties("vitsearch.pipeline")
public record PipelineProperties(
        @DefaultValue("1") int checkpointEveryEpochs,
        @DefaultValue("50") int metricsEverySteps,
        @DefaultValue("10") int evaluationChunkSize,
        @DefaultValue("256") int evaluationBatchSize,
        @DefaultValue("5") int evaluationJobAttempts,
        @DefaultValue("500ms") Duration evaluationPollInterval,
        @DefaultValue("1h") Duration evaluationTimeout,
        @DefaultValue("0") int maxValidationImages,
        @DefaultValue("2") int supernetCacheSize) {

    public PipelineProperties {
        requireAtLeast("checkpoint-every-epochs", checkpointEveryEpochs, 1);
        requireAtLeast("metrics-every-steps", metricsEverySteps, 1);
        requireAtLeast("evaluation-chunk-size", evaluationChunkSize, 1);
        requireAtLeast("evaluation-batch-size", evaluationBatchSize, 1);
        requireAtLeast("evaluation-job-attempts", evaluationJobAttempts, 1);
        requireAtLeast("max-validation-images", maxValidationImages, 0);
        requireAtLeast("supernet-cache-size", supernetCacheSize, 1);
        requirePositive("evaluation-poll-interval", evaluationPollInterval);
        requirePositive("evaluation-timeout", evaluationTimeout);
    }

    /** Returns the settings used when nothing is configured. */
    public static PipelineProperties defaults() {
        return new PipelineProperties(1, 50, 10, 256, 5, Duration.ofMillis(500), Duration.ofHours(1), 0, 2);
    }

    private static void requireAtLeast(String name, int value, int minimum) {
        if (value < minimum) {
            throw new IllegalArgumentException("vitsearch.pipeline." + name + " must be at least " + minimum
                    + ", was " + value);
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException("vitsearch.pipeline." + name + " must be positive, was " + value);
        }
    }
}
