package io.vitsearch.supernet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

import org.junit.jupiter.api.Test;

import io.vitsearch.search.VitArchitecture;

class MaskedAdamWTest {

    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;
    private static final double WEIGHT_DECAY = 0.1;

    @Test
    void untouchedLayerStaysBitwiseEqual() {
        VitArchitecture shallow = TinySpaces.uniform(TinySpaces.TINY, 8, 1, 2, 1.0, 4);
        TrainingSettings settings = TrainingSettings.of(0.01, 0, 10, 0.5, 0.1, 1, 7);
        LabeledImages data = TinySpaces.synthetic(TinySpaces.TINY, 16, 3);

        try (VitSupernet supernet = VitSupernet.create(TinySpaces.TINY, 5, Device.cpu());
                SupernetTrainer trainer = new SupernetTrainer(supernet, settings, random -> shallow,
                        new ShuffledBatches(data, 8, 1))) {
            Map<String, float[]> before = snapshot(supernet);
            trainer.train(2);
            Map<String, float[]> after = snapshot(supernet);
            Map<String, long[]> used = VitTensors.subnetShapes(shallow);

            for (String name : before.keySet()) {
                long[] full = supernet.parameters().get(name).getShape().getShape();
                long[] slice = used.getOrDefault(name, new long[full.length]);
                float[] change = difference(before.get(name), after.get(name));
                assertThat(SubnetPropertyTest.countNonZeroOutside(change, full, slice)).as(name).isZero();
            }
            assertThat(after.get("blocks.1.attn.q.weight")).isEqualTo(before.get("blocks.1.attn.q.weight"));
            assertThat(after.get("blocks.1.mlp.fc1.weight")).isEqualTo(before.get("blocks.1.mlp.fc1.weight"));
            assertThat(after.get("blocks.0.attn.q.weight")).isNotEqualTo(before.get("blocks.0.attn.q.weight"));
        }
    }

    /**
     * Two steps on a 2x3 weight: the first uses the 1x2 slice, the second the union of a 2x1 and a
     * 1x3 slice, so element (1, 1) and (1, 2) are never touched and the others have different step
     * counts.
     */
    @Test
    void touchedElementsMatchHandComputedAdamW() {
        float[] initial = {0.5f, -0.25f, 1.0f, 2.0f, -1.5f, 0.75f};
        float[] gradientScale = {0.3f, -0.2f, 0.1f, 0.4f, 0.6f, -0.5f};
        String name = "blocks.0.mlp.fc1.weight";
        double[] learningRates = {0.1, 0.05};
        List<List<long[]>> slicesPerStep = List.of(
                List.of(new long[] {1, 2}),
                List.of(new long[] {2, 1}, new long[] {1, 3}));

        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NDArray weight = manager.create(initial, new Shape(2, 3));
            weight.setRequiresGradient(true);
            Map<String, NDArray> parameters = Map.of(name, weight);

            double[] expected = toDouble(initial);
            double[] m = new double[6];
            double[] v = new double[6];
            int[] t = new int[6];

            try (MaskedAdamW optimizer = new MaskedAdamW(parameters, manager, BETA1, BETA2, EPSILON, WEIGHT_DECAY)) {
                for (int s = 0; s < 2; s++) {
                    SliceUsage usage = new SliceUsage();
                    try (NDManager step = manager.newSubManager()) {
                        // Each slice contributes sum(slice * scale), so the gradient is the scale on the union.
                        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                            NDArray scale = step.create(gradientScale, new Shape(2, 3));
                            NDArray loss = step.zeros(new Shape());
                            for (long[] slice : slicesPerStep.get(s)) {
                                usage.record(name, slice);
                                NDArray used = weight.get(step, VitSupernet.leading(slice));
                                loss = loss.add(used.mul(scale.get(VitSupernet.leading(slice))).sum());
                            }
                            collector.backward(loss);
                        }
                        optimizer.step(parameters, usage, learningRates[s], step);
                    }

                    boolean[] touched = union(slicesPerStep.get(s));
                    for (int i = 0; i < 6; i++) {
                        if (!touched[i]) {
                            continue;
                        }
                        double g = gradientScale[i] * multiplicity(slicesPerStep.get(s), i);
                        t[i]++;
                        m[i] = BETA1 * m[i] + (1 - BETA1) * g;
                        v[i] = BETA2 * v[i] + (1 - BETA2) * g * g;
                        double mHat = m[i] / (1 - Math.pow(BETA1, t[i]));
                        double vHat = v[i] / (1 - Math.pow(BETA2, t[i]));
                        expected[i] = expected[i] * (1 - learningRates[s] * WEIGHT_DECAY)
                                - learningRates[s] * mHat / (Math.sqrt(vHat) + EPSILON);
                    }
                }

                float[] actual = weight.toFloatArray();
                for (int i = 0; i < 6; i++) {
                    assertThat((double) actual[i]).as("element " + i).isCloseTo(expected[i], within(1e-6));
                }
                assertThat(actual[4]).as("never-touched element (1, 1)").isEqualTo(initial[4]);
                assertThat(actual[5]).as("never-touched element (1, 2)").isEqualTo(initial[5]);
                assertThat(optimizer.stateTensors().get("step." + name).toFloatArray())
                        .containsExactly(2f, 2f, 1f, 1f, 0f, 0f);
            }
        }
    }

    /** Counts how many of the slices cover flat element i of a 2x3 tensor, since their gradients add up. */
    private static int multiplicity(List<long[]> slices, int i) {
        int count = 0;
        for (long[] slice : slices) {
            if (i / 3 < slice[0] && i % 3 < slice[1]) {
                count++;
            }
        }
        return count;
    }

    private static boolean[] union(List<long[]> slices) {
        boolean[] touched = new boolean[6];
        for (int i = 0; i < 6; i++) {
            touched[i] = multiplicity(slices, i) > 0;
        }
        return touched;
    }

    private static Map<String, float[]> snapshot(VitSupernet supernet) {
        Map<String, float[]> values = new java.util.LinkedHashMap<>();
        supernet.parameters().forEach((name, value) -> values.put(name, value.toFloatArray()));
        return values;
    }

    private static float[] difference(float[] before, float[] after) {
        float[] change = new float[before.length];
        for (int i = 0; i < before.length; i++) {
            change[i] = Float.floatToRawIntBits(before[i]) == Float.floatToRawIntBits(after[i]) ? 0f : 1f;
        }
        return change;
    }

    private static double[] toDouble(float[] values) {
        double[] result = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = values[i];
        }
        return result;
    }
}
