package io.vitsearch.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class TrainValidationSplitTest {

    private final ImageDataset dataset = TestDatasets.uniformImages(1000, 2, 10);

    @Test
    void sameSeedGivesSameSplit() {
        TrainValidationSplit first = TrainValidationSplit.of(dataset, 0.1, 42);
        TrainValidationSplit second = TrainValidationSplit.of(dataset, 0.1, 42);

        assertThat(second.trainIndices()).isEqualTo(first.trainIndices());
        assertThat(second.validationIndices()).isEqualTo(first.validationIndices());
    }

    @Test
    void otherSeedGivesOtherSplit() {
        TrainValidationSplit first = TrainValidationSplit.of(dataset, 0.1, 42);
        TrainValidationSplit second = TrainValidationSplit.of(dataset, 0.1, 43);

        assertThat(second.validationIndices()).isNotEqualTo(first.validationIndices());
    }

    @Test
    void partsAreDisjointAndCoverEveryImage() {
        TrainValidationSplit split = TrainValidationSplit.of(dataset, 0.25, 7);

        int[] all = IntStream.concat(IntStream.of(split.trainIndices()), IntStream.of(split.validationIndices()))
                .sorted().toArray();
        assertThat(all).isEqualTo(IntStream.range(0, 1000).toArray());
        assertThat(split.trainIndices()).isSorted();
        assertThat(split.validationIndices()).isSorted();
    }

    @Test
    void everyClassGivesTheSameFraction() {
        TrainValidationSplit split = TrainValidationSplit.of(dataset, 0.1, 7);

        int[] validationCounts = new int[10];
        for (int index : split.validationIndices()) {
            validationCounts[dataset.labels()[index]]++;
        }
        assertThat(validationCounts).containsOnly(10);
        assertThat(split.trainIndices()).hasSize(900);
    }

    @Test
    void everyClassKeepsATrainingImage() {
        ImageDataset tiny = TestDatasets.uniformImages(3, 2, 3);

        TrainValidationSplit split = TrainValidationSplit.of(tiny, 0.9, 1);

        assertThat(split.trainIndices()).containsExactly(0, 1, 2);
        assertThat(split.validationIndices()).isEmpty();
    }

    @Test
    void zeroFractionKeepsEverythingForTraining() {
        TrainValidationSplit split = TrainValidationSplit.of(dataset, 0, 1);

        assertThat(split.validationIndices()).isEmpty();
        assertThat(split.trainIndices()).hasSize(1000);
    }

    @Test
    void fractionOutsideRangeIsRejected() {
        for (double fraction : new double[] {-0.1, 1.0, Double.NaN}) {
            assertThatThrownBy(() -> TrainValidationSplit.of(dataset, fraction, 1))
                    .as("fraction %s", fraction)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("validationFraction must be at least 0 and below 1")
                    .hasMessageContaining(Double.toString(fraction));
        }
    }

    @Test
    void splitsMaterialiseWithTrainingStats() {
        LoadedDataset loaded = new LoadedDataset("uniform", dataset, java.util.Optional.empty());

        DatasetSplits splits = DatasetSplits.of(loaded, 0.1, 42);

        assertThat(splits.train().size()).isEqualTo(900);
        assertThat(splits.validation().size()).isEqualTo(100);
        assertThat(splits.stats()).isEqualTo(NormalizationStats.compute(splits.train()));
        int[] validation = TrainValidationSplit.of(dataset, 0.1, 42).validationIndices();
        assertThat(Arrays.stream(validation).map(i -> dataset.labels()[i]).toArray())
                .isEqualTo(splits.validation().labels());
    }
}
