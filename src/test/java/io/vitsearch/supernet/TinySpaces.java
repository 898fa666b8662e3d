package io.vitsearch.supernet;

import java.util.List;

import io.vitsearch.search.VitArchitecture;
import io.vitsearch.search.VitLayer;
import io.vitsearch.search.VitSpace;

/** Search spaces and data small enough for tests that run on every build. */
final class TinySpaces {

    /** 8x8 images with 2 channels in 2x2 patches of 4x4, 3 classes; every dimension has two choices. */
    static final VitSpace TINY = new VitSpace(8, 2, 4, 3, List.of(8, 12), List.of(1, 2), List.of(1, 2),
            List.of(1.0, 2.0), List.of(4, 8));

    private TinySpaces() {
    }

    static VitArchitecture smallest(VitSpace space) {
        return uniform(space, space.embedDim().get(0), space.depth().get(0), space.numHeads().get(0),
                space.mlpRatio().get(0), space.qkvDim().get(0));
    }

    static VitArchitecture largest(VitSpace space) {
        return uniform(space, space.maxEmbedDim(), space.maxDepth(), space.maxNumHeads(), space.maxMlpRatio(),
                space.maxQkvDim());
    }

    static VitArchitecture uniform(VitSpace space, int embedDim, int depth, int heads, double mlpRatio, int qkvDim) {
        List<VitLayer> layers = java.util.Collections.nCopies(depth, new VitLayer(heads, mlpRatio, qkvDim));
        return new VitArchitecture(space.imageSize(), space.channels(), space.patchSize(), space.numClasses(),
                embedDim, depth, layers);
    }

    /**
     * Images whose class is written into them: class k brightens the k-th row band of every
     * channel, on top of Gaussian noise. A small transformer separates the classes in a few hundred
     * steps.
     */
    static LabeledImages synthetic(VitSpace space, int count, long seed) {
        SeededRandom random = new SeededRandom(seed);
        int size = space.imageSize();
        int channels = space.channels();
        int bandHeight = Math.max(1, size / space.numClasses());
        float[] pixels = new float[count * channels * size * size];
        int[] labels = new int[count];
        for (int n = 0; n < count; n++) {
            labels[n] = random.nextInt(space.numClasses());
            for (int c = 0; c < channels; c++) {
                for (int y = 0; y < size; y++) {
                    boolean inBand = y / bandHeight == labels[n];
                    for (int x = 0; x < size; x++) {
                        int index = ((n * channels + c) * size + y) * size + x;
                        pixels[index] = (float) (random.nextGaussian() * 0.5 + (inBand ? 1.0 : 0.0));
                    }
                }
            }
        }
        return new LabeledImages(channels, size, size, pixels, labels);
    }
}
