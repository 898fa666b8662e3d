package io.vitsearch.pipeline;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The artifact store as the pipelines use it: supernet checkpoints and exported models, named by
 * paths relative to the store's root so that workers on several machines can share one volume.
 */
public interface ArtifactFiles {

    /** Copies {@code sourceFile} to {@code relativePath}, replacing an existing file, and returns its SHA-256. */
    StoredFile store(String relativePath, Path sourceFile) throws IOException;

    /** Returns the absolute path of {@code relativePath}; the file need not exist. */
    Path resolve(String relativePath);

    /** Returns the folder at {@code relativePath}, creating it and its parents when missing. */
    Path directoryFor(String relativePath) throws IOException;

    /** Deletes the file or folder tree at {@code relativePath}; a missing path is not an error. */
    void deleteTree(String relativePath) throws IOException;

    /**
     * A stored file.
     *
     * @param relativePath where it lies below the root
     * @param sha256 lowercase hex SHA-256 of its content
     */
    record StoredFile(String relativePath, String sha256) {
    }
}
