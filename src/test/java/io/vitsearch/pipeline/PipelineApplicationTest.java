package io.vitsearch.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.vitsearch.artifact.ArtifactProperties;
import io.vitsearch.artifact.ArtifactStore;
import io.vitsearch.dataset.DatasetFormat;
import io.vitsearch.dataset.DatasetRegistration;
import io.vitsearch.dataset.DatasetRegistry;
import io.vitsearch.experiment.Experiment;
import io.vitsearch.experiment.ExperimentService;
import io.vitsearch.experiment.ExperimentStatus;
import io.vitsearch.testsupport.DatabaseTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Runs a submitted experiment through the application's own workers, recorder and artifact store,
 * from QUEUED to SUCCEEDED, and downloads an exported model through the API.
 */
@SpringBootTest(properties = {
        "vitsearch.worker.devices=cpu",
        "vitsearch.worker.poll-interval=50ms",
        "vitsearch.worker.heartbeat-interval=1s",
        "vitsearch.pipeline.metrics-every-steps=4",
        "vitsearch.pipeline.evaluation-chunk-size=3"
})
@AutoConfigureMockMvc
class PipelineApplicationTest extends DatabaseTest {

    private static final Path ROOT = temporaryRoot();

    @Autowired
    ExperimentService experiments;

    @Autowired
    DatasetRegistry datasets;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MeterRegistry meterRegistry;

    @Autowired
    MockMvc mvc;

    @DynamicPropertySource
    static void folders(DynamicPropertyRegistry registry) {
        registry.add("vitsearch.artifacts.directory", () -> ROOT.resolve("artifacts").toString());
        registry.add("vitsearch.datasets.allowed-roots", () -> ROOT.resolve("datasets").toString());
    }

    @Test
    void submittedExperimentSucceeds() throws Exception {
        Path folder = ROOT.resolve("datasets").resolve(PipelineHarness.DATASET);
        PipelineHarness.writeBandsDataset(folder, 240, 60);
        datasets.register(new DatasetRegistration(PipelineHarness.DATASET, DatasetFormat.IDX, folder.toString(),
                null, null));

        UUID id = experiments.submit(PipelineHarness.tinySpec("application"), null).experiment().getId();

        Experiment experiment = await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                .until(() -> experiments.get(id), found -> found.getStatus().isFinished());
        assertThat(experiment.getStatus()).as("failure reason: %s", experiment.getFailureReason())
                .isEqualTo(ExperimentStatus.SUCCEEDED);
        assertThat(indexes("experiment_space_step", id)).containsExactly(0);
        assertThat(indexes("experiment_generation", id)).containsExactly(0, 1, 2);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM experiment_metric WHERE experiment_id = ? AND name = "
                + "'epoch-end'", Long.class, id)).isEqualTo(4);
        assertThat(meterRegistry.get("vitsearch.evaluations").counter().count()).isPositive();
        assertThat(meterRegistry.get("vitsearch.training.images").counter().count()).isPositive();

        List<Map<String, Object>> ranked = jdbc.queryForList("SELECT rank, arch_id, model_path, model_sha256 FROM "
                + "experiment_architecture WHERE experiment_id = ? ORDER BY rank", id);
        assertThat(ranked).extracting(row -> row.get("rank")).containsExactly(1, 2);
        Map<String, Object> best = ranked.get(0);
        assertThat(ROOT.resolve("artifacts").resolve((String) best.get("model_path"))).isRegularFile();
        mvc.perform(get("/api/v1/experiments/{id}/architectures/{archId}/model", id, best.get("arch_id")))
                .andExpect(status().isOk())
                .andExpect(header().string("ETag", "\"" + best.get("model_sha256") + "\""));
    }

    private List<Integer> indexes(String table, UUID id) {
        return jdbc.queryForList("SELECT index FROM " + table + " WHERE experiment_id = ? ORDER BY index",
                Integer.class, id);
    }

    @AfterAll
    static void deleteRoot() throws IOException {
        ArtifactStore files = new ArtifactStore(new ArtifactProperties(ROOT));
        files.deleteTree("artifacts");
        files.deleteTree("datasets");
        Files.deleteIfExists(ROOT);
    }

    private static Path temporaryRoot() {
        try {
            return Files.createTempDirectory("vitsearch-pipeline-application-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
