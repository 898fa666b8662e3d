package io.vitsearch.pipeline;

import java.time.Duration;
import java.time.Instant;

/**
 * Estimates how much of an experiment is done, and when it finishes, from the work it plans and
 * the speed measured in this attempt. The work is counted in optimizer steps, evaluated
 * architectures and exported models; each kind is weighted by its measured seconds per unit.
 *
 * <p>The plan assumes every space-evolution step moves a dimension, so an experiment that stops
 * space evolution early finishes sooner than estimated. Until evaluations have been timed, one
 * evaluation is estimated as a third of a training step per batch of validation images, because a
 * forward pass alone costs about a third of a forward and backward pass. Until an export has been
 * timed, one is estimated as an evaluation over the test split instead of the validation split.
 */
final class ProgressTracker {

    /** Weight of the newest measurement in the moving averages of seconds per unit. */
    private static final double SMOOTHING = 0.1;

    private final long stepsPerSupernet;

    private final long finalSupernetSteps;

    private final int plannedSupernets;

    private final long fineTuneStepsPerRank;

    private final long plannedFineTuneSteps;

    private final long plannedSpaceEvaluations;

    private final long plannedSearchEvaluations;

    private final double validationBatches;

    private final int plannedExports;

    private final double testPerValidationImage;

    private double secondsPerExport = Double.NaN;

    private double secondsPerStep = Double.NaN;

    private double secondsPerEvaluation = Double.NaN;

    private double reportedFraction;

    ProgressTracker(ExperimentPlan plan, int batchesPerEpoch, int validationImages, int testImages) {
        this.stepsPerSupernet = (long) plan.epochs(false) * batchesPerEpoch;
        this.finalSupernetSteps = (long) plan.epochs(true) * batchesPerEpoch;
        int spaceSteps = plan.spaceEvolution().steps();
        this.plannedSupernets = spaceSteps + 1;
        this.fineTuneStepsPerRank = plan.fineTuneStepsPerRank(batchesPerEpoch);
        this.plannedFineTuneSteps = fineTuneStepsPerRank * plan.spec().topK();
        this.plannedSpaceEvaluations = (long) spaceSteps * plan.spaceEvolution().etSamples();
        this.plannedSearchEvaluations = plan.evolution().maxEvaluations();
        this.validationBatches = Math.max(1.0, (double) validationImages / plan.batchSize());
        this.plannedExports = plan.spec().topK();
        this.testPerValidationImage = (double) testImages / Math.max(1, validationImages);
    }

    void trainingSteps(long steps, Duration elapsed) {
        if (steps > 0) {
            secondsPerStep = smooth(secondsPerStep, seconds(elapsed) / steps);
        }
    }

    void evaluations(long count, Duration elapsed) {
        if (count > 0) {
            secondsPerEvaluation = smooth(secondsPerEvaluation, seconds(elapsed) / count);
        }
    }

    void exports(long count, Duration elapsed) {
        if (count > 0) {
            secondsPerExport = smooth(secondsPerExport, seconds(elapsed) / count);
        }
    }

    /**
     * Returns the fraction done and the estimated finish for a state, with {@code stepsDone} steps
     * of the current supernet trained. The estimate is null until a training step has been timed.
     */
    Estimate estimate(PipelineState state, long stepsDone, Instant now) {
        Estimate estimate = rawEstimate(state, stepsDone, now);
        // The first timed evaluation can show that evaluations cost more than guessed. Followers
        // expect the fraction never to fall, so it stays put until the work catches up.
        reportedFraction = Math.max(reportedFraction, estimate.fraction());
        return new Estimate(reportedFraction, estimate.finish());
    }

    private Estimate rawEstimate(PipelineState state, long stepsDone, Instant now) {
        long plannedSteps = (long) (plannedSupernets - 1) * stepsPerSupernet + finalSupernetSteps
                + plannedFineTuneSteps;
        long trainedSteps = Math.min(trainedSteps(state, stepsDone), plannedSteps);
        long remainingSteps = plannedSteps - trainedSteps;

        int spaceStepsDone = state.finalSpace() ? plannedSupernets - 1 : state.spaceIndex();
        long evaluationsDone = Math.min((long) spaceStepsDone * spaceEvaluationsPerStep(), plannedSpaceEvaluations)
                + (state.search() == null ? 0 : state.search().errors().size());
        if (state.stage().compareTo(PipelineState.Stage.SEARCH) > 0) {
            evaluationsDone = plannedSpaceEvaluations + plannedSearchEvaluations;
        }
        long remainingEvaluations = Math.max(0, plannedSpaceEvaluations + plannedSearchEvaluations - evaluationsDone);
        long exportsDone = state.stage() == PipelineState.Stage.DONE ? plannedExports
                : Math.min(state.exported(), plannedExports);
        long remainingExports = plannedExports - exportsDone;

        double stepSeconds = secondsPerStep;
        double evaluationSeconds = Double.isNaN(secondsPerEvaluation) ? secondsPerStep * validationBatches / 3
                : secondsPerEvaluation;
        if (Double.isNaN(stepSeconds)) {
            // Without timings, count each unit of work alike.
            double done = trainedSteps + evaluationsDone + exportsDone;
            double total = done + remainingSteps + remainingEvaluations + remainingExports;
            return new Estimate(total == 0 ? 0 : clamp(done / total), null);
        }
        double exportSeconds = Double.isNaN(secondsPerExport) ? evaluationSeconds * testPerValidationImage
                : secondsPerExport;
        double doneSeconds = trainedSteps * stepSeconds + evaluationsDone * evaluationSeconds
                + exportsDone * exportSeconds;
        double remainingSeconds = remainingSteps * stepSeconds + remainingEvaluations * evaluationSeconds
                + remainingExports * exportSeconds;
        double fraction = doneSeconds + remainingSeconds == 0 ? 0 : doneSeconds / (doneSeconds + remainingSeconds);
        return new Estimate(clamp(fraction), now.plusMillis(Math.round(remainingSeconds * 1000)));
    }

    /** Steps trained before this state, counting fine-tuning, plus {@code stepsDone} of the current training run. */
    private long trainedSteps(PipelineState state, long stepsDone) {
        long spaceEvolutionSteps = (long) (plannedSupernets - 1) * stepsPerSupernet;
        long supernetSteps = spaceEvolutionSteps + finalSupernetSteps;
        return switch (state.stage()) {
            case TRAINING -> state.finalSpace() ? spaceEvolutionSteps + stepsDone
                    : state.spaceIndex() * stepsPerSupernet + stepsDone;
            case SPACE_EVOLUTION, SEARCH -> state.finalSpace() ? supernetSteps
                    : (state.spaceIndex() + 1) * stepsPerSupernet;
            case FINE_TUNING -> supernetSteps + state.exported() * fineTuneStepsPerRank + stepsDone;
            case EXPORT -> supernetSteps + Math.min(plannedFineTuneSteps,
                    (state.exported() + (state.fineTuning() == null ? 0 : 1)) * fineTuneStepsPerRank);
            case DONE -> supernetSteps + plannedFineTuneSteps;
        };
    }

    private long spaceEvaluationsPerStep() {
        int steps = plannedSupernets - 1;
        return steps == 0 ? 0 : plannedSpaceEvaluations / steps;
    }

    private static double smooth(double average, double sample) {
        return Double.isNaN(average) ? sample : average + SMOOTHING * (sample - average);
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    private static double clamp(double fraction) {
        return Math.max(0, Math.min(1, fraction));
    }

    /**
     * @param fraction share of the experiment done, in [0, 1]
     * @param finish estimated finish, or null before the speed is known
     */
    record Estimate(double fraction, Instant finish) {
    }
}
