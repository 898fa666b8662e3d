package io.vitsearch.artifact;

/** Raised for an artifact path that is absolute, climbs out of the store's root or follows a link out of it. */
public class InvalidArtifactPathException extends IllegalArgumentException {

    private final String relativePath;

    public InvalidArtifactPathException(String relativePath, String reason) {
        super("Invalid artifact path '" + relativePath + "': " + reason
                + ". Artifact paths are relative to vitsearch.artifacts.directory and must stay inside it.");
        this.relativePath = relativePath;
    }

    public String relativePath() {
        return relativePath;
    }
}
