package io.vitsearch.dataset;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Iterates over one epoch of a dataset at a time in batches of a fixed size, filling the same
 * buffers for every batch so that training allocates nothing per step.
 *
 * <p>With shuffling, the order of epoch {@code e} depends only on the seed and {@code e}, so a
 * run resumed from a checkpoint at epoch {@code e}, batch {@code b} gets the same batches as the
 * original run did. Call {@link #startEpoch} before each epoch. Not thread-safe.
 */
public final class BatchIterator implements Iterator<BatchIterator.Batch> {

    private final BatchFiller filler;
    private final int batchSize;
    private final boolean shuffle;
    private final LastBatch lastBatch;
    private final long seed;
    private final int[] order;
    private final Batch batch;
    private int position;
    private int epoch = -1;

    /**
     * @param shuffle whether each epoch visits the images in a seeded random order rather than in
     *        dataset order
     * @param seed seed of the shuffled orders; unused without shuffling
     */
    public BatchIterator(BatchFiller filler, int batchSize, boolean shuffle, LastBatch lastBatch, long seed) {
        int size = filler.dataset().size();
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, but is " + batchSize);
        }
        if (lastBatch == LastBatch.DROP && size < batchSize) {
            throw new IllegalArgumentException("batchSize " + batchSize + " is larger than the " + size
                    + " images of " + filler.dataset().name() + ", so dropping the last partial batch leaves"
                    + " no batches; use a smaller batch size or LastBatch.PARTIAL");
        }
        this.filler = filler;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.lastBatch = lastBatch;
        this.seed = seed;
        this.order = new int[size];
        this.batch = new Batch(new float[Math.multiplyExact(batchSize, filler.sampleLength())], new int[batchSize],
                filler.channels(), filler.targetHeight(), filler.targetWidth());
    }

    /** Returns an iterator for training: shuffled every epoch, last partial batch dropped. */
    public static BatchIterator training(BatchFiller filler, int batchSize, long seed) {
        return new BatchIterator(filler, batchSize, true, LastBatch.DROP, seed);
    }

    /** Returns an iterator for evaluation: dataset order, every image included. */
    public static BatchIterator evaluation(BatchFiller filler, int batchSize) {
        return new BatchIterator(filler, batchSize, false, LastBatch.PARTIAL, 0);
    }

    /** Number of batches that one epoch returns. */
    public int batchesPerEpoch() {
        int size = order.length;
        return lastBatch == LastBatch.DROP ? size / batchSize : (size + batchSize - 1) / batchSize;
    }

    /** Starts epoch {@code epoch} (counted from 0) at its first batch. */
    public void startEpoch(int epoch) {
        startEpoch(epoch, 0);
    }

    /** Starts epoch {@code epoch} at batch {@code firstBatch}, as when resuming from a checkpoint. */
    public void startEpoch(int epoch, int firstBatch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must not be negative, but is " + epoch);
        }
        if (firstBatch < 0 || firstBatch > batchesPerEpoch()) {
            throw new IllegalArgumentException("firstBatch must be in 0.." + batchesPerEpoch() + ", but is "
                    + firstBatch);
        }
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        if (shuffle) {
            shuffle(order, new SplittableRandom(epochSeed(seed, epoch)));
        }
        this.epoch = epoch;
        this.position = firstBatch * batchSize;
    }

    /** Returns the epoch last started, or -1 before the first. */
    public int epoch() {
        return epoch;
    }

    @Override
    public boolean hasNext() {
        if (epoch < 0) {
            return false;
        }
        int remaining = order.length - position;
        return lastBatch == LastBatch.DROP ? remaining >= batchSize : remaining > 0;
    }

    /**
     * Fills and returns the next batch. The returned object and its arrays are reused, so they are
     * valid only until the next call.
     */
    @Override
    public Batch next() {
        if (epoch < 0) {
            throw new IllegalStateException("call startEpoch before the first batch");
        }
        if (!hasNext()) {
            throw new NoSuchElementException("epoch " + epoch + " has no batches left");
        }
        int count = Math.min(batchSize, order.length - position);
        filler.fill(order, position, count, batch.pixels, batch.labels);
        batch.size = count;
        batch.index = position / batchSize;
        position += count;
        return batch;
    }

    private static long epochSeed(long seed, int epoch) {
        // SplittableRandom seeds that differ by its internal increment produce shifted copies of the
        // same sequence, so the epoch is mixed in with a finaliser instead of being added.
        long z = seed + 0x9E3779B97F4A7C15L * (epoch + 1L);
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }

    private static void shuffle(int[] values, SplittableRandom random) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = values[i];
            values[i] = values[j];
            values[j] = swap;
        }
    }

    /**
     * One batch: the first {@code size() * channels * height * width} floats of {@code pixels()} in
     * NCHW layout and the first {@code size()} entries of {@code labels()}. The arrays have room for
     * a full batch, so a partial last batch leaves stale values after its end.
     */
    public static final class Batch {

        private final float[] pixels;
        private final int[] labels;
        private final int channels;
        private final int height;
        private final int width;
        private int size;
        private int index;

        private Batch(float[] pixels, int[] labels, int channels, int height, int width) {
            this.pixels = pixels;
            this.labels = labels;
            this.channels = channels;
            this.height = height;
            this.width = width;
        }

        /** Number of images in this batch. */
        public int size() {
            return size;
        }

        /** Position of this batch in its epoch, counted from 0. */
        public int index() {
            return index;
        }

        public float[] pixels() {
            return pixels;
        }

        public int[] labels() {
            return labels;
        }

        public int channels() {
            return channels;
        }

        public int height() {
            return height;
        }

        public int width() {
            return width;
        }

        /** Returns the batch shape {N, C, H, W}, as DJL's {@code Shape} expects it. */
        public long[] shape() {
            return new long[] {size, channels, height, width};
        }
    }
}
