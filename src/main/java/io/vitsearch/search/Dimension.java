package io.vitsearch.search;

import java.math.BigDecimal;
import java.util.List;

/**
 * One dimension of a search space seen generically, for space evolution and reports.
 *
 * @param name the field path in the space, for example {@code embedDim} or {@code stages[1].numHeads}
 * @param scope whether an architecture picks one value ({@code GLOBAL}, per stage for the
 *     hierarchical family) or one value per layer or block ({@code PER_LAYER})
 * @param integer whether choices must be whole numbers
 * @param choices the choices in ascending order
 */
public record Dimension(String name, Scope scope, boolean integer, List<Double> choices) {

    public enum Scope { GLOBAL, PER_LAYER }

    public Dimension {
        choices = List.copyOf(choices);
    }

    /** Difference between the largest and the smallest choice; 0 for a single choice. */
    public double span() {
        return choices.get(choices.size() - 1) - choices.get(0);
    }

    /**
     * Smallest difference between adjacent choices, or {@code null} for a single choice. It is
     * computed in decimal, so the gap of 0.3 and 0.2 is 0.1 and not 0.09999999999999998.
     */
    public Double smallestGap() {
        Double gap = null;
        for (int i = 1; i < choices.size(); i++) {
            double difference = BigDecimal.valueOf(choices.get(i)).subtract(BigDecimal.valueOf(choices.get(i - 1)))
                    .doubleValue();
            gap = gap == null ? difference : Math.min(gap, difference);
        }
        return gap;
    }

    /**
     * Returns the value an architecture takes in this dimension: the value itself for a global
     * dimension, the mean over the layers (over the stage's blocks) for a per-layer one.
     */
    public double valueOf(Architecture architecture) {
        return SpaceDimensions.valueOf(architecture, this);
    }

    /** Returns the index of the choice nearest to {@code value}; the smaller choice wins a tie. */
    public int nearestChoice(double value) {
        int nearest = 0;
        for (int i = 1; i < choices.size(); i++) {
            if (Math.abs(choices.get(i) - value) < Math.abs(choices.get(nearest) - value)) {
                nearest = i;
            }
        }
        return nearest;
    }
}
