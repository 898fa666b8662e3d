package io.vitsearch.supernet;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

import io.vitsearch.search.VitArchitecture;
import io.vitsearch.search.VitLayer;
import io.vitsearch.search.VitSpace;

/**
 * Samples a {@code vit} architecture uniformly: embed dim and depth once, then heads, MLP ratio
 * and Q-K-V dim independently for every layer, each uniformly over its choices.
 */
public final class UniformSubnetSampler implements SubnetSampler {

    private final VitSpace space;

    public UniformSubnetSampler(VitSpace space) {
        this.space = space;
    }

    @Override
    public VitArchitecture sample(RandomGenerator random) {
        int embedDim = pick(space.embedDim(), random);
        int depth = pick(space.depth(), random);
        List<VitLayer> layers = new ArrayList<>(depth);
        for (int i = 0; i < depth; i++) {
            layers.add(new VitLayer(pick(space.numHeads(), random), pick(space.mlpRatio(), random),
                    pick(space.qkvDim(), random)));
        }
        return new VitArchitecture(space.imageSize(), space.channels(), space.patchSize(), space.numClasses(),
                embedDim, depth, layers);
    }

    private static <T> T pick(List<T> choices, RandomGenerator random) {
        return choices.get(random.nextInt(choices.size()));
    }
}
