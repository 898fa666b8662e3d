package io.vitsearch.search;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * AutoFormer's evolutionary search as a state machine: {@link #start} builds the initial
 * {@link SearchState}, and each {@link #step} draws, evaluates and records one generation. A worker
 * can checkpoint the state after any step, or split a step into {@link #propose} and
 * {@link #complete} to checkpoint while the evaluation runs elsewhere.
 *
 * <p>Each generation after the first draws {@code mutations} mutants, then {@code crossovers}
 * crossover children, of parents taken uniformly from the best {@code parents} architectures
 * evaluated so far, then fills up to {@code population} with random architectures. A draw is
 * rejected and redrawn when it repeats an architecture already evaluated or already in the
 * generation, or when it breaks the constraint; each part of a generation may draw at most
 * {@code maxTries} times per architecture it requests. A generation can therefore be smaller than
 * {@code population}, or empty once a small space is exhausted.
 */
public final class EvolutionarySearch {

    private EvolutionarySearch() {
    }

    /**
     * Builds the state before generation 0.
     *
     * @throws UnsatisfiableConstraintException when no architecture of the space can meet the
     *     constraint by parameter count
     */
    public static SearchState start(SearchSpace space, EvolutionSettings settings, Constraints constraints,
            int topK, long seed) {
        ArchitectureSampler.checkParamsRange(space, constraints);
        return new SearchState(space, settings, constraints, topK, seed, SearchRandom.seeded(seed),
                Map.of(), List.of(), List.of());
    }

    /** Draws, evaluates and records the next generation. */
    public static SearchState step(SearchState state, Evaluator evaluator) {
        ProposedGeneration proposal = propose(state);

        List<Architecture> batch = new ArrayList<>();
        for (ProposedCandidate candidate : proposal.candidates()) {
            if (!state.errors().containsKey(candidate.id())) {
                batch.add(candidate.architecture());
            }
        }
        Map<String, Double> errors = batch.isEmpty() ? Map.of() : evaluator.evaluate(List.copyOf(batch));

        return complete(proposal, errors);
    }

    /** Steps until the last generation is recorded. */
    public static SearchState run(SearchState state, Evaluator evaluator) {
        SearchState current = state;
        while (!current.finished()) {
            current = step(current, evaluator);
        }
        return current;
    }

    /**
     * Draws the next generation without evaluating it.
     *
     * @throws IllegalStateException when the search has already recorded its last generation
     * @throws UnsatisfiableConstraintException when generation 0 finds no architecture meeting the
     *     constraint
     */
    public static ProposedGeneration propose(SearchState state) {
        if (state.finished()) {
            throw new IllegalStateException("the search already recorded all " + state.settings().generations()
                    + " generations; nothing is left to propose");
        }
        EvolutionSettings settings = state.settings();
        Draw draw = new Draw(state);

        List<Candidate> parents = state.top(settings.parents());
        if (!parents.isEmpty()) {
            draw.fill(settings.mutations(), () -> mutate(state, parents, draw.random));
            draw.fill(settings.crossovers(), () -> crossover(parents, draw.random));
        }
        draw.fill(settings.population() - draw.accepted.size(), () -> random(state, draw.random));

        if (state.generations().isEmpty() && draw.accepted.isEmpty()) {
            throw ArchitectureSampler.unsatisfiable(state.space(), state.constraints(), draw.rejected);
        }
        return new ProposedGeneration(state, state.nextGeneration(), draw.accepted, draw.random);
    }

    /**
     * Records a proposed generation with its errors.
     *
     * @param errors error by architecture id; must cover every proposed architecture that is not in
     *     the state's cache of errors
     * @throws IllegalArgumentException when an error is missing or not finite
     */
    public static SearchState complete(ProposedGeneration proposal, Map<String, Double> errors) {
        SearchState state = proposal.state();
        Map<String, Double> cache = new TreeMap<>(state.errors());
        List<Candidate> population = new ArrayList<>();

        for (ProposedCandidate proposed : proposal.candidates()) {
            Double error = state.errors().containsKey(proposed.id()) ? state.errors().get(proposed.id())
                    : errors.get(proposed.id());
            if (error == null || !Double.isFinite(error)) {
                throw new IllegalArgumentException("the evaluator returned " + (error == null ? "no error" : error)
                        + " for architecture " + proposed.id() + " of generation " + proposal.index()
                        + "; every architecture of the batch needs a finite error");
            }
            cache.put(proposed.id(), error);
            population.add(proposed.withError(error));
        }

        List<Generation> generations = new ArrayList<>(state.generations());
        generations.add(new Generation(proposal.index(), population));

        List<Candidate> best = new ArrayList<>(state.best());
        best.addAll(population);
        best = best.stream().sorted(SearchState.BEST_FIRST).limit(state.topK()).toList();

        return new SearchState(state.space(), state.settings(), state.constraints(), state.topK(), state.seed(),
                proposal.random(), cache, generations, best);
    }

    private static Draft mutate(SearchState state, List<Candidate> parents, SearchRandom random) {
        Candidate parent = random.pick(parents);
        EvolutionSettings settings = state.settings();
        Architecture child = GeneticOperators.mutate(parent.architecture(), state.space(),
                settings.mutationProbability(), settings.depthMutationProbability(), random);
        return new Draft(child, Candidate.MUTATION, List.of(parent.id()));
    }

    /** Returns null when the drawn parent has no partner of equal depth, which counts as a failed draw. */
    private static Draft crossover(List<Candidate> parents, SearchRandom random) {
        Candidate first = random.pick(parents);
        List<Candidate> partners = parents.stream()
                .filter(other -> !other.id().equals(first.id()))
                .filter(other -> GeneticOperators.sameDepths(first.architecture(), other.architecture()))
                .toList();
        if (partners.isEmpty()) {
            return null;
        }
        Candidate second = random.pick(partners);
        Architecture child = GeneticOperators.crossover(first.architecture(), second.architecture(), random);
        return new Draft(child, Candidate.CROSSOVER, List.of(first.id(), second.id()));
    }

    private static Draft random(SearchState state, SearchRandom random) {
        return new Draft(ArchitectureSampler.sample(state.space(), random), Candidate.RANDOM, List.of());
    }

    private record Draft(Architecture architecture, String origin, List<String> parentIds) {
    }

    /** The architectures accepted so far in one generation, and the ids they must not repeat. */
    private static final class Draw {
        final SearchRandom random;
        final Constraints constraints;
        final Set<String> seen;
        final int maxTries;
        final List<ProposedCandidate> accepted = new ArrayList<>();
        final ArchitectureSampler.DrawStatistics rejected = new ArchitectureSampler.DrawStatistics();

        Draw(SearchState state) {
            this.random = state.random();
            this.constraints = state.constraints();
            this.seen = new HashSet<>(state.errors().keySet());
            this.maxTries = state.settings().maxTries();
        }

        /** Accepts up to {@code count} new architectures from {@code drafts}, with at most {@code count * maxTries} draws. */
        void fill(int count, Supplier<Draft> drafts) {
            long tries = (long) count * maxTries;
            int target = accepted.size() + count;
            for (long i = 0; i < tries && accepted.size() < target; i++) {
                Draft draft = drafts.get();
                if (draft == null) {
                    continue;
                }

                ComplexityResult complexity = Complexity.of(draft.architecture());
                if (!constraints.allows(complexity)) {
                    rejected.add(complexity);
                    continue;
                }

                String id = draft.architecture().id();
                if (!seen.add(id)) {
                    continue;
                }
                accepted.add(new ProposedCandidate(draft.architecture(), id, complexity.params(), complexity.flops(),
                        draft.origin(), draft.parentIds()));
            }
        }
    }
}
