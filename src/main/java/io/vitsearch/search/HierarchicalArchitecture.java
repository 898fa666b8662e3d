package io.vitsearch.search;

import java.util.List;

/**
 * A Swin-like architecture: stages joined by patch merging, which halves the feature map and
 * changes the embed dim. The feature map of the first stage is {@code imageSize / patchSize} per
 * side, and it must halve evenly before every later stage.
 */
public record HierarchicalArchitecture(
        int imageSize,
        int channels,
        int patchSize,
        int numClasses,
        List<Stage> stages) implements Architecture {

    public static final int MAX_STAGES = 4;

    public HierarchicalArchitecture {
        Violations violations = new Violations();
        FixedSettings.check(violations, imageSize, channels, patchSize, numClasses);
        if (stages == null || stages.isEmpty() || stages.size() > MAX_STAGES) {
            violations.add("stages", stages == null ? null : stages.size() + " entries",
                    "must have between 1 and " + MAX_STAGES + " stages");
        } else {
            checkFeatureMap(violations, imageSize, patchSize, stages.size());
            for (int i = 0; i < stages.size(); i++) {
                if (stages.get(i) == null) {
                    violations.add("stages[" + i + "]", null, "is required");
                }
            }
        }
        violations.throwIfAny();
        stages = List.copyOf(stages);
    }

    /** Feature map side length in stage {@code stageIndex} (0-based). */
    public int featureMapSize(int stageIndex) {
        return (imageSize / patchSize) >> stageIndex;
    }

    static void checkFeatureMap(Violations violations, int imageSize, int patchSize, int stageCount) {
        if (imageSize < 1 || patchSize < 1 || imageSize % patchSize != 0) {
            return;
        }
        int grid = imageSize / patchSize;
        int divisor = 1 << (stageCount - 1);
        if (grid % divisor != 0) {
            violations.add("imageSize", imageSize, "imageSize / patchSize (" + grid + ") must be divisible by "
                    + divisor + " so that patch merging halves it evenly before each of " + stageCount + " stages");
        }
    }
}
