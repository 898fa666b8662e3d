package io.vitsearch.supernet;

import ai.djl.ndarray.NDManager;

/**
 * The training data as a function of the global step. A batch depends only on the step, so a
 * trainer resumed from a checkpoint reads the same batches as one that never stopped.
 */
@FunctionalInterface
public interface TrainingBatches {

    /** Returns the batch for {@code step} (0-based), created on {@code manager}. */
    ImageBatch batch(long step, NDManager manager);
}
