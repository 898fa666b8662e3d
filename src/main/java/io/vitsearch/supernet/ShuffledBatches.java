package io.vitsearch.supernet;

import ai.djl.ndarray.NDManager;

/**
 * Batches drawn from in-memory images in a fresh seeded order every epoch. An epoch has
 * {@code size / batchSize} batches, and the images past the last full batch of an epoch's order
 * are left out of that epoch.
 */
public final class ShuffledBatches implements TrainingBatches {

    private final LabeledImages data;
    private final int batchSize;
    private final long seed;
    private long cachedEpoch = -1;
    private int[] cachedOrder;

    public ShuffledBatches(LabeledImages data, int batchSize, long seed) {
        if (batchSize < 1 || batchSize > data.size()) {
            throw new IllegalArgumentException("batchSize " + batchSize + " must be between 1 and the "
                    + data.size() + " training images");
        }
        this.data = data;
        this.batchSize = batchSize;
        this.seed = seed;
    }

    public int batchesPerEpoch() {
        return data.size() / batchSize;
    }

    @Override
    public ImageBatch batch(long step, NDManager manager) {
        long epoch = step / batchesPerEpoch();
        int first = (int) (step % batchesPerEpoch()) * batchSize;
        int[] order = order(epoch);
        int[] indices = new int[batchSize];
        System.arraycopy(order, first, indices, 0, batchSize);
        return data.batch(manager, indices);
    }

    private synchronized int[] order(long epoch) {
        if (epoch != cachedEpoch) {
            SeededRandom random = new SeededRandom(SeededRandom.derive(seed, epoch));
            int[] order = new int[data.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int swap = order[i];
                order[i] = order[j];
                order[j] = swap;
            }
            cachedOrder = order;
            cachedEpoch = epoch;
        }
        return cachedOrder;
    }
}
