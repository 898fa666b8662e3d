package io.vitsearch.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactStoreTest {

    @TempDir
    Path temp;

    Path root;

    ArtifactStore store;

    @BeforeEach
    void createStore() {
        root = temp.resolve("artifacts");
        store = new ArtifactStore(new ArtifactProperties(root));
    }

    @Test
    void storeCopiesWithSizeAndChecksum() throws Exception {
        byte[] content = "model bytes".getBytes(StandardCharsets.UTF_8);
        Path source = Files.write(temp.resolve("model.zip"), content);

        StoredArtifact stored = store.store("experiments/e1/models/a.zip", source);

        assertThat(stored.relativePath()).isEqualTo("experiments/e1/models/a.zip");
        assertThat(stored.size()).isEqualTo(content.length);
        assertThat(stored.sha256()).isEqualTo(sha256(content));
        assertThat(Files.readAllBytes(root.resolve("experiments/e1/models/a.zip"))).isEqualTo(content);
        assertThat(store.sha256(store.resolve(stored.relativePath()))).isEqualTo(stored.sha256());
    }

    @Test
    void storeReplacesAndLeavesNoPartialFile() throws Exception {
        Path first = Files.writeString(temp.resolve("first"), "first");
        Path second = Files.writeString(temp.resolve("second"), "second version");
        store.store("models/m.zip", first);

        StoredArtifact replaced = store.store("models/m.zip", second);

        assertThat(Files.readString(root.resolve("models/m.zip"))).isEqualTo("second version");
        assertThat(replaced.size()).isEqualTo("second version".length());
        try (Stream<Path> files = Files.list(root.resolve("models"))) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactly("m.zip");
        }
    }

    @Test
    void failedStoreKeepsOldFile() throws Exception {
        Path source = Files.writeString(temp.resolve("old"), "old");
        store.store("models/m.zip", source);

        assertThatThrownBy(() -> store.store("models/m.zip", temp.resolve("missing")))
                .isInstanceOf(IOException.class);

        assertThat(Files.readString(root.resolve("models/m.zip"))).isEqualTo("old");
        try (Stream<Path> files = Files.list(root.resolve("models"))) {
            assertThat(files).hasSize(1);
        }
    }

    @Test
    void traversalIsRejected() {
        for (String path : List.of("../escape.zip", "a/../../escape.zip", "/etc/passwd", "a//b", "a/./b", "", "a\\b",
                "models/")) {
            assertThatThrownBy(() -> store.resolve(path))
                    .as(path)
                    .isInstanceOf(InvalidArtifactPathException.class)
                    .hasMessageContaining("Invalid artifact path '" + path + "'");
        }
    }

    @Test
    void symbolicLinkOutOfRootIsRejected() throws Exception {
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.createDirectories(root.resolve("experiments"));
        Files.createSymbolicLink(root.resolve("experiments/link"), outside);

        assertThatThrownBy(() -> store.resolve("experiments/link/model.zip"))
                .isInstanceOf(InvalidArtifactPathException.class)
                .hasMessageContaining("symbolic link");
        assertThatThrownBy(() -> store.store("experiments/link/model.zip",
                Files.writeString(temp.resolve("source"), "x")))
                .isInstanceOf(InvalidArtifactPathException.class);
        assertThat(outside).isEmptyDirectory();
    }

    @Test
    void symbolicLinkInsideRootIsAllowed() throws Exception {
        Path target = Files.createDirectories(root.resolve("shared"));
        Files.createSymbolicLink(root.resolve("alias"), target);

        assertThat(store.resolve("alias/model.zip")).isEqualTo(root.toAbsolutePath().normalize().resolve("alias/model.zip"));
    }

    @Test
    void directoryForCreatesAndDeleteTreeRemoves() throws Exception {
        Path checkpoint = store.directoryFor("experiments/e1/checkpoints/step-3");
        Files.writeString(checkpoint.resolve("weights.bin"), "w");
        Files.createDirectories(checkpoint.resolve("optimizer"));
        Files.writeString(checkpoint.resolve("optimizer/state.bin"), "s");
        Path outside = Files.writeString(temp.resolve("keep.txt"), "keep");
        Files.createSymbolicLink(checkpoint.resolve("link-to-outside"), outside);

        store.deleteTree("experiments/e1/checkpoints");

        assertThat(root.resolve("experiments/e1/checkpoints")).doesNotExist();
        assertThat(root.resolve("experiments/e1")).isDirectory();
        assertThat(outside).as("links are deleted, not followed").hasContent("keep");
        store.deleteTree("experiments/e1/checkpoints");
    }

    private static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }
}
