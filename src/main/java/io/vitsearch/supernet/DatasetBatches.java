package io.vitsearch.supernet;

import java.util.Arrays;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import io.vitsearch.dataset.BatchFiller;
import io.vitsearch.dataset.BatchIterator;

/**
 * Training batches read from a dataset's {@link BatchIterator}: shuffled every epoch, last partial
 * batch dropped, then augmented. Because the iterator's epoch order depends only on its seed and
 * the epoch, and the augmentation only on its seed and the step, the batch of a step is the same
 * however training was interrupted and resumed.
 *
 * <p>Not thread-safe: the iterator reuses one pair of buffers.
 */
public final class DatasetBatches implements TrainingBatches {

    /** Stream number that separates the augmentation's draws from the shuffling's. */
    private static final long AUGMENTATION_STREAM = 1;

    private final BatchIterator iterator;
    private final int batchesPerEpoch;
    private final Augmentation augmentation;
    private final long augmentationSeed;
    private final float[] black;
    private long nextStep = -1;

    public DatasetBatches(BatchFiller filler, int batchSize, long seed) {
        this(filler, batchSize, seed, Augmentation.none());
    }

    public DatasetBatches(BatchFiller filler, int batchSize, long seed, Augmentation augmentation) {
        this.iterator = BatchIterator.training(filler, batchSize, seed);
        this.augmentation = augmentation;
        this.augmentationSeed = SeededRandom.derive(seed, AUGMENTATION_STREAM);
        this.black = new float[filler.channels()];
        for (int c = 0; c < black.length; c++) {
            black[c] = filler.blackValue(c);
        }
        this.batchesPerEpoch = iterator.batchesPerEpoch();
        if (batchesPerEpoch < 1) {
            throw new IllegalArgumentException("batchSize " + batchSize + " exceeds the "
                    + filler.dataset().size() + " training images of " + filler.dataset().name());
        }
    }

    public int batchesPerEpoch() {
        return batchesPerEpoch;
    }

    @Override
    public ImageBatch batch(long step, NDManager manager) {
        if (step != nextStep || !iterator.hasNext()) {
            iterator.startEpoch(Math.toIntExact(step / batchesPerEpoch), (int) (step % batchesPerEpoch));
        }
        BatchIterator.Batch batch = iterator.next();
        nextStep = step + 1;

        int size = batch.size();
        int imageLength = batch.channels() * batch.height() * batch.width();
        float[] pixels = Arrays.copyOf(batch.pixels(), size * imageLength);
        int[] labels = Arrays.copyOf(batch.labels(), size);
        augmentation.apply(pixels, size, batch.channels(), batch.height(), batch.width(), black,
                SeededRandom.derive(augmentationSeed, step));
        return new ImageBatch(manager.create(pixels, new Shape(size, batch.channels(), batch.height(), batch.width())),
                manager.create(labels));
    }
}
