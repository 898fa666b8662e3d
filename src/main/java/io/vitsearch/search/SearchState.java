package io.vitsearch.search;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * Everything the evolutionary search needs to continue: serialised with {@link SearchJson} after any
 * generation and read back, it continues exactly as an uninterrupted run with the same seed would.
 * Instances never change; {@link EvolutionarySearch#step} returns a new one.
 *
 * @param space the space searched
 * @param settings the evolution settings
 * @param constraints the resource constraint every evaluated candidate meets
 * @param topK how many of the best candidates {@code best} keeps
 * @param seed the seed the search started from, for reference
 * @param random the generator state to draw the next generation from
 * @param errors error of every evaluated architecture by id; nothing in it is evaluated again
 * @param generations every finished generation, in order; the last is the current population
 * @param best the best {@code topK} candidates over all generations, best first
 */
public record SearchState(
        SearchSpace space,
        EvolutionSettings settings,
        Constraints constraints,
        int topK,
        long seed,
        SearchRandom random,
        Map<String, Double> errors,
        List<Generation> generations,
        List<Candidate> best) {

    /** Orders candidates best first; the id breaks ties so the order never depends on input order. */
    static final Comparator<Candidate> BEST_FIRST =
            Comparator.comparingDouble(Candidate::error).thenComparing(Candidate::id);

    public SearchState {
        Violations violations = new Violations();
        if (space == null) {
            violations.add("space", null, "is required");
        }
        if (settings == null) {
            violations.add("settings", null, "is required");
        }
        if (constraints == null) {
            violations.add("constraints", null, "is required; use {} for no constraint");
        }
        violations.positive("topK", topK);
        if (random == null) {
            violations.add("random", null, "is required");
        }
        if (errors == null) {
            violations.add("errors", null, "is required");
        }
        if (generations == null) {
            violations.add("generations", null, "is required");
        } else {
            for (int i = 0; i < generations.size(); i++) {
                if (generations.get(i).index() != i) {
                    violations.add("generations[" + i + "].index", generations.get(i).index(), "must be " + i);
                }
            }
        }
        if (best == null) {
            violations.add("best", null, "is required");
        }
        violations.throwIfAny();
        random = random.copy();
        errors = Collections.unmodifiableMap(new TreeMap<>(errors));
        generations = List.copyOf(generations);
        best = List.copyOf(best);
    }

    @Override
    public SearchRandom random() {
        return random.copy();
    }

    /** Index of the generation {@link EvolutionarySearch#step} makes next. */
    @JsonIgnore
    public int nextGeneration() {
        return generations.size();
    }

    @JsonIgnore
    public boolean finished() {
        return generations.size() >= settings.generations();
    }

    /** Returns the last generation's candidates, or an empty list before the first step. */
    @JsonIgnore
    public List<Candidate> population() {
        return generations.isEmpty() ? List.of() : generations.get(generations.size() - 1).population();
    }

    /** Returns every candidate evaluated so far, in the order they were evaluated. */
    @JsonIgnore
    public List<Candidate> evaluated() {
        List<Candidate> all = new ArrayList<>();
        for (Generation generation : generations) {
            all.addAll(generation.population());
        }
        return all;
    }

    /** Returns the best {@code count} candidates evaluated so far, best first. */
    public List<Candidate> top(int count) {
        return evaluated().stream().sorted(BEST_FIRST).limit(count).toList();
    }
}
