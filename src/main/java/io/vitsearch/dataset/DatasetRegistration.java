package io.vitsearch.dataset;

/**
 * A request to register a dataset that lies on the server under one of the allowed roots.
 *
 * @param path absolute path of the dataset's folder
 * @param channels for {@link DatasetFormat#IMAGE_FOLDER} only: 1 for grayscale or 3 for RGB
 * @param imageSize for {@link DatasetFormat#IMAGE_FOLDER} only: height and width in pixels
 */
public record DatasetRegistration(String name, DatasetFormat format, String path, Integer channels,
                                  Integer imageSize) {
}
