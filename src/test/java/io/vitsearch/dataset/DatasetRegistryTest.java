package io.vitsearch.dataset;

import static io.vitsearch.dataset.DatasetTestFiles.cifarBatch;
import static io.vitsearch.dataset.DatasetTestFiles.idxImages;
import static io.vitsearch.dataset.DatasetTestFiles.idxLabels;
import static io.vitsearch.dataset.DatasetTestFiles.write;
import static io.vitsearch.dataset.DatasetTestFiles.writeGzipped;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.zaxxer.hikari.HikariDataSource;
import io.vitsearch.testsupport.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

class DatasetRegistryTest {

    private static HikariDataSource dataSource;

    @TempDir
    Path dir;

    private Path allowed;
    private Path packageRoot;
    private DatasetRegistry registry;

    @BeforeAll
    static void createDatabase() {
        dataSource = TestDatabases.createMigratedDataSource(2);
    }

    @AfterAll
    static void closeDatabase() {
        dataSource.close();
    }

    @BeforeEach
    void createRegistry() throws IOException {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.update("DELETE FROM dataset");
        allowed = Files.createDirectories(dir.resolve("allowed"));
        packageRoot = Files.createDirectories(dir.resolve("packages"));
        registry = new DatasetRegistry(jdbc, new DatasetProperties(packageRoot, List.of(allowed)));
    }

    @Test
    void registeredIdxDatasetLoadsBothSplits() {
        Path folder = allowed.resolve("digits");
        write(folder.resolve("train-images-idx3-ubyte"), idxImages(4, 3, 3));
        write(folder.resolve("train-labels-idx1-ubyte"), idxLabels(0, 1, 2, 1));
        writeGzipped(folder.resolve("t10k-images-idx3-ubyte.gz"), idxImages(2, 3, 3));
        writeGzipped(folder.resolve("t10k-labels-idx1-ubyte.gz"), idxLabels(3, 0));

        DatasetSource source = registry.register(
                new DatasetRegistration("digits", DatasetFormat.IDX, folder.toString(), null, null));
        LoadedDataset loaded = registry.load("digits");

        assertThat(source.builtIn()).isFalse();
        assertThat(registry.find("digits")).isEqualTo(source);
        assertThat(loaded.train().size()).isEqualTo(4);
        assertThat(loaded.test()).hasValueSatisfying(test -> assertThat(test.size()).isEqualTo(2));
        // Classes are numbered up to the largest label of either split.
        assertThat(loaded.train().classNames()).containsExactly("0", "1", "2", "3");
    }

    @Test
    void registeredCifarDatasetLoadsFromArchiveFolder() {
        Path batches = allowed.resolve("cifar/cifar-10-batches-bin");
        write(batches.resolve("data_batch_10.bin"), cifarBatch(2));
        write(batches.resolve("data_batch_2.bin"), cifarBatch(1));
        write(batches.resolve("test_batch.bin"), cifarBatch(9, 8));

        registry.register(new DatasetRegistration("cifar", DatasetFormat.CIFAR10,
                allowed.resolve("cifar").toString(), null, null));
        LoadedDataset loaded = registry.load("cifar");

        // Batches are read in numeric order, so data_batch_2 comes before data_batch_10.
        assertThat(loaded.train().labels()).containsExactly(1, 2);
        assertThat(loaded.test()).hasValueSatisfying(test -> assertThat(test.labels()).containsExactly(9, 8));
        assertThat(loaded.train().classNames()).isEqualTo(Cifar10Reader.CLASS_NAMES);
    }

    @Test
    void registeredImageFolderUsesTrainAndTestFolders() {
        Path folder = allowed.resolve("shapes");
        ImageFolderReaderTest.writeRgb(folder.resolve("train/circle/a.png"), 10, 10, Color.RED);
        ImageFolderReaderTest.writeRgb(folder.resolve("train/square/a.png"), 10, 10, Color.GREEN);
        ImageFolderReaderTest.writeRgb(folder.resolve("test/circle/a.png"), 10, 10, Color.RED);
        ImageFolderReaderTest.writeRgb(folder.resolve("test/square/a.png"), 10, 10, Color.GREEN);

        registry.register(new DatasetRegistration("shapes", DatasetFormat.IMAGE_FOLDER, folder.toString(), 1, 8));
        LoadedDataset loaded = registry.load("shapes");

        assertThat(loaded.train().classNames()).containsExactly("circle", "square");
        assertThat(loaded.train().height()).isEqualTo(8);
        assertThat(loaded.train().channels()).isEqualTo(1);
        assertThat(loaded.test()).hasValueSatisfying(test -> assertThat(test.size()).isEqualTo(2));
    }

    @Test
    void loadIsCachedPerName() {
        Path folder = allowed.resolve("digits");
        write(folder.resolve("train-images-idx3-ubyte"), idxImages(2, 2, 2));
        write(folder.resolve("train-labels-idx1-ubyte"), idxLabels(0, 1));
        registry.register(new DatasetRegistration("digits", DatasetFormat.IDX, folder.toString(), null, null));

        LoadedDataset first = registry.load("digits");
        LoadedDataset second = registry.load("digits");

        assertThat(second).isSameAs(first);
        assertThat(first.test()).isEmpty();
    }

    @Test
    void concurrentLoadsShareOneResult() throws Exception {
        Path folder = allowed.resolve("digits");
        write(folder.resolve("train-images-idx3-ubyte"), idxImages(200, 28, 28));
        write(folder.resolve("train-labels-idx1-ubyte"), idxLabels(new int[200]));
        registry.register(new DatasetRegistration("digits", DatasetFormat.IDX, folder.toString(), null, null));
        ExecutorService executor = Executors.newFixedThreadPool(4);
        try {
            Callable<LoadedDataset> load = () -> registry.load("digits");
            List<Future<LoadedDataset>> results = executor.invokeAll(List.of(load, load, load, load));

            LoadedDataset first = results.get(0).get();
            for (Future<LoadedDataset> result : results) {
                assertThat(result.get()).isSameAs(first);
            }
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void failedLoadIsRetried() {
        Path folder = allowed.resolve("digits");
        Path labels = write(folder.resolve("train-labels-idx1-ubyte"), idxLabels(0, 1));
        registry.register(new DatasetRegistration("digits", DatasetFormat.IDX, folder.toString(), null, null));

        assertThatThrownBy(() -> registry.load("digits"))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("train-images-idx3-ubyte not found");

        write(folder.resolve("train-images-idx3-ubyte"), idxImages(2, 2, 2));
        assertThat(registry.load("digits").train().size()).isEqualTo(2);
        assertThat(labels).exists();
    }

    @Test
    void fashionMnistFoundUnderPackageRoot() {
        Path folder = packageRoot.resolve("fashion-mnist");
        writeGzipped(folder.resolve("train-images-idx3-ubyte.gz"), idxImages(3, 28, 28));
        writeGzipped(folder.resolve("train-labels-idx1-ubyte.gz"), idxLabels(0, 9, 4));
        writeGzipped(folder.resolve("t10k-images-idx3-ubyte.gz"), idxImages(1, 28, 28));
        writeGzipped(folder.resolve("t10k-labels-idx1-ubyte.gz"), idxLabels(8));

        List<DatasetSource> sources = registry.list();
        LoadedDataset loaded = registry.load("fashion-mnist");

        assertThat(sources).extracting(DatasetSource::name).containsExactly("fashion-mnist");
        assertThat(sources.get(0).builtIn()).isTrue();
        assertThat(loaded.train().classNames()).isEqualTo(DatasetRegistry.FASHION_MNIST_CLASSES);
        assertThat(loaded.test()).isPresent();
    }

    @Test
    void missingBuiltInIsNotFound() {
        assertThat(registry.list()).isEmpty();
        assertThatThrownBy(() -> registry.load("fashion-mnist"))
                .isInstanceOf(DatasetNotFoundException.class)
                .hasMessageContaining("'fashion-mnist' not found")
                .hasMessageContaining("not installed")
                .hasMessageContaining(packageRoot.resolve("fashion-mnist").toString());
    }

    @Test
    void unknownNameIsNotFound() {
        assertThatThrownBy(() -> registry.find("nothing"))
                .isInstanceOf(DatasetNotFoundException.class)
                .hasMessageContaining("'nothing' not found");
    }

    @Test
    void listShowsRegisteredDatasetsByName() throws IOException {
        Files.createDirectories(allowed.resolve("b"));
        Files.createDirectories(allowed.resolve("a"));
        registry.register(new DatasetRegistration("bravo", DatasetFormat.IDX, allowed.resolve("b").toString(),
                null, null));
        registry.register(new DatasetRegistration("alpha", DatasetFormat.CIFAR10, allowed.resolve("a").toString(),
                null, null));

        assertThat(registry.list()).extracting(DatasetSource::name).containsExactly("alpha", "bravo");
    }

    @Test
    void pathTraversalIsRejected() throws IOException {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        String traversal = allowed + "/../outside";

        assertRejected(new DatasetRegistration("escape", DatasetFormat.IDX, traversal, null, null),
                "path", "outside the allowed dataset roots");
        assertThat(outside).exists();
    }

    @Test
    void symlinkEscapeIsRejected() throws IOException {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Path link = allowed.resolve("link");
        try {
            Files.createSymbolicLink(link, outside);
        } catch (UnsupportedOperationException | IOException e) {
            assumeThat(false).as("symbolic links are not supported here: " + e).isTrue();
        }

        assertRejected(new DatasetRegistration("escape", DatasetFormat.IDX, link.toString(), null, null),
                "path", "resolves to " + outside.toRealPath());
    }

    @Test
    void symlinkedFileEscapeFailsOnLoad() throws IOException {
        Path folder = allowed.resolve("digits");
        write(folder.resolve("train-labels-idx1-ubyte"), idxLabels(0, 1));
        Path secret = write(dir.resolve("outside/secret"), idxImages(2, 2, 2));
        Path link = folder.resolve("train-images-idx3-ubyte");
        try {
            Files.createSymbolicLink(link, secret);
        } catch (UnsupportedOperationException | IOException e) {
            assumeThat(false).as("symbolic links are not supported here: " + e).isTrue();
        }
        registry.register(new DatasetRegistration("digits", DatasetFormat.IDX, folder.toString(), null, null));

        assertThatThrownBy(() -> registry.load("digits"))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(link.toString())
                .hasMessageContaining("outside the allowed dataset roots");
    }

    @Test
    void invalidRegistrationsNameTheField() throws IOException {
        String folder = Files.createDirectories(allowed.resolve("data")).toString();

        assertRejected(new DatasetRegistration("Bad Name", DatasetFormat.IDX, folder, null, null),
                "name", "lowercase letters");
        assertRejected(new DatasetRegistration("mnist", DatasetFormat.IDX, folder, null, null),
                "name", "reserved for a built-in dataset");
        assertRejected(new DatasetRegistration("data", null, folder, null, null),
                "format", "format is missing");
        assertRejected(new DatasetRegistration("data", DatasetFormat.IDX, "relative/path", null, null),
                "path", "must be absolute");
        assertRejected(new DatasetRegistration("data", DatasetFormat.IDX, allowed.resolve("absent").toString(),
                null, null), "path", "not found");
        assertRejected(new DatasetRegistration("data", DatasetFormat.IDX, folder, 1, null),
                "channels", "applies only to IMAGE_FOLDER");
        assertRejected(new DatasetRegistration("data", DatasetFormat.IMAGE_FOLDER, folder, 2, 32),
                "channels", "must be 1 (grayscale) or 3 (RGB)");
        assertRejected(new DatasetRegistration("data", DatasetFormat.IMAGE_FOLDER, folder, 3, null),
                "imageSize", "imageSize must be 1 to 1024");
    }

    @Test
    void duplicateNameIsRejected() throws IOException {
        String folder = Files.createDirectories(allowed.resolve("data")).toString();
        registry.register(new DatasetRegistration("data", DatasetFormat.IDX, folder, null, null));

        assertRejected(new DatasetRegistration("data", DatasetFormat.CIFAR10, folder, null, null),
                "name", "already registered");
    }

    @Test
    void noAllowedRootsRejectsEveryPath() throws IOException {
        DatasetRegistry closed = new DatasetRegistry(new JdbcTemplate(dataSource),
                new DatasetProperties(packageRoot, List.of()));
        String folder = Files.createDirectories(allowed.resolve("data")).toString();

        assertThatThrownBy(() -> closed.register(
                new DatasetRegistration("data", DatasetFormat.IDX, folder, null, null)))
                .isInstanceOf(InvalidDatasetRegistrationException.class)
                .hasMessageContaining("vitsearch.datasets.allowed-roots");
    }

    private void assertRejected(DatasetRegistration registration, String field, String message) {
        assertThatThrownBy(() -> registry.register(registration))
                .as("%s", registration)
                .isInstanceOf(InvalidDatasetRegistrationException.class)
                .hasMessageContaining(message)
                .extracting(e -> ((InvalidDatasetRegistrationException) e).field())
                .isEqualTo(field);
    }
}
