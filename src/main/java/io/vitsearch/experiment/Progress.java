package io.vitsearch.experiment;

import java.time.Instant;

/**
 * The position of a running experiment in its pipeline.
 *
 * @param phase {@code TRAINING_SUPERNET}, {@code SPACE_EVOLUTION}, {@code FINAL_TRAINING},
 *        {@code EVOLUTIONARY_SEARCH}, {@code FINE_TUNING}, {@code EXPORTING} or, once the pipeline
 *        has finished, {@code DONE}
 * @param spaceStep index of the current space-evolution step, or null outside space evolution
 * @param epoch current supernet epoch (0-based), or null outside training
 * @param generation current generation of the evolutionary search (0-based), or null outside it
 * @param fraction fraction of the whole experiment done, in [0, 1]
 * @param estimatedFinish estimated finish time, or null when no estimate exists yet
 */
public record Progress(String phase, Integer spaceStep, Integer epoch, Integer generation, double fraction,
                       Instant estimatedFinish) {

    public Progress {
        if (phase == null || phase.isBlank()) {
            throw new IllegalArgumentException("phase must not be blank");
        }
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must lie in [0, 1], was " + fraction);
        }
    }
}
