package io.vitsearch.search;

import java.util.List;

/** One stage of a {@code hierarchical} architecture; {@code blocks} has exactly {@code depth} entries. */
public record Stage(int depth, int embedDim, List<Block> blocks) {

    public Stage {
        Violations violations = new Violations();
        violations.positive("depth", depth);
        violations.positive("embedDim", embedDim);
        if (blocks == null) {
            violations.add("blocks", null, "is required: one entry per block");
        } else if (blocks.size() != depth) {
            violations.add("blocks", blocks.size() + " entries", "must have one entry per block (depth " + depth + ")");
        } else {
            for (int i = 0; i < blocks.size(); i++) {
                if (blocks.get(i) == null) {
                    violations.add("blocks[" + i + "]", null, "is required");
                }
            }
        }
        violations.throwIfAny();
        blocks = List.copyOf(blocks);
    }
}
