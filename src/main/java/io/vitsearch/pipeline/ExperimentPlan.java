package io.vitsearch.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.vitsearch.experiment.spec.ExperimentSpec;
import io.vitsearch.experiment.spec.ResourceConstraints;
import io.vitsearch.experiment.spec.SupernetSettings;
import io.vitsearch.search.Constraints;
import io.vitsearch.search.Dimension;
import io.vitsearch.search.EvolutionSettings;
import io.vitsearch.search.InvalidSpecException;
import io.vitsearch.search.SpaceEvolutionSettings;
import io.vitsearch.search.Violation;
import io.vitsearch.search.VitSpace;
import io.vitsearch.supernet.Augmentation;
import io.vitsearch.supernet.TrainingSettings;

/**
 * An experiment spec translated into the settings of the search engine and the supernet trainer,
 * with one seed per random stream derived from the spec's seed, so that every stream is
 * reproducible and none repeats another.
 *
 * @param spec the spec with defaults filled in
 * @param space the submitted search space; only the {@code vit} family has a supernet
 * @param spaceEvolution settings of space evolution
 * @param evolution settings of the evolutionary search
 * @param constraints resource constraint of sampled and searched architectures
 */
record ExperimentPlan(ExperimentSpec spec, VitSpace space, SpaceEvolutionSettings spaceEvolution,
        EvolutionSettings evolution, Constraints constraints) {

    /** Random streams, each seeded separately from the spec's seed. */
    enum Stream { SUPERNET_INIT, SUBNET_SAMPLING, DATA_ORDER, SPACE_SAMPLING, EVOLUTION, FINE_TUNING_DATA_ORDER }

    /**
     * Translates a spec.
     *
     * @throws InvalidSpecException when the spec requests something the pipeline cannot run, such as
     *     the hierarchical family or a fractional step size for a whole-number dimension
     */
    static ExperimentPlan of(ExperimentSpec spec) {
        if (!(spec.space() instanceof VitSpace vit)) {
            throw new InvalidSpecException(List.of(new Violation("space.family", "hierarchical",
                    "has no supernet yet; only the vit family can be searched")));
        }
        io.vitsearch.experiment.spec.SpaceEvolutionSettings given = spec.spaceEvolution();
        SpaceEvolutionSettings spaceEvolution = new SpaceEvolutionSettings(given.steps(), given.etSamples(),
                given.etTopK(), given.slopeThreshold(), stepSizes(vit, given.stepSize()),
                SpaceEvolutionSettings.DEFAULT_MAX_TRIES);

        io.vitsearch.experiment.spec.EvolutionSettings search = spec.evolution();
        EvolutionSettings evolution = new EvolutionSettings(search.population(), search.generations(),
                search.parents(), search.mutations(), search.crossovers(), search.mutationProbability(),
                search.depthMutationProbability(), EvolutionSettings.DEFAULT_MAX_TRIES);

        ResourceConstraints bounds = spec.constraints();
        Constraints constraints = new Constraints(bounds.minParams(), bounds.maxParams(), bounds.maxFlops());
        return new ExperimentPlan(spec, vit, spaceEvolution, evolution, constraints);
    }

    /**
     * Returns the trainer settings of one supernet: epochs become optimizer steps through the
     * number of full batches per epoch, and the warm-up likewise.
     *
     * @param finalSpace whether the supernet is the final space's, which trains for {@code finalEpochs}
     */
    TrainingSettings training(int batchesPerEpoch, int spaceIndex, boolean finalSpace) {
        SupernetSettings supernet = spec.supernet();
        long totalSteps = (long) epochs(finalSpace) * batchesPerEpoch;
        long warmupSteps = (long) supernet.warmupEpochs() * batchesPerEpoch;
        return TrainingSettings.of(supernet.learningRate(), warmupSteps, totalSteps, supernet.weightDecay(),
                supernet.labelSmoothing(), supernet.subnetsPerStep(), seed(Stream.SUBNET_SAMPLING, spaceIndex));
    }

    /**
     * Returns the trainer settings that fine-tune the exported architecture of {@code rank}: no
     * warm-up, because the weights are trained already, and a cosine decay from the fine-tuning
     * learning rate.
     */
    TrainingSettings fineTuning(int batchesPerEpoch, int rank) {
        SupernetSettings supernet = spec.supernet();
        return TrainingSettings.of(supernet.fineTuneLearningRate(), 0, fineTuneStepsPerRank(batchesPerEpoch),
                supernet.weightDecay(), supernet.labelSmoothing(), 1, seed(Stream.SUBNET_SAMPLING, -rank));
    }

    boolean fineTunes() {
        return spec.supernet().fineTuneEpochs() > 0;
    }

    long fineTuneStepsPerRank(int batchesPerEpoch) {
        return (long) spec.supernet().fineTuneEpochs() * batchesPerEpoch;
    }

    /** Returns the seed of one random stream; {@code index} separates the supernets of successive spaces. */
    long seed(Stream stream, int index) {
        return mix(spec.seed() ^ mix(((long) stream.ordinal() << 32) + index + 0x9E3779B97F4A7C15L));
    }

    /** Returns the training epochs of a space-evolution supernet, or of the final space's. */
    int epochs(boolean finalSpace) {
        return finalSpace ? spec.supernet().finalEpochs() : spec.supernet().epochs();
    }

    /** Returns whether a space that space evolution keeps still needs longer training as the final space. */
    boolean retrainsKeptSpace() {
        return spec.supernet().finalEpochs() > spec.supernet().epochs();
    }

    Augmentation augmentation() {
        return new Augmentation(spec.supernet().flipProbability(), spec.supernet().maxShift());
    }

    int batchSize() {
        return spec.supernet().batchSize();
    }

    /** Returns the step size of every dimension: the spec's single value, or an empty map for each dimension's own gap. */
    private static Map<String, Double> stepSizes(VitSpace space, Double stepSize) {
        if (stepSize == null) {
            return Map.of();
        }
        Map<String, Double> sizes = new LinkedHashMap<>();
        List<Violation> violations = new ArrayList<>();
        for (Dimension dimension : space.dimensions()) {
            if (dimension.integer() && stepSize != Math.rint(stepSize)) {
                violations.add(new Violation("spaceEvolution.stepSize", stepSize, "must be a whole number because "
                        + dimension.name() + " takes whole-number choices"));
                break;
            }
            sizes.put(dimension.name(), stepSize);
        }
        if (!violations.isEmpty()) {
            throw new InvalidSpecException(violations);
        }
        return sizes;
    }

    /** SplitMix64's finaliser: spreads nearby inputs over the whole range. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
