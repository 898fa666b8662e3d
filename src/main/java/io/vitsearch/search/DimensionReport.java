package io.vitsearch.search;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Measurements and decision of one space-evolution step for one dimension.
 *
 * @param name the dimension, as {@link Dimension#name()} spells it
 * @param scope whether the dimension is chosen once or per layer (block)
 * @param choices E-T error per choice, in the order of the choices before the step
 * @param slope least-squares slope of E-T error against the choice value, or {@code null} when fewer
 *     than two choices had samples
 * @param decision the move made; {@code KEEP} also when a wanted move would break a hard bound
 * @param stepSize how far a move of this dimension shifts every choice: the configured step size, or
 *     else the smallest gap between adjacent choices. It is {@code null} for a dimension with one
 *     choice and in reports stored before this field existed.
 * @param reason why, with the numbers behind it
 * @param after the dimension's choices after the step
 */
public record DimensionReport(
        String name,
        Dimension.Scope scope,
        List<ChoiceReport> choices,
        Double slope,
        Decision decision,
        @JsonInclude(JsonInclude.Include.NON_NULL) Double stepSize,
        String reason,
        List<Double> after) {

    public enum Decision { UP, DOWN, KEEP }

    public DimensionReport {
        choices = List.copyOf(choices);
        after = List.copyOf(after);
    }
}
