package io.vitsearch.supernet;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import io.vitsearch.search.Architecture;
import io.vitsearch.search.SearchJson;
import io.vitsearch.search.VitArchitecture;

/**
 * A subnet loaded from a model zip written by {@link SubnetExport}, independent of any supernet.
 * It classifies images that are normalised the same way as the training data.
 *
 * <p>Not thread-safe. Closing the model frees its tensors.
 */
public final class StandaloneVitModel implements AutoCloseable {

    private final VitArchitecture architecture;
    private final NDManager manager;
    private final Map<String, NDArray> tensors;
    private final String metricsJson;

    private StandaloneVitModel(VitArchitecture architecture, NDManager manager, Map<String, NDArray> tensors,
            String metricsJson) {
        this.architecture = architecture;
        this.manager = manager;
        this.tensors = Collections.unmodifiableMap(tensors);
        this.metricsJson = metricsJson;
    }

    public static StandaloneVitModel load(Path zipFile) throws IOException {
        return load(zipFile, ComputeDevice.preferred());
    }

    /**
     * Loads a model zip onto {@code device}, checking that it contains exactly the tensors its
     * architecture needs at the right shapes.
     */
    public static StandaloneVitModel load(Path zipFile, Device device) throws IOException {
        try (ZipFile zip = new ZipFile(zipFile.toFile())) {
            Architecture parsed = SearchJson.parseArchitecture(readText(zip, SubnetExport.CONFIG, zipFile));
            if (!(parsed instanceof VitArchitecture architecture)) {
                throw new InvalidModelException(zipFile + " contains a " + parsed.getClass().getSimpleName()
                        + " model; only vit models are supported");
            }
            String metrics = readText(zip, SubnetExport.METRICS, zipFile);

            NDManager manager = NDManager.newBaseManager(device);
            try (InputStream in = zip.getInputStream(entry(zip, SubnetExport.WEIGHTS, zipFile))) {
                return new StandaloneVitModel(architecture, manager, readTensors(architecture, manager, in, zipFile),
                        metrics);
            } catch (IOException | RuntimeException e) {
                manager.close();
                throw e;
            }
        }
    }

    private static Map<String, NDArray> readTensors(VitArchitecture architecture, NDManager manager, InputStream in,
            Path zipFile) throws IOException {
        NDList stored = NDList.decode(manager, in.readAllBytes());
        Map<String, long[]> expected = VitTensors.subnetShapes(architecture);
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> tensor : expected.entrySet()) {
            NDArray value = stored.get(tensor.getKey());
            VitSupernet.requireShape(zipFile + " weights", tensor.getKey(), value, tensor.getValue());
            tensors.put(tensor.getKey(), value.toType(DataType.FLOAT32, false));
        }
        if (stored.size() != expected.size()) {
            throw new InvalidModelException(zipFile + " has " + stored.size() + " tensors but its architecture needs "
                    + expected.size());
        }
        return tensors;
    }

    public VitArchitecture architecture() {
        return architecture;
    }

    /** Returns the metrics stored with the model, as JSON. */
    public String metricsJson() {
        return metricsJson;
    }

    /** Returns the number of scalars in the model's tensors. */
    public long parameterCount() {
        return tensors.values().stream().mapToLong(NDArray::size).sum();
    }

    /**
     * Computes the logits (B, K) of {@code images} (B, C, H, W). The result belongs to the manager
     * of {@code images}.
     */
    public NDArray logits(NDArray images) {
        Shape shape = images.getShape();
        if (shape.dimension() != 4 || shape.get(1) != architecture.channels()
                || shape.get(2) != architecture.imageSize() || shape.get(3) != architecture.imageSize()) {
            throw new IllegalArgumentException("images must be (B, " + architecture.channels() + ", "
                    + architecture.imageSize() + ", " + architecture.imageSize() + "); got " + shape);
        }
        NDManager activations = images.getManager();
        WeightSource weights = (name, sizes) -> tensors.get(name).get(activations, VitSupernet.leading(sizes));
        return VitForward.logits(architecture, weights, images);
    }

    /**
     * Returns the predicted class of each of {@code count} images laid out one after another in
     * (C, H, W) order in {@code pixels}.
     */
    public int[] classify(float[] pixels, int count) {
        int size = architecture.imageSize();
        try (NDManager batch = manager.newSubManager()) {
            NDArray images = batch.create(pixels, new Shape(count, architecture.channels(), size, size));
            return logits(images).argMax(1).toType(DataType.INT32, false).toIntArray();
        }
    }

    private static String readText(ZipFile zip, String name, Path zipFile) throws IOException {
        try (InputStream in = zip.getInputStream(entry(zip, name, zipFile))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static ZipEntry entry(ZipFile zip, String name, Path zipFile) {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw new InvalidModelException(zipFile + " lacks " + name + "; it is not a vitsearch model zip");
        }
        return entry;
    }

    @Override
    public void close() {
        manager.close();
    }
}
