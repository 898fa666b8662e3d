package io.vitsearch.supernet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vitsearch.search.SearchJson;
import io.vitsearch.search.VitArchitecture;
import io.vitsearch.search.VitLayer;
import io.vitsearch.search.VitSpace;

/** Checks that hold for every subnet, over subnets sampled from a tiny space with a fixed seed. */
class SubnetPropertyTest {

    private static final int SUBNETS = 24;
    private static final int BATCH = 5;
    private static final VitSpace SPACE = TinySpaces.TINY;

    private static VitSupernet supernet;
    private static LabeledImages images;

    @BeforeAll
    static void createSupernet() {
        supernet = VitSupernet.create(SPACE, 11, Device.cpu());
        images = TinySpaces.synthetic(SPACE, BATCH, 5);
    }

    @AfterAll
    static void closeSupernet() {
        supernet.close();
    }

    /** Counts parameters from the architecture alone, by the rules the exported model must satisfy. */
    static long vitParameterCount(VitArchitecture architecture) {
        long embed = architecture.embedDim();
        long patchInputs = (long) architecture.channels() * architecture.patchSize() * architecture.patchSize();
        long tokens = (long) architecture.gridSize() * architecture.gridSize() + 1;
        long count = patchInputs * embed + embed;
        count += embed;
        count += tokens * embed;
        for (VitLayer layer : architecture.layers()) {
            long qkv = layer.qkvDim();
            long hidden = layer.mlpHiddenDim(architecture.embedDim());
            count += 2 * (2 * embed);
            count += 3 * (embed * qkv + qkv);
            count += qkv * embed + embed;
            count += embed * hidden + hidden;
            count += hidden * embed + embed;
        }
        count += 2 * embed;
        count += embed * architecture.numClasses() + architecture.numClasses();
        return count;
    }

    @Test
    void forwardAndBackwardRunFinite() {
        UniformSubnetSampler sampler = new UniformSubnetSampler(SPACE);
        SeededRandom random = new SeededRandom(1);
        for (int n = 0; n < SUBNETS; n++) {
            VitArchitecture subnet = sampler.sample(random);
            try (NDManager step = supernet.manager().newSubManager()) {
                ImageBatch batch = images.batch(step, 0, BATCH);
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray logits = supernet.forward(subnet, batch.images(), new SliceUsage());
                    assertThat(logits.getShape().getShape()).as(describe(subnet)).containsExactly(BATCH, 3);
                    assertThat(allFinite(logits)).as(describe(subnet)).isTrue();
                    collector.backward(SupernetTrainer.labelSmoothedCrossEntropy(logits, batch.labels(), 0.1));
                }
                for (String name : VitTensors.subnetShapes(subnet).keySet()) {
                    NDArray gradient = supernet.parameters().get(name).getGradient();
                    gradient.attach(step);
                    assertThat(allFinite(gradient)).as(name + " of " + describe(subnet)).isTrue();
                }
                zeroGradients(subnet, step);
            }
        }
    }

    @Test
    void onlyTheUsedSliceReceivesGradient() {
        UniformSubnetSampler sampler = new UniformSubnetSampler(SPACE);
        SeededRandom random = new SeededRandom(2);
        for (int n = 0; n < SUBNETS; n++) {
            VitArchitecture subnet = sampler.sample(random);
            Map<String, long[]> used = VitTensors.subnetShapes(subnet);
            try (NDManager step = supernet.manager().newSubManager()) {
                ImageBatch batch = images.batch(step, 0, BATCH);
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray logits = supernet.forward(subnet, batch.images(), new SliceUsage());
                    collector.backward(SupernetTrainer.labelSmoothedCrossEntropy(logits, batch.labels(), 0.1));
                }

                for (Map.Entry<String, NDArray> parameter : supernet.parameters().entrySet()) {
                    String name = parameter.getKey();
                    long[] full = parameter.getValue().getShape().getShape();
                    long[] slice = used.getOrDefault(name, new long[full.length]);
                    float[] gradient = gradientOrZeros(parameter.getValue(), step);
                    String context = name + " of " + describe(subnet);

                    assertThat(countNonZeroOutside(gradient, full, slice)).as(context).isZero();
                    if (used.containsKey(name)) {
                        assertThat(countNonZeroInside(gradient, full, slice)).as(context).isPositive();
                    }
                }
                zeroGradients(subnet, step);
            }
        }
    }

    @Test
    void exportedModelMatchesSupernetAndParameterCount(@TempDir Path directory) throws Exception {
        UniformSubnetSampler sampler = new UniformSubnetSampler(SPACE);
        SeededRandom random = new SeededRandom(3);
        for (int n = 0; n < SUBNETS; n++) {
            VitArchitecture subnet = sampler.sample(random);
            Path zip = directory.resolve("subnet-" + n + ".zip");
            SubnetExport.write(supernet, subnet, Map.of("top1Error", 0.25, "step", n), zip);

            try (StandaloneVitModel model = StandaloneVitModel.load(zip, Device.cpu());
                    NDManager step = supernet.manager().newSubManager()) {
                ImageBatch batch = images.batch(step, 0, BATCH);
                float[] expected = supernet.logits(subnet, batch.images()).toFloatArray();
                float[] actual = model.logits(batch.images()).toFloatArray();

                assertThat(model.architecture()).isEqualTo(subnet);
                assertThat(maxAbsDifference(expected, actual)).as(describe(subnet)).isLessThan(1e-5);
                assertThat(model.parameterCount()).as(describe(subnet)).isEqualTo(vitParameterCount(subnet));
                assertThat(SearchJson.mapper().readTree(model.metricsJson()).get("step").asInt()).isEqualTo(n);
            }
        }
    }

    @Test
    void exportedTensorNamesFollowLayers(@TempDir Path directory) throws Exception {
        VitArchitecture subnet = TinySpaces.smallest(SPACE);
        Path zip = directory.resolve("smallest.zip");
        SubnetExport.write(supernet, subnet, Map.of(), zip);

        try (StandaloneVitModel model = StandaloneVitModel.load(zip, Device.cpu())) {
            assertThat(model.parameterCount()).isEqualTo(vitParameterCount(subnet));
        }
        try (java.util.zip.ZipFile file = new java.util.zip.ZipFile(zip.toFile());
                NDManager reading = NDManager.newBaseManager(Device.cpu())) {
            assertThat(file.stream().map(java.util.zip.ZipEntry::getName))
                    .containsExactlyInAnyOrder("config.json", "model.safetensors", "metrics.json");
            var tensors = ai.djl.ndarray.NDList.decode(reading,
                    file.getInputStream(file.getEntry("model.safetensors")).readAllBytes());
            Set<String> names = new java.util.HashSet<>();
            tensors.forEach(tensor -> names.add(tensor.getName()));
            assertThat(names).contains("patch_embed.weight", "cls_token", "pos_embed", "blocks.0.attn.q.weight",
                    "blocks.0.attn.k.bias", "blocks.0.mlp.fc2.weight", "norm.bias", "head.weight")
                    .doesNotContain("blocks.1.attn.q.weight");
            assertThat(tensors.get("blocks.0.attn.q.weight").getShape().getShape()).containsExactly(8, 4);
            assertThat(new String(file.getInputStream(file.getEntry("config.json")).readAllBytes()))
                    .isEqualTo(SearchJson.canonical(subnet));
        }
    }

    @Test
    void supernetParameterCountIsLargestSubnetCount() {
        assertThat(supernet.parameterCount()).isEqualTo(vitParameterCount(TinySpaces.largest(SPACE)));
    }

    private static void zeroGradients(VitArchitecture subnet, NDManager step) {
        SliceUsage all = new SliceUsage();
        VitTensors.subnetShapes(subnet).forEach(all::record);
        MaskedAdamW.discardGradients(supernet.parameters(), all, step);
    }

    /** Returns the gradient, or zeros for a tensor that never took part in a backward pass. */
    private static float[] gradientOrZeros(NDArray parameter, NDManager step) {
        try {
            NDArray gradient = parameter.getGradient();
            gradient.attach(step);
            return gradient.toFloatArray();
        } catch (RuntimeException undefined) {
            return new float[Math.toIntExact(parameter.size())];
        }
    }

    static long countNonZeroOutside(float[] values, long[] shape, long[] slice) {
        return countNonZero(values, shape, slice, false);
    }

    static long countNonZeroInside(float[] values, long[] shape, long[] slice) {
        return countNonZero(values, shape, slice, true);
    }

    private static long countNonZero(float[] values, long[] shape, long[] slice, boolean inside) {
        long columns = shape.length == 2 ? shape[1] : 1;
        long count = 0;
        for (int i = 0; i < values.length; i++) {
            long row = i / columns;
            long column = i % columns;
            boolean inSlice = row < slice[0] && (shape.length == 1 || column < slice[1]);
            if (inSlice == inside && values[i] != 0f) {
                count++;
            }
        }
        return count;
    }

    static boolean allFinite(NDArray array) {
        for (float value : array.toFloatArray()) {
            if (!Float.isFinite(value)) {
                return false;
            }
        }
        return true;
    }

    static double maxAbsDifference(float[] expected, float[] actual) {
        assertThat(actual).hasSameSizeAs(expected);
        double max = 0;
        for (int i = 0; i < expected.length; i++) {
            max = Math.max(max, Math.abs(expected[i] - actual[i]));
        }
        return max;
    }

    private static String describe(VitArchitecture subnet) {
        return SearchJson.canonical(subnet);
    }

    static String shape(long[] dims) {
        return Arrays.toString(dims);
    }
}
