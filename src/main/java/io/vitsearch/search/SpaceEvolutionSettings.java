package io.vitsearch.search;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Settings of space evolution.
 *
 * @param steps how many space-evolution steps to run at most; the pipeline stops earlier when a
 *     step moves no dimension
 * @param etSamples distinct architectures meeting the constraint sampled per step to measure E-T errors
 * @param etTopK how many of the best samples of a group make up its T term (all when fewer)
 * @param slopeThreshold a dimension moves when |slope x span of its choices| exceeds this, in error units
 * @param stepSize how far a moving dimension shifts, by dimension name (for example {@code depth} or
 *     {@code stages[1].embedDim}); a dimension not listed shifts by the smallest gap between its
 *     adjacent choices. Empty when read from {@code null}.
 * @param maxTries draws allowed per requested sample before sampling gives up
 */
public record SpaceEvolutionSettings(
        int steps,
        int etSamples,
        int etTopK,
        double slopeThreshold,
        Map<String, Double> stepSize,
        int maxTries) {

    public static final int DEFAULT_STEPS = 2;
    public static final int DEFAULT_ET_SAMPLES = 200;
    public static final int DEFAULT_ET_TOP_K = 20;
    public static final double DEFAULT_SLOPE_THRESHOLD = 0.002;
    public static final int DEFAULT_MAX_TRIES = 100;

    public SpaceEvolutionSettings {
        Violations violations = new Violations();
        if (steps < 0) {
            violations.add("steps", steps, "must be at least 0");
        }
        violations.positive("etSamples", etSamples);
        violations.positive("etTopK", etTopK);
        if (!(slopeThreshold >= 0) || Double.isInfinite(slopeThreshold)) {
            violations.add("slopeThreshold", slopeThreshold, "must be a finite number of at least 0");
        }
        if (stepSize != null) {
            stepSize.forEach((name, step) -> {
                if (step == null || !(step > 0) || step.isInfinite()) {
                    violations.add("stepSize." + name, step, "must be a finite number greater than 0");
                }
            });
        }
        violations.positive("maxTries", maxTries);
        violations.throwIfAny();
        stepSize = stepSize == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(stepSize));
    }

    public static SpaceEvolutionSettings defaults() {
        return new SpaceEvolutionSettings(DEFAULT_STEPS, DEFAULT_ET_SAMPLES, DEFAULT_ET_TOP_K,
                DEFAULT_SLOPE_THRESHOLD, Map.of(), DEFAULT_MAX_TRIES);
    }

    /** Reads settings from JSON; a missing field takes its default. */
    @JsonCreator
    public static SpaceEvolutionSettings fromJson(
            @JsonProperty("steps") Integer steps,
            @JsonProperty("etSamples") Integer etSamples,
            @JsonProperty("etTopK") Integer etTopK,
            @JsonProperty("slopeThreshold") Double slopeThreshold,
            @JsonProperty("stepSize") Map<String, Double> stepSize,
            @JsonProperty("maxTries") Integer maxTries) {
        return new SpaceEvolutionSettings(
                steps == null ? DEFAULT_STEPS : steps,
                etSamples == null ? DEFAULT_ET_SAMPLES : etSamples,
                etTopK == null ? DEFAULT_ET_TOP_K : etTopK,
                slopeThreshold == null ? DEFAULT_SLOPE_THRESHOLD : slopeThreshold,
                stepSize,
                maxTries == null ? DEFAULT_MAX_TRIES : maxTries);
    }
}
