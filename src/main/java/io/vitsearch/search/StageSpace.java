package io.vitsearch.search;

import java.util.List;

/**
 * Choices of one stage of a {@code hierarchical} space: {@code depth} and {@code embedDim} once per
 * stage; {@code windowSize}, {@code numHeads}, {@code mlpRatio} and {@code qkvDim} once per block.
 */
public record StageSpace(
        List<Integer> depth,
        List<Integer> embedDim,
        List<Integer> windowSize,
        List<Integer> numHeads,
        List<Double> mlpRatio,
        List<Integer> qkvDim) {

    public StageSpace {
        Violations violations = new Violations();
        Choices.checkIntegers(violations, "depth", depth, 1);
        Choices.checkIntegers(violations, "embedDim", embedDim, 1);
        Choices.checkIntegers(violations, "windowSize", windowSize, 1);
        Choices.checkIntegers(violations, "numHeads", numHeads, 1);
        Choices.checkPositiveReals(violations, "mlpRatio", mlpRatio);
        Choices.checkIntegers(violations, "qkvDim", qkvDim, 1);
        Choices.checkQkvDivisibleByHeads(violations, "qkvDim", qkvDim, numHeads);
        violations.throwIfAny();
        depth = List.copyOf(depth);
        embedDim = List.copyOf(embedDim);
        windowSize = List.copyOf(windowSize);
        numHeads = List.copyOf(numHeads);
        mlpRatio = List.copyOf(mlpRatio);
        qkvDim = List.copyOf(qkvDim);
    }
}
