package io.vitsearch.dataset;

import java.nio.file.Path;

/**
 * Location and format of a named dataset.
 *
 * @param path the dataset's folder
 * @param channels channels that images are converted to; set only for {@link DatasetFormat#IMAGE_FOLDER}
 * @param imageSize height and width that images are resized to; set only for {@link DatasetFormat#IMAGE_FOLDER}
 * @param builtIn whether the dataset comes from an installed package rather than a registration
 */
public record DatasetSource(String name, DatasetFormat format, Path path, Integer channels, Integer imageSize,
                            boolean builtIn) {
}
