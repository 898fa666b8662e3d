package io.vitsearch.experiment;

import java.time.Instant;

/**
 * One point of a training curve.
 *
 * @param phase the phase that produced it, as in {@link Progress#phase()}
 * @param spaceStep space-evolution step, or null for the final supernet
 * @param epoch supernet epoch (0-based)
 * @param step optimizer step counted from the start of this supernet's training
 * @param name what was measured: {@code train-loss}, {@code learning-rate}, {@code images-per-second}
 *        or {@code epoch-end}, as {@link MetricSeries#NAMES_DESCRIPTION} defines them
 * @param value the measured value
 * @param recordedAt when it was measured
 */
public record MetricPoint(String phase, Integer spaceStep, int epoch, long step, String name, double value,
                          Instant recordedAt) {
}
