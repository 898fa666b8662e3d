package io.vitsearch.dataset;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

/**
 * Reads an image folder with one subfolder per class, as torchvision's {@code ImageFolder} does:
 * class ids follow the sorted subfolder names, and every PNG or JPEG file below a class folder
 * (subfolders included) is one image of that class. Other files are ignored, and so are hidden
 * files and folders.
 *
 * <p>Each image is converted to the requested channels and resized to the requested size.
 * Grayscale uses the ITU-R 601-2 luma weights 0.299, 0.587 and 0.114 in the 16-bit fixed point of
 * the {@code L24} macro in Pillow's {@code libImaging/Convert.c}, which rounds to the nearest level.
 * Transparency is dropped as Pillow's {@code convert("RGB")} drops it. Together this keeps the
 * pixels close to what a torchvision pipeline would see.
 */
public final class ImageFolderReader {

    private static final List<String> IMAGE_EXTENSIONS = List.of(".png", ".jpg", ".jpeg");

    private ImageFolderReader() {
    }

    /**
     * Reads every image below {@code folder}, converted and resized.
     *
     * @param channels 1 for grayscale or 3 for RGB
     * @throws DatasetException when the folder has no class folders, a class folder has no images,
     *         an image cannot be decoded, or an image is a link to a file outside the folder
     */
    public static ImageDataset read(String name, Path folder, int channels, int height, int width) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 (grayscale) or 3 (RGB), but is " + channels);
        }
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("image size must be positive, but is " + height + "x" + width);
        }

        List<Path> classFolders = listClassFolders(folder);
        Path realFolder = realPath(folder);
        List<String> classNames = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Integer> fileLabels = new ArrayList<>();
        for (Path classFolder : classFolders) {
            List<Path> images = listImages(classFolder, realFolder);
            if (images.isEmpty()) {
                throw new DatasetException(classFolder, "class folder contains no images, expected PNG or JPEG"
                        + " files (" + String.join(", ", IMAGE_EXTENSIONS) + ")");
            }
            int label = classNames.size();
            classNames.add(classFolder.getFileName().toString());
            for (Path image : images) {
                files.add(image);
                fileLabels.add(label);
            }
        }

        int imageLength = channels * height * width;
        if ((long) files.size() * imageLength > Integer.MAX_VALUE - 8) {
            throw new DatasetException(folder, files.size() + " images of " + channels + "x" + height + "x" + width
                    + " are more than one Java array can hold; request a smaller image size");
        }
        byte[] pixels = new byte[files.size() * imageLength];
        int[] labels = fileLabels.stream().mapToInt(Integer::intValue).toArray();

        // Each image writes only its own slice of the pixel array, so decoding runs in parallel.
        IntStream.range(0, files.size()).parallel().forEach(i -> {
            BufferedImage decoded = decode(files.get(i));
            convert(decoded, channels, height, width, pixels, i * imageLength);
        });

        return new ImageDataset(name, channels, height, width, classNames, pixels, labels);
    }

    private static List<Path> listClassFolders(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new DatasetException(folder, "folder not found, expected a folder with one subfolder per class");
        }
        List<Path> classFolders;
        try (Stream<Path> entries = Files.list(folder)) {
            classFolders = entries
                    .filter(Files::isDirectory)
                    .filter(entry -> !isHidden(entry))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new DatasetException(folder, "cannot list the class folders: " + e, e);
        }
        if (classFolders.isEmpty()) {
            throw new DatasetException(folder, "contains no class folders, expected one subfolder per class"
                    + " with that class's images");
        }
        return classFolders;
    }

    private static List<Path> listImages(Path classFolder, Path realRoot) {
        List<Path> images;
        try (Stream<Path> entries = Files.walk(classFolder)) {
            images = entries
                    .filter(path -> !path.equals(classFolder))
                    .filter(path -> !isHiddenBelow(classFolder, path))
                    .filter(Files::isRegularFile)
                    .filter(ImageFolderReader::hasImageExtension)
                    .sorted()
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw new DatasetException(classFolder, "cannot list the images: " + e, e);
        }
        for (Path image : images) {
            if (!realPath(image).startsWith(realRoot)) {
                throw new DatasetException(image, "is a link to a file outside the image folder " + realRoot);
            }
        }
        return images;
    }

    private static BufferedImage decode(Path file) {
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            // Image decoders also signal corrupt data with unchecked exceptions, for example an
            // ArrayIndexOutOfBoundsException from a broken PNG chunk.
            throw new DatasetException(file, "cannot decode the image, the file is corrupt or not a PNG or JPEG: "
                    + e, e);
        }
        if (image == null) {
            throw new DatasetException(file, "cannot decode the image: no PNG or JPEG decoder recognises the file");
        }
        return image;
    }

    /**
     * Returns {@code image} as uint8 CHW pixels, converted to {@code channels} (1 for grayscale with
     * Pillow's {@code convert("L")} luma, 3 for RGB) and resized with Pillow-style bilinear filtering.
     * Served models use it so that their inputs match the pixels they were trained on.
     */
    public static byte[] toPixels(BufferedImage image, int channels, int height, int width) {
        byte[] pixels = new byte[channels * height * width];
        convert(image, channels, height, width, pixels, 0);
        return pixels;
    }

    /** Writes {@code image} as uint8 CHW at {@code offset}, converted to {@code channels} and resized. */
    private static void convert(BufferedImage image, int channels, int height, int width, byte[] target, int offset) {
        int sourceHeight = image.getHeight();
        int sourceWidth = image.getWidth();
        byte[] planes = toPlanes(image, channels);
        if (sourceHeight == height && sourceWidth == width) {
            System.arraycopy(planes, 0, target, offset, planes.length);
            return;
        }

        Resampler resampler = new Resampler(sourceHeight, sourceWidth, height, width, Interpolation.BILINEAR);
        int planeLength = height * width;
        float[] resized = new float[planeLength];
        for (int c = 0; c < channels; c++) {
            resampler.resizePlane(planes, c * sourceHeight * sourceWidth, resized, 0);
            for (int i = 0; i < planeLength; i++) {
                target[offset + c * planeLength + i] = (byte) Math.min(255, Math.max(0, Math.round(resized[i])));
            }
        }
    }

    /** Returns the image's pixels as uint8 channel planes, grayscale or RGB, at the source size. */
    private static byte[] toPlanes(BufferedImage image, int channels) {
        int sourceHeight = image.getHeight();
        int sourceWidth = image.getWidth();
        int planeLength = sourceHeight * sourceWidth;
        byte[] planes = new byte[channels * planeLength];

        if (isGray(image)) {
            // getRGB would map the gray values through a linear-to-sRGB curve (128 comes back as 188),
            // so gray images are read from the raster as stored.
            Raster raster = image.getRaster();
            int bits = image.getColorModel().getComponentSize(0);
            for (int y = 0; y < sourceHeight; y++) {
                for (int x = 0; x < sourceWidth; x++) {
                    int gray = to8Bits(raster.getSample(x, y, 0), bits);
                    for (int c = 0; c < channels; c++) {
                        planes[c * planeLength + y * sourceWidth + x] = (byte) gray;
                    }
                }
            }
            return planes;
        }

        int[] argb = image.getRGB(0, 0, sourceWidth, sourceHeight, null, 0, sourceWidth);
        for (int i = 0; i < planeLength; i++) {
            int red = (argb[i] >> 16) & 0xff;
            int green = (argb[i] >> 8) & 0xff;
            int blue = argb[i] & 0xff;
            if (channels == 1) {
                planes[i] = (byte) ((red * 19595 + green * 38470 + blue * 7471 + 0x8000) >> 16);
            } else {
                planes[i] = (byte) red;
                planes[planeLength + i] = (byte) green;
                planes[2 * planeLength + i] = (byte) blue;
            }
        }
        return planes;
    }

    private static boolean isGray(BufferedImage image) {
        return image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY;
    }

    private static int to8Bits(int sample, int bits) {
        if (bits == 8) {
            return sample;
        }
        int max = (1 << bits) - 1;
        return (int) Math.round(sample * 255.0 / max);
    }

    private static boolean hasImageExtension(Path file) {
        String fileName = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return IMAGE_EXTENSIONS.stream().anyMatch(fileName::endsWith);
    }

    private static boolean isHidden(Path path) {
        return path.getFileName().toString().startsWith(".");
    }

    private static boolean isHiddenBelow(Path root, Path path) {
        for (Path part : root.relativize(path)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw new DatasetException(path, "cannot resolve the real path: " + e, e);
        }
    }
}
