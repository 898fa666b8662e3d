package io.vitsearch.search;

import java.util.List;

/**
 * A generation drawn but not yet evaluated. A worker may checkpoint it, hand {@link #batch()} to
 * evaluators, and finish it with {@link EvolutionarySearch#complete}.
 *
 * @param state the state the generation was drawn from
 * @param index the generation's index
 * @param candidates the architectures to evaluate, without duplicates
 * @param random the generator state after drawing
 */
public record ProposedGeneration(SearchState state, int index, List<ProposedCandidate> candidates, SearchRandom random) {

    public ProposedGeneration {
        candidates = List.copyOf(candidates);
        random = random.copy();
    }

    @Override
    public SearchRandom random() {
        return random.copy();
    }

    /** Returns the architectures to hand to an {@link Evaluator}. */
    public List<Architecture> batch() {
        return candidates.stream().map(ProposedCandidate::architecture).toList();
    }
}
