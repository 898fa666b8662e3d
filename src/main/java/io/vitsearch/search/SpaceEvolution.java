package io.vitsearch.search;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.vitsearch.search.DimensionReport.Decision;

/**
 * S3's space evolution: measure the E-T error of every choice of every dimension, fit how it
 * changes with the choice value, and shift the choices of each dimension whose fitted effect is
 * large enough toward lower error.
 *
 * <p>The E-T error of a group of evaluated architectures is {@code (E + T) / 2}, where {@code E} is
 * their mean error and {@code T} the mean error of their best {@code etTopK} (all of them when the
 * group is smaller). An architecture uses the choice it takes in a global dimension. In a per-layer
 * (per-block) dimension it uses the choice nearest to the mean of its values over its layers (over
 * the stage's blocks), and the smaller choice on a tie.
 *
 * <p>For each dimension, a least-squares line of E-T error against the choice value is fitted over
 * the choices that have samples. If {@code |slope * span|}, with {@code span} the largest minus the
 * smallest choice, exceeds {@code slopeThreshold}, every choice shifts by the step size against the
 * slope: up when error falls as values grow, down otherwise. Moves are applied dimension by dimension
 * in {@link SearchSpace#dimensions()} order, each validated against the space with the earlier moves
 * applied; a move that would break a hard bound (depth at least 1, every Q-K-V choice divisible by
 * every heads choice, one window at most covering a stage's whole feature map, positive values) is
 * not made and its report says why.
 */
public final class SpaceEvolution {

    private SpaceEvolution() {
    }

    /**
     * Samples, evaluates and evolves once. Advances {@code random}; checkpoint it with the returned
     * step to resume.
     */
    public static SpaceStep step(int index, SearchSpace space, SpaceEvolutionSettings settings, Constraints constraints,
            SearchRandom random, Evaluator evaluator) {
        List<Architecture> samples = sample(space, settings, constraints, random);
        Map<String, Double> errors = evaluator.evaluate(samples);
        return evolve(index, space, settings, samples, errors);
    }

    /**
     * Draws up to {@code etSamples} distinct architectures of {@code space} that meet the
     * constraint, each uniformly among those, with at most {@code etSamples * maxTries} draws. A space
     * with fewer distinct architectures gives fewer samples.
     *
     * @throws UnsatisfiableConstraintException when no draw meets the constraint
     */
    public static List<Architecture> sample(SearchSpace space, SpaceEvolutionSettings settings, Constraints constraints,
            SearchRandom random) {
        ArchitectureSampler.checkParamsRange(space, constraints);
        ArchitectureSampler.DrawStatistics rejected = new ArchitectureSampler.DrawStatistics();
        List<Architecture> samples = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        long tries = (long) settings.etSamples() * settings.maxTries();

        for (long i = 0; i < tries && samples.size() < settings.etSamples(); i++) {
            Architecture architecture = ArchitectureSampler.sample(space, random);
            ComplexityResult complexity = Complexity.of(architecture);
            if (!constraints.allows(complexity)) {
                rejected.add(complexity);
                continue;
            }
            if (seen.add(architecture.id())) {
                samples.add(architecture);
            }
        }

        if (samples.isEmpty()) {
            throw ArchitectureSampler.unsatisfiable(space, constraints, rejected);
        }
        return samples;
    }

    /**
     * Measures per-choice E-T errors of {@code samples} and evolves {@code space} from them.
     *
     * @param errors error by architecture id, for every sample
     * @throws IllegalArgumentException when a sample has no finite error
     * @throws InvalidSpecException when {@code stepSize} names a dimension the space lacks, or gives
     *     a fractional step to a whole-number dimension
     */
    public static SpaceStep evolve(int index, SearchSpace space, SpaceEvolutionSettings settings,
            List<Architecture> samples, Map<String, Double> errors) {
        List<Dimension> dimensions = space.dimensions();
        checkStepSizes(settings, dimensions);
        double[] sampleErrors = errorsOf(samples, errors);

        SearchSpace current = space;
        List<DimensionReport> reports = new ArrayList<>();
        for (Dimension dimension : dimensions) {
            Move move = decide(dimension, current, settings, samples, sampleErrors);
            current = move.space();
            reports.add(move.report());
        }

        return new SpaceStep(index, space, current, etError(sampleErrors, settings.etTopK()), reports);
    }

    /** Returns {@code (mean error + mean of the best topK errors) / 2}; all errors count when fewer than topK. */
    public static double etError(double[] errors, int topK) {
        if (errors.length == 0) {
            throw new IllegalArgumentException("the E-T error of an empty group is undefined");
        }
        double[] sorted = errors.clone();
        Arrays.sort(sorted);
        int top = Math.min(topK, sorted.length);
        double sum = 0;
        double topSum = 0;
        for (int i = 0; i < sorted.length; i++) {
            sum += sorted[i];
            if (i < top) {
                topSum += sorted[i];
            }
        }
        return (sum / sorted.length + topSum / top) / 2;
    }

    private record Move(SearchSpace space, DimensionReport report) {
    }

    private static Move decide(Dimension dimension, SearchSpace current, SpaceEvolutionSettings settings,
            List<Architecture> samples, double[] sampleErrors) {
        List<ChoiceReport> choices = measureChoices(dimension, settings.etTopK(), samples, sampleErrors);
        Double step = settings.stepSize().getOrDefault(dimension.name(), dimension.smallestGap());
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (ChoiceReport choice : choices) {
            if (choice.etError() != null) {
                xs.add(choice.value());
                ys.add(choice.etError());
            }
        }

        if (xs.size() < 2) {
            return keep(dimension, current, choices, null, step, xs.size() + " of " + dimension.choices().size()
                    + " choices have samples; fitting a slope needs at least 2");
        }

        double slope = leastSquaresSlope(xs, ys);
        double effect = slope * dimension.span();
        if (Math.abs(effect) <= settings.slopeThreshold()) {
            return keep(dimension, current, choices, slope, step, String.format(Locale.ROOT,
                    "|slope x span| = |%.6g x %s| = %.6g is within the threshold %s",
                    slope, format(dimension.span()), Math.abs(effect), format(settings.slopeThreshold())));
        }

        Decision direction = slope < 0 ? Decision.UP : Decision.DOWN;
        List<Double> shifted = shift(dimension.choices(), direction == Decision.UP ? step : -step);
        String trend = String.format(Locale.ROOT, "E-T error %s as the value grows (slope %.6g, |slope x span| %.6g "
                        + "above the threshold %s)", slope < 0 ? "falls" : "rises", slope, Math.abs(effect),
                format(settings.slopeThreshold()));
        try {
            SearchSpace moved = current.withChoices(Map.of(dimension.name(), shifted));
            String reason = trend + ", so every choice shifts " + direction.name().toLowerCase(Locale.ROOT) + " by "
                    + format(step) + ": " + formatAll(dimension.choices()) + " -> " + formatAll(shifted);
            return new Move(moved, new DimensionReport(dimension.name(), dimension.scope(), choices, slope, direction,
                    step, reason, shifted));
        } catch (InvalidSpecException e) {
            return keep(dimension, current, choices, slope, step, trend + ", but shifting " + direction.name()
                    .toLowerCase(Locale.ROOT) + " by " + format(step) + " to " + formatAll(shifted)
                    + " breaks a hard bound (" + e.getMessage() + "), so the choices stay");
        }
    }

    private static Move keep(Dimension dimension, SearchSpace current, List<ChoiceReport> choices, Double slope,
            Double step, String reason) {
        return new Move(current, new DimensionReport(dimension.name(), dimension.scope(), choices, slope,
                Decision.KEEP, step, reason, dimension.choices()));
    }

    private static List<ChoiceReport> measureChoices(Dimension dimension, int topK, List<Architecture> samples,
            double[] sampleErrors) {
        int count = dimension.choices().size();
        List<List<Double>> groups = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            groups.add(new ArrayList<>());
        }
        for (int i = 0; i < samples.size(); i++) {
            int used = dimension.nearestChoice(dimension.valueOf(samples.get(i)));
            groups.get(used).add(sampleErrors[i]);
        }

        List<ChoiceReport> reports = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            double[] group = groups.get(i).stream().mapToDouble(Double::doubleValue).toArray();
            Double etError = group.length == 0 ? null : etError(group, topK);
            reports.add(new ChoiceReport(dimension.choices().get(i), group.length, etError));
        }
        return reports;
    }

    static double leastSquaresSlope(List<Double> xs, List<Double> ys) {
        double meanX = xs.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double meanY = ys.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double covariance = 0;
        double variance = 0;
        for (int i = 0; i < xs.size(); i++) {
            double dx = xs.get(i) - meanX;
            covariance += dx * (ys.get(i) - meanY);
            variance += dx * dx;
        }
        return covariance / variance;
    }

    /** Adds {@code delta} in decimal so that, for example, 0.2 + 0.1 gives 0.3 and not 0.30000000000000004. */
    private static List<Double> shift(List<Double> choices, double delta) {
        BigDecimal step = BigDecimal.valueOf(delta);
        return choices.stream().map(value -> BigDecimal.valueOf(value).add(step).doubleValue()).toList();
    }

    private static double[] errorsOf(List<Architecture> samples, Map<String, Double> errors) {
        double[] result = new double[samples.size()];
        for (int i = 0; i < samples.size(); i++) {
            String id = samples.get(i).id();
            Double error = errors.get(id);
            if (error == null || !Double.isFinite(error)) {
                throw new IllegalArgumentException("the evaluator returned " + (error == null ? "no error" : error)
                        + " for sampled architecture " + id + "; every sample needs a finite error");
            }
            result[i] = error;
        }
        return result;
    }

    private static void checkStepSizes(SpaceEvolutionSettings settings, List<Dimension> dimensions) {
        Violations violations = new Violations();
        settings.stepSize().forEach((name, step) -> {
            Dimension dimension = dimensions.stream().filter(d -> d.name().equals(name)).findFirst().orElse(null);
            if (dimension == null) {
                violations.add("stepSize." + name, step, "names no dimension of the space; known: "
                        + dimensions.stream().map(Dimension::name).toList());
            } else if (dimension.integer() && step != Math.rint(step)) {
                violations.add("stepSize." + name, step, "must be a whole number because " + name
                        + " takes whole-number choices");
            }
        });
        violations.throwIfAny();
    }

    private static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    private static String formatAll(List<Double> values) {
        return values.stream().map(SpaceEvolution::format).toList().toString();
    }
}
