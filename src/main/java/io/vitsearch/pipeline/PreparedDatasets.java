package io.vitsearch.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.vitsearch.dataset.BatchFiller;
import io.vitsearch.dataset.DatasetRegistry;
import io.vitsearch.dataset.DatasetSplits;
import io.vitsearch.dataset.ImageDataset;
import io.vitsearch.dataset.Interpolation;
import io.vitsearch.dataset.LoadedDataset;
import io.vitsearch.supernet.LabeledImages;
import io.vitsearch.worker.NonRetryableException;

/**
 * Datasets split and normalised the way an experiment uses them, kept for the next job of the same
 * experiment: the registry caches the raw images, and this cache the splits and the normalised
 * validation images that every evaluation job reads. Thread-safe.
 */
public class PreparedDatasets {

    /** Experiments whose data stay prepared; each entry contains its splits and validation images. */
    private static final int CAPACITY = 2;

    private final DatasetRegistry registry;

    private final int maxValidationImages;

    private final Map<DataKey, Prepared> cache = new LinkedHashMap<>(4, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<DataKey, Prepared> eldest) {
            return size() > CAPACITY;
        }
    };

    public PreparedDatasets(DatasetRegistry registry, int maxValidationImages) {
        this.registry = registry;
        this.maxValidationImages = maxValidationImages;
    }

    /**
     * Returns the data of one experiment. Resizes images to {@code imageSize} when the dataset's
     * differ.
     *
     * @throws NonRetryableException when the dataset's channels or classes do not match the space
     * @throws io.vitsearch.dataset.DatasetException when the dataset cannot be read
     * @throws io.vitsearch.dataset.DatasetNotFoundException when no dataset has the name
     */
    public synchronized Prepared prepare(DataKey key) {
        Prepared prepared = cache.get(key);
        if (prepared != null) {
            return prepared;
        }

        LoadedDataset loaded = registry.load(key.dataset());
        ImageDataset train = loaded.train();
        if (train.channels() != key.channels()) {
            throw new NonRetryableException("Dataset " + key.dataset() + " has " + train.channels()
                    + " channels but the search space expects " + key.channels() + "; set space.channels to "
                    + train.channels());
        }
        if (train.numClasses() != key.numClasses()) {
            throw new NonRetryableException("Dataset " + key.dataset() + " has " + train.numClasses()
                    + " classes but the search space expects " + key.numClasses() + "; set space.numClasses to "
                    + train.numClasses());
        }

        DatasetSplits splits = DatasetSplits.of(loaded, key.validationFraction(), key.seed());
        ImageDataset validation = splits.validation();
        if (validation.size() == 0) {
            throw new NonRetryableException("Dataset " + key.dataset() + " leaves no validation images at "
                    + "validationFraction " + key.validationFraction() + "; raise dataset.validationFraction");
        }
        if (maxValidationImages > 0 && validation.size() > maxValidationImages) {
            int[] first = new int[maxValidationImages];
            for (int i = 0; i < first.length; i++) {
                first[i] = i;
            }
            validation = validation.subset(validation.name(), first);
        }
        LabeledImages validationImages = LabeledImages.from(filler(splits, validation, key.imageSize()));
        prepared = new Prepared(splits, validationImages, key.imageSize());
        cache.put(key, prepared);
        return prepared;
    }

    private static BatchFiller filler(DatasetSplits splits, ImageDataset part, int imageSize) {
        return splits.filler(part, imageSize, imageSize, Interpolation.BILINEAR);
    }

    /**
     * Key of an experiment's prepared data.
     *
     * @param seed seed of the train/validation split
     */
    public record DataKey(String dataset, double validationFraction, long seed, int imageSize, int channels,
            int numClasses) {

        static DataKey of(ExperimentPlan plan) {
            return new DataKey(plan.spec().dataset().name(), plan.spec().dataset().validationFraction(),
                    plan.spec().seed(), plan.space().imageSize(), plan.space().channels(), plan.space().numClasses());
        }
    }

    /**
     * An experiment's data.
     *
     * @param splits train, validation and test images with the training split's normalisation
     * @param validation normalised validation images that subnets are evaluated on
     */
    public record Prepared(DatasetSplits splits, LabeledImages validation, int imageSize) {

        /** Returns a new filler of training batches. Each trainer needs its own, because fillers keep buffers. */
        public BatchFiller trainFiller() {
            return filler(splits, splits.train(), imageSize);
        }

        /** Returns the normalised test images, or empty when the dataset has no test split. */
        public Optional<LabeledImages> testImages() {
            return splits.test().map(test -> LabeledImages.from(filler(splits, test, imageSize)));
        }
    }
}
