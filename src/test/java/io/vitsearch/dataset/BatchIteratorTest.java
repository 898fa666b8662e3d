package io.vitsearch.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class BatchIteratorTest {

    /** Image i has every pixel equal to i, and the stats map it back to the float i. */
    private final ImageDataset dataset = TestDatasets.uniformImages(10, 2, 3);
    private final BatchFiller filler = new BatchFiller(dataset,
            new NormalizationStats(new float[] {0f}, new float[] {1 / 255f}), 2, 2, Interpolation.NEAREST);

    @Test
    void evaluationVisitsEveryImageInOrder() {
        BatchIterator batches = BatchIterator.evaluation(filler, 4);
        batches.startEpoch(0);

        List<List<Integer>> seen = drain(batches);

        assertThat(batches.batchesPerEpoch()).isEqualTo(3);
        assertThat(seen).containsExactly(List.of(0, 1, 2, 3), List.of(4, 5, 6, 7), List.of(8, 9));
    }

    @Test
    void partialLastBatchReportsItsSize() {
        BatchIterator batches = BatchIterator.evaluation(filler, 4);
        batches.startEpoch(0);
        batches.next();
        batches.next();

        BatchIterator.Batch last = batches.next();

        assertThat(last.size()).isEqualTo(2);
        assertThat(last.index()).isEqualTo(2);
        assertThat(last.shape()).containsExactly(2, 1, 2, 2);
        assertThat(last.pixels()).hasSize(16);
        assertThat(batches.hasNext()).isFalse();
        assertThatThrownBy(batches::next).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void trainingDropsPartialBatchAndShuffles() {
        BatchIterator batches = BatchIterator.training(filler, 4, 42);
        batches.startEpoch(0);

        List<List<Integer>> seen = drain(batches);

        assertThat(batches.batchesPerEpoch()).isEqualTo(2);
        assertThat(seen).hasSize(2).allSatisfy(batch -> assertThat(batch).hasSize(4));
        List<Integer> flat = seen.stream().flatMap(List::stream).toList();
        assertThat(flat).doesNotHaveDuplicates();
        assertThat(flat).isNotEqualTo(List.of(0, 1, 2, 3, 4, 5, 6, 7));
    }

    @Test
    void labelsMatchImages() {
        BatchIterator batches = BatchIterator.training(filler, 5, 3);
        batches.startEpoch(0);

        BatchIterator.Batch batch = batches.next();

        for (int i = 0; i < batch.size(); i++) {
            int image = Math.round(batch.pixels()[i * 4]);
            assertThat(batch.labels()[i]).isEqualTo(dataset.labels()[image]);
        }
    }

    @Test
    void epochOrderDependsOnlyOnSeedAndEpoch() {
        BatchIterator first = BatchIterator.training(filler, 2, 42);
        BatchIterator second = BatchIterator.training(filler, 2, 42);

        List<List<List<Integer>>> firstEpochs = new ArrayList<>();
        for (int epoch = 0; epoch < 3; epoch++) {
            first.startEpoch(epoch);
            firstEpochs.add(drain(first));
        }
        second.startEpoch(2);
        List<List<Integer>> secondEpochTwo = drain(second);

        assertThat(secondEpochTwo).isEqualTo(firstEpochs.get(2));
        assertThat(firstEpochs.get(1)).isNotEqualTo(firstEpochs.get(0));
        assertThat(firstEpochs.get(2)).isNotEqualTo(firstEpochs.get(1));
    }

    @Test
    void resumeMidEpochGivesRemainingBatches() {
        BatchIterator full = BatchIterator.training(filler, 3, 9);
        full.startEpoch(4);
        List<List<Integer>> all = drain(full);
        BatchIterator resumed = BatchIterator.training(filler, 3, 9);

        resumed.startEpoch(4, 1);

        assertThat(drain(resumed)).isEqualTo(all.subList(1, all.size()));
    }

    @Test
    void otherSeedGivesOtherOrder() {
        BatchIterator first = BatchIterator.training(filler, 10, 1);
        BatchIterator second = BatchIterator.training(filler, 10, 2);
        first.startEpoch(0);
        second.startEpoch(0);

        assertThat(drain(first)).isNotEqualTo(drain(second));
    }

    @Test
    void batchLargerThanDatasetIsRejectedWhenDropping() {
        assertThatThrownBy(() -> BatchIterator.training(filler, 11, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batchSize 11 is larger than the 10 images");
    }

    @Test
    void nextBeforeStartEpochIsRejected() {
        BatchIterator batches = BatchIterator.evaluation(filler, 4);

        assertThat(batches.hasNext()).isFalse();
        assertThatThrownBy(batches::next)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("startEpoch");
    }

    /** Returns the image indices of every remaining batch, read back from the pixel values. */
    private static List<List<Integer>> drain(BatchIterator batches) {
        List<List<Integer>> seen = new ArrayList<>();
        while (batches.hasNext()) {
            BatchIterator.Batch batch = batches.next();
            float[] pixels = batch.pixels();
            seen.add(IntStream.range(0, batch.size())
                    .mapToObj(i -> Math.round(pixels[i * 4]))
                    .toList());
        }
        return seen;
    }
}
