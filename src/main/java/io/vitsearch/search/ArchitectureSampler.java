package io.vitsearch.search;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Draws architectures uniformly from a search space: every dimension independently uniform over its
 * choices, and the per-layer (per-block) dimensions independently for every layer (block). The draw
 * order is fixed, so the same {@link SearchRandom} state always gives the same architecture.
 */
public final class ArchitectureSampler {

    private ArchitectureSampler() {
    }

    public static Architecture sample(SearchSpace space, SearchRandom random) {
        if (space instanceof VitSpace vit) {
            return sampleVit(vit, random);
        }
        return sampleHierarchical((HierarchicalSpace) space, random);
    }

    /**
     * Draws uniformly until an architecture meets {@code constraints}, which amounts to sampling
     * uniformly from the architectures that meet it.
     *
     * @throws UnsatisfiableConstraintException when the space's parameter range excludes the
     *     constraint, or none of {@code maxTries} draws meets it
     */
    public static Architecture sample(SearchSpace space, Constraints constraints, SearchRandom random, int maxTries) {
        checkParamsRange(space, constraints);
        DrawStatistics statistics = new DrawStatistics();
        for (int draw = 0; draw < maxTries; draw++) {
            Architecture architecture = sample(space, random);
            ComplexityResult complexity = Complexity.of(architecture);
            if (constraints.allows(complexity)) {
                return architecture;
            }
            statistics.add(complexity);
        }
        throw unsatisfiable(space, constraints, statistics);
    }

    /** Returns the architecture built from the smallest choice of every dimension: the fewest parameters. */
    public static Architecture smallest(SearchSpace space) {
        return extreme(space, 0);
    }

    /** Returns the architecture built from the largest choice of every dimension: the most parameters. */
    public static Architecture largest(SearchSpace space) {
        return extreme(space, -1);
    }

    /**
     * Rejects a constraint that no architecture of the space can meet by parameter count. Parameters
     * grow with every choice, so the smallest and largest architectures bound the whole space.
     */
    public static void checkParamsRange(SearchSpace space, Constraints constraints) {
        long minParams = Complexity.of(smallest(space)).params();
        long maxParams = Complexity.of(largest(space)).params();
        boolean tooSmall = constraints.maxParams() != null && constraints.maxParams() < minParams;
        boolean tooLarge = constraints.minParams() != null && constraints.minParams() > maxParams;
        if (tooSmall || tooLarge) {
            throw new UnsatisfiableConstraintException(constraints, "no architecture of the space can meet it: the "
                    + "space's parameter counts range from " + minParams + " to " + maxParams
                    + "; widen the params bounds or change the space");
        }
    }

    static UnsatisfiableConstraintException unsatisfiable(SearchSpace space, Constraints constraints,
            DrawStatistics statistics) {
        long minParams = Complexity.of(smallest(space)).params();
        long maxParams = Complexity.of(largest(space)).params();
        return new UnsatisfiableConstraintException(constraints, "none of " + statistics.draws
                + " random architectures met it; the space's parameter counts range from " + minParams + " to "
                + maxParams + ", and the draws ranged from " + statistics.minParams + " to " + statistics.maxParams
                + " parameters and from " + statistics.minFlops + " to " + statistics.maxFlops
                + " FLOPs; loosen the constraint or change the space");
    }

    static VitLayer randomLayer(VitSpace space, SearchRandom random) {
        int numHeads = random.pick(space.numHeads());
        double mlpRatio = random.pick(space.mlpRatio());
        int qkvDim = random.pick(space.qkvDim());
        return new VitLayer(numHeads, mlpRatio, qkvDim);
    }

    static Block randomBlock(StageSpace space, SearchRandom random) {
        int windowSize = random.pick(space.windowSize());
        int numHeads = random.pick(space.numHeads());
        double mlpRatio = random.pick(space.mlpRatio());
        int qkvDim = random.pick(space.qkvDim());
        return new Block(windowSize, numHeads, mlpRatio, qkvDim);
    }

    private static VitArchitecture sampleVit(VitSpace space, SearchRandom random) {
        int embedDim = random.pick(space.embedDim());
        int depth = random.pick(space.depth());
        List<VitLayer> layers = new ArrayList<>(depth);
        for (int i = 0; i < depth; i++) {
            layers.add(randomLayer(space, random));
        }
        return new VitArchitecture(space.imageSize(), space.channels(), space.patchSize(), space.numClasses(),
                embedDim, depth, layers);
    }

    private static HierarchicalArchitecture sampleHierarchical(HierarchicalSpace space, SearchRandom random) {
        List<Stage> stages = new ArrayList<>(space.stages().size());
        for (StageSpace stageSpace : space.stages()) {
            int depth = random.pick(stageSpace.depth());
            int embedDim = random.pick(stageSpace.embedDim());
            List<Block> blocks = new ArrayList<>(depth);
            for (int i = 0; i < depth; i++) {
                blocks.add(randomBlock(stageSpace, random));
            }
            stages.add(new Stage(depth, embedDim, blocks));
        }
        return new HierarchicalArchitecture(space.imageSize(), space.channels(), space.patchSize(),
                space.numClasses(), stages);
    }

    /** Builds the architecture from choice {@code index} of every dimension; -1 means the last choice. */
    private static Architecture extreme(SearchSpace space, int index) {
        if (space instanceof VitSpace vit) {
            VitLayer layer = new VitLayer(at(vit.numHeads(), index), at(vit.mlpRatio(), index), at(vit.qkvDim(), index));
            int depth = at(vit.depth(), index);
            return new VitArchitecture(vit.imageSize(), vit.channels(), vit.patchSize(), vit.numClasses(),
                    at(vit.embedDim(), index), depth, Collections.nCopies(depth, layer));
        }
        HierarchicalSpace hierarchical = (HierarchicalSpace) space;
        List<Stage> stages = new ArrayList<>();
        for (StageSpace stage : hierarchical.stages()) {
            Block block = new Block(at(stage.windowSize(), index), at(stage.numHeads(), index),
                    at(stage.mlpRatio(), index), at(stage.qkvDim(), index));
            int depth = at(stage.depth(), index);
            stages.add(new Stage(depth, at(stage.embedDim(), index), Collections.nCopies(depth, block)));
        }
        return new HierarchicalArchitecture(hierarchical.imageSize(), hierarchical.channels(),
                hierarchical.patchSize(), hierarchical.numClasses(), stages);
    }

    private static <T> T at(List<T> choices, int index) {
        return choices.get(index < 0 ? choices.size() + index : index);
    }

    /** Range of parameters and FLOPs over rejected draws, for the message of an unsatisfiable constraint. */
    static final class DrawStatistics {
        int draws;
        long minParams = Long.MAX_VALUE;
        long maxParams = Long.MIN_VALUE;
        long minFlops = Long.MAX_VALUE;
        long maxFlops = Long.MIN_VALUE;

        void add(ComplexityResult complexity) {
            draws++;
            minParams = Math.min(minParams, complexity.params());
            maxParams = Math.max(maxParams, complexity.params());
            minFlops = Math.min(minFlops, complexity.flops());
            maxFlops = Math.max(maxFlops, complexity.flops());
        }
    }
}
