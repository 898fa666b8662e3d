package io.vitsearch.dataset;

import java.util.Optional;

/**
 * The parts of a dataset that one experiment uses: the images that train the supernet, the
 * held-out images that measure subnet errors, the test images that are read only for final
 * accuracy, and the normalisation statistics of the training part.
 */
public record DatasetSplits(ImageDataset train, ImageDataset validation, Optional<ImageDataset> test,
                            NormalizationStats stats) {

    /**
     * Carves a seeded, stratified validation split out of the training images and computes the
     * normalisation statistics on the rest.
     */
    public static DatasetSplits of(LoadedDataset loaded, double validationFraction, long seed) {
        ImageDataset all = loaded.train();
        TrainValidationSplit split = TrainValidationSplit.of(all, validationFraction, seed);
        ImageDataset train = all.subset(all.name() + "/train", split.trainIndices());
        ImageDataset validation = all.subset(all.name() + "/validation", split.validationIndices());
        return new DatasetSplits(train, validation, loaded.test(), NormalizationStats.compute(train));
    }

    /** Returns a filler that normalises with the training statistics and resizes to the given size. */
    public BatchFiller filler(ImageDataset part, int height, int width, Interpolation interpolation) {
        return new BatchFiller(part, stats, height, width, interpolation);
    }
}
