package io.vitsearch.experiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import ai.djl.Device;
import io.vitsearch.search.SearchJson;
import io.vitsearch.search.VitArchitecture;
import io.vitsearch.supernet.StandaloneVitModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * An exported model loaded for prediction, with the normalisation and class names from its
 * {@code metrics.json}: {@code normalizationMean} and {@code normalizationStd} (one number per
 * channel) and {@code classNames}. A model without them uses mean 0, std 1 and names
 * {@code class-<i>}. Not thread-safe, like the model it holds.
 */
final class LoadedModel implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LoadedModel.class);

    private final StandaloneVitModel model;

    private final float[] mean;

    private final float[] std;

    private final List<String> classNames;

    private LoadedModel(StandaloneVitModel model, float[] mean, float[] std, List<String> classNames) {
        this.model = model;
        this.mean = mean;
        this.std = std;
        this.classNames = classNames;
    }

    /**
     * Loads a model zip onto the CPU. The API process serves small batches, and keeping it off the
     * GPU leaves the accelerators to the workers.
     */
    static LoadedModel load(Path zip) throws IOException {
        StandaloneVitModel model = StandaloneVitModel.load(zip, Device.cpu());
        try {
            VitArchitecture architecture = model.architecture();
            JsonNode metrics = readMetrics(model.metricsJson(), zip);
            float[] mean = floats(metrics, "normalizationMean", architecture.channels(), 0f, zip);
            float[] std = floats(metrics, "normalizationStd", architecture.channels(), 1f, zip);
            for (int c = 0; c < std.length; c++) {
                if (!(std[c] > 0) || !Float.isFinite(std[c]) || !Float.isFinite(mean[c])) {
                    throw new IllegalStateException("Model " + zip + " has normalizationMean " + Arrays.toString(mean)
                            + " and normalizationStd " + Arrays.toString(std)
                            + "; every std must be positive and every value finite");
                }
            }
            return new LoadedModel(model, mean, std, classNames(metrics, architecture.numClasses(), zip));
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    StandaloneVitModel model() {
        return model;
    }

    VitArchitecture architecture() {
        return model.architecture();
    }

    float[] mean() {
        return mean.clone();
    }

    float[] std() {
        return std.clone();
    }

    String className(int classIndex) {
        return classNames.get(classIndex);
    }

    @Override
    public void close() {
        model.close();
    }

    private static JsonNode readMetrics(String json, Path zip) {
        try {
            JsonNode metrics = SearchJson.mapper().readTree(json);
            if (metrics == null || !metrics.isObject()) {
                throw new IllegalStateException("metrics.json of model " + zip + " is not a JSON object");
            }
            return metrics;
        } catch (JacksonException e) {
            throw new IllegalStateException("metrics.json of model " + zip + " is not valid JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    private static float[] floats(JsonNode metrics, String key, int channels, float fallback, Path zip) {
        JsonNode values = metrics.get(key);
        float[] result = new float[channels];
        if (values == null || values.isNull()) {
            log.warn("Model {} has no {} in metrics.json; using {} for every channel", zip, key, fallback);
            Arrays.fill(result, fallback);
            return result;
        }
        if (!values.isArray() || values.size() != channels) {
            throw new IllegalStateException("Model " + zip + " has " + key + " " + values + " in metrics.json; expected"
                    + " an array of " + channels + " numbers, one per channel");
        }
        for (int c = 0; c < channels; c++) {
            if (!values.get(c).isNumber()) {
                throw new IllegalStateException("Model " + zip + " has a non-number in " + key + ": " + values);
            }
            result[c] = values.get(c).floatValue();
        }
        return result;
    }

    private static List<String> classNames(JsonNode metrics, int numClasses, Path zip) {
        JsonNode names = metrics.get("classNames");
        List<String> result = new ArrayList<>(numClasses);
        if (names != null && names.isArray() && names.size() == numClasses) {
            names.forEach(name -> result.add(name.asString()));
            return List.copyOf(result);
        }
        if (names != null && !names.isNull()) {
            log.warn("Model {} has classNames {} in metrics.json, but its architecture has {} classes; using"
                    + " class-<i> names instead", zip, names, numClasses);
        }
        for (int i = 0; i < numClasses; i++) {
            result.add("class-" + i);
        }
        return List.copyOf(result);
    }
}
