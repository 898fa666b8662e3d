package io.vitsearch.search;

/**
 * Analytic size of an architecture.
 *
 * @param params trainable parameters of the exported standalone model
 * @param flops multiply-accumulates of one forward pass on one image
 */
public record ComplexityResult(long params, long flops) {
}
