package io.vitsearch.search;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * An {@link Evaluator} over a known error function, recording every architecture it is asked about
 * so tests can check what the search evaluated.
 */
final class SyntheticLandscape implements Evaluator {

    /** Per-layer targets of {@link #vitObjective}: heads, MLP ratio and Q-K-V dim by layer index modulo 3. */
    private static final int[] TARGET_HEADS = {8, 2, 4};
    private static final double[] TARGET_MLP = {4.0, 2.0, 3.0};
    private static final int[] TARGET_QKV = {192, 64, 128};

    private final ToDoubleFunction<Architecture> error;
    final List<List<Architecture>> batches = new ArrayList<>();
    final List<Architecture> seen = new ArrayList<>();
    final Set<String> seenIds = new HashSet<>();
    final List<String> duplicates = new ArrayList<>();

    SyntheticLandscape(ToDoubleFunction<Architecture> error) {
        this.error = error;
    }

    @Override
    public Map<String, Double> evaluate(List<Architecture> batch) {
        batches.add(List.copyOf(batch));
        Map<String, Double> errors = new LinkedHashMap<>();
        for (Architecture architecture : batch) {
            seen.add(architecture);
            if (!seenIds.add(architecture.id())) {
                duplicates.add(architecture.id());
            }
            errors.put(architecture.id(), error.applyAsDouble(architecture));
        }
        return errors;
    }

    /**
     * Returns a smooth error over {@link TestSpaces#vit()}: deeper and wider is better, and every layer has
     * a target for each gene, with a penalty per gene away from it. Noise in [-0.002, 0.002] is a
     * fixed function of the architecture id and {@code noiseSeed}, so one architecture always gets
     * the same error.
     */
    static double vitObjective(Architecture architecture, long noiseSeed) {
        VitArchitecture vit = (VitArchitecture) architecture;
        double error = 0.60 - 0.02 * vit.depth() - 0.0004 * vit.embedDim();
        for (int i = 0; i < vit.depth(); i++) {
            VitLayer layer = vit.layers().get(i);
            error += 0.01 * Math.abs(log2(layer.numHeads()) - log2(TARGET_HEADS[i % 3]));
            error += 0.01 * Math.abs(layer.mlpRatio() - TARGET_MLP[i % 3]);
            error += 0.01 * Math.abs(layer.qkvDim() - TARGET_QKV[i % 3]) / 64.0;
        }
        return error + noise(architecture.id(), noiseSeed);
    }

    static double noise(String id, long noiseSeed) {
        SearchRandom random = SearchRandom.seeded(Long.parseUnsignedLong(id, 16) ^ noiseSeed);
        return (random.nextDouble() - 0.5) * 0.004;
    }

    private static double log2(int value) {
        return Math.log(value) / Math.log(2);
    }
}
