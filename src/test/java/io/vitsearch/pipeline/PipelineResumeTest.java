package io.vitsearch.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.zip.ZipFile;

import com.zaxxer.hikari.HikariDataSource;
import io.vitsearch.experiment.ArchitectureRecord;
import io.vitsearch.experiment.MetricPoint;
import io.vitsearch.queue.JobState;
import io.vitsearch.testsupport.OneIntraOpThread;
import io.vitsearch.testsupport.TestDatabases;
import io.vitsearch.worker.JobContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Kills an attempt at a chosen point, the way SIGKILL would: the pipeline's thread ends without
 * recording an outcome, so the job stays RUNNING until its lease expires. Another attempt then
 * resumes from the checkpoint.
 */
@ExtendWith(OneIntraOpThread.class)
class PipelineResumeTest {

    /** Optimizer steps per epoch of the tiny spec: 192 training images in batches of 16. */
    private static final int STEPS_PER_EPOCH = 12;

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
        new JdbcTemplate(dataSource).execute("TRUNCATE job, experiment, dataset CASCADE");
        harness = new PipelineHarness(dataSource, root, PipelineHarness.testProperties());
    }

    @AfterEach
    void closeHarness() {
        harness.close();
    }

    @Test
    void crashDuringTrainingRepeatsAtMostOneEpoch() throws Exception {
        UUID uninterrupted = harness.submit(PipelineHarness.tinySpec("uninterrupted"));
        harness.runAttempt(harness.claimExperiment("worker-a/cpu"));
        UUID id = harness.submit(PipelineHarness.tinySpec("crashed"));
        int crashStep = STEPS_PER_EPOCH + 8;

        crashOnce(id, call -> call.method().equals("metrics") && trainsSpace(call, 0) && call.index() == crashStep);
        UUID jobId = runUntilCrash();
        assertThat(harness.queue.find(jobId).orElseThrow().state()).isEqualTo(JobState.RUNNING);
        harness.expireLeases();
        JobContext second = harness.claimExperiment("worker-b/cpu");
        harness.runAttempt(second);

        assertThat(harness.queue.find(jobId).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
        long firstResumedStep = harness.recorder.calls(id, "metrics").stream()
                .filter(call -> call.lease().attempt() == 2 && trainsSpace(call, 0))
                .mapToLong(call -> lastPoint(call).step())
                .min().orElseThrow();
        assertThat(firstResumedStep).isGreaterThan(STEPS_PER_EPOCH);
        assertThat(crashStep - (firstResumedStep - harness.properties.metricsEverySteps()))
                .isLessThanOrEqualTo(STEPS_PER_EPOCH);
        assertRecordedOnce(id);
        assertThat(bestArchitectures(id)).isEqualTo(bestArchitectures(uninterrupted));
    }

    @Test
    void crashDuringEvolutionRecordsEachGenerationOnce() throws Exception {
        UUID id = harness.submit(PipelineHarness.tinySpec("crashed-search"));

        crashOnce(id, call -> call.method().equals("generation") && call.index() == 1);
        UUID jobId = runUntilCrash();
        harness.expireLeases();
        harness.runAttempt(harness.claimExperiment("worker-b/cpu"));

        assertThat(harness.queue.find(jobId).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
        assertRecordedOnce(id);
        assertThat(harness.recorder.calls(id, "metrics")).allMatch(call -> call.lease().attempt() == 1);
        assertThat(harness.evaluationCount()).isEqualTo(harness.storedResults(id));
    }

    @Test
    void crashDuringExportResumesWithTheNextModel() throws Exception {
        UUID id = harness.submit(PipelineHarness.tinySpec("crashed-export"));

        crashOnce(id, call -> call.method().equals("architecture") && call.index() == 2);
        UUID jobId = runUntilCrash();
        harness.expireLeases();
        harness.runAttempt(harness.claimExperiment("worker-b/cpu"));

        assertThat(harness.queue.find(jobId).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(harness.recorder.count(id, "architecture", 1)).isEqualTo(1);
        assertThat(harness.recorder.count(id, "architecture", 2)).isEqualTo(1);
        assertRecordedOnce(id);
    }

    @Test
    void crashDuringFineTuningResumes() throws Exception {
        UUID uninterrupted = harness.submit(PipelineHarness.with(PipelineHarness.tinySpec("fine-tuned"), "supernet",
                "fineTuneEpochs", 2));
        harness.runAttempt(harness.claimExperiment("worker-a/cpu"));
        UUID id = harness.submit(PipelineHarness.with(PipelineHarness.tinySpec("crashed-fine-tuning"), "supernet",
                "fineTuneEpochs", 2));
        long crashStep = 3L * STEPS_PER_EPOCH + 8;

        crashOnce(id, call -> call.method().equals("metrics") && lastPoint(call).phase().equals(Phases.FINE_TUNING)
                && lastPoint(call).step() == crashStep);
        UUID jobId = runUntilCrash();
        harness.expireLeases();
        harness.runAttempt(harness.claimExperiment("worker-b/cpu"));

        assertThat(harness.queue.find(jobId).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
        assertRecordedOnce(id);
        long firstResumedStep = harness.recorder.calls(id, "metrics").stream()
                .filter(call -> call.lease().attempt() == 2)
                .mapToLong(call -> lastPoint(call).step())
                .min().orElseThrow();
        assertThat(firstResumedStep).isGreaterThan(3L * STEPS_PER_EPOCH);
        assertThat(bestArchitectures(id)).isEqualTo(bestArchitectures(uninterrupted));
        for (int rank = 1; rank <= 2; rank++) {
            assertThat(weightsChecksum(id, rank)).as("rank %d", rank).isEqualTo(weightsChecksum(uninterrupted, rank));
        }
    }

    /** Returns the CRC-32 of the exported weights. The zip's checksum differs, because its metrics name the experiment. */
    private long weightsChecksum(UUID id, int rank) throws IOException {
        Path zip = harness.artifacts.resolve(harness.recorder.architectures(id).get(rank).modelPath());
        try (ZipFile file = new ZipFile(zip.toFile())) {
            return file.getEntry("model.safetensors").getCrc();
        }
    }

    private void assertRecordedOnce(UUID id) {
        assertThat(harness.recorder.count(id, "spaceStep", 0)).isEqualTo(1);
        for (int generation = 0; generation < 3; generation++) {
            assertThat(harness.recorder.count(id, "generation", generation)).as("generation %d", generation)
                    .isEqualTo(1);
        }
        assertThat(harness.recorder.architectures(id)).containsOnlyKeys(1, 2);
    }

    /** Makes the first recorder call of the experiment that matches {@code when} end its attempt. */
    private void crashOnce(UUID experimentId, Predicate<RecordingRecorder.Call> when) {
        harness.recorder.onCall = call -> {
            if (call.experimentId().equals(experimentId) && when.test(call)) {
                harness.recorder.onCall = ignored -> { };
                throw new SimulatedCrash();
            }
        };
    }

    /** Runs an attempt that must crash, and returns its job without recording an outcome. */
    private UUID runUntilCrash() {
        JobContext first = harness.claimExperiment("worker-a/cpu");
        assertThatThrownBy(() -> harness.beans.experimentPipeline().run(first)).isInstanceOf(SimulatedCrash.class);
        return first.jobId();
    }

    private static boolean trainsSpace(RecordingRecorder.Call call, int spaceIndex) {
        MetricPoint point = lastPoint(call);
        return point.phase().equals(Phases.TRAINING_SUPERNET) && Integer.valueOf(spaceIndex).equals(point.spaceStep());
    }

    @SuppressWarnings("unchecked")
    private static MetricPoint lastPoint(RecordingRecorder.Call call) {
        List<MetricPoint> points = (List<MetricPoint>) call.value();
        return points.get(points.size() - 1);
    }

    private Map<Integer, String> bestArchitectures(UUID id) {
        Map<Integer, ArchitectureRecord> records = harness.recorder.architectures(id);
        return Map.of(1, describe(records.get(1)), 2, describe(records.get(2)));
    }

    private static String describe(ArchitectureRecord record) {
        return record.architecture().id() + " validation error " + record.validationError() + " test accuracy "
                + record.testAccuracy();
    }

    /** Ends an attempt the way a killed process would: no handler in the pipeline catches an Error. */
    private static final class SimulatedCrash extends Error {

        SimulatedCrash() {
            super("simulated crash");
        }
    }
}
