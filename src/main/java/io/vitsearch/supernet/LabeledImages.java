package io.vitsearch.supernet;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import io.vitsearch.dataset.BatchFiller;

/**
 * Normalised images and their labels held in memory, the form in which training and validation
 * data reach the supernet. {@code pixels} contains the images one after another, each in (C, H, W)
 * order. The arrays are not copied, so callers must not change them afterwards.
 */
public final class LabeledImages {

    private final int channels;
    private final int height;
    private final int width;
    private final float[] pixels;
    private final int[] labels;

    public LabeledImages(int channels, int height, int width, float[] pixels, int[] labels) {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("image dimensions must be positive; got channels " + channels
                    + ", height " + height + ", width " + width);
        }
        long imageSize = (long) channels * height * width;
        if (pixels.length != imageSize * labels.length) {
            throw new IllegalArgumentException("pixels has " + pixels.length + " values but " + labels.length
                    + " images of " + channels + "x" + height + "x" + width + " need " + imageSize * labels.length);
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.pixels = pixels;
        this.labels = labels;
    }

    /**
     * Normalises (and resizes, if the filler does) every image of the filler's dataset into memory,
     * in dataset order. Meant for validation sets, which evaluation reads many times.
     */
    public static LabeledImages from(BatchFiller filler) {
        int count = filler.dataset().size();
        int[] indices = new int[count];
        for (int i = 0; i < count; i++) {
            indices[i] = i;
        }
        float[] pixels = new float[Math.multiplyExact(count, filler.sampleLength())];
        int[] labels = new int[count];
        filler.fill(indices, 0, count, pixels, labels);
        return new LabeledImages(filler.channels(), filler.targetHeight(), filler.targetWidth(), pixels, labels);
    }

    public int size() {
        return labels.length;
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

    public int label(int index) {
        return labels[index];
    }

    /** Copies the images {@code from} (inclusive) to {@code to} (exclusive) into a batch on {@code manager}. */
    public ImageBatch batch(NDManager manager, int from, int to) {
        if (from < 0 || to > labels.length || from >= to) {
            throw new IndexOutOfBoundsException("batch range [" + from + ", " + to + ") is outside the "
                    + labels.length + " images or empty");
        }
        int[] indices = new int[to - from];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = from + i;
        }
        return batch(manager, indices);
    }

    /** Copies the images at {@code indices} into a batch on {@code manager}, in that order. */
    public ImageBatch batch(NDManager manager, int[] indices) {
        int imageSize = channels * height * width;
        float[] batchPixels = new float[indices.length * imageSize];
        int[] batchLabels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels, indices[i] * imageSize, batchPixels, i * imageSize, imageSize);
            batchLabels[i] = labels[indices[i]];
        }
        return new ImageBatch(manager.create(batchPixels, new Shape(indices.length, channels, height, width)),
                manager.create(batchLabels));
    }
}
