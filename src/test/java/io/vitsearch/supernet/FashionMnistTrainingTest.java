package io.vitsearch.supernet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import ai.djl.Device;

import org.junit.jupiter.api.Test;

import io.vitsearch.dataset.BatchFiller;
import io.vitsearch.dataset.IdxReader;
import io.vitsearch.dataset.ImageDataset;
import io.vitsearch.dataset.Interpolation;
import io.vitsearch.dataset.NormalizationStats;
import io.vitsearch.dataset.TrainValidationSplit;
import io.vitsearch.search.VitSpace;

/**
 * Trains a small supernet on Fashion-MNIST for a few hundred steps, when the Debian package
 * dataset-fashion-mnist is installed. Takes one to two minutes on two shared cores.
 */
class FashionMnistTrainingTest {

    private static final Path FOLDER = Path.of("/usr/share/datasets/fashion-mnist");
    private static final VitSpace SPACE = new VitSpace(28, 1, 4, 10, List.of(32, 48), List.of(1, 2), List.of(2, 4),
            List.of(2.0, 3.0), List.of(32, 48));
    private static final int STEPS = 400;
    private static final int VALIDATION_IMAGES = 2_000;

    @Test
    void supernetLearnsFashionMnist() {
        assumeThat(Files.exists(FOLDER.resolve("train-images-idx3-ubyte.gz")))
                .as("Fashion-MNIST is not installed at %s; install the Debian package dataset-fashion-mnist", FOLDER)
                .isTrue();
        ImageDataset all = IdxReader.read("fashion-mnist", FOLDER.resolve("train-images-idx3-ubyte.gz"),
                FOLDER.resolve("train-labels-idx1-ubyte.gz"), IdxReader.numberedClassNames(10));
        TrainValidationSplit split = TrainValidationSplit.of(all, 0.1, 42);
        ImageDataset train = all.subset("fashion-mnist/train", split.trainIndices());
        ImageDataset validation = all.subset("fashion-mnist/validation",
                Arrays.copyOf(split.validationIndices(), VALIDATION_IMAGES));
        NormalizationStats stats = NormalizationStats.compute(train);

        TrainingSettings settings = TrainingSettings.of(5e-3, 20, STEPS, 0.05, 0.1, 1, 42);
        LabeledImages validationImages = LabeledImages.from(new BatchFiller(validation, stats, 28, 28,
                Interpolation.NEAREST));
        DatasetBatches batches = new DatasetBatches(new BatchFiller(train, stats, 28, 28, Interpolation.NEAREST), 64, 7);

        try (VitSupernet supernet = VitSupernet.create(SPACE, 42, Device.cpu());
                SupernetTrainer trainer = new SupernetTrainer(supernet, settings, new UniformSubnetSampler(SPACE),
                        batches)) {
            TrainingResult result = trainer.train(STEPS);

            double firstLoss = result.losses().subList(0, 20).stream().mapToDouble(Double::doubleValue).average()
                    .orElseThrow();
            assertThat(result.meanLossOfLast(50)).isLessThan(0.6 * firstLoss);
            double largestAccuracy = 1 - supernet.top1Error(TinySpaces.largest(SPACE), validationImages, 500);
            double smallestAccuracy = 1 - supernet.top1Error(TinySpaces.smallest(SPACE), validationImages, 500);
            System.out.printf("Fashion-MNIST after %d steps: loss %.3f -> %.3f, accuracy largest %.3f smallest %.3f, %.0f images/s%n",
                    STEPS, firstLoss, result.meanLossOfLast(50), largestAccuracy, smallestAccuracy, result.imagesPerSecond());
            assertThat(largestAccuracy).isGreaterThan(0.6);
            assertThat(smallestAccuracy).isGreaterThan(0.6);
        }
    }
}
