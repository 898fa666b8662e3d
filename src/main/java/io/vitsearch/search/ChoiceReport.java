package io.vitsearch.search;

/**
 * E-T error of the sampled architectures that use one choice of a dimension.
 *
 * @param value the choice
 * @param samples how many sampled architectures use it
 * @param etError their E-T error, or {@code null} when none does
 */
public record ChoiceReport(double value, int samples, Double etError) {
}
