package io.vitsearch.search;

/**
 * One Swin-like block of a {@code hierarchical} architecture. A window at least as large as the
 * stage's feature map means global attention without a shift.
 */
public record Block(int windowSize, int numHeads, double mlpRatio, int qkvDim) {

    public Block {
        Violations violations = new Violations();
        violations.positive("windowSize", windowSize);
        violations.positive("numHeads", numHeads);
        violations.positive("mlpRatio", mlpRatio);
        violations.positive("qkvDim", qkvDim);
        if (numHeads >= 1 && qkvDim >= 1 && qkvDim % numHeads != 0) {
            violations.add("qkvDim", qkvDim, "must be divisible by numHeads (" + numHeads + ")");
        }
        violations.throwIfAny();
    }

    public int mlpHiddenDim(int embedDim) {
        return (int) Math.round(embedDim * mlpRatio);
    }
}
