package io.vitsearch.search;

import java.util.List;

/**
 * One generation of the evolutionary search: the architectures first evaluated in it, in the order
 * they were made (mutants, then crossover children, then random ones).
 *
 * @param index 0 for the random initial population
 * @param population the candidates of this generation
 */
public record Generation(int index, List<Candidate> population) {

    public Generation {
        population = List.copyOf(population);
    }
}
