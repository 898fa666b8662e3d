package io.vitsearch.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * {@link ArtifactFiles} in a local directory tree. Relative paths must stay below the root: absolute
 * paths and {@code .}, {@code ..} or empty segments are rejected.
 */
public class DirectoryArtifactFiles implements ArtifactFiles {

    private final Path root;

    public DirectoryArtifactFiles(Path root) {
        this.root = root.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the artifact directory " + this.root
                    + "; set vitsearch.artifacts.directory to a writable folder", e);
        }
    }

    public Path root() {
        return root;
    }

    @Override
    public StoredFile store(String relativePath, Path sourceFile) throws IOException {
        Path target = resolve(relativePath);
        Files.createDirectories(target.getParent());
        Path partial = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".partial");
        try {
            MessageDigest digest = sha256();
            try (InputStream in = new DigestInputStream(Files.newInputStream(sourceFile), digest)) {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return new StoredFile(relativePath, HexFormat.of().formatHex(digest.digest()));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
    }

    @Override
    public Path resolve(String relativePath) {
        if (relativePath == null || relativePath.isBlank() || relativePath.startsWith("/")
                || relativePath.contains("\\")) {
            throw new IllegalArgumentException("artifact path '" + relativePath
                    + "' is invalid: it must be a non-empty relative path with '/' separators");
        }
        for (String segment : relativePath.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("artifact path '" + relativePath
                        + "' is invalid: it has an empty, '.' or '..' segment");
            }
        }
        return root.resolve(relativePath).normalize();
    }

    @Override
    public Path directoryFor(String relativePath) throws IOException {
        Path directory = resolve(relativePath);
        Files.createDirectories(directory);
        return directory;
    }

    @Override
    public void deleteTree(String relativePath) throws IOException {
        Path target = resolve(relativePath);
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(target, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException error) throws IOException {
                if (error != null) {
                    throw error;
                }
                Files.delete(directory);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
