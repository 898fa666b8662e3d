package io.vitsearch.dataset;

import java.util.Arrays;

/**
 * Per-channel mean and standard deviation of pixel values scaled to 0..1. Compute them on the
 * training split only, so that nothing about the validation or test images leaks into training,
 * and store them with an exported model, which needs the same values to classify new images.
 *
 * @param mean one value per channel
 * @param std one positive value per channel
 */
public record NormalizationStats(float[] mean, float[] std) {

    public NormalizationStats {
        if (mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException("mean and std need one value per channel, but have "
                    + mean.length + " and " + std.length + " values");
        }
        for (int c = 0; c < std.length; c++) {
            if (!(std[c] > 0) || !Float.isFinite(std[c]) || !Float.isFinite(mean[c])) {
                throw new IllegalArgumentException("channel " + c + " needs a finite mean and a positive finite std,"
                        + " but has mean " + mean[c] + " and std " + std[c]);
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /**
     * Computes the population mean and standard deviation of each channel over every pixel of
     * {@code dataset}. A channel with a single value throughout gets std 1 instead of 0, so that it
     * normalises to 0 rather than to NaN.
     */
    public static NormalizationStats compute(ImageDataset dataset) {
        if (dataset.size() == 0) {
            throw new IllegalArgumentException("cannot compute normalisation statistics of " + dataset.name()
                    + ", which has no images");
        }
        int channels = dataset.channels();
        int planeLength = dataset.height() * dataset.width();
        byte[] pixels = dataset.pixels();
        // Integer sums are exact, because 255^2 per pixel times 2^31 pixels stays below 2^63.
        long[] sums = new long[channels];
        long[] sumsOfSquares = new long[channels];
        for (int image = 0; image < dataset.size(); image++) {
            int imageStart = image * dataset.imageLength();
            for (int c = 0; c < channels; c++) {
                int planeStart = imageStart + c * planeLength;
                long sum = 0;
                long sumOfSquares = 0;
                for (int i = planeStart; i < planeStart + planeLength; i++) {
                    int value = pixels[i] & 0xff;
                    sum += value;
                    sumOfSquares += value * value;
                }
                sums[c] += sum;
                sumsOfSquares[c] += sumOfSquares;
            }
        }

        double count = (double) dataset.size() * planeLength;
        float[] mean = new float[channels];
        float[] std = new float[channels];
        for (int c = 0; c < channels; c++) {
            double channelMean = sums[c] / count;
            double variance = Math.max(0, sumsOfSquares[c] / count - channelMean * channelMean);
            mean[c] = (float) (channelMean / 255);
            double channelStd = Math.sqrt(variance) / 255;
            std[c] = channelStd > 1e-6 ? (float) channelStd : 1f;
        }
        return new NormalizationStats(mean, std);
    }

    /** Returns a copy of the per-channel means. */
    @Override
    public float[] mean() {
        return mean.clone();
    }

    /** Returns a copy of the per-channel standard deviations. */
    @Override
    public float[] std() {
        return std.clone();
    }

    public int channels() {
        return mean.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NormalizationStats that
                && Arrays.equals(mean, that.mean) && Arrays.equals(std, that.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "NormalizationStats[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
