package io.vitsearch.experiment;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import io.vitsearch.dataset.ImageFolderReader;

/**
 * Turns an uploaded PNG or JPEG into the model's input the way the training data was prepared:
 * converted to the model's channels, resized with a bilinear filter to the model's image size and
 * rounded to 8 bits, scaled to [0, 1] and normalised per channel with {@code (x - mean) / std}.
 *
 * <p>Conversion and resizing are those of {@link ImageFolderReader#toPixels}, so a served model
 * gets the pixels it was trained on.
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
        byte[] pixels = ImageFolderReader.toPixels(decode(bytes), channels, size, size);

        int planeLength = size * size;
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < planeLength; i++) {
                float value = pixels[c * planeLength + i] & 0xff;
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

    /** Raised for an upload that is not a usable PNG or JPEG; the message completes "The image ...". */
    static final class InvalidImageException extends RuntimeException {

        InvalidImageException(String message) {
            super(message);
        }
    }
}
