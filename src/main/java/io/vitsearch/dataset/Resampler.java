package io.vitsearch.dataset;

/**
 * Resizes uint8 images in NCHW layout to a fixed target size. A resampler precomputes the filter
 * weights of both axes once, so resizing one image costs only the multiply-adds. Instances are
 * immutable apart from a scratch row buffer, so each thread needs its own.
 */
final class Resampler {

    private final int sourceHeight;
    private final int sourceWidth;
    private final int targetHeight;
    private final int targetWidth;
    private final AxisFilter rows;
    private final AxisFilter columns;
    private final float[] horizontalPass;

    Resampler(int sourceHeight, int sourceWidth, int targetHeight, int targetWidth, Interpolation interpolation) {
        if (sourceHeight < 1 || sourceWidth < 1 || targetHeight < 1 || targetWidth < 1) {
            throw new IllegalArgumentException("image sizes must be positive, but are " + sourceHeight + "x"
                    + sourceWidth + " to " + targetHeight + "x" + targetWidth);
        }
        this.sourceHeight = sourceHeight;
        this.sourceWidth = sourceWidth;
        this.targetHeight = targetHeight;
        this.targetWidth = targetWidth;
        this.rows = AxisFilter.of(sourceHeight, targetHeight, interpolation);
        this.columns = AxisFilter.of(sourceWidth, targetWidth, interpolation);
        this.horizontalPass = new float[sourceHeight * targetWidth];
    }

    /**
     * Resizes one channel plane from {@code source} (unsigned bytes) into {@code target} as floats in
     * 0..255.
     */
    void resizePlane(byte[] source, int sourceOffset, float[] target, int targetOffset) {
        for (int y = 0; y < sourceHeight; y++) {
            int rowStart = sourceOffset + y * sourceWidth;
            for (int x = 0; x < targetWidth; x++) {
                int start = columns.start[x];
                int base = x * columns.taps;
                float sum = 0;
                for (int k = 0; k < columns.taps; k++) {
                    float weight = columns.weights[base + k];
                    if (weight != 0) {
                        sum += weight * Byte.toUnsignedInt(source[rowStart + start + k]);
                    }
                }
                horizontalPass[y * targetWidth + x] = sum;
            }
        }

        for (int y = 0; y < targetHeight; y++) {
            int start = rows.start[y];
            int base = y * rows.taps;
            int targetRow = targetOffset + y * targetWidth;
            for (int x = 0; x < targetWidth; x++) {
                target[targetRow + x] = 0;
            }
            for (int k = 0; k < rows.taps; k++) {
                float weight = rows.weights[base + k];
                if (weight == 0) {
                    continue;
                }
                int sourceRow = (start + k) * targetWidth;
                for (int x = 0; x < targetWidth; x++) {
                    target[targetRow + x] += weight * horizontalPass[sourceRow + x];
                }
            }
        }
    }

    /**
     * Filter weights along one axis. Output index {@code i} reads the {@code taps} inputs starting at
     * {@code start[i]} with weights {@code weights[i * taps + k]}, which sum to 1. Inputs past the
     * edge get weight 0, and {@code start} is shifted so that every read stays inside the image.
     */
    private record AxisFilter(int[] start, int taps, float[] weights) {

        static AxisFilter of(int in, int out, Interpolation interpolation) {
            return switch (interpolation) {
                case NEAREST -> nearest(in, out);
                case BILINEAR -> triangle(in, out);
            };
        }

        private static AxisFilter nearest(int in, int out) {
            double scale = (double) in / out;
            int[] start = new int[out];
            float[] weights = new float[out];
            for (int i = 0; i < out; i++) {
                start[i] = Math.min(in - 1, (int) Math.floor((i + 0.5) * scale));
                weights[i] = 1;
            }
            return new AxisFilter(start, 1, weights);
        }

        private static AxisFilter triangle(int in, int out) {
            double scale = (double) in / out;
            double filterScale = Math.max(scale, 1.0);
            double support = filterScale;
            int taps = Math.min(in, (int) Math.ceil(support) * 2 + 1);
            int[] start = new int[out];
            float[] weights = new float[out * taps];

            for (int i = 0; i < out; i++) {
                double center = (i + 0.5) * scale;
                int first = Math.max(0, (int) Math.floor(center - support));
                int last = Math.min(in - 1, (int) Math.ceil(center + support));
                double[] raw = new double[last - first + 1];
                double total = 0;
                for (int j = first; j <= last; j++) {
                    double distance = (j + 0.5 - center) / filterScale;
                    double weight = Math.max(0, 1 - Math.abs(distance));
                    raw[j - first] = weight;
                    total += weight;
                }

                int windowStart = firstNonZero(raw) + first;
                int windowEnd = lastNonZero(raw) + first;
                int begin = Math.max(0, Math.min(windowStart, in - taps));
                if (windowEnd - begin + 1 > taps) {
                    throw new IllegalStateException("filter window " + windowStart + ".." + windowEnd
                            + " exceeds " + taps + " taps for " + in + " to " + out + "; this is a bug");
                }
                start[i] = begin;
                for (int j = windowStart; j <= windowEnd; j++) {
                    weights[i * taps + (j - begin)] = (float) (raw[j - first] / total);
                }
            }
            return new AxisFilter(start, taps, weights);
        }

        private static int firstNonZero(double[] values) {
            for (int i = 0; i < values.length; i++) {
                if (values[i] > 0) {
                    return i;
                }
            }
            throw new IllegalStateException("filter has no positive weight; this is a bug");
        }

        private static int lastNonZero(double[] values) {
            for (int i = values.length - 1; i >= 0; i--) {
                if (values[i] > 0) {
                    return i;
                }
            }
            throw new IllegalStateException("filter has no positive weight; this is a bug");
        }
    }
}
