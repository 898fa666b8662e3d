package io.vitsearch.supernet;

import ai.djl.ndarray.NDArray;

/** Supplies the tensors a forward pass reads, each as a leading slice of the stored tensor. */
interface WeightSource {

    /**
     * Returns the leading {@code sizes} slice of the named tensor, attached to the manager of the
     * forward pass so that its autograd history is freed with that manager.
     */
    NDArray slice(String name, long... sizes);
}
