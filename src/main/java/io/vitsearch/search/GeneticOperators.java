package io.vitsearch.search;

import java.util.ArrayList;
import java.util.List;

/**
 * AutoFormer's mutation and crossover for both families. Genes are drawn in a fixed order, so the
 * same generator state always gives the same child.
 */
final class GeneticOperators {

    private GeneticOperators() {
    }

    /**
     * Redraws the depth and the embed dim each with {@code depthProbability} (per stage for the
     * hierarchical family) and every per-layer (per-block) gene with {@code geneProbability}. Layers
     * added by a deeper draw get random genes; a shallower draw drops the last layers.
     */
    static Architecture mutate(Architecture parent, SearchSpace space, double geneProbability,
            double depthProbability, SearchRandom random) {
        if (parent instanceof VitArchitecture vit) {
            return mutateVit(vit, (VitSpace) space, geneProbability, depthProbability, random);
        }
        return mutateHierarchical((HierarchicalArchitecture) parent, (HierarchicalSpace) space, geneProbability,
                depthProbability, random);
    }

    /**
     * Takes every gene from either parent with equal probability. The parents must have equal depth
     * (equal depth in every stage), which {@link #sameDepths} checks.
     */
    static Architecture crossover(Architecture first, Architecture second, SearchRandom random) {
        if (first instanceof VitArchitecture a && second instanceof VitArchitecture b) {
            return crossoverVit(a, b, random);
        }
        return crossoverHierarchical((HierarchicalArchitecture) first, (HierarchicalArchitecture) second, random);
    }

    static boolean sameDepths(Architecture first, Architecture second) {
        if (first instanceof VitArchitecture a && second instanceof VitArchitecture b) {
            return a.depth() == b.depth();
        }
        if (first instanceof HierarchicalArchitecture a && second instanceof HierarchicalArchitecture b) {
            if (a.stages().size() != b.stages().size()) {
                return false;
            }
            for (int s = 0; s < a.stages().size(); s++) {
                if (a.stages().get(s).depth() != b.stages().get(s).depth()) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    private static VitArchitecture mutateVit(VitArchitecture parent, VitSpace space, double geneProbability,
            double depthProbability, SearchRandom random) {
        int depth = random.chance(depthProbability) ? random.pick(space.depth()) : parent.depth();
        int embedDim = random.chance(depthProbability) ? random.pick(space.embedDim()) : parent.embedDim();

        List<VitLayer> layers = new ArrayList<>(depth);
        for (int i = 0; i < depth; i++) {
            if (i >= parent.depth()) {
                layers.add(ArchitectureSampler.randomLayer(space, random));
                continue;
            }
            VitLayer old = parent.layers().get(i);
            int numHeads = random.chance(geneProbability) ? random.pick(space.numHeads()) : old.numHeads();
            double mlpRatio = random.chance(geneProbability) ? random.pick(space.mlpRatio()) : old.mlpRatio();
            int qkvDim = random.chance(geneProbability) ? random.pick(space.qkvDim()) : old.qkvDim();
            layers.add(new VitLayer(numHeads, mlpRatio, qkvDim));
        }
        return new VitArchitecture(parent.imageSize(), parent.channels(), parent.patchSize(), parent.numClasses(),
                embedDim, depth, layers);
    }

    private static HierarchicalArchitecture mutateHierarchical(HierarchicalArchitecture parent, HierarchicalSpace space,
            double geneProbability, double depthProbability, SearchRandom random) {
        List<Stage> stages = new ArrayList<>(parent.stages().size());
        for (int s = 0; s < parent.stages().size(); s++) {
            Stage old = parent.stages().get(s);
            StageSpace stageSpace = space.stages().get(s);
            int depth = random.chance(depthProbability) ? random.pick(stageSpace.depth()) : old.depth();
            int embedDim = random.chance(depthProbability) ? random.pick(stageSpace.embedDim()) : old.embedDim();

            List<Block> blocks = new ArrayList<>(depth);
            for (int i = 0; i < depth; i++) {
                if (i >= old.depth()) {
                    blocks.add(ArchitectureSampler.randomBlock(stageSpace, random));
                    continue;
                }
                Block block = old.blocks().get(i);
                int windowSize = random.chance(geneProbability) ? random.pick(stageSpace.windowSize()) : block.windowSize();
                int numHeads = random.chance(geneProbability) ? random.pick(stageSpace.numHeads()) : block.numHeads();
                double mlpRatio = random.chance(geneProbability) ? random.pick(stageSpace.mlpRatio()) : block.mlpRatio();
                int qkvDim = random.chance(geneProbability) ? random.pick(stageSpace.qkvDim()) : block.qkvDim();
                blocks.add(new Block(windowSize, numHeads, mlpRatio, qkvDim));
            }
            stages.add(new Stage(depth, embedDim, blocks));
        }
        return new HierarchicalArchitecture(parent.imageSize(), parent.channels(), parent.patchSize(),
                parent.numClasses(), stages);
    }

    private static VitArchitecture crossoverVit(VitArchitecture first, VitArchitecture second, SearchRandom random) {
        int embedDim = either(first.embedDim(), second.embedDim(), random);
        List<VitLayer> layers = new ArrayList<>(first.depth());
        for (int i = 0; i < first.depth(); i++) {
            VitLayer a = first.layers().get(i);
            VitLayer b = second.layers().get(i);
            layers.add(new VitLayer(either(a.numHeads(), b.numHeads(), random),
                    either(a.mlpRatio(), b.mlpRatio(), random), either(a.qkvDim(), b.qkvDim(), random)));
        }
        return new VitArchitecture(first.imageSize(), first.channels(), first.patchSize(), first.numClasses(),
                embedDim, first.depth(), layers);
    }

    private static HierarchicalArchitecture crossoverHierarchical(HierarchicalArchitecture first,
            HierarchicalArchitecture second, SearchRandom random) {
        List<Stage> stages = new ArrayList<>(first.stages().size());
        for (int s = 0; s < first.stages().size(); s++) {
            Stage a = first.stages().get(s);
            Stage b = second.stages().get(s);
            int embedDim = either(a.embedDim(), b.embedDim(), random);
            List<Block> blocks = new ArrayList<>(a.depth());
            for (int i = 0; i < a.depth(); i++) {
                Block x = a.blocks().get(i);
                Block y = b.blocks().get(i);
                blocks.add(new Block(either(x.windowSize(), y.windowSize(), random),
                        either(x.numHeads(), y.numHeads(), random), either(x.mlpRatio(), y.mlpRatio(), random),
                        either(x.qkvDim(), y.qkvDim(), random)));
            }
            stages.add(new Stage(a.depth(), embedDim, blocks));
        }
        return new HierarchicalArchitecture(first.imageSize(), first.channels(), first.patchSize(),
                first.numClasses(), stages);
    }

    private static <T> T either(T first, T second, SearchRandom random) {
        return random.chance(0.5) ? first : second;
    }
}
