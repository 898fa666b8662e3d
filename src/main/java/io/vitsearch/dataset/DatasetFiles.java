package io.vitsearch.dataset;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Opening of dataset files, with gzip detected by content rather than by file name. */
final class DatasetFiles {

    private static final int GZIP_MAGIC_FIRST = 0x1f;
    private static final int GZIP_MAGIC_SECOND = 0x8b;

    private DatasetFiles() {
    }

    /**
     * Opens {@code file} for reading, decompressing it when it starts with the gzip magic bytes.
     *
     * @throws DatasetException when the file is missing or cannot be opened
     */
    static InputStream open(Path file) {
        try {
            InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
            raw.mark(2);
            int first = raw.read();
            int second = raw.read();
            raw.reset();
            if (first == GZIP_MAGIC_FIRST && second == GZIP_MAGIC_SECOND) {
                return new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
            }
            return raw;
        } catch (NoSuchFileException e) {
            throw new DatasetException(file, "file not found", e);
        } catch (IOException e) {
            throw new DatasetException(file, "cannot open the file: " + e.getMessage(), e);
        }
    }

    /** Wraps a read failure, which for a gzip file usually means that the file is truncated or corrupt. */
    static DatasetException readFailed(Path file, IOException e) {
        return new DatasetException(file, "read failed, probably because the file is truncated or corrupt: " + e, e);
    }
}
