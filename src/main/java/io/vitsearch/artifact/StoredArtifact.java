package io.vitsearch.artifact;

/**
 * A file in the artifact store.
 *
 * @param relativePath path below the store's root, with '/' separators; what the database stores
 * @param size length in bytes
 * @param sha256 lowercase hex SHA-256 of the content
 */
public record StoredArtifact(String relativePath, long size, String sha256) {
}
