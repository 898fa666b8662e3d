package io.vitsearch.dataset;

/** Handling of the images left over when the batch size does not divide the image count. */
public enum LastBatch {
    /** Skips them, so every batch is full. Suits training, where a tiny last batch adds noise. */
    DROP,
    /** Returns them as a smaller last batch. Suits evaluation, where every image must count. */
    PARTIAL
}
