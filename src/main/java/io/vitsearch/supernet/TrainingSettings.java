package io.vitsearch.supernet;

/**
 * Settings of supernet training. Steps count optimizer updates; with {@code subnetsPerStep} above
 * 1 every step accumulates the gradients of that many sampled subnets on the same batch.
 *
 * @param learningRate peak learning rate, reached at the end of the warm-up
 * @param minLearningRate learning rate at the end of the cosine decay
 * @param warmupSteps steps of linear warm-up from {@code learningRate / warmupSteps}
 * @param totalSteps steps over which warm-up and cosine decay run; later steps use {@code minLearningRate}
 * @param weightDecay decoupled AdamW weight decay, applied to 2-D weights except the position embedding
 * @param labelSmoothing probability mass spread evenly over all classes in the target
 * @param subnetsPerStep subnets whose gradients one optimizer step accumulates
 * @param beta1 AdamW first-moment decay
 * @param beta2 AdamW second-moment decay
 * @param epsilon AdamW denominator term
 * @param seed seed of subnet sampling
 */
public record TrainingSettings(
        double learningRate,
        double minLearningRate,
        long warmupSteps,
        long totalSteps,
        double weightDecay,
        double labelSmoothing,
        int subnetsPerStep,
        double beta1,
        double beta2,
        double epsilon,
        long seed) {

    public TrainingSettings {
        require(learningRate > 0 && Double.isFinite(learningRate), "learningRate", learningRate, "must be > 0");
        require(minLearningRate >= 0 && minLearningRate <= learningRate, "minLearningRate", minLearningRate,
                "must be between 0 and learningRate (" + learningRate + ")");
        require(totalSteps >= 1, "totalSteps", totalSteps, "must be at least 1");
        require(warmupSteps >= 0 && warmupSteps <= totalSteps, "warmupSteps", warmupSteps,
                "must be between 0 and totalSteps (" + totalSteps + ")");
        require(weightDecay >= 0 && Double.isFinite(weightDecay), "weightDecay", weightDecay, "must be >= 0");
        require(labelSmoothing >= 0 && labelSmoothing < 1, "labelSmoothing", labelSmoothing, "must be in [0, 1)");
        require(subnetsPerStep >= 1, "subnetsPerStep", subnetsPerStep, "must be at least 1");
        require(beta1 >= 0 && beta1 < 1, "beta1", beta1, "must be in [0, 1)");
        require(beta2 >= 0 && beta2 < 1, "beta2", beta2, "must be in [0, 1)");
        require(epsilon > 0, "epsilon", epsilon, "must be > 0");
    }

    /** Settings with PyTorch's AdamW defaults (betas 0.9 and 0.999, epsilon 1e-8) and a cosine decay to 0. */
    public static TrainingSettings of(double learningRate, long warmupSteps, long totalSteps, double weightDecay,
            double labelSmoothing, int subnetsPerStep, long seed) {
        return new TrainingSettings(learningRate, 0.0, warmupSteps, totalSteps, weightDecay, labelSmoothing,
                subnetsPerStep, 0.9, 0.999, 1e-8, seed);
    }

    /**
     * Returns the learning rate of {@code step} (0-based): linear warm-up reaching
     * {@code learningRate} at the last warm-up step, then a half cosine down to
     * {@code minLearningRate} at {@code totalSteps}.
     */
    public double learningRateAt(long step) {
        if (step < warmupSteps) {
            return learningRate * (step + 1) / warmupSteps;
        }
        long decaySteps = Math.max(1, totalSteps - warmupSteps);
        double progress = Math.min(1.0, (double) (step - warmupSteps) / decaySteps);
        return minLearningRate + 0.5 * (learningRate - minLearningRate) * (1 + Math.cos(Math.PI * progress));
    }

    private static void require(boolean valid, String field, Object value, String rule) {
        if (!valid) {
            throw new IllegalArgumentException("training setting " + field + " = " + value + " is invalid: " + rule);
        }
    }
}
