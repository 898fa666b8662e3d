package io.vitsearch.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Checkpoints and exported models in a directory tree under {@code vitsearch.artifacts.directory}.
 * The database refers to an artifact by its path relative to the root and its SHA-256, so the root
 * can move, or be a volume that several machines mount at different places.
 *
 * <p>Every relative path is checked before use: absolute paths, {@code .} and {@code ..} segments,
 * empty segments, backslashes and symbolic links that lead outside the root are rejected with
 * {@link InvalidArtifactPathException}. Files are written to a temporary file in the target's
 * folder, forced to disk and then renamed over the target, so a reader sees either the old file or
 * the complete new one, also after a crash.
 */
@Component
public class ArtifactStore {

    private static final Logger log = LoggerFactory.getLogger(ArtifactStore.class);

    private static final int COPY_BUFFER_BYTES = 1 << 16;

    private final Path root;

    private final Path realRoot;

    public ArtifactStore(ArtifactProperties properties) {
        this.root = properties.directory().toAbsolutePath().normalize();
        try {
            Files.createDirectories(root);
            this.realRoot = root.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the artifact store directory " + root
                    + "; set vitsearch.artifacts.directory to a writable folder", e);
        }
        log.info("Artifact store at {}", realRoot);
    }

    public Path root() {
        return realRoot;
    }

    /**
     * Copies {@code sourceFile} to {@code relativePath}, replacing an existing file atomically, and
     * returns the stored file's size and SHA-256.
     */
    public StoredArtifact store(String relativePath, Path sourceFile) throws IOException {
        Path target = resolve(relativePath);
        Path directory = target.getParent();
        Files.createDirectories(directory);

        Path partial = Files.createTempFile(directory, "." + target.getFileName() + ".", ".partial");
        try {
            MessageDigest digest = newDigest();
            long size;
            try (InputStream in = Files.newInputStream(sourceFile);
                    FileChannel out = FileChannel.open(partial, StandardOpenOption.WRITE,
                            StandardOpenOption.TRUNCATE_EXISTING)) {
                size = copy(in, out, digest);
                out.force(true);
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            forceDirectory(directory);

            StoredArtifact stored = new StoredArtifact(canonical(relativePath), size,
                    HexFormat.of().formatHex(digest.digest()));
            log.debug("Stored artifact {} ({} bytes, sha256 {})", stored.relativePath(), size, stored.sha256());
            return stored;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
    }

    /**
     * Returns the absolute path of {@code relativePath} below the root. The file need not exist.
     *
     * @throws InvalidArtifactPathException when the path is absolute, has {@code .}, {@code ..} or
     *     empty segments or backslashes, or leads out of the root through a symbolic link
     */
    public Path resolve(String relativePath) {
        String canonical = canonical(relativePath);
        Path target = root.resolve(canonical).normalize();
        if (!target.startsWith(root) || target.equals(root)) {
            throw new InvalidArtifactPathException(relativePath, "it does not name an entry below the root");
        }
        requireNoLinkOutside(relativePath, target);
        return target;
    }

    /** Returns the folder at {@code relativePath}, creating it and its parents when missing. */
    public Path directoryFor(String relativePath) throws IOException {
        Path directory = resolve(relativePath);
        Files.createDirectories(directory);
        return directory;
    }

    /**
     * Deletes the file or folder tree at {@code relativePath}. Symbolic links inside the tree are
     * deleted, not followed. A missing path is not an error.
     */
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
        log.debug("Deleted artifact tree {}", canonical(relativePath));
    }

    /** Computes the lowercase hex SHA-256 of a file's content. */
    public String sha256(Path file) throws IOException {
        MessageDigest digest = newDigest();
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(COPY_BUFFER_BYTES);
            while (in.read(buffer) >= 0) {
                buffer.flip();
                digest.update(buffer);
                buffer.clear();
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Checks the syntax of a relative path and returns it with '/' separators. */
    private static String canonical(String relativePath) {
        if (relativePath == null || relativePath.isBlank()) {
            throw new InvalidArtifactPathException(relativePath, "it is empty");
        }
        if (relativePath.indexOf('\\') >= 0 || relativePath.indexOf('\0') >= 0) {
            throw new InvalidArtifactPathException(relativePath, "it contains a backslash or a NUL character");
        }
        if (relativePath.startsWith("/")) {
            throw new InvalidArtifactPathException(relativePath, "it is absolute");
        }
        for (String segment : relativePath.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new InvalidArtifactPathException(relativePath,
                        "it has an empty, '.' or '..' segment");
            }
        }
        try {
            if (Path.of(relativePath).isAbsolute()) {
                throw new InvalidArtifactPathException(relativePath, "it is absolute");
            }
        } catch (InvalidPathException e) {
            throw new InvalidArtifactPathException(relativePath, "it is not a valid file name: " + e.getReason());
        }
        return relativePath;
    }

    /**
     * Rejects a target whose deepest existing ancestor (or itself) resolves outside the root, which
     * happens when a folder or the file on the way is a symbolic link to somewhere else.
     */
    private void requireNoLinkOutside(String relativePath, Path target) {
        Path existing = target;
        while (existing != null && !Files.exists(existing)) {
            if (Files.isSymbolicLink(existing)) {
                throw new InvalidArtifactPathException(relativePath, "it passes through a broken symbolic link");
            }
            existing = existing.getParent();
        }
        if (existing == null) {
            throw new IllegalStateException("The artifact store root " + root + " has disappeared");
        }
        try {
            if (!existing.toRealPath().startsWith(realRoot)) {
                throw new InvalidArtifactPathException(relativePath,
                        "a symbolic link on the way leads outside the artifact store");
            }
        } catch (NoSuchFileException e) {
            throw new InvalidArtifactPathException(relativePath, "it changed while being checked");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot resolve artifact path " + existing, e);
        }
    }

    private static long copy(InputStream in, FileChannel out, MessageDigest digest) throws IOException {
        byte[] buffer = new byte[COPY_BUFFER_BYTES];
        long total = 0;
        int read;
        while ((read = in.read(buffer)) >= 0) {
            digest.update(buffer, 0, read);
            ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, read);
            while (chunk.hasRemaining()) {
                out.write(chunk);
            }
            total += read;
        }
        return total;
    }

    /** Makes the rename durable; without it a crash may bring back the old directory entry. */
    private static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems cannot open a folder for reading; the file itself is already on disk.
            log.debug("Could not force folder {} to disk: {}", directory, e.toString());
        }
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
