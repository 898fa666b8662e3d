package io.vitsearch.supernet;

import java.util.Arrays;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import io.vitsearch.dataset.BatchFiller;
import io.vitsearch.dataset.BatchIterator;

/**
 * Training batches read from a dataset's {@link BatchIterator}: shuffled every epoch, last partial
 * batch dropped. Because the iterator's epoch order depends only on its seed and the epoch, the
 * batch of a step is the same however training was interrupted and resumed.
 *
 * <p>Not thread-safe: the iterator reuses one pair of buffers.
 */
public final class DatasetBatches implements TrainingBatches {

    private final BatchIterator iterator;
    private final int batchesPerEpoch;
    private long nextStep = -1;

    public DatasetBatches(BatchFiller filler, int batchSize, long seed) {
        this.iterator = BatchIterator.training(filler, batchSize, seed);
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
        return new ImageBatch(manager.create(pixels, new Shape(size, batch.channels(), batch.height(), batch.width())),
                manager.create(labels));
    }
}
