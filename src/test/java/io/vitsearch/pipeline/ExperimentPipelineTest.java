package io.vitsearch.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.ZipFile;

import com.zaxxer.hikari.HikariDataSource;
import io.vitsearch.experiment.ArchitectureRecord;
import io.vitsearch.experiment.MetricPoint;
import io.vitsearch.experiment.Progress;
import io.vitsearch.experiment.spec.DatasetSpec;
import io.vitsearch.experiment.spec.ExperimentSpec;
import io.vitsearch.queue.JobState;
import io.vitsearch.queue.JobView;
import io.vitsearch.search.HierarchicalSpace;
import io.vitsearch.search.SearchJson;
import io.vitsearch.search.StageSpace;
import io.vitsearch.testsupport.TestDatabases;
import io.vitsearch.worker.JobContext;
import io.vitsearch.worker.NonRetryableException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Runs whole experiments on a tiny dataset, one attempt at a time on the test thread. */
class ExperimentPipelineTest {

    private static HikariDataSource dataSource;

    @TempDir
    Path root;

    private PipelineHarness harness;

    @BeforeAll
    static void createDatabase() {
        dataSource = TestDatabases.createMigratedDataSource(8);
    }

    @AfterAll
    static void closeDatabase() {
        dataSource.close();
    }

    @BeforeEach
    void createHarness() {
        new org.springframework.jdbc.core.JdbcTemplate(dataSource).execute("TRUNCATE job, experiment, dataset CASCADE");
        harness = new PipelineHarness(dataSource, root, PipelineHarness.testProperties());
    }

    @AfterEach
    void closeHarness() {
        harness.close();
    }

    @Test
    void experimentRunsToCompletion() throws Exception {
        UUID id = harness.submit(PipelineHarness.tinySpec("complete"));
        JobContext context = harness.claimExperiment("worker-a/cpu");

        harness.runAttempt(context);

        RecordingRecorder recorder = harness.recorder;
        assertThat(harness.queue.find(context.jobId()).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(recorder.spaceSteps(id)).containsOnlyKeys(0);
        assertThat(recorder.count(id, "spaceStep", 0)).isEqualTo(1);
        assertThat(recorder.generations(id)).containsOnlyKeys(0, 1, 2);
        for (int generation = 0; generation < 3; generation++) {
            assertThat(recorder.count(id, "generation", generation)).as("generation %d", generation).isEqualTo(1);
        }
        assertThat(recorder.architectures(id)).containsOnlyKeys(1, 2);

        PipelineState state = harness.checkpoint(id).orElseThrow();
        assertThat(state.stage()).isEqualTo(PipelineState.Stage.DONE);
        assertThat(state.exported()).isEqualTo(2);

        List<Progress> progress = recorder.progress;
        assertThat(progress).extracting(Progress::phase).contains(Phases.TRAINING_SUPERNET, Phases.SPACE_EVOLUTION,
                Phases.EVOLUTIONARY_SEARCH, Phases.EXPORTING);
        assertThat(progress.get(progress.size() - 1).phase()).isEqualTo(Phases.DONE);
        assertThat(progress.get(progress.size() - 1).fraction()).isEqualTo(1.0);
        assertThat(progress).filteredOn(point -> point.phase().equals(Phases.FINE_TUNING)).isEmpty();
        assertThat(progress).anyMatch(point -> point.estimatedFinish() != null);

        assertThat(recorder.metrics).extracting(MetricPoint::name)
                .contains("train-loss", "learning-rate", "images-per-second", "epoch-end");
        assertThat(harness.meters.get("vitsearch.training.images").counter().count()).isPositive();
    }

    @Test
    void finalSupernetTrainsFinalEpochs() throws Exception {
        ExperimentSpec spec = PipelineHarness.with(PipelineHarness.tinySpec("final-epochs"), "supernet", "finalEpochs", 3);
        spec = PipelineHarness.with(spec, "supernet", "flipProbability", 0.5);
        spec = PipelineHarness.with(spec, "supernet", "maxShift", 1);
        UUID id = harness.submit(spec);

        harness.runAttempt(harness.claimExperiment("worker-a/cpu"));

        assertThat(harness.queue.findByExperiment(id).get(0).state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(harness.recorder.spaceSteps(id).get(0).moved()).isTrue();
        assertThat(epochEnds(Phases.TRAINING_SUPERNET)).isEqualTo(2);
        assertThat(epochEnds(Phases.FINAL_TRAINING)).isEqualTo(3);
    }

    @Test
    void keptSpaceRetrainsForFinalEpochs() throws Exception {
        ExperimentSpec spec = PipelineHarness.with(PipelineHarness.tinySpec("kept"), "spaceEvolution", "slopeThreshold", 1);
        spec = PipelineHarness.with(spec, "supernet", "finalEpochs", 3);
        UUID id = harness.submit(spec);

        harness.runAttempt(harness.claimExperiment("worker-a/cpu"));

        assertThat(harness.queue.findByExperiment(id).get(0).state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(harness.recorder.spaceSteps(id).get(0).moved()).isFalse();
        assertThat(epochEnds(Phases.TRAINING_SUPERNET)).isEqualTo(2);
        assertThat(epochEnds(Phases.FINAL_TRAINING)).isEqualTo(3);
        PipelineState state = harness.checkpoint(id).orElseThrow();
        assertThat(state.space()).isEqualTo(harness.recorder.spaceSteps(id).get(0).before());
        assertThat(state.supernet()).startsWith("experiments/" + id + "/supernets/space-1");
    }

    @Test
    void keptSpaceSearchedAsTrained() throws Exception {
        UUID id = harness.submit(PipelineHarness.with(PipelineHarness.tinySpec("kept-default"), "spaceEvolution",
                "slopeThreshold", 1));

        harness.runAttempt(harness.claimExperiment("worker-a/cpu"));

        assertThat(harness.recorder.spaceSteps(id).get(0).moved()).isFalse();
        assertThat(epochEnds(Phases.TRAINING_SUPERNET)).isEqualTo(2);
        assertThat(epochEnds(Phases.FINAL_TRAINING)).isZero();
        assertThat(harness.recorder.generations(id)).containsOnlyKeys(0, 1, 2);
    }

    @Test
    void exportedModelsCarryTheirMetrics() throws Exception {
        UUID id = harness.submit(PipelineHarness.tinySpec("export"));

        harness.runAttempt(harness.claimExperiment("worker-a/cpu"));

        for (ArchitectureRecord record : harness.recorder.architectures(id).values()) {
            assertThat(record.modelPath()).isEqualTo("experiments/" + id + "/models/" + record.architecture().id()
                    + ".zip");
            Path zip = harness.artifacts.resolve(record.modelPath());
            assertThat(zip).exists();
            assertThat(record.modelSha256()).matches("[0-9a-f]{64}");
            assertThat(record.testAccuracy()).isBetween(0.0, 1.0);
            try (ZipFile file = new ZipFile(zip.toFile())) {
                assertThat(file.getEntry("config.json")).isNotNull();
                assertThat(file.getEntry("model.safetensors")).isNotNull();
                JsonNode metrics = SearchJson.mapper().readTree(file.getInputStream(file.getEntry("metrics.json")));
                assertThat(metrics.get("validationError").asDouble()).isEqualTo(record.validationError());
                assertThat(metrics.get("testAccuracy").asDouble()).isEqualTo(record.testAccuracy());
                assertThat(metrics.get("params").asLong()).isEqualTo(record.params());
                assertThat(metrics.get("flops").asLong()).isEqualTo(record.flops());
                assertThat(metrics.get("normalizationMean").size()).isEqualTo(1);
                assertThat(metrics.get("normalizationStd").size()).isEqualTo(1);
                assertThat(metrics.get("classNames").size()).isEqualTo(3);
            }
        }
        assertThat(harness.recorder.architectures(id).get(1).validationError())
                .isLessThanOrEqualTo(harness.recorder.architectures(id).get(2).validationError());
    }

    @Test
    void fineTunesEachExportedArchitecture() throws Exception {
        UUID inherited = harness.submit(PipelineHarness.tinySpec("inherited"));
        harness.runAttempt(harness.claimExperiment("worker-a/cpu"));
        long searchEpochEnds = epochEnds(Phases.FINAL_TRAINING) + epochEnds(Phases.TRAINING_SUPERNET);
        UUID id = harness.submit(PipelineHarness.with(PipelineHarness.tinySpec("fine-tuned"), "supernet",
                "fineTuneEpochs", 2));

        harness.runAttempt(harness.claimExperiment("worker-a/cpu"));

        assertThat(harness.queue.findByExperiment(id).get(0).state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(epochEnds(Phases.FINE_TUNING)).isEqualTo(4);
        assertThat(epochEnds(Phases.FINAL_TRAINING) + epochEnds(Phases.TRAINING_SUPERNET))
                .isEqualTo(2 * searchEpochEnds);
        assertThat(harness.recorder.metrics.stream()
                .filter(point -> point.phase().equals(Phases.FINE_TUNING) && point.name().equals("epoch-end"))
                .map(MetricPoint::epoch)).containsExactly(0, 1, 2, 3);
        assertThat(phaseChanges(harness.recorder.progress)).endsWith(Phases.EVOLUTIONARY_SEARCH, Phases.FINE_TUNING,
                Phases.EXPORTING, Phases.FINE_TUNING, Phases.EXPORTING, Phases.DONE);
        assertThat(harness.recorder.progress).filteredOn(point -> point.phase().equals(Phases.FINE_TUNING))
                .extracting(Progress::epoch).isSortedAccordingTo(Integer::compare);

        for (int rank = 1; rank <= 2; rank++) {
            ArchitectureRecord tuned = harness.recorder.architectures(id).get(rank);
            ArchitectureRecord plain = harness.recorder.architectures(inherited).get(rank);
            assertThat(tuned.architecture()).as("rank %d", rank).isEqualTo(plain.architecture());
            assertThat(tuned.validationError()).isEqualTo(plain.validationError());
            assertThat(tuned.modelSha256()).isNotEqualTo(plain.modelSha256());
            JsonNode metrics = zipMetrics(tuned);
            assertThat(metrics.get("fineTuneEpochs").asInt()).isEqualTo(2);
            assertThat(metrics.get("inheritedTestAccuracy").asDouble()).isEqualTo(plain.testAccuracy());
            assertThat(metrics.get("testAccuracy").asDouble()).isEqualTo(tuned.testAccuracy());
            assertThat(zipMetrics(plain).get("fineTuneEpochs").asInt()).isZero();
        }

        PipelineState state = harness.checkpoint(id).orElseThrow();
        assertThat(state.stage()).isEqualTo(PipelineState.Stage.DONE);
        assertThat(state.fineTuning()).isNull();
        Path supernets = harness.artifacts.resolve("experiments/" + id + "/supernets");
        try (var folders = Files.walk(supernets, 2)) {
            assertThat(folders.filter(path -> path.getNameCount() == supernets.getNameCount() + 2).toList())
                    .containsExactly(harness.artifacts.resolve(state.supernet()));
        }
    }

    @Test
    void finishedExperimentKeepsOnlyItsFinalSupernet() throws Exception {
        UUID id = harness.submit(PipelineHarness.tinySpec("cleanup"));

        harness.runAttempt(harness.claimExperiment("worker-a/cpu"));

        PipelineState state = harness.checkpoint(id).orElseThrow();
        Path supernets = harness.artifacts.resolve("experiments/" + id + "/supernets");
        try (var folders = Files.walk(supernets, 2)) {
            assertThat(folders.filter(path -> path.getNameCount() == supernets.getNameCount() + 2).toList())
                    .containsExactly(harness.artifacts.resolve(state.supernet()));
        }
    }

    @Test
    void everyArchitectureIsEvaluatedOnce() throws Exception {
        UUID id = harness.submit(PipelineHarness.tinySpec("evaluations"));

        harness.runAttempt(harness.claimExperiment("worker-a/cpu"));

        assertThat(harness.evaluationCount()).isEqualTo(harness.storedResults(id));
        List<JobView> evaluationJobs = harness.queue.findByExperiment(id).stream()
                .filter(job -> job.kind().equals(EvaluationPipeline.KIND))
                .toList();
        assertThat(evaluationJobs).isNotEmpty();
        assertThat(evaluationJobs).allSatisfy(job -> {
            assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(job.attempt()).isEqualTo(1);
        });
    }

    @Test
    void missingDatasetFailsWithoutRetry() {
        ExperimentSpec spec = PipelineHarness.tinySpec("no-dataset");
        harness.submit(new ExperimentSpec(spec.name(), new DatasetSpec("absent", 0.2), spec.space(), spec.supernet(),
                spec.spaceEvolution(), spec.evolution(), spec.constraints(), spec.topK(), spec.seed(), spec.priority()));
        JobContext context = harness.claimExperiment("worker-a/cpu");

        assertThatThrownBy(() -> harness.beans.experimentPipeline().run(context))
                .isInstanceOf(NonRetryableException.class)
                .hasMessageStartingWith("Dataset error: dataset 'absent' not found");
    }

    @Test
    void hierarchicalSpaceFailsWithoutRetry() {
        ExperimentSpec spec = PipelineHarness.tinySpec("hierarchical");
        HierarchicalSpace space = new HierarchicalSpace(8, 1, 2, 3, List.of(
                new StageSpace(List.of(1), List.of(8), List.of(2), List.of(1), List.of(1.0), List.of(8))));
        harness.submit(spec.withSpace(space));
        JobContext context = harness.claimExperiment("worker-a/cpu");

        assertThatThrownBy(() -> harness.beans.experimentPipeline().run(context))
                .isInstanceOf(NonRetryableException.class)
                .hasMessageContaining("space.family = hierarchical: has no supernet yet");
    }

    /** Returns the phases in the order they were entered, one entry per change. */
    private static List<String> phaseChanges(List<Progress> progress) {
        List<String> phases = new ArrayList<>();
        for (Progress point : progress) {
            if (phases.isEmpty() || !phases.get(phases.size() - 1).equals(point.phase())) {
                phases.add(point.phase());
            }
        }
        return phases;
    }

    private JsonNode zipMetrics(ArchitectureRecord record) throws Exception {
        try (ZipFile file = new ZipFile(harness.artifacts.resolve(record.modelPath()).toFile())) {
            return SearchJson.mapper().readTree(file.getInputStream(file.getEntry("metrics.json")));
        }
    }

    private long epochEnds(String phase) {
        return harness.recorder.metrics.stream()
                .filter(point -> point.name().equals("epoch-end") && point.phase().equals(phase))
                .count();
    }
}
