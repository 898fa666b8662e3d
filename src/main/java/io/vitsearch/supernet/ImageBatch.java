package io.vitsearch.supernet;

import ai.djl.ndarray.NDArray;

/**
 * A batch of images (B, C, H, W) as float32, already normalised, with their class labels (B) as
 * int32. Both arrays belong to the manager the batch was created in.
 */
public record ImageBatch(NDArray images, NDArray labels) {

    public ImageBatch {
        long batch = images.getShape().get(0);
        if (images.getShape().dimension() != 4 || labels.getShape().dimension() != 1
                || labels.getShape().get(0) != batch) {
            throw new IllegalArgumentException("an image batch needs images (B, C, H, W) and labels (B); got images "
                    + images.getShape() + " and labels " + labels.getShape());
        }
    }

    public int size() {
        return Math.toIntExact(labels.getShape().get(0));
    }
}
