package io.vitsearch.experiment;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The points of one training curve, in the order they were recorded.
 *
 * @param name what was measured, one of the names that {@link #NAMES_DESCRIPTION} defines
 */
@Schema(name = "MetricSeries", description = "One training curve")
public record MetricSeries(@Schema(example = "train-loss", description = NAMES_DESCRIPTION) String name,
                           List<Point> points) {

    /** The metric names that supernet training records, for the API description. */
    static final String NAMES_DESCRIPTION = "What was measured. Supernet training records four metrics:"
            + " train-loss is the mean label-smoothed cross-entropy of the optimizer steps since the previous"
            + " point (vitsearch.pipeline.metrics-every-steps steps), learning-rate is the learning rate of the"
            + " last of those steps, images-per-second is the training throughput over them, and epoch-end is the"
            + " mean loss of all optimizer steps of an epoch, recorded once at the end of each epoch.";

    /**
     * One point of a curve.
     *
     * @param spaceStep the space-evolution step whose supernet produced it, or null for the final supernet
     * @param step optimizer step counted from the start of that supernet's training
     */
    @Schema(name = "MetricSeriesPoint")
    public record Point(
            @Schema(example = "TRAINING_SUPERNET") String phase,
            @Schema(example = "0", nullable = true) Integer spaceStep,
            @Schema(example = "1") int epoch,
            @Schema(example = "840") long step,
            @Schema(example = "1.4231") double value,
            @Schema(example = "2025-05-01T09:41:17Z") Instant recordedAt) {
    }
}
