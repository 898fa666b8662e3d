package io.vitsearch.supernet;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import io.vitsearch.search.VitArchitecture;
import io.vitsearch.search.VitLayer;
import io.vitsearch.search.VitSpace;

/**
 * A weight-sharing {@code vit} supernet: every tensor allocated at the largest size its search
 * space allows, and each subnet computed from the leading slice of every tensor (first rows for
 * inputs, first columns for outputs, q, k and v sliced separately). Layers past a subnet's depth
 * are not run, which makes them the identity.
 *
 * <p>Not thread-safe. Closing the supernet frees its tensors.
 */
public final class VitSupernet implements AutoCloseable {

    private static final double INIT_STD = 0.02;

    private final VitSpace space;
    private final NDManager manager;
    private final Map<String, NDArray> parameters;

    private VitSupernet(VitSpace space, NDManager manager, Map<String, NDArray> parameters) {
        this.space = space;
        this.manager = manager;
        this.parameters = Collections.unmodifiableMap(parameters);
    }

    /** Creates a supernet on the preferred device with weights initialised from {@code seed}. */
    public static VitSupernet create(VitSpace space, long seed) {
        return create(space, seed, ComputeDevice.preferred());
    }

    /**
     * Creates a supernet on {@code device}. Linear weights, the class token and the position
     * embedding are drawn from a normal distribution with standard deviation 0.02, truncated at two
     * standard deviations. Biases start at 0 and LayerNorm scales at 1.
     */
    public static VitSupernet create(VitSpace space, long seed, Device device) {
        NDManager manager = NDManager.newBaseManager(device);
        Map<String, NDArray> parameters = new LinkedHashMap<>();
        long stream = 0;
        for (Map.Entry<String, long[]> tensor : VitTensors.supernetShapes(space).entrySet()) {
            String name = tensor.getKey();
            long[] shape = tensor.getValue();
            float[] values = initialValues(name, shape, new SeededRandom(SeededRandom.derive(seed, stream++)));
            parameters.put(name, register(manager, name, manager.create(values, new Shape(shape))));
        }
        return new VitSupernet(space, manager, parameters);
    }

    /** Reads a supernet written by {@link #writeWeights(OutputStream)} for {@code space}. */
    static VitSupernet readWeights(VitSpace space, InputStream in, Device device) {
        NDManager manager = NDManager.newBaseManager(device);
        try {
            NDList stored = NDList.decode(manager, in);
            Map<String, long[]> expected = VitTensors.supernetShapes(space);
            Map<String, NDArray> parameters = new LinkedHashMap<>();
            for (Map.Entry<String, long[]> tensor : expected.entrySet()) {
                NDArray value = stored.get(tensor.getKey());
                requireShape("supernet weights", tensor.getKey(), value, tensor.getValue());
                parameters.put(tensor.getKey(), register(manager, tensor.getKey(), value.toType(DataType.FLOAT32, false)));
            }
            if (stored.size() != expected.size()) {
                throw new InvalidModelException("supernet weights have " + stored.size() + " tensors but the space needs "
                        + expected.size() + "; the file belongs to another search space");
            }
            return new VitSupernet(space, manager, parameters);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** Loads the supernet of a checkpoint written by {@link SupernetTrainer#saveCheckpoint(Path)}. */
    public static VitSupernet loadCheckpoint(Path directory) throws IOException {
        return loadCheckpoint(directory, ComputeDevice.preferred());
    }

    public static VitSupernet loadCheckpoint(Path directory, Device device) throws IOException {
        return CheckpointFiles.readSupernet(directory, device);
    }

    public VitSpace space() {
        return space;
    }

    public Device device() {
        return manager.getDevice();
    }

    /** Returns the number of scalars in all supernet tensors. */
    public long parameterCount() {
        return parameters.values().stream().mapToLong(NDArray::size).sum();
    }

    /**
     * Computes a subnet's logits (B, K) for {@code images} (B, C, H, W) with inherited weights and
     * no autograd history. The result belongs to the manager of {@code images}.
     */
    public NDArray logits(VitArchitecture architecture, NDArray images) {
        return forward(architecture, images, null);
    }

    /**
     * Returns the top-1 error of a subnet on {@code data} with inherited weights, computed in
     * batches of {@code batchSize} with no autograd history.
     */
    public double top1Error(VitArchitecture architecture, LabeledImages data, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1; got " + batchSize);
        }
        if (data.size() == 0) {
            throw new IllegalArgumentException("the validation set is empty");
        }
        long correct = 0;
        for (int from = 0; from < data.size(); from += batchSize) {
            try (NDManager batchManager = manager.newSubManager()) {
                ImageBatch batch = data.batch(batchManager, from, Math.min(from + batchSize, data.size()));
                NDArray predicted = logits(architecture, batch.images()).argMax(1);
                correct += predicted.eq(batch.labels().toType(DataType.INT64, false)).sum().getLong();
            }
        }
        return 1.0 - (double) correct / data.size();
    }

    /**
     * Copies into this supernet, tensor by tensor, the leading region that both supernets share.
     * A supernet of an evolved search space starts from its predecessor's weights this way; elements
     * outside the shared region keep their values.
     */
    public void inheritFrom(VitSupernet previous) {
        for (Map.Entry<String, NDArray> tensor : parameters.entrySet()) {
            NDArray source = previous.parameters.get(tensor.getKey());
            if (source == null) {
                continue;
            }
            long[] target = tensor.getValue().getShape().getShape();
            long[] shared = new long[target.length];
            for (int d = 0; d < target.length; d++) {
                shared[d] = Math.min(target[d], source.getShape().get(d));
            }
            try (NDManager copy = manager.newSubManager()) {
                NDArray region = source.get(copy, leading(shared)).toDevice(manager.getDevice(), false);
                tensor.getValue().set(leading(shared), region);
            }
        }
    }

    /** Writes every tensor, named as in {@link VitTensors}, as safetensors. */
    void writeWeights(OutputStream out) throws IOException {
        new NDList(parameters.values()).encode(out, NDList.Encoding.SAFETENSORS);
    }

    /**
     * Returns copies of the subnet's tensors at the subnet's sizes, named as the supernet names
     * them and attached to {@code target}.
     */
    NDList subnetTensors(VitArchitecture architecture, NDManager target) {
        requireFits(architecture);
        NDList tensors = new NDList();
        for (Map.Entry<String, long[]> tensor : VitTensors.subnetShapes(architecture).entrySet()) {
            NDArray copy = parameters.get(tensor.getKey()).get(target, leading(tensor.getValue())).duplicate();
            copy.setName(tensor.getKey());
            tensors.add(copy);
        }
        return tensors;
    }

    /**
     * Computes a subnet's logits, recording in {@code usage} (when not null) the slice of every
     * tensor it reads. Inside a gradient collector the result carries autograd history.
     */
    NDArray forward(VitArchitecture architecture, NDArray images, SliceUsage usage) {
        requireFits(architecture);
        Shape shape = images.getShape();
        if (shape.dimension() != 4 || shape.get(1) != space.channels() || shape.get(2) != space.imageSize()
                || shape.get(3) != space.imageSize()) {
            throw new IllegalArgumentException("images must be (B, " + space.channels() + ", " + space.imageSize()
                    + ", " + space.imageSize() + "); got " + shape);
        }
        NDManager activations = images.getManager();
        WeightSource weights = (name, sizes) -> {
            if (usage != null) {
                usage.record(name, sizes);
            }
            return parameters.get(name).get(activations, leading(sizes));
        };
        return VitForward.logits(architecture, weights, images);
    }

    NDManager manager() {
        return manager;
    }

    /** Returns the supernet tensors by name; callers must not close or replace them. */
    Map<String, NDArray> parameters() {
        return parameters;
    }

    /**
     * Rejects an architecture that needs a tensor larger than the supernet has or differs in the
     * settings every architecture of the space shares.
     */
    void requireFits(VitArchitecture architecture) {
        if (architecture.imageSize() != space.imageSize() || architecture.channels() != space.channels()
                || architecture.patchSize() != space.patchSize() || architecture.numClasses() != space.numClasses()) {
            throw new IllegalArgumentException("architecture has imageSize " + architecture.imageSize() + ", channels "
                    + architecture.channels() + ", patchSize " + architecture.patchSize() + ", numClasses "
                    + architecture.numClasses() + " but the supernet was built for " + space.imageSize() + ", "
                    + space.channels() + ", " + space.patchSize() + ", " + space.numClasses());
        }
        if (architecture.embedDim() > space.maxEmbedDim() || architecture.depth() > space.maxDepth()) {
            throw new IllegalArgumentException("architecture embedDim " + architecture.embedDim() + " or depth "
                    + architecture.depth() + " exceeds the supernet's " + space.maxEmbedDim() + " and "
                    + space.maxDepth());
        }
        for (int i = 0; i < architecture.depth(); i++) {
            VitLayer layer = architecture.layers().get(i);
            int hidden = layer.mlpHiddenDim(architecture.embedDim());
            if (layer.qkvDim() > space.maxQkvDim() || hidden > space.maxMlpHiddenDim()) {
                throw new IllegalArgumentException("layers[" + i + "] needs qkvDim " + layer.qkvDim()
                        + " and MLP hidden dim " + hidden + " but the supernet has at most " + space.maxQkvDim()
                        + " and " + space.maxMlpHiddenDim());
            }
        }
    }

    static NDIndex leading(long[] sizes) {
        NDIndex index = new NDIndex();
        for (long size : sizes) {
            index.addSliceDim(0, size);
        }
        return index;
    }

    static void requireShape(String file, String name, NDArray value, long[] expected) {
        if (value == null) {
            throw new InvalidModelException(file + " lack tensor " + name + " " + Arrays.toString(expected));
        }
        if (!Arrays.equals(value.getShape().getShape(), expected)) {
            throw new InvalidModelException(file + " have tensor " + name + " of shape " + value.getShape()
                    + " but " + new Shape(expected) + " is expected");
        }
    }

    private static NDArray register(NDManager manager, String name, NDArray value) {
        value.attach(manager);
        value.setName(name);
        value.setRequiresGradient(true);
        return value;
    }

    private static float[] initialValues(String name, long[] shape, SeededRandom random) {
        float[] values = new float[Math.toIntExact(Arrays.stream(shape).reduce(1, Math::multiplyExact))];
        boolean layerNormScale = shape.length == 1 && (name.endsWith("norm1.weight") || name.endsWith("norm2.weight")
                || name.equals(VitTensors.NORM_WEIGHT));
        boolean drawn = shape.length == 2 || name.equals(VitTensors.CLS_TOKEN);
        for (int i = 0; i < values.length; i++) {
            if (layerNormScale) {
                values[i] = 1f;
            } else if (drawn) {
                values[i] = (float) truncatedNormal(random);
            }
        }
        return values;
    }

    private static double truncatedNormal(SeededRandom random) {
        while (true) {
            double z = random.nextGaussian();
            if (Math.abs(z) <= 2.0) {
                return z * INIT_STD;
            }
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
