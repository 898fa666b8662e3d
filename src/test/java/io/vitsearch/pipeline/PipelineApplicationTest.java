package io.vitsearch.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.vitsearch.dataset.DatasetFormat;
import io.vitsearch.dataset.DatasetRegistration;
import io.vitsearch.dataset.DatasetRegistry;
import io.vitsearch.experiment.Experiment;
import io.vitsearch.experiment.ExperimentRecorder;
import io.vitsearch.experiment.ExperimentService;
import io.vitsearch.experiment.ExperimentStatus;
import io.vitsearch.queue.JobQueue;
import io.vitsearch.testsupport.DatabaseTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Runs a submitted experiment through the application's own workers, from QUEUED to SUCCEEDED. */
@SpringBootTest(properties = {
        "vitsearch.worker.devices=cpu",
        "vitsearch.worker.poll-interval=50ms",
        "vitsearch.worker.heartbeat-interval=1s",
        "vitsearch.pipeline.metrics-every-steps=4",
        "vitsearch.pipeline.evaluation-chunk-size=3"
})
class PipelineApplicationTest extends DatabaseTest {

    private static final Path ROOT = temporaryRoot();

    @Autowired
    ExperimentService experiments;

    @Autowired
    DatasetRegistry datasets;

    @Autowired
    RecordingRecorder recorder;

    @Autowired
    MeterRegistry meterRegistry;

    @DynamicPropertySource
    static void folders(DynamicPropertyRegistry registry) {
        registry.add("vitsearch.artifacts.directory", () -> ROOT.resolve("artifacts").toString());
        registry.add("vitsearch.datasets.allowed-roots", () -> ROOT.resolve("datasets").toString());
    }

    @Test
    void submittedExperimentSucceeds() {
        Path folder = ROOT.resolve("datasets").resolve(PipelineHarness.DATASET);
        PipelineHarness.writeBandsDataset(folder, 240, 60);
        datasets.register(new DatasetRegistration(PipelineHarness.DATASET, DatasetFormat.IDX, folder.toString(),
                null, null));

        UUID id = experiments.submit(PipelineHarness.tinySpec("application"), null).experiment().getId();

        Experiment experiment = await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                .until(() -> experiments.get(id), found -> found.getStatus().isFinished());
        assertThat(experiment.getStatus()).as("failure reason: %s", experiment.getFailureReason())
                .isEqualTo(ExperimentStatus.SUCCEEDED);
        assertThat(recorder.generations(id)).containsOnlyKeys(0, 1, 2);
        assertThat(recorder.architectures(id)).containsOnlyKeys(1, 2);
        assertThat(Files.exists(ROOT.resolve("artifacts").resolve(recorder.architectures(id).get(1).modelPath())))
                .isTrue();
        assertThat(meterRegistry.get("vitsearch.evaluations").counter().count()).isPositive();
        assertThat(meterRegistry.get("vitsearch.training.images").counter().count()).isPositive();
    }

    @AfterAll
    static void deleteRoot() throws IOException {
        new DirectoryArtifactFiles(ROOT).deleteTree("artifacts");
        new DirectoryArtifactFiles(ROOT).deleteTree("datasets");
        Files.deleteIfExists(ROOT);
    }

    private static Path temporaryRoot() {
        try {
            return Files.createTempDirectory("vitsearch-pipeline-application-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class RecorderConfiguration {

        /** Primary, so that it replaces the application's own recorder where one exists. */
        @Bean
        @Primary
        RecordingRecorder recordingRecorder(JobQueue queue) {
            return new RecordingRecorder(queue);
        }
    }
}
