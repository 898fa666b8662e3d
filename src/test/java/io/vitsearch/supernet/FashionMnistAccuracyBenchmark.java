package io.vitsearch.supernet;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import ai.djl.Device;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import io.vitsearch.dataset.BatchFiller;
import io.vitsearch.dataset.IdxReader;
import io.vitsearch.dataset.ImageDataset;
import io.vitsearch.dataset.Interpolation;
import io.vitsearch.dataset.NormalizationStats;
import io.vitsearch.dataset.TrainValidationSplit;
import io.vitsearch.search.VitSpace;

/**
 * Trains the benchmark space's supernet on Fashion-MNIST for a fixed wall-clock budget, then
 * reports the test accuracy of its largest and smallest subnets with inherited weights. Run with
 * {@code ./mvnw -B -o -q test -Dtest=FashionMnistAccuracyBenchmark -Dvitsearch.bench=true}; optional
 * {@code -Dbench.minutes=10} (training budget) and {@code -Dbench.threads=2} (intra-op threads).
 *
 * <p>The cosine schedule needs the number of steps in advance, so a short probe on a throwaway
 * supernet measures the step time first and the budget is converted into steps.
 */
@EnabledIfSystemProperty(named = "vitsearch.bench", matches = "true")
class FashionMnistAccuracyBenchmark {

    private static final Path FOLDER = Path.of("/usr/share/datasets/fashion-mnist");
    private static final VitSpace SPACE = new VitSpace(28, 1, 4, 10, List.of(48, 64, 96), List.of(2, 3, 4),
            List.of(2, 3, 4), List.of(2.0, 3.0, 4.0), List.of(48, 72, 96));
    private static final int BATCH_SIZE = 128;
    private static final int PROBE_STEPS = 30;

    @Test
    void accuracyAfterTimeBudget() {
        assumeThat(Files.exists(FOLDER.resolve("train-images-idx3-ubyte.gz")))
                .as("Fashion-MNIST is not installed at %s; install the Debian package dataset-fashion-mnist", FOLDER)
                .isTrue();
        Duration budget = Duration.ofMinutes(Long.getLong("bench.minutes", 10));
        ComputeDevice.setIntraOpThreads(Integer.getInteger("bench.threads", 2));

        ImageDataset all = IdxReader.read("fashion-mnist", FOLDER.resolve("train-images-idx3-ubyte.gz"),
                FOLDER.resolve("train-labels-idx1-ubyte.gz"), IdxReader.numberedClassNames(10));
        ImageDataset test = IdxReader.read("fashion-mnist-test", FOLDER.resolve("t10k-images-idx3-ubyte.gz"),
                FOLDER.resolve("t10k-labels-idx1-ubyte.gz"), IdxReader.numberedClassNames(10));
        TrainValidationSplit split = TrainValidationSplit.of(all, 0.1, 42);
        ImageDataset train = all.subset("fashion-mnist/train", split.trainIndices());
        NormalizationStats stats = NormalizationStats.compute(train);
        BatchFiller trainFiller = new BatchFiller(train, stats, 28, 28, Interpolation.NEAREST);
        LabeledImages testImages = LabeledImages.from(new BatchFiller(test, stats, 28, 28, Interpolation.NEAREST));

        double secondsPerStep = probeSecondsPerStep(trainFiller);
        long steps = (long) (budget.toSeconds() / secondsPerStep);
        TrainingSettings settings = TrainingSettings.of(2e-3, Math.min(500, steps / 10), steps, 0.05, 0.1, 1, 42);

        try (VitSupernet supernet = VitSupernet.create(SPACE, 42, Device.cpu());
                SupernetTrainer trainer = new SupernetTrainer(supernet, settings, new UniformSubnetSampler(SPACE),
                        new DatasetBatches(trainFiller, BATCH_SIZE, 7))) {
            TrainingResult result = trainer.train(steps);

            double largest = 1 - supernet.top1Error(TinySpaces.largest(SPACE), testImages, 500);
            double smallest = 1 - supernet.top1Error(TinySpaces.smallest(SPACE), testImages, 500);
            System.out.printf("Fashion-MNIST accuracy benchmark: %d steps of %d images in %.0f s (%.0f images/s),"
                            + " %.1f epochs, final loss %.3f; test accuracy largest %.4f smallest %.4f on %d images%n",
                    steps, BATCH_SIZE, result.elapsed().toMillis() / 1000.0, result.imagesPerSecond(),
                    steps * (double) BATCH_SIZE / train.size(), result.meanLossOfLast(100), largest, smallest,
                    testImages.size());
        }
    }

    private static double probeSecondsPerStep(BatchFiller trainFiller) {
        try (VitSupernet probe = VitSupernet.create(SPACE, 1, Device.cpu());
                SupernetTrainer trainer = new SupernetTrainer(probe,
                        TrainingSettings.of(1e-3, 1, PROBE_STEPS, 0.05, 0.1, 1, 1),
                        new UniformSubnetSampler(SPACE), new DatasetBatches(trainFiller, BATCH_SIZE, 1))) {
            TrainingResult result = trainer.train(PROBE_STEPS);
            return result.elapsed().toMillis() / 1000.0 / PROBE_STEPS;
        }
    }
}
