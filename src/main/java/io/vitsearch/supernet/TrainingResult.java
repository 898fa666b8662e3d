package io.vitsearch.supernet;

import java.time.Duration;
import java.util.List;

/**
 * Outcome of one call to {@link SupernetTrainer#train(long)}.
 *
 * @param firstStep global step (0-based) of the first step of this call
 * @param steps optimizer steps taken
 * @param losses mean training loss of each step's subnets, one entry per step
 * @param imagesPerSecond images passed forward and backward per second of wall time, counted
 *     once for each subnet that processes them
 * @param elapsed wall time of the call
 * @param lastLearningRate learning rate of the last step
 */
public record TrainingResult(
        long firstStep,
        long steps,
        List<Double> losses,
        double imagesPerSecond,
        Duration elapsed,
        double lastLearningRate) {

    public TrainingResult {
        losses = List.copyOf(losses);
    }

    /** Returns the mean loss of the last {@code count} steps (all steps when fewer). */
    public double meanLossOfLast(int count) {
        return losses.subList(Math.max(0, losses.size() - count), losses.size()).stream()
                .mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
