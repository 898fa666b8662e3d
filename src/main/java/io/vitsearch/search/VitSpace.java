package io.vitsearch.search;

import java.util.List;

/**
 * A {@code vit} (AutoFormer) search space. {@code embedDim} and {@code depth} are chosen once per
 * architecture; {@code numHeads}, {@code mlpRatio} and {@code qkvDim} once per layer.
 */
public record VitSpace(
        int imageSize,
        int channels,
        int patchSize,
        int numClasses,
        List<Integer> embedDim,
        List<Integer> depth,
        List<Integer> numHeads,
        List<Double> mlpRatio,
        List<Integer> qkvDim) implements SearchSpace {

    public VitSpace {
        Violations violations = new Violations();
        FixedSettings.check(violations, imageSize, channels, patchSize, numClasses);
        Choices.checkIntegers(violations, "embedDim", embedDim, 1);
        Choices.checkIntegers(violations, "depth", depth, 1);
        Choices.checkIntegers(violations, "numHeads", numHeads, 1);
        Choices.checkPositiveReals(violations, "mlpRatio", mlpRatio);
        Choices.checkIntegers(violations, "qkvDim", qkvDim, 1);
        Choices.checkQkvDivisibleByHeads(violations, "qkvDim", qkvDim, numHeads);
        violations.throwIfAny();
        embedDim = List.copyOf(embedDim);
        depth = List.copyOf(depth);
        numHeads = List.copyOf(numHeads);
        mlpRatio = List.copyOf(mlpRatio);
        qkvDim = List.copyOf(qkvDim);
    }

    public int maxEmbedDim() {
        return Choices.max(embedDim);
    }

    public int maxDepth() {
        return Choices.max(depth);
    }

    public int maxNumHeads() {
        return Choices.max(numHeads);
    }

    public int maxQkvDim() {
        return Choices.max(qkvDim);
    }

    public double maxMlpRatio() {
        return mlpRatio.get(mlpRatio.size() - 1);
    }

    /** Widest MLP hidden layer any architecture of this space uses. */
    public int maxMlpHiddenDim() {
        return (int) Math.round(maxEmbedDim() * maxMlpRatio());
    }

    @Override
    public boolean contains(Architecture candidate) {
        return candidate instanceof VitArchitecture vit && contains(vit);
    }

    /** Returns true when every choice of {@code architecture} is one of this space's choices. */
    public boolean contains(VitArchitecture architecture) {
        if (architecture.imageSize() != imageSize || architecture.channels() != channels
                || architecture.patchSize() != patchSize || architecture.numClasses() != numClasses) {
            return false;
        }
        if (!embedDim.contains(architecture.embedDim()) || !depth.contains(architecture.depth())) {
            return false;
        }
        return architecture.layers().stream().allMatch(layer -> numHeads.contains(layer.numHeads())
                && mlpRatio.contains(layer.mlpRatio()) && qkvDim.contains(layer.qkvDim()));
    }
}
