package io.vitsearch.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CIFAR-10 binary batches ({@code data_batch_1.bin} to {@code data_batch_5.bin},
 * {@code test_batch.bin}).
 *
 * <p>Each record is one label byte followed by 3072 pixel bytes: the 1024 red values of the 32x32
 * image in row-major order, then the green, then the blue. That is already NCHW, so records are
 * copied without reordering.
 */
public final class Cifar10Reader {

    public static final int IMAGE_SIZE = 32;
    public static final int CHANNELS = 3;
    static final int PIXELS_PER_RECORD = CHANNELS * IMAGE_SIZE * IMAGE_SIZE;
    static final int RECORD_LENGTH = 1 + PIXELS_PER_RECORD;

    /** CIFAR-10 class names in label order, used when a folder has no {@code batches.meta.txt}. */
    public static final List<String> CLASS_NAMES = List.of(
            "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

    private Cifar10Reader() {
    }

    /**
     * Reads and concatenates the batch files, in the given order.
     *
     * @throws DatasetException when a file is missing, empty, not a whole number of records, or has
     *         a label outside the class names
     */
    public static ImageDataset read(String name, List<Path> batchFiles, List<String> classNames) {
        if (batchFiles.isEmpty()) {
            throw new IllegalArgumentException("no CIFAR-10 batch files given for " + name);
        }
        List<byte[]> contents = new ArrayList<>();
        long records = 0;
        for (Path file : batchFiles) {
            byte[] content = readBatch(file, classNames);
            contents.add(content);
            records += content.length / RECORD_LENGTH;
        }
        if (records * PIXELS_PER_RECORD > Integer.MAX_VALUE - 8) {
            throw new DatasetException(batchFiles.get(0), "the " + batchFiles.size() + " batch files contain "
                    + records + " images, more than one Java array can hold");
        }

        byte[] pixels = new byte[(int) records * PIXELS_PER_RECORD];
        int[] labels = new int[(int) records];
        int image = 0;
        for (byte[] content : contents) {
            for (int offset = 0; offset < content.length; offset += RECORD_LENGTH) {
                labels[image] = Byte.toUnsignedInt(content[offset]);
                System.arraycopy(content, offset + 1, pixels, image * PIXELS_PER_RECORD, PIXELS_PER_RECORD);
                image++;
            }
        }
        return new ImageDataset(name, CHANNELS, IMAGE_SIZE, IMAGE_SIZE, classNames, pixels, labels);
    }

    /**
     * Returns the class names of {@code batches.meta.txt} in {@code directory} (one per line, blank
     * lines ignored), or {@link #CLASS_NAMES} when the file is absent.
     */
    public static List<String> readClassNames(Path directory) {
        Path metaFile = directory.resolve("batches.meta.txt");
        if (!Files.isRegularFile(metaFile)) {
            return CLASS_NAMES;
        }
        List<String> names;
        try {
            names = Files.readAllLines(metaFile, StandardCharsets.UTF_8).stream()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty())
                    .toList();
        } catch (IOException e) {
            throw new DatasetException(metaFile, "cannot read the class names: " + e, e);
        }
        if (names.isEmpty()) {
            throw new DatasetException(metaFile, "contains no class names, expected one per line");
        }
        if (names.size() > 256) {
            throw new DatasetException(metaFile, "lists " + names.size()
                    + " class names, but a one-byte label can address at most 256");
        }
        return names;
    }

    private static byte[] readBatch(Path file, List<String> classNames) {
        byte[] content;
        try (InputStream in = DatasetFiles.open(file)) {
            content = in.readAllBytes();
        } catch (IOException e) {
            throw DatasetFiles.readFailed(file, e);
        }

        if (content.length == 0) {
            throw new DatasetException(file, "is empty, expected records of " + RECORD_LENGTH
                    + " bytes (1 label byte and 3072 pixel bytes)");
        }
        if (content.length % RECORD_LENGTH != 0) {
            throw new DatasetException(file, "length " + content.length + " bytes is not a multiple of the "
                    + RECORD_LENGTH + "-byte record (1 label byte and 3072 pixel bytes): the last record has "
                    + content.length % RECORD_LENGTH + " bytes, so the file is truncated or not a CIFAR-10 batch");
        }
        for (int offset = 0; offset < content.length; offset += RECORD_LENGTH) {
            int label = Byte.toUnsignedInt(content[offset]);
            if (label >= classNames.size()) {
                throw new DatasetException(file, "label " + label + " of record " + offset / RECORD_LENGTH
                        + " is out of range, the dataset has " + classNames.size() + " classes (0.."
                        + (classNames.size() - 1) + ")");
            }
        }
        return content;
    }
}
