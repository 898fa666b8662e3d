package io.vitsearch.search;

/**
 * One transformer layer of a {@code vit} architecture. The head dimension is
 * {@code qkvDim / numHeads}; {@code qkvDim} may be smaller than the embed dim.
 */
public record VitLayer(int numHeads, double mlpRatio, int qkvDim) {

    public VitLayer {
        Violations violations = new Violations();
        violations.positive("numHeads", numHeads);
        violations.positive("mlpRatio", mlpRatio);
        violations.positive("qkvDim", qkvDim);
        if (numHeads >= 1 && qkvDim >= 1 && qkvDim % numHeads != 0) {
            violations.add("qkvDim", qkvDim, "must be divisible by numHeads (" + numHeads + ")");
        }
        violations.throwIfAny();
    }

    /** Hidden width of the MLP for the given embed dim, rounded as the supernet slices it. */
    public int mlpHiddenDim(int embedDim) {
        return (int) Math.round(embedDim * mlpRatio);
    }
}
