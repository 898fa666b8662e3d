package io.vitsearch.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class ProgressTrackerTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static final int BATCHES_PER_EPOCH = 10;

    /** The tiny spec: 2 epochs per supernet, one space step of 8 samples, at most 18 search evaluations. */
    private final ExperimentPlan plan = ExperimentPlan.of(PipelineHarness.tinySpec("progress"));

    @Test
    void untimedUnitsCountAlike() {
        ProgressTracker tracker = new ProgressTracker(plan, BATCHES_PER_EPOCH, 40, 40);
        PipelineState start = PipelineState.start(plan);

        ProgressTracker.Estimate halfOfFirstSupernet = tracker.estimate(start, 10, NOW);

        // 20 steps per supernet, two supernets, 8 space-evolution and 18 search evaluations, 2 exports.
        assertThat(halfOfFirstSupernet.fraction()).isEqualTo(10.0 / (40 + 8 + 18 + 2));
        assertThat(halfOfFirstSupernet.finish()).isNull();
    }

    @Test
    void finalEpochsLengthenFinalSupernetOnly() {
        ExperimentPlan longer = ExperimentPlan.of(PipelineHarness.with(PipelineHarness.tinySpec("progress"),
                "supernet", "finalEpochs", 6));
        ProgressTracker tracker = new ProgressTracker(longer, BATCHES_PER_EPOCH, 40, 40);
        PipelineState firstTrained = PipelineState.start(longer)
                .withSupernetCheckpoint("first", true, PipelineState.Stage.SPACE_EVOLUTION);

        ProgressTracker.Estimate afterFirstSupernet = tracker.estimate(firstTrained, 0, NOW);

        // 20 steps of the first supernet done of 20 + 60 planned, with 26 evaluations and 2 exports to come.
        assertThat(afterFirstSupernet.fraction()).isEqualTo(20.0 / (20 + 60 + 8 + 18 + 2));
    }

    @Test
    void fineTuningCountsPerExport() {
        ExperimentPlan fineTuned = ExperimentPlan.of(PipelineHarness.with(PipelineHarness.tinySpec("progress"),
                "supernet", "fineTuneEpochs", 3));
        ProgressTracker tracker = new ProgressTracker(fineTuned, BATCHES_PER_EPOCH, 40, 40);
        PipelineState secondFineTuning = PipelineState.start(fineTuned)
                .withSupernetCheckpoint("first", true, PipelineState.Stage.SPACE_EVOLUTION)
                .withSpaceKept(PipelineState.start(fineTuned).spaceRandom(), false)
                .withExported(1, false, true);

        ProgressTracker.Estimate halfway = tracker.estimate(secondFineTuning, 15, NOW);

        // Both supernets (40 steps), the first architecture's 30 fine-tuning steps and half of the
        // second's, with all 26 evaluations and the first export done; 2 x 30 fine-tuning steps and
        // 2 exports are planned in all.
        assertThat(secondFineTuning.phase()).isEqualTo(Phases.FINE_TUNING);
        assertThat(halfway.fraction()).isEqualTo((40.0 + 30 + 15 + 26 + 1) / (40 + 60 + 26 + 2));
    }

    @Test
    void fractionNeverFallsAfterSlowEvaluation() {
        ProgressTracker tracker = new ProgressTracker(plan, BATCHES_PER_EPOCH, 40, 40);
        tracker.trainingSteps(20, Duration.ofSeconds(2));
        PipelineState firstTrained = PipelineState.start(plan)
                .withSupernetCheckpoint("first", true, PipelineState.Stage.SPACE_EVOLUTION);
        ProgressTracker.Estimate guessed = tracker.estimate(firstTrained, 0, NOW);

        tracker.evaluations(1, Duration.ofSeconds(30));
        ProgressTracker.Estimate measured = tracker.estimate(firstTrained, 0, NOW);

        assertThat(measured.fraction()).isEqualTo(guessed.fraction());
        assertThat(measured.finish()).isAfter(guessed.finish());
        // 20 training steps of 0.1 s, then 26 evaluations and 2 exports over a test split as large
        // as the validation split, each as long as the one timed evaluation.
        assertThat(Duration.between(NOW, measured.finish())).isEqualTo(Duration.ofSeconds(2 + 26 * 30 + 2 * 30));
    }

    @Test
    void exportsKeepFinishAheadUntilDone() {
        ProgressTracker tracker = new ProgressTracker(plan, BATCHES_PER_EPOCH, 40, 40);
        tracker.trainingSteps(20, Duration.ofSeconds(2));
        tracker.evaluations(26, Duration.ofSeconds(26));
        tracker.exports(1, Duration.ofSeconds(5));
        PipelineState searched = PipelineState.start(plan)
                .withSupernetCheckpoint("first", true, PipelineState.Stage.SPACE_EVOLUTION)
                .withSpaceKept(PipelineState.start(plan).spaceRandom(), false);

        ProgressTracker.Estimate secondExport = tracker.estimate(searched.withExported(1, false, false), 0, NOW);
        ProgressTracker.Estimate done = tracker.estimate(searched.withExported(2, true, false), 0, NOW);

        assertThat(secondExport.fraction()).isLessThan(1.0);
        assertThat(secondExport.finish()).isEqualTo(NOW.plusSeconds(5));
        assertThat(done.fraction()).isEqualTo(1.0);
        assertThat(done.finish()).isEqualTo(NOW);
    }
}
