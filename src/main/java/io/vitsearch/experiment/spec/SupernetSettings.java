package io.vitsearch.experiment.spec;

import java.util.ArrayList;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import io.vitsearch.search.Violation;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * Supernet training: AdamW with a cosine schedule after a linear warm-up, label smoothing, and
 * {@code subnetsPerStep} sampled subnets accumulating gradients before each optimizer step. The
 * supernets trained during space evolution only rank choices, so the final space's supernet, whose
 * weights the searched models inherit, may train longer ({@code finalEpochs}). Training images can
 * be mirrored left to right and shifted by a few pixels, which pays off on longer runs. With
 * {@code fineTuneEpochs} above 0, each exported architecture then trains alone for that many
 * epochs, starting from the weights it inherits, before its test accuracy is measured; the search
 * itself still ranks subnets by their inherited weights.
 */
@Schema(description = "Supernet training settings")
public record SupernetSettings(
        @Schema(example = "10", defaultValue = "10") @Min(1) @Max(MAX_EPOCHS) Integer epochs,
        @Schema(example = "128", defaultValue = "128") @Min(1) @Max(65_536) Integer batchSize,
        @Schema(example = "0.001", description = "Peak AdamW learning rate, greater than 0; default 0.001")
        @DecimalMin(value = "0", inclusive = false) @DecimalMax("10") Double learningRate,
        @Schema(example = "0.05", description = "Default 0.05") @DecimalMin("0") @DecimalMax("10") Double weightDecay,
        @Schema(example = "1", defaultValue = "1", description = "Linear warm-up epochs, at most epochs")
        @Min(0) @Max(10_000) Integer warmupEpochs,
        @Schema(example = "0.1", description = "From 0 up to, not including, 1; default 0.1")
        @DecimalMin("0") @DecimalMax(value = "1", inclusive = false) Double labelSmoothing,
        @Schema(example = "1", defaultValue = "1") @Min(1) @Max(64) Integer subnetsPerStep,
        @Schema(example = "8", description = "Epochs of the final space's supernet, the one searched and exported; "
                + "default: epochs. When it exceeds epochs and space evolution keeps the space, the kept supernet "
                + "trains again for finalEpochs from its own weights")
        @Min(1) @Max(MAX_EPOCHS) Integer finalEpochs,
        @Schema(example = "0.5", description = "Probability of mirroring a training image left to right, in [0, 1]; "
                + "default 0")
        @DecimalMin("0") @DecimalMax("1") Double flipProbability,
        @Schema(example = "2", description = "Largest random shift of a training image, in pixels along each axis; "
                + "uncovered pixels become black; default 0")
        @Min(0) @Max(64) Integer maxShift,
        @Schema(example = "3", description = "Epochs that each exported architecture trains alone, from its inherited "
                + "weights, before it is tested and exported; default 0, which exports the inherited weights")
        @Min(0) @Max(MAX_EPOCHS) Integer fineTuneEpochs,
        @Schema(example = "0.0005", description = "Peak learning rate of fine-tuning, greater than 0; default a "
                + "quarter of learningRate. Fine-tuning has no warm-up and decays along a cosine to 0")
        @DecimalMin(value = "0", inclusive = false) @DecimalMax("10") Double fineTuneLearningRate) {

    public static final int MAX_EPOCHS = 10_000;

    private static final double DEFAULT_LEARNING_RATE = 0.001;

    public SupernetSettings {
        epochs = epochs == null ? 10 : epochs;
        batchSize = batchSize == null ? 128 : batchSize;
        learningRate = learningRate == null ? DEFAULT_LEARNING_RATE : learningRate;
        weightDecay = weightDecay == null ? 0.05 : weightDecay;
        warmupEpochs = warmupEpochs == null ? 1 : warmupEpochs;
        labelSmoothing = labelSmoothing == null ? 0.1 : labelSmoothing;
        subnetsPerStep = subnetsPerStep == null ? 1 : subnetsPerStep;
        // Clamped into its own bounds, so an invalid epochs value is reported once, on epochs.
        finalEpochs = finalEpochs == null ? Math.min(Math.max(epochs, 1), MAX_EPOCHS) : finalEpochs;
        flipProbability = flipProbability == null ? 0.0 : flipProbability;
        maxShift = maxShift == null ? 0 : maxShift;
        fineTuneEpochs = fineTuneEpochs == null ? 0 : fineTuneEpochs;
        // Derived from learningRate only when that is valid, so an invalid one is reported once.
        fineTuneLearningRate = fineTuneLearningRate != null ? fineTuneLearningRate
                : (learningRate > 0 && learningRate <= 10 ? learningRate : DEFAULT_LEARNING_RATE) / 4;
    }

    /** Returns the settings with every field at its default. */
    public static SupernetSettings defaults() {
        return new SupernetSettings(null, null, null, null, null, null, null, null, null, null, null, null);
    }

    List<Violation> crossFieldViolations() {
        List<Violation> violations = new ArrayList<>();
        // Compared only when epochs is itself valid, so one bad value is reported once.
        if (epochs >= 1 && warmupEpochs > epochs) {
            violations.add(new Violation("warmupEpochs", warmupEpochs, "must be at most epochs (" + epochs + ")"));
        } else if (finalEpochs >= 1 && warmupEpochs > finalEpochs) {
            violations.add(new Violation("warmupEpochs", warmupEpochs,
                    "must be at most finalEpochs (" + finalEpochs + ")"));
        }
        return violations;
    }
}
