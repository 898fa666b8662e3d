package io.vitsearch.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.vitsearch.api.InvalidRequestException;
import io.vitsearch.artifact.ArtifactStore;
import io.vitsearch.search.Violation;
import io.vitsearch.search.VitArchitecture;
import org.springframework.stereotype.Service;

/** Classifies uploaded images with an experiment's exported models. */
@Service
class ModelPredictions {

    private final ExperimentResults results;

    private final ArtifactStore artifacts;

    private final ModelCache cache;

    private final PredictionProperties properties;

    ModelPredictions(ExperimentResults results, ArtifactStore artifacts, ModelCache cache,
            PredictionProperties properties) {
        this.results = results;
        this.artifacts = artifacts;
        this.cache = cache;
        this.properties = properties;
    }

    /**
     * Returns the {@code top} most probable classes of each image.
     *
     * @throws ExperimentNotFoundException when the experiment does not exist
     * @throws ResultNotFoundException when the architecture is not ranked or its model is not exported
     * @throws InvalidRequestException when there are no images or too many, or an image is unusable
     */
    PredictionResponse predict(UUID experimentId, String archId, List<UploadedImage> images, int top)
            throws IOException {
        ExperimentResults.StoredModel stored = results.model(experimentId, archId);
        if (images.isEmpty()) {
            throw new InvalidRequestException(List.of(new Violation("image", null, "send at least one image")));
        }
        if (images.size() > properties.maxImages()) {
            throw new InvalidRequestException(List.of(new Violation("image", images.size(), "at most "
                    + properties.maxImages() + " images per request (vitsearch.prediction.max-images)")));
        }

        Path zip = modelFile(stored);
        return cache.withModel(zip, stored.sha256(), this::loadVerified,
                model -> classify(model, stored.archId(), images, top));
    }

    private PredictionResponse classify(LoadedModel model, String archId, List<UploadedImage> images, int top) {
        VitArchitecture architecture = model.architecture();
        ImagePreprocessor preprocessor = new ImagePreprocessor(architecture.channels(), architecture.imageSize(),
                model.mean(), model.std(), properties.maxImagePixels());
        int length = preprocessor.imageLength();
        float[] pixels = new float[images.size() * length];
        List<Violation> invalid = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            try {
                preprocessor.preprocess(images.get(i).bytes(), pixels, i * length);
            } catch (ImagePreprocessor.InvalidImageException e) {
                invalid.add(new Violation("image[" + i + "]", images.get(i).name(), e.getMessage()));
            }
        }
        if (!invalid.isEmpty()) {
            throw new InvalidRequestException(invalid);
        }

        int classes = architecture.numClasses();
        float[] probabilities;
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NDArray batch = manager.create(pixels,
                    new Shape(images.size(), architecture.channels(), architecture.imageSize(), architecture.imageSize()));
            probabilities = model.model().logits(batch).softmax(1).toFloatArray();
        }

        int listed = Math.min(top, classes);
        List<PredictionResponse.ImagePrediction> predictions = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            int offset = i * classes;
            List<PredictionResponse.ClassProbability> ranked = IntStream.range(0, classes)
                    .boxed()
                    .sorted(Comparator.comparingDouble((Integer k) -> probabilities[offset + k]).reversed())
                    .limit(listed)
                    .map(k -> new PredictionResponse.ClassProbability(k, model.className(k), probabilities[offset + k]))
                    .toList();
            predictions.add(new PredictionResponse.ImagePrediction(images.get(i).name(), listed, ranked));
        }
        return new PredictionResponse(archId, predictions);
    }

    private Path modelFile(ExperimentResults.StoredModel stored) {
        Path zip = artifacts.resolve(stored.path());
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException("The model file " + stored.path() + " of architecture " + stored.archId()
                    + " is recorded but missing from the artifact store at " + artifacts.root());
        }
        return zip;
    }

    private LoadedModel loadVerified(Path zip, String sha256) throws IOException {
        String actual = artifacts.sha256(zip);
        if (!actual.equals(sha256)) {
            throw new IllegalStateException("The model file " + zip + " has SHA-256 " + actual + " but the database"
                    + " records " + sha256 + "; the file was changed after it was exported");
        }
        return LoadedModel.load(zip);
    }

    /**
     * One uploaded image.
     *
     * @param name the file name of a multipart upload, or null for a raw body
     */
    record UploadedImage(String name, byte[] bytes) {
    }
}
