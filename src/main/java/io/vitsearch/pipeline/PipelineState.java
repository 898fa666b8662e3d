package io.vitsearch.pipeline;

import io.vitsearch.search.SearchRandom;
import io.vitsearch.search.SearchSpace;
import io.vitsearch.search.SearchState;
import io.vitsearch.search.VitSpace;

/**
 * The position of an experiment's pipeline, as stored in its checkpoint. With the supernet checkpoint
 * it names and the stored evaluation results, a new attempt continues from here exactly as the
 * interrupted one would have.
 *
 * @param formatVersion {@link #FORMAT_VERSION} of the writer
 * @param stage what runs next
 * @param spaceIndex index of the current search space: 0 for the submitted space, one more after
 *     every space-evolution step that moved a dimension
 * @param finalSpace whether space evolution is over, so the current space is the one searched
 * @param space the current search space
 * @param spaceRandom generator that draws the next space-evolution samples
 * @param supernet latest checkpoint folder of the current space's supernet, relative to the
 *     artifact store's root; null before its first checkpoint
 * @param supernetTrained whether {@code supernet} is the fully trained supernet of the current
 *     space; its folder is then the key of the evaluation results measured through it
 * @param previousSupernet trained supernet of the previous space, which the current one inherits
 *     its weights from; null once the current supernet has a checkpoint of its own
 * @param search the evolutionary search, or null before it starts
 * @param exported how many of the best architectures are exported and recorded
 * @param fineTuning latest checkpoint folder of the next architecture's fine-tuning, relative to
 *     the artifact store's root. It is null when nothing is fine-tuned or before the first
 *     checkpoint. In the {@link Stage#EXPORT} stage it contains the weights that are exported.
 */
record PipelineState(
        int formatVersion,
        Stage stage,
        int spaceIndex,
        boolean finalSpace,
        SearchSpace space,
        SearchRandom spaceRandom,
        String supernet,
        boolean supernetTrained,
        String previousSupernet,
        SearchState search,
        int exported,
        String fineTuning) {

    static final int FORMAT_VERSION = 1;

    /**
     * The unit of work that runs next. With fine-tuning, FINE_TUNING and EXPORT alternate, one
     * architecture at a time, best first.
     */
    enum Stage { TRAINING, SPACE_EVOLUTION, SEARCH, FINE_TUNING, EXPORT, DONE }

    PipelineState {
        if (formatVersion != FORMAT_VERSION) {
            throw new IllegalArgumentException("pipeline checkpoint has format version " + formatVersion
                    + " but this version of vitsearch reads only " + FORMAT_VERSION);
        }
        if (stage == null || space == null || spaceRandom == null) {
            throw new IllegalArgumentException("pipeline checkpoint lacks its stage, space or space random state");
        }
    }

    static PipelineState start(ExperimentPlan plan) {
        return new PipelineState(FORMAT_VERSION, Stage.TRAINING, 0, plan.spaceEvolution().steps() == 0, plan.space(),
                SearchRandom.seeded(plan.seed(ExperimentPlan.Stream.SPACE_SAMPLING, 0)), null, false, null, null, 0, null);
    }

    VitSpace vitSpace() {
        return (VitSpace) space;
    }

    /** Returns the phase reported to users, as in {@link io.vitsearch.experiment.Progress#phase()}. */
    String phase() {
        return switch (stage) {
            case TRAINING -> finalSpace ? Phases.FINAL_TRAINING : Phases.TRAINING_SUPERNET;
            case SPACE_EVOLUTION -> Phases.SPACE_EVOLUTION;
            case SEARCH -> Phases.EVOLUTIONARY_SEARCH;
            case FINE_TUNING -> Phases.FINE_TUNING;
            case EXPORT -> Phases.EXPORTING;
            case DONE -> Phases.DONE;
        };
    }

    PipelineState withSupernetCheckpoint(String checkpoint, boolean trained, Stage next) {
        return new PipelineState(formatVersion, next, spaceIndex, finalSpace, space, spaceRandom, checkpoint, trained,
                null, search, exported, fineTuning);
    }

    /** Moves to the evolved space, whose supernet is trained next from the current one's weights. */
    PipelineState withEvolvedSpace(SearchSpace evolved, SearchRandom random, boolean lastStep) {
        return new PipelineState(formatVersion, Stage.TRAINING, spaceIndex + 1, lastStep, evolved, random, null, false,
                supernet, null, 0, null);
    }

    /**
     * Ends space evolution with the current space. Its trained supernet is searched as it is, or,
     * with {@code retrain}, a final supernet of the same space trains next from its weights.
     */
    PipelineState withSpaceKept(SearchRandom random, boolean retrain) {
        if (retrain) {
            return new PipelineState(formatVersion, Stage.TRAINING, spaceIndex + 1, true, space, random, null, false,
                    supernet, null, 0, null);
        }
        return new PipelineState(formatVersion, Stage.SEARCH, spaceIndex, true, space, random, supernet,
                supernetTrained, null, null, 0, null);
    }

    /** Records the search; once it is finished, the best architecture is fine-tuned or exported next. */
    PipelineState withSearch(SearchState state, boolean fineTunes) {
        Stage next = Stage.SEARCH;
        if (state.finished()) {
            next = fineTunes ? Stage.FINE_TUNING : Stage.EXPORT;
        }
        return new PipelineState(formatVersion, next, spaceIndex, finalSpace, space, spaceRandom, supernet,
                supernetTrained, previousSupernet, state, exported, null);
    }

    /** Records a fine-tuning checkpoint; after the {@code last} one, the fine-tuned architecture is exported. */
    PipelineState withFineTuningCheckpoint(String checkpoint, boolean last) {
        return new PipelineState(formatVersion, last ? Stage.EXPORT : Stage.FINE_TUNING, spaceIndex, finalSpace,
                space, spaceRandom, supernet, supernetTrained, previousSupernet, search, exported, checkpoint);
    }

    /** Records {@code count} exported architectures; unless {@code done}, the next one is fine-tuned or exported. */
    PipelineState withExported(int count, boolean done, boolean fineTunes) {
        Stage next = fineTunes ? Stage.FINE_TUNING : Stage.EXPORT;
        if (done) {
            next = Stage.DONE;
        }
        return new PipelineState(formatVersion, next, spaceIndex, finalSpace, space, spaceRandom, supernet,
                supernetTrained, previousSupernet, search, count, null);
    }

    /** Returns whether the state still needs the supernet checkpoint folder {@code path}. */
    boolean references(String path) {
        return path != null && (path.equals(supernet) || path.equals(previousSupernet) || path.equals(fineTuning));
    }
}
