package io.vitsearch.dataset;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Reads the IDX files of MNIST and Fashion-MNIST, gzipped or raw.
 *
 * <p>An IDX file starts with a big-endian 32-bit magic number whose third byte is the element type
 * (0x08 for unsigned bytes) and whose fourth byte is the number of dimensions, followed by one
 * big-endian 32-bit size per dimension and then the elements. Images are 2051 (three dimensions:
 * count, rows, columns) and labels are 2049 (one dimension: count).
 */
public final class IdxReader {

    /** Channels of an IDX image file, which stores grayscale images. */
    public static final int CHANNELS = 1;

    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;

    private IdxReader() {
    }

    /**
     * Reads an image file and its label file into one grayscale dataset.
     *
     * @param classNames names of the class ids; every label must be below their count
     * @throws DatasetException when either file is missing, malformed or truncated, when the two
     *         counts differ, or when a label is out of range
     */
    public static ImageDataset read(String name, Path imagesFile, Path labelsFile, List<String> classNames) {
        Images images = readImages(imagesFile);
        int[] labels = readLabels(labelsFile);

        if (labels.length != images.count()) {
            throw new DatasetException(labelsFile, "contains " + labels.length + " labels, but the image file "
                    + imagesFile + " contains " + images.count() + " images");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= classNames.size()) {
                throw new DatasetException(labelsFile, "label " + labels[i] + " of image " + i
                        + " is out of range, the dataset has " + classNames.size() + " classes (0.."
                        + (classNames.size() - 1) + ")");
            }
        }

        return new ImageDataset(name, CHANNELS, images.rows(), images.columns(), classNames, images.pixels(), labels);
    }

    /** Returns the names "0", "1", ... for datasets whose classes have no names, such as MNIST. */
    public static List<String> numberedClassNames(int numClasses) {
        return IntStream.range(0, numClasses).mapToObj(Integer::toString).toList();
    }

    /** Reads an IDX image file (magic 2051). */
    public static Images readImages(Path file) {
        try (DataInputStream in = new DataInputStream(DatasetFiles.open(file))) {
            int magic = readHeaderInt(in, file);
            if (magic != IMAGES_MAGIC) {
                throw new DatasetException(file, "magic number " + magic + " is not " + IMAGES_MAGIC
                        + " (IDX unsigned-byte images with 3 dimensions)" + hintForMagic(magic));
            }
            int count = readDimension(in, file, "image count");
            int rows = readDimension(in, file, "row count");
            int columns = readDimension(in, file, "column count");

            long expected = (long) count * rows * columns;
            if (expected > Integer.MAX_VALUE - 8) {
                throw new DatasetException(file, "header declares " + count + " images of " + rows + "x" + columns
                        + " pixels, which is more than one Java array can hold");
            }
            byte[] pixels = readBody(in, file, (int) expected, count + " images of " + rows + "x" + columns);
            return new Images(count, rows, columns, pixels);
        } catch (IOException e) {
            throw DatasetFiles.readFailed(file, e);
        }
    }

    /** Reads an IDX label file (magic 2049) and returns the labels as unsigned values. */
    public static int[] readLabels(Path file) {
        try (DataInputStream in = new DataInputStream(DatasetFiles.open(file))) {
            int magic = readHeaderInt(in, file);
            if (magic != LABELS_MAGIC) {
                throw new DatasetException(file, "magic number " + magic + " is not " + LABELS_MAGIC
                        + " (IDX unsigned-byte labels with 1 dimension)" + hintForMagic(magic));
            }
            int count = readDimension(in, file, "label count");

            byte[] bytes = readBody(in, file, count, count + " labels");
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = Byte.toUnsignedInt(bytes[i]);
            }
            return labels;
        } catch (IOException e) {
            throw DatasetFiles.readFailed(file, e);
        }
    }

    private static String hintForMagic(int magic) {
        if (magic == LABELS_MAGIC) {
            return "; this is a label file, so the image and label paths may be swapped";
        }
        if (magic == IMAGES_MAGIC) {
            return "; this is an image file, so the image and label paths may be swapped";
        }
        return "; the file is not an IDX file";
    }

    private static int readHeaderInt(DataInputStream in, Path file) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw new DatasetException(file, "truncated inside the IDX header", e);
        }
    }

    private static int readDimension(DataInputStream in, Path file, String dimensionName) throws IOException {
        int value = readHeaderInt(in, file);
        if (value < 1) {
            throw new DatasetException(file, "header declares a " + dimensionName + " of " + value + ", expected at least 1");
        }
        return value;
    }

    /**
     * Reads exactly {@code length} bytes and rejects a file that ends early or has bytes left over,
     * since either means the header does not describe the data.
     */
    private static byte[] readBody(InputStream in, Path file, int length, String declared) throws IOException {
        // readNBytes(int) grows its buffer as data arrives, so a corrupt header that declares a huge
        // size fails on the short file instead of on allocating that size up front.
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            throw new DatasetException(file, "truncated: the header declares " + declared + " (" + length
                    + " bytes after the header), but only " + body.length + " bytes follow");
        }
        if (in.read() != -1) {
            throw new DatasetException(file, "has bytes after the " + declared + " that the header declares");
        }
        return body;
    }

    /** Pixels of an IDX image file, one byte per pixel, images in file order. */
    public record Images(int count, int rows, int columns, byte[] pixels) {
    }
}
