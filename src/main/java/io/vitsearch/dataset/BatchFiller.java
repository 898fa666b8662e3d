package io.vitsearch.dataset;

import java.util.Objects;

/**
 * Fills float batches in NCHW layout from a dataset: pixels scaled to 0..1, normalised per channel
 * with {@code (x - mean) / std}, and resized when the dataset's image size differs from the size
 * the model expects. A filler keeps scratch buffers, so each thread needs its own.
 */
public final class BatchFiller {

    private final ImageDataset dataset;
    private final int targetHeight;
    private final int targetWidth;
    private final float[] scale;
    private final float[] shift;
    private final float[] lookup;
    private final Resampler resampler;

    /**
     * @param stats normalisation statistics with one value per channel of {@code dataset}
     * @param interpolation how to resize when the target size differs from the dataset's; unused otherwise
     */
    public BatchFiller(ImageDataset dataset, NormalizationStats stats, int targetHeight, int targetWidth,
                       Interpolation interpolation) {
        this.dataset = Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(interpolation, "interpolation");
        if (stats.channels() != dataset.channels()) {
            throw new IllegalArgumentException("normalisation statistics have " + stats.channels()
                    + " channels, but " + dataset.name() + " has " + dataset.channels());
        }
        if (targetHeight < 1 || targetWidth < 1) {
            throw new IllegalArgumentException("target image size must be positive, but is "
                    + targetHeight + "x" + targetWidth);
        }
        this.targetHeight = targetHeight;
        this.targetWidth = targetWidth;

        int channels = dataset.channels();
        float[] mean = stats.mean();
        float[] std = stats.std();
        this.scale = new float[channels];
        this.shift = new float[channels];
        this.lookup = new float[channels * 256];
        for (int c = 0; c < channels; c++) {
            scale[c] = 1f / (255f * std[c]);
            shift[c] = -mean[c] / std[c];
            for (int value = 0; value < 256; value++) {
                lookup[c * 256 + value] = (value / 255f - mean[c]) / std[c];
            }
        }

        boolean sameSize = targetHeight == dataset.height() && targetWidth == dataset.width();
        this.resampler = sameSize
                ? null
                : new Resampler(dataset.height(), dataset.width(), targetHeight, targetWidth, interpolation);
    }

    public ImageDataset dataset() {
        return dataset;
    }

    public int channels() {
        return dataset.channels();
    }

    public int targetHeight() {
        return targetHeight;
    }

    public int targetWidth() {
        return targetWidth;
    }

    /** Returns the normalised value of a black pixel in {@code channel}, the fill of shifted-in pixels. */
    public float blackValue(int channel) {
        return shift[channel];
    }

    /** Number of floats of one image in a batch: channels times target height times target width. */
    public int sampleLength() {
        return dataset.channels() * targetHeight * targetWidth;
    }

    /**
     * Writes the images {@code indices[from]} to {@code indices[from + count - 1]} to the start of
     * {@code pixels} and their labels to the start of {@code labels}. Entries past {@code count}
     * are left as they were.
     */
    public void fill(int[] indices, int from, int count, float[] pixels, int[] labels) {
        Objects.checkFromIndexSize(from, count, indices.length);
        if (pixels.length < (long) count * sampleLength() || labels.length < count) {
            throw new IllegalArgumentException("buffers hold " + pixels.length + " floats and " + labels.length
                    + " labels, but " + count + " images need " + (long) count * sampleLength() + " floats");
        }
        int[] datasetLabels = dataset.labels();
        for (int i = 0; i < count; i++) {
            int index = indices[from + i];
            fillImage(index, pixels, i * sampleLength());
            labels[i] = datasetLabels[index];
        }
    }

    /** Writes one normalised image to {@code target} at {@code offset}. */
    public void fillImage(int index, float[] target, int offset) {
        Objects.checkIndex(index, dataset.size());
        byte[] source = dataset.pixels();
        int sourcePlane = dataset.height() * dataset.width();
        int sourceStart = index * dataset.imageLength();
        int targetPlane = targetHeight * targetWidth;

        for (int c = 0; c < dataset.channels(); c++) {
            int sourceOffset = sourceStart + c * sourcePlane;
            int targetOffset = offset + c * targetPlane;
            if (resampler == null) {
                int lookupOffset = c * 256;
                for (int i = 0; i < targetPlane; i++) {
                    target[targetOffset + i] = lookup[lookupOffset + (source[sourceOffset + i] & 0xff)];
                }
                continue;
            }

            // Resampling is linear, so resizing the raw values first and normalising after gives
            // the same result as the other order at a fraction of the cost.
            resampler.resizePlane(source, sourceOffset, target, targetOffset);
            for (int i = targetOffset; i < targetOffset + targetPlane; i++) {
                target[i] = target[i] * scale[c] + shift[c];
            }
        }
    }
}
