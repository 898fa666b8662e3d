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
                }
            }
        }
        violations.throwIfAny();
        stages = List.copyOf(stages);
    }
}
