package io.vitsearch.experiment;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Turns an uploaded PNG or JPEG into the model's input the way the training data was prepared:
 * converted to the model's channels, resized with a bilinear filter to the model's image size and
 * rounded to 8 bits, scaled to [0, 1] and normalised per channel with {@code (x - mean) / std}.
 *
 * <p>Grayscale uses the ITU-R 601-2 luma weights 0.299, 0.587 and 0.114 in the 16-bit fixed point
 * of Pillow's {@code convert("L")}; transparency is dropped. Downscaling widens the triangle filter
 * to the scale factor, as Pillow's {@code resize} with {@code BILINEAR} does. Both follow the image
 * folder reader of the dataset package, so a served model gets the pixels it was trained on.
 *
 * <p>NOTE: the conversion and the resize filter repeat {@code ImageFolderReader} and
 * {@code Resampler}, which the dataset package keeps package-private. A change to either must be
 * made here too.
 */
final class ImagePreprocessor {

    private static final Set<String> FORMATS = Set.of("png", "jpeg");

    private final int channels;

    private final int size;

    private final float[] mean;

    private final float[] std;

    private final long maxPixels;

    /**
     * @param channels 1 (grayscale) or 3 (RGB)
     * @param size the model's image height and width
     * @param maxPixels largest width times height accepted, checked before the image is decoded
     */
    ImagePreprocessor(int channels, int size, float[] mean, float[] std, long maxPixels) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, but is " + channels);
        }
        if (mean.length != channels || std.length != channels) {
            throw new IllegalArgumentException("normalisation needs " + channels + " means and stds, but has "
                    + mean.length + " and " + std.length);
        }
        this.channels = channels;
        this.size = size;
        this.mean = mean.clone();
        this.std = std.clone();
        this.maxPixels = maxPixels;
    }

    /** Returns the number of floats one image takes: channels times size times size. */
    int imageLength() {
        return channels * size * size;
    }

    /**
     * Decodes {@code bytes} and writes the normalised CHW floats at {@code offset} of {@code target}.
     *
     * @throws InvalidImageException when the bytes are not a readable PNG or JPEG or the image is too large
     */
    void preprocess(byte[] bytes, float[] target, int offset) {
        BufferedImage image = decode(bytes);
        int height = image.getHeight();
        int width = image.getWidth();
        float[] planes = toPlanes(image);

        int planeLength = size * size;
        for (int c = 0; c < channels; c++) {
            float[] plane = new float[height * width];
            System.arraycopy(planes, c * height * width, plane, 0, plane.length);
            float[] resized = height == size && width == size ? plane : resize(plane, height, width);
            for (int i = 0; i < planeLength; i++) {
                float value = Math.min(255, Math.max(0, Math.round(resized[i])));
                target[offset + c * planeLength + i] = (value / 255f - mean[c]) / std[c];
            }
        }
    }

    private BufferedImage decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new InvalidImageException("is empty");
        }
        try (ImageInputStream stream = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(stream);
            if (!readers.hasNext()) {
                throw new InvalidImageException("is not a PNG or JPEG image");
            }
            ImageReader reader = readers.next();
            try {
                String format = reader.getFormatName().toLowerCase(Locale.ROOT);
                if (!FORMATS.contains(format)) {
                    throw new InvalidImageException("is a " + format.toUpperCase(Locale.ROOT)
                            + " image; send PNG or JPEG");
                }
                reader.setInput(stream, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > maxPixels) {
                    throw new InvalidImageException("has " + reader.getWidth(0) + "x" + reader.getHeight(0)
                            + " pixels, more than the limit of " + maxPixels + " (vitsearch.prediction.max-image-pixels)");
                }
                BufferedImage image = reader.read(0);
                if (image == null || image.getWidth() < 1 || image.getHeight() < 1) {
                    throw new InvalidImageException("has no pixels");
                }
                return image;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidImageException invalid) {
                throw invalid;
            }
            // Decoders also report corrupt data with unchecked exceptions, such as an
            // ArrayIndexOutOfBoundsException from a broken PNG chunk.
            throw new InvalidImageException("cannot be decoded, the data is corrupt: " + e.getMessage());
        }
    }

    /** Returns the image as float channel planes holding 0..255, grayscale or RGB, at the source size. */
    private float[] toPlanes(BufferedImage image) {
        int height = image.getHeight();
        int width = image.getWidth();
        int planeLength = height * width;
        float[] planes = new float[channels * planeLength];

        if (image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
            // getRGB would map gray values through a linear-to-sRGB curve, so they are read as stored.
            Raster raster = image.getRaster();
            int bits = image.getColorModel().getComponentSize(0);
            int max = (1 << bits) - 1;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int sample = raster.getSample(x, y, 0);
                    float gray = bits == 8 ? sample : Math.round(sample * 255.0 / max);
                    for (int c = 0; c < channels; c++) {
                        planes[c * planeLength + y * width + x] = gray;
                    }
                }
            }
            return planes;
        }

        int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
        for (int i = 0; i < planeLength; i++) {
            int red = (argb[i] >> 16) & 0xff;
            int green = (argb[i] >> 8) & 0xff;
            int blue = argb[i] & 0xff;
            if (channels == 1) {
                planes[i] = (red * 19595 + green * 38470 + blue * 7471 + 0x8000) >> 16;
            } else {
                planes[i] = red;
                planes[planeLength + i] = green;
                planes[2 * planeLength + i] = blue;
            }
        }
        return planes;
    }

    /** Resizes one plane to size x size, rows first, then columns. */
    private float[] resize(float[] plane, int height, int width) {
        AxisFilter columns = AxisFilter.of(width, size);
        AxisFilter rows = AxisFilter.of(height, size);

        float[] horizontal = new float[height * size];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < size; x++) {
                float sum = 0;
                for (int k = 0; k < columns.weights[x].length; k++) {
                    sum += columns.weights[x][k] * plane[y * width + columns.first[x] + k];
                }
                horizontal[y * size + x] = sum;
            }
        }

        float[] resized = new float[size * size];
        for (int y = 0; y < size; y++) {
            for (int k = 0; k < rows.weights[y].length; k++) {
                float weight = rows.weights[y][k];
                int sourceRow = (rows.first[y] + k) * size;
                for (int x = 0; x < size; x++) {
                    resized[y * size + x] += weight * horizontal[sourceRow + x];
                }
            }
        }
        return resized;
    }

    /**
     * Triangle-filter weights along one axis: output {@code i} sums the inputs from {@code first[i]}
     * on with {@code weights[i]}, which add up to 1. The filter spans one input pixel on each side
     * when upscaling and one output pixel's width when downscaling.
     */
    private record AxisFilter(int[] first, float[][] weights) {

        static AxisFilter of(int in, int out) {
            double scale = (double) in / out;
            double support = Math.max(scale, 1.0);
            int[] first = new int[out];
            float[][] weights = new float[out][];
            for (int i = 0; i < out; i++) {
                double center = (i + 0.5) * scale;
                int low = Math.max(0, (int) Math.floor(center - support));
                int high = Math.min(in - 1, (int) Math.ceil(center + support));
                double[] raw = new double[high - low + 1];
                double total = 0;
                for (int j = low; j <= high; j++) {
                    raw[j - low] = Math.max(0, 1 - Math.abs((j + 0.5 - center) / support));
                    total += raw[j - low];
                }
                first[i] = low;
                weights[i] = new float[raw.length];
                for (int k = 0; k < raw.length; k++) {
                    weights[i][k] = (float) (raw[k] / total);
                }
            }
            return new AxisFilter(first, weights);
        }
    }

    /** Raised for an upload that is not a usable PNG or JPEG; the message completes "The image ...". */
    static final class InvalidImageException extends RuntimeException {

        InvalidImageException(String message) {
            super(message);
        }
    }
}
