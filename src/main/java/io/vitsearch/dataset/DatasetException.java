package io.vitsearch.dataset;

import java.nio.file.Path;

/**
 * A dataset file or folder that cannot be read, or whose contents break the format's rules. The
 * message names the file and what is wrong with it.
 */
public class DatasetException extends RuntimeException {

    private final transient Path path;

    public DatasetException(Path path, String problem) {
        super(path + ": " + problem);
        this.path = path;
    }

    public DatasetException(Path path, String problem, Throwable cause) {
        super(path + ": " + problem, cause);
        this.path = path;
    }

    /** Returns the file or folder that failed. */
    public Path path() {
        return path;
    }
}
