package io.vitsearch.supernet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import ai.djl.Device;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vitsearch.search.VitArchitecture;
import io.vitsearch.search.VitSpace;

class SupernetTrainerTest {

    private static final VitSpace SPACE = TinySpaces.TINY;

    @Test
    void trainingOnSyntheticDataReducesLoss() {
        LabeledImages train = TinySpaces.synthetic(SPACE, 512, 1);
        LabeledImages validation = TinySpaces.synthetic(SPACE, 256, 2);
        TrainingSettings settings = TrainingSettings.of(3e-3, 20, 300, 0.05, 0.1, 1, 42);

        try (VitSupernet supernet = VitSupernet.create(SPACE, 1, Device.cpu());
                SupernetTrainer trainer = new SupernetTrainer(supernet, settings, new UniformSubnetSampler(SPACE),
                        new ShuffledBatches(train, 32, 3))) {
            double errorBefore = supernet.top1Error(TinySpaces.largest(SPACE), validation, 100);
            TrainingResult result = trainer.train(300);

            double firstLoss = result.losses().subList(0, 20).stream().mapToDouble(Double::doubleValue).average()
                    .orElseThrow();
            assertThat(result.steps()).isEqualTo(300);
            assertThat(result.losses()).hasSize(300);
            assertThat(result.imagesPerSecond()).isPositive();
            assertThat(trainer.step()).isEqualTo(300);
            assertThat(result.meanLossOfLast(20)).isLessThan(0.6 * firstLoss);
            assertThat(supernet.top1Error(TinySpaces.largest(SPACE), validation, 100))
                    .isLessThan(0.1).isLessThan(errorBefore);
            assertThat(supernet.top1Error(TinySpaces.smallest(SPACE), validation, 100)).isLessThan(0.1);
        }
    }

    @Test
    void resumedTrainingContinuesLikeUninterruptedTraining(@TempDir Path directory) throws Exception {
        LabeledImages train = TinySpaces.synthetic(SPACE, 64, 1);
        TrainingSettings settings = TrainingSettings.of(1e-2, 2, 8, 0.05, 0.1, 2, 9);
        UniformSubnetSampler sampler = new UniformSubnetSampler(SPACE);
        ShuffledBatches batches = new ShuffledBatches(train, 16, 4);
        Path checkpoint = directory.resolve("step-3");

        List<Double> uninterrupted;
        float[] uninterruptedWeights;
        try (VitSupernet supernet = VitSupernet.create(SPACE, 3, Device.cpu());
                SupernetTrainer trainer = new SupernetTrainer(supernet, settings, sampler, batches)) {
            trainer.train(3);
            trainer.saveCheckpoint(checkpoint);
            uninterrupted = trainer.train(5).losses();
            uninterruptedWeights = supernet.parameters().get("blocks.0.attn.v.weight").toFloatArray();
        }

        try (VitSupernet supernet = VitSupernet.loadCheckpoint(checkpoint, Device.cpu());
                SupernetTrainer trainer = SupernetTrainer.resume(supernet, checkpoint, sampler, batches)) {
            assertThat(trainer.step()).isEqualTo(3);
            assertThat(trainer.settings()).isEqualTo(settings);
            List<Double> resumed = trainer.train(5).losses();

            assertThat(resumed).hasSameSizeAs(uninterrupted);
            for (int i = 0; i < resumed.size(); i++) {
                assertThat(resumed.get(i)).as("loss of step " + (3 + i)).isCloseTo(uninterrupted.get(i), within(1e-6));
            }
            float[] resumedWeights = supernet.parameters().get("blocks.0.attn.v.weight").toFloatArray();
            assertThat(SubnetPropertyTest.maxAbsDifference(uninterruptedWeights, resumedWeights)).isLessThan(1e-6);
        }
    }

    @Test
    void checkpointIsNeverOverwritten(@TempDir Path directory) throws Exception {
        Path checkpoint = Files.createDirectories(directory.resolve("taken"));
        try (VitSupernet supernet = VitSupernet.create(SPACE, 3, Device.cpu());
                SupernetTrainer trainer = new SupernetTrainer(supernet, TrainingSettings.of(1e-3, 0, 1, 0, 0, 1, 1),
                        new UniformSubnetSampler(SPACE), new ShuffledBatches(TinySpaces.synthetic(SPACE, 4, 1), 4, 1))) {
            assertThatThrownBy(() -> trainer.saveCheckpoint(checkpoint)).isInstanceOf(FileAlreadyExistsException.class);
        }
        try (var entries = Files.list(directory)) {
            assertThat(entries.map(path -> path.getFileName().toString())).containsExactly("taken");
        }
    }

    @Test
    void nanLossStopsTrainingWithStepAndSubnet() {
        LabeledImages clean = TinySpaces.synthetic(SPACE, 8, 1);
        float[] pixels = new float[8 * 2 * 8 * 8];
        Arrays.fill(pixels, Float.NaN);
        int[] labels = new int[8];
        LabeledImages broken = new LabeledImages(2, 8, 8, pixels, labels);
        VitArchitecture subnet = TinySpaces.smallest(SPACE);

        try (VitSupernet supernet = VitSupernet.create(SPACE, 3, Device.cpu());
                SupernetTrainer trainer = new SupernetTrainer(supernet, TrainingSettings.of(1e-3, 0, 10, 0, 0, 1, 1),
                        random -> subnet, (step, manager) -> step < 2
                                ? new ShuffledBatches(clean, 8, 1).batch(step, manager)
                                : broken.batch(manager, 0, 8))) {
            trainer.train(2);

            assertThatThrownBy(() -> trainer.train(5))
                    .isInstanceOfSatisfying(NonFiniteLossException.class, error -> {
                        assertThat(error.step()).isEqualTo(2);
                        assertThat(error.subnet()).isEqualTo(subnet);
                    })
                    .hasMessageContaining("step 2")
                    .hasMessageContaining("\"embedDim\":8");
            assertThat(trainer.step()).isEqualTo(2);
        }
    }

    @Test
    void samplerOutsideTheSpaceIsRejected() {
        VitArchitecture outside = TinySpaces.uniform(SPACE, 8, 1, 1, 1.5, 4);
        try (VitSupernet supernet = VitSupernet.create(SPACE, 3, Device.cpu());
                SupernetTrainer trainer = new SupernetTrainer(supernet, TrainingSettings.of(1e-3, 0, 10, 0, 0, 1, 1),
                        random -> outside, new ShuffledBatches(TinySpaces.synthetic(SPACE, 8, 1), 8, 1))) {
            assertThatThrownBy(() -> trainer.train(1))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("outside the supernet's search space")
                    .hasMessageContaining("\"mlpRatio\":1.5");
        }
    }

    @Test
    void scheduleWarmsUpLinearlyThenDecaysByCosine() {
        TrainingSettings settings = new TrainingSettings(1.0, 0.1, 4, 14, 0, 0, 1, 0.9, 0.999, 1e-8, 1);

        assertThat(settings.learningRateAt(0)).isCloseTo(0.25, within(1e-12));
        assertThat(settings.learningRateAt(3)).isCloseTo(1.0, within(1e-12));
        assertThat(settings.learningRateAt(9)).isCloseTo(0.55, within(1e-12));
        assertThat(settings.learningRateAt(14)).isCloseTo(0.1, within(1e-12));
        assertThat(settings.learningRateAt(100)).isCloseTo(0.1, within(1e-12));
    }

    @Test
    void inheritingCopiesTheSharedLeadingRegion() {
        VitSpace wider = new VitSpace(8, 2, 4, 3, List.of(12, 16), List.of(1, 3), List.of(1, 2), List.of(1.0, 2.0),
                List.of(4, 8));
        try (VitSupernet previous = VitSupernet.create(SPACE, 3, Device.cpu());
                VitSupernet next = VitSupernet.create(wider, 4, Device.cpu())) {
            float[] untouchedBefore = next.parameters().get("blocks.2.attn.q.weight").toFloatArray();
            next.inheritFrom(previous);

            float[] source = previous.parameters().get("blocks.1.mlp.fc1.weight").toFloatArray();    // (12, 24)
            float[] target = next.parameters().get("blocks.1.mlp.fc1.weight").toFloatArray();        // (16, 32)
            for (int row = 0; row < 12; row++) {
                for (int column = 0; column < 24; column++) {
                    assertThat(target[row * 32 + column]).isEqualTo(source[row * 24 + column]);
                }
            }
            assertThat(next.parameters().get("blocks.2.attn.q.weight").toFloatArray()).isEqualTo(untouchedBefore);
        }
    }
}
