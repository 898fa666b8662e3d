package io.vitsearch.experiment;

import io.vitsearch.search.Architecture;

/**
 * One of an experiment's best architectures.
 *
 * @param rank 1 for the best by validation error
 * @param architecture the architecture in its canonical form; its id is {@link Architecture#id()}
 * @param validationError top-1 error on the validation split with inherited supernet weights
 * @param testAccuracy top-1 accuracy on the test split, or null when the dataset has none
 * @param params analytic parameter count
 * @param flops analytic multiply-accumulates of one forward pass
 * @param modelPath the exported model zip, relative to the artifact store's root
 * @param modelSha256 hex SHA-256 of the zip
 */
public record ArchitectureRecord(int rank, Architecture architecture, double validationError, Double testAccuracy,
                                 long params, long flops, String modelPath, String modelSha256) {
}
