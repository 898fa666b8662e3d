package io.vitsearch.experiment;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Classes predicted for each uploaded image, in upload order.
 *
 * @param archId the architecture whose exported model classified the images
 * @param images one entry per image
 */
@Schema(name = "PredictionResponse", description = "The most probable classes of each uploaded image")
public record PredictionResponse(@Schema(example = "3f9c2a7b10d4e851") String archId, List<ImagePrediction> images) {

    /**
     * @param image the uploaded file name, or null for a raw image body
     * @param top how many classes are listed: the requested {@code top}, at most the number of classes
     * @param predictions the {@code top} most probable classes, most probable first; the
     *     probabilities of all classes sum to 1
     */
    @Schema(name = "ImagePrediction")
    public record ImagePrediction(
            @Schema(example = "sneaker.png", nullable = true) String image,
            @Schema(example = "3") int top,
            List<ClassProbability> predictions) {
    }

    @Schema(name = "ClassProbability")
    public record ClassProbability(
            @Schema(example = "7") int classIndex,
            @Schema(example = "Sneaker") String className,
            @Schema(example = "0.913") double probability) {
    }
}
