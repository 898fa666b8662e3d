package io.vitsearch.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Reads the files of the Debian package dataset-fashion-mnist, when it is installed. */
class FashionMnistTest {

    private static final Path FOLDER = Path.of("/usr/share/datasets/fashion-mnist");

    @Test
    void packageFilesHaveTheKnownShape() {
        assumeThat(Files.exists(FOLDER.resolve("train-images-idx3-ubyte.gz")))
                .as("Fashion-MNIST is not installed at %s; install the Debian package dataset-fashion-mnist", FOLDER)
                .isTrue();
        DatasetLoader loader = new DatasetLoader(path -> path);
        DatasetSource source = new DatasetSource("fashion-mnist", DatasetFormat.IDX, FOLDER, null, null, true);

        LoadedDataset loaded = loader.load(source, DatasetRegistry.FASHION_MNIST_CLASSES);

        ImageDataset train = loaded.train();
        assertThat(train.size()).isEqualTo(60_000);
        assertThat(train.channels()).isEqualTo(1);
        assertThat(train.height()).isEqualTo(28);
        assertThat(train.width()).isEqualTo(28);
        assertThat(train.numClasses()).isEqualTo(10);
        assertThat(train.classCounts()).containsOnly(6_000);
        Optional<ImageDataset> test = loaded.test();
        assertThat(test).isPresent();
        assertThat(test.get().size()).isEqualTo(10_000);
        assertThat(test.get().classCounts()).containsOnly(1_000);

        // The packaged training images measure mean 0.28604 and std 0.35302.
        NormalizationStats stats = NormalizationStats.compute(train);
        assertThat(stats.mean()[0]).isCloseTo(0.28604f, within(1e-5f));
        assertThat(stats.std()[0]).isCloseTo(0.35302f, within(1e-5f));
    }
}
