package io.vitsearch.search;

import java.util.List;

/** A {@code hierarchical} (S3, Swin-like) search space: one {@link StageSpace} per stage. */
public record HierarchicalSpace(
        int imageSize,
        int channels,
        int patchSize,
        int numClasses,
        List<StageSpace> stages) implements SearchSpace {

    public HierarchicalSpace {
        Violations violations = new Violations();
        FixedSettings.check(violations, imageSize, channels, patchSize, numClasses);
        if (stages == null || stages.isEmpty() || stages.size() > HierarchicalArchitecture.MAX_STAGES) {
            violations.add("stages", stages == null ? null : stages.size() + " entries",
                    "must have between 1 and " + HierarchicalArchitecture.MAX_STAGES + " stages");
        } else {
            HierarchicalArchitecture.checkFeatureMap(violations, imageSize, patchSize, stages.size());
            for (int i = 0; i < stages.size(); i++) {
                if (stages.get(i) == null) {
                    violations.add("stages[" + i + "]", null, "is required");
                } else if (imageSize >= 1 && patchSize >= 1) {
                    checkWindows(violations, i, stages.get(i).windowSize(), (imageSize / patchSize) >> i);
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

    @Override
    public boolean contains(Architecture candidate) {
        if (!(candidate instanceof HierarchicalArchitecture architecture)) {
            return false;
        }
        if (architecture.imageSize() != imageSize || architecture.channels() != channels
                || architecture.patchSize() != patchSize || architecture.numClasses() != numClasses
                || architecture.stages().size() != stages.size()) {
            return false;
        }
        for (int s = 0; s < stages.size(); s++) {
            StageSpace space = stages.get(s);
            Stage stage = architecture.stages().get(s);
            if (!space.depth().contains(stage.depth()) || !space.embedDim().contains(stage.embedDim())) {
                return false;
            }
            boolean blocksInSpace = stage.blocks().stream().allMatch(block -> space.windowSize().contains(block.windowSize())
                    && space.numHeads().contains(block.numHeads()) && space.mlpRatio().contains(block.mlpRatio())
                    && space.qkvDim().contains(block.qkvDim()));
            if (!blocksInSpace) {
                return false;
            }
        }
        return true;
    }

    /**
     * Rejects a second window choice at or above the stage's feature map size: every such window is
     * global attention over the whole map, so the two choices would name the same network twice.
     */
    private static void checkWindows(Violations violations, int stageIndex, List<Integer> windows, int featureMapSize) {
        Integer firstGlobal = null;
        for (int j = 0; j < windows.size(); j++) {
            Integer window = windows.get(j);
            if (window == null || window < featureMapSize) {
                continue;
            }
            if (firstGlobal == null) {
                firstGlobal = window;
            } else {
                violations.add("stages[" + stageIndex + "].windowSize[" + j + "]", window,
                        "gives the same network as window " + firstGlobal + ": both cover the whole "
                                + featureMapSize + "x" + featureMapSize + " feature map of this stage; keep one "
                                + "choice at or above " + featureMapSize);
            }
        }
    }
}
