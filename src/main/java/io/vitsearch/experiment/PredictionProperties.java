package io.vitsearch.experiment;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the predict endpoint, which classifies uploaded images with an exported model.
 *
 * @param maxImages most images one request may carry
 * @param maxImagePixels largest width times height of one image, checked before it is decoded
 * @param cachedModels how many loaded models stay in memory; the least recently used one is closed
 *     when another is loaded
 */
@ConfigurationProperties("vitsearch.prediction")
public record PredictionProperties(
        @DefaultValue("64") int maxImages,
        @DefaultValue("16777216") long maxImagePixels,
        @DefaultValue("4") int cachedModels) {

    public PredictionProperties {
        if (maxImages < 1) {
            throw new IllegalArgumentException("vitsearch.prediction.max-images must be at least 1, was " + maxImages);
        }
        if (maxImagePixels < 1) {
            throw new IllegalArgumentException(
                    "vitsearch.prediction.max-image-pixels must be at least 1, was " + maxImagePixels);
        }
        if (cachedModels < 1) {
            throw new IllegalArgumentException(
                    "vitsearch.prediction.cached-models must be at least 1, was " + cachedModels);
        }
    }
}
