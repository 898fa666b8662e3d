package io.vitsearch.search;

import java.util.List;

/**
 * An AutoFormer-style architecture: one embed dim and depth for the whole network and, per layer,
 * heads, MLP ratio and Q-K-V dim. {@code layers} has exactly {@code depth} entries.
 */
public record VitArchitecture(
        int imageSize,
        int channels,
        int patchSize,
        int numClasses,
        int embedDim,
        int depth,
        List<VitLayer> layers) implements Architecture {

    public VitArchitecture {
        Violations violations = new Violations();
        FixedSettings.check(violations, imageSize, channels, patchSize, numClasses);
        violations.positive("embedDim", embedDim);
        violations.positive("depth", depth);
        if (layers == null) {
            violations.add("layers", null, "is required: one entry per layer");
        } else if (layers.size() != depth) {
            violations.add("layers", layers.size() + " entries", "must have one entry per layer (depth " + depth + ")");
        } else {
            for (int i = 0; i < layers.size(); i++) {
                if (layers.get(i) == null) {
                    violations.add("layers[" + i + "]", null, "is required");
                }
            }
        }
        violations.throwIfAny();
        layers = List.copyOf(layers);
    }

    /** Number of patches per side of the image. */
    public int gridSize() {
        return imageSize / patchSize;
    }
}
