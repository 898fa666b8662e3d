package io.vitsearch.search;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Settings of the evolutionary search (AutoFormer's algorithm). Generation 0 is a random population;
 * every later generation is {@code mutations} mutants and {@code crossovers} children of the best
 * {@code parents} architectures evaluated so far, topped up with random architectures to
 * {@code population}. The search evaluates at most {@code population * generations} architectures.
 *
 * @param population architectures per generation
 * @param generations generations, the random one included
 * @param parents how many of the best architectures evaluated so far may become parents
 * @param mutations mutants per generation
 * @param crossovers crossover children per generation
 * @param mutationProbability probability that a mutation redraws each per-layer (per-block) gene
 * @param depthMutationProbability probability that a mutation redraws the depth and, separately,
 *     the embed dim (per stage for the hierarchical family)
 * @param maxTries draws allowed per requested architecture before a generation gives up on it. A
 *     draw fails when it repeats an architecture or breaks the constraint.
 */
public record EvolutionSettings(
        int population,
        int generations,
        int parents,
        int mutations,
        int crossovers,
        double mutationProbability,
        double depthMutationProbability,
        int maxTries) {

    public static final int DEFAULT_POPULATION = 50;
    public static final int DEFAULT_GENERATIONS = 20;
    public static final int DEFAULT_PARENTS = 10;
    public static final int DEFAULT_MUTATIONS = 25;
    public static final int DEFAULT_CROSSOVERS = 25;
    public static final double DEFAULT_MUTATION_PROBABILITY = 0.2;
    public static final double DEFAULT_DEPTH_MUTATION_PROBABILITY = 0.4;
    public static final int DEFAULT_MAX_TRIES = 100;

    public EvolutionSettings {
        Violations violations = new Violations();
        violations.positive("population", population);
        violations.positive("generations", generations);
        violations.positive("parents", parents);
        if (parents > population && population >= 1) {
            violations.add("parents", parents, "must not exceed population (" + population + ")");
        }
        if (mutations < 0) {
            violations.add("mutations", mutations, "must be at least 0");
        }
        if (crossovers < 0) {
            violations.add("crossovers", crossovers, "must be at least 0");
        }
        if (mutations >= 0 && crossovers >= 0 && population >= 1 && (long) mutations + crossovers > population) {
            violations.add("mutations", mutations, "mutations + crossovers (" + ((long) mutations + crossovers)
                    + ") must not exceed population (" + population + ")");
        }
        if (crossovers > 0 && parents == 1) {
            violations.add("parents", parents, "must be at least 2 when crossovers (" + crossovers + ") is above 0");
        }
        checkProbability(violations, "mutationProbability", mutationProbability);
        checkProbability(violations, "depthMutationProbability", depthMutationProbability);
        violations.positive("maxTries", maxTries);
        violations.throwIfAny();
    }

    /** AutoFormer's settings: population 50, 20 generations, 10 parents, 25 mutations, 25 crossovers. */
    public static EvolutionSettings defaults() {
        return new EvolutionSettings(DEFAULT_POPULATION, DEFAULT_GENERATIONS, DEFAULT_PARENTS, DEFAULT_MUTATIONS,
                DEFAULT_CROSSOVERS, DEFAULT_MUTATION_PROBABILITY, DEFAULT_DEPTH_MUTATION_PROBABILITY, DEFAULT_MAX_TRIES);
    }

    /**
     * Reads settings from JSON; a missing field takes its default. The defaults of {@code parents},
     * {@code mutations} and {@code crossovers} follow a given {@code population} (at most 10 parents,
     * half mutants, half crossover children), so {@code {"population": 20}} alone is valid.
     */
    @JsonCreator
    public static EvolutionSettings fromJson(
            @JsonProperty("population") Integer population,
            @JsonProperty("generations") Integer generations,
            @JsonProperty("parents") Integer parents,
            @JsonProperty("mutations") Integer mutations,
            @JsonProperty("crossovers") Integer crossovers,
            @JsonProperty("mutationProbability") Double mutationProbability,
            @JsonProperty("depthMutationProbability") Double depthMutationProbability,
            @JsonProperty("maxTries") Integer maxTries) {
        int size = population == null ? DEFAULT_POPULATION : population;
        return new EvolutionSettings(
                size,
                generations == null ? DEFAULT_GENERATIONS : generations,
                parents == null ? Math.min(DEFAULT_PARENTS, size) : parents,
                mutations == null ? size / 2 : mutations,
                crossovers == null ? size / 2 : crossovers,
                mutationProbability == null ? DEFAULT_MUTATION_PROBABILITY : mutationProbability,
                depthMutationProbability == null ? DEFAULT_DEPTH_MUTATION_PROBABILITY : depthMutationProbability,
                maxTries == null ? DEFAULT_MAX_TRIES : maxTries);
    }

    /** Largest number of architectures the search evaluates. */
    public long maxEvaluations() {
        return (long) population * generations;
    }

    private static void checkProbability(Violations violations, String field, double value) {
        if (!(value >= 0 && value <= 1)) {
            violations.add(field, value, "must be between 0 and 1");
        }
    }
}
