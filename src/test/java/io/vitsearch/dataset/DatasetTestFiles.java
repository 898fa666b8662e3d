package io.vitsearch.dataset;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small dataset files in the formats the readers accept. */
final class DatasetTestFiles {

    private DatasetTestFiles() {
    }

    /** Returns the bytes of an IDX image file. Pixel {@code p} of image {@code i} is {@code (i * 31 + p) % 256}. */
    static byte[] idxImages(int count, int rows, int columns) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(IdxReader.IMAGES_MAGIC);
            out.writeInt(count);
            out.writeInt(rows);
            out.writeInt(columns);
            for (int i = 0; i < count; i++) {
                for (int p = 0; p < rows * columns; p++) {
                    out.writeByte(pixelValue(i, p));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static int pixelValue(int image, int pixel) {
        return (image * 31 + pixel) % 256;
    }

    static byte[] idxLabels(int... labels) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(IdxReader.LABELS_MAGIC);
            out.writeInt(labels.length);
            for (int label : labels) {
                out.writeByte(label);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Returns one CIFAR-10 record whose pixels are all {@code (label * 10 + channel)}. */
    static byte[] cifarRecord(int label) {
        byte[] record = new byte[Cifar10Reader.RECORD_LENGTH];
        record[0] = (byte) label;
        for (int c = 0; c < 3; c++) {
            for (int p = 0; p < 1024; p++) {
                record[1 + c * 1024 + p] = (byte) (label * 10 + c);
            }
        }
        return record;
    }

    static byte[] cifarBatch(int... labels) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int label : labels) {
            bytes.writeBytes(cifarRecord(label));
        }
        return bytes.toByteArray();
    }

    static Path write(Path file, byte[] content) {
        try {
            Files.createDirectories(file.getParent());
            return Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path writeGzipped(Path file, byte[] content) {
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
                out.write(content);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] truncate(byte[] content, int length) {
        byte[] shorter = new byte[length];
        System.arraycopy(content, 0, shorter, 0, length);
        return shorter;
    }
}
