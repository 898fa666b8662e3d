package io.vitsearch.dataset;

import java.util.Optional;

/**
 * A dataset as read from its source: the training images and, when the source has them, the
 * test images.
 */
public record LoadedDataset(String name, ImageDataset train, Optional<ImageDataset> test) {

    public LoadedDataset {
        test.ifPresent(testSet -> {
            boolean sameShape = testSet.channels() == train.channels() && testSet.height() == train.height()
                    && testSet.width() == train.width();
            if (!sameShape || !testSet.classNames().equals(train.classNames())) {
                throw new IllegalArgumentException("test split " + testSet + " does not match the training split "
                        + train + " in image shape or class names");
            }
        });
    }
}
