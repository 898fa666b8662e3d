package io.vitsearch.experiment;

import java.time.Instant;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;
import io.vitsearch.experiment.spec.ExperimentSpec;
import io.vitsearch.experiment.spec.SpecJson;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One experiment as the API returns it.
 *
 * @param phase the pipeline step in progress, or null before a worker starts it
 * @param progress share of the whole pipeline done, from 0 to 1
 * @param spaceStep current space-evolution step (0-based), or null outside space evolution
 * @param epoch current supernet epoch (0-based), or null outside supernet training
 * @param generation current generation of the evolutionary search (0-based), or null outside it
 * @param estimatedFinish when the pipeline expects to finish, or null without an estimate
 * @param best the best architecture so far, or null before the search has evaluated any
 * @param failureReason why the run failed, or null unless the status is FAILED
 * @param spec the spec as stored, with every default filled in, so it shows exactly what runs
 */
@Schema(name = "Experiment", description = "An experiment with its status, timings and full spec")
public record ExperimentResponse(
        @Schema(example = "0b9e4c55-4a8f-4f0e-9a57-3c1d2b6f7e10") UUID id,
        @Schema(example = "fashion-quick") String name,
        @Schema(example = "RUNNING") ExperimentStatus status,
        @Schema(example = "TRAINING_SUPERNET", nullable = true, description = "TRAINING_SUPERNET, SPACE_EVOLUTION,"
                + " FINAL_TRAINING, EVOLUTIONARY_SEARCH, FINE_TUNING, EXPORTING, or DONE once the pipeline has"
                + " finished; null before a worker starts the experiment")
        String phase,
        @Schema(example = "0.25", minimum = "0", maximum = "1") double progress,
        @Schema(example = "0", nullable = true) Integer spaceStep,
        @Schema(example = "1", nullable = true) Integer epoch,
        @Schema(nullable = true) Integer generation,
        @Schema(example = "2025-05-01T10:20:00Z", nullable = true) Instant estimatedFinish,
        @Schema(example = "0") int priority,
        ExperimentTimings timings,
        @Schema(description = "The best architecture so far; null before the search has evaluated any") BestArchitecture best,
        @Schema(nullable = true, example = "worker gpu-0 ran out of memory") String failureReason,
        @Schema(implementation = ExperimentSpec.class) JsonNode spec) {

    static ExperimentResponse of(Experiment experiment, BestArchitecture best) {
        return new ExperimentResponse(experiment.getId(), experiment.getName(), experiment.getStatus(),
                experiment.getPhase(), experiment.getProgress(), experiment.getSpaceStep(), experiment.getEpoch(),
                experiment.getGeneration(), experiment.getEstimatedFinish(), experiment.getPriority(),
                ExperimentTimings.of(experiment), best, experiment.getFailureReason(), specOf(experiment));
    }

    /**
     * Returns the stored spec with fields in declaration order; PostgreSQL's jsonb keeps its own key
     * order. A spec that no longer binds, because it was stored under older validation rules, is
     * returned as stored.
     *
     * <p>An unset {@code spaceEvolution.stepSize} is left out rather than shown as null, because its
     * default differs per dimension. The space-step reports show the step size each dimension used.
     * The stored spec and its idempotency hash keep the null.
     */
    private static JsonNode specOf(Experiment experiment) {
        JsonNode stored = SpecJson.mapper().readTree(experiment.getSpec());
        try {
            JsonNode spec = SpecJson.mapper().valueToTree(SpecJson.mapper().treeToValue(stored, ExperimentSpec.class));
            if (spec.get("spaceEvolution") instanceof ObjectNode spaceEvolution
                    && spaceEvolution.path("stepSize").isNull()) {
                spaceEvolution.remove("stepSize");
            }
            return spec;
        } catch (JacksonException | IllegalArgumentException e) {
            LoggerFactory.getLogger(ExperimentResponse.class).warn(
                    "Stored spec of experiment {} no longer binds, returning it as stored: {}", experiment.getId(),
                    e.getMessage());
            return stored;
        }
    }
}
