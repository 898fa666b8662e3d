package io.vitsearch.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import javax.sql.DataSource;

import io.vitsearch.artifact.ArtifactProperties;
import io.vitsearch.artifact.ArtifactStore;
import io.vitsearch.dataset.DatasetFormat;
import io.vitsearch.dataset.DatasetRegistration;
import io.vitsearch.dataset.DatasetRegistry;
import io.vitsearch.experiment.Experiment;
import io.vitsearch.experiment.ExperimentService;
import io.vitsearch.experiment.ExperimentStatus;
import io.vitsearch.experiment.spec.ExperimentSpec;
import io.vitsearch.queue.JobQueue;
import io.vitsearch.queue.JobState;
import io.vitsearch.queue.JobView;
import io.vitsearch.search.SearchJson;
import io.vitsearch.testsupport.DatabaseTest;
import io.vitsearch.testsupport.WorkerProcesses;
import io.vitsearch.testsupport.WorkerProcesses.WorkerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs experiments on worker processes, which are the application started as child JVMs with the
 * worker role only, on this test's database. This JVM plays the API role. It registers the
 * dataset, submits experiments through {@link ExperimentService} and reads the results, but runs
 * no worker.
 *
 * <p>A child is killed with SIGKILL, so it runs no shutdown code and records no outcome. To stop a
 * child at a chosen stage, the test first locks the experiment's checkpoint row. The child then
 * cannot finish another checkpoint, so it cannot leave the stage before the signal reaches it.
 */
@SpringBootTest(properties = {
        "vitsearch.roles=api",
        // This JVM only submits and reads. The PostgreSQL server's connections are shared with the
        // worker processes and, on a development machine, with other test runs.
        "spring.datasource.hikari.maximum-pool-size=4",
        // The kill test plans three attempts. Two more let an unplanned retry reach the assertions,
        // which report it, instead of failing the experiment.
        "vitsearch.experiments.max-attempts=5"
})
class WorkerProcessPipelineTest extends DatabaseTest {

    /** Optimizer steps per epoch of the tiny spec: 192 training images in batches of 16. */
    private static final int STEPS_PER_EPOCH = 12;

    /** Enough epochs that a child is still training some time after its first checkpoint. */
    private static final int EPOCHS = 6;

    /** Enough generations that a child is still searching some time after it recorded the first. */
    private static final int GENERATIONS = 10;

    private static final Duration LEASE = Duration.ofSeconds(3);

    private static final Duration EXPERIMENT_TIMEOUT = Duration.ofMinutes(3);

    private static final Path ROOT = temporaryRoot();

    @RegisterExtension
    final WorkerProcesses workers = new WorkerProcesses();

    @TempDir
    Path logs;

    @Autowired
    ExperimentService experiments;

    @Autowired
    JobQueue queue;

    @Autowired
    DatasetRegistry datasets;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    Environment environment;

    @DynamicPropertySource
    static void folders(DynamicPropertyRegistry registry) {
        registry.add("vitsearch.artifacts.directory", () -> ROOT.resolve("artifacts").toString());
        registry.add("vitsearch.datasets.allowed-roots", () -> ROOT.resolve("datasets").toString());
    }

    @BeforeEach
    void registerDataset() {
        jdbc.execute("TRUNCATE job, experiment, dataset CASCADE");
        Path folder = ROOT.resolve("datasets").resolve(PipelineHarness.DATASET);
        PipelineHarness.writeBandsDataset(folder, 240, 60);
        datasets.register(new DatasetRegistration(PipelineHarness.DATASET, DatasetFormat.IDX, folder.toString(),
                null, null));
    }

    @AfterAll
    static void deleteRoot() throws IOException {
        ArtifactStore files = new ArtifactStore(new ArtifactProperties(ROOT));
        files.deleteTree("artifacts");
        files.deleteTree("datasets");
        Files.deleteIfExists(ROOT);
    }

    @Test
    void sigkilledWorkersResumeFromCheckpoints() throws Exception {
        ExperimentSpec spec = PipelineHarness.withGenerations(
                PipelineHarness.withEpochs(PipelineHarness.tinySpec("killed"), EPOCHS), GENERATIONS);
        UUID id = submit(spec);
        UUID jobId = experimentJob(id).id();

        WorkerProcess first = workers.start("first", logs, workerProperties(3));
        String firstId = first.awaitWorkerStarted();
        awaitCheckpoint(id, state -> state.stage() == PipelineState.Stage.TRAINING && state.spaceIndex() == 0
                && state.supernet() != null);
        Kill duringTraining = killWithCheckpointLocked(first, id);

        assertThat(duringTraining.exitStatus()).isEqualTo(WorkerProcesses.SIGKILL_EXIT_STATUS);
        assertThat(duringTraining.state().stage()).as("stage when the first process was killed; more epochs give "
                + "the test more time to stop it").isEqualTo(PipelineState.Stage.TRAINING);
        assertThat(duringTraining.state().spaceIndex()).isZero();
        assertLeftRunning(jobId, 1, firstId);
        long checkpointStep = supernetStep(duringTraining.state().supernet());
        long lastRecordedStep = lastTrainingStep(id);

        WorkerProcess second = workers.start("second", logs, workerProperties(3));
        String secondId = second.awaitWorkerStarted();
        awaitCheckpoint(id, state -> state.stage() == PipelineState.Stage.SEARCH && state.search() != null
                && !state.search().generations().isEmpty());
        Kill duringSearch = killWithCheckpointLocked(second, id);

        assertThat(duringSearch.exitStatus()).isEqualTo(WorkerProcesses.SIGKILL_EXIT_STATUS);
        assertThat(duringSearch.state().stage()).isEqualTo(PipelineState.Stage.SEARCH);
        assertThat(duringSearch.state().search().generations()).as("generations recorded when the second process "
                + "was killed; more generations give the test more time to stop it").hasSizeLessThan(GENERATIONS);
        assertLeftRunning(jobId, 2, secondId);
        long resumedStep = resumedTrainingStep(second, id);
        assertThat(resumedStep).as("step the second process resumed training at").isEqualTo(checkpointStep);
        assertThat(lastRecordedStep).as("last step the first process recorded").isGreaterThanOrEqualTo(resumedStep);
        assertThat(lastRecordedStep - resumedStep).as("steps trained twice").isLessThanOrEqualTo(STEPS_PER_EPOCH);

        WorkerProcess third = workers.start("third", logs, workerProperties(3));
        String thirdId = third.awaitWorkerStarted();
        assertSucceeded(awaitFinished(id));

        JobView job = queue.find(jobId).orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(job.attempt()).isEqualTo(3);
        assertThat(job.leaseOwner()).isEqualTo(thirdId);
        assertThat(job.lastError()).contains("lease expired").contains(secondId);
        assertThat(third.log()).containsPattern(Pattern.quote("Experiment " + id + " resumes on ") + "\\S+"
                + Pattern.quote(" (job " + jobId + " attempt 3) at stage SEARCH"));
        assertRecordedOnce(id);
        assertThat(evaluationJobs(id)).extracting(JobView::state).containsOnly(JobState.SUCCEEDED);
        assertThat(supernetFolders(id)).as("supernet checkpoints left in the artifact store")
                .containsExactly(checkpoint(id).orElseThrow().supernet());

        UUID uninterrupted = submit(PipelineHarness.withGenerations(
                PipelineHarness.withEpochs(PipelineHarness.tinySpec("uninterrupted"), EPOCHS), GENERATIONS));
        assertSucceeded(awaitFinished(uninterrupted));
        assertThat(evaluationErrors(id)).isEqualTo(evaluationErrors(uninterrupted));
        assertThat(generations(id)).isEqualTo(generations(uninterrupted));
        assertThat(rankedArchitectures(id)).isEqualTo(rankedArchitectures(uninterrupted));
    }

    @Test
    void twoProcessesShareEvaluationJobs() throws Exception {
        ExperimentSpec spec = PipelineHarness.withGenerations(PipelineHarness.tinySpec("shared"), 6);

        // One architecture per job, so each evaluation phase queues several jobs for the second process to claim.
        // NOTE: nothing forces the second process to win a claim. It polls every 20 ms while the first runs
        // about 90 jobs one at a time, and in test runs on two cores it took about 40 of them.
        WorkerProcess first = workers.start("first", logs, workerProperties(1));
        String firstId = first.awaitWorkerStarted();
        UUID alone = submit(spec);
        assertSucceeded(awaitFinished(alone));
        double evaluatedAlone = evaluationCount(first);

        WorkerProcess second = workers.start("second", logs, workerProperties(1));
        String secondId = second.awaitWorkerStarted();
        UUID shared = submit(spec);
        assertSucceeded(awaitFinished(shared));

        assertThat(firstId).isNotEqualTo(secondId);
        List<JobView> sharedJobs = evaluationJobs(shared);
        assertThat(sharedJobs).isNotEmpty();
        assertThat(sharedJobs).allSatisfy(job -> {
            assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(job.attempt()).as("attempts of evaluation job %s", job.id()).isEqualTo(1);
        });
        assertThat(leaseOwners(sharedJobs)).as("processes that ran evaluation jobs")
                .containsExactlyInAnyOrder(firstId, secondId);
        assertThat(evaluatedBy(shared)).as("processes that stored evaluation results")
                .containsExactlyInAnyOrder(firstId, secondId);
        assertThat(leaseOwners(evaluationJobs(alone))).containsExactly(firstId);

        assertThat(evaluatedAlone).as("evaluations by the first process alone").isEqualTo(storedResults(alone));
        double evaluatedShared = evaluationCount(first) - evaluatedAlone + evaluationCount(second);
        assertThat(evaluatedShared).as("evaluations by both processes").isEqualTo(storedResults(shared));

        assertThat(evaluationErrors(shared)).isEqualTo(evaluationErrors(alone));
        assertThat(generations(shared)).isEqualTo(generations(alone));
        assertThat(rankedArchitectures(shared)).isEqualTo(rankedArchitectures(alone));
    }

    private Map<String, String> workerProperties(int evaluationChunkSize) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", environment.getRequiredProperty("spring.datasource.url"));
        properties.put("spring.datasource.username", environment.getRequiredProperty("spring.datasource.username"));
        properties.put("spring.datasource.password", environment.getProperty("spring.datasource.password", ""));
        // Opens connections as the worker needs them instead of filling the pool of 10 at start-up.
        properties.put("spring.datasource.hikari.minimum-idle", "1");
        properties.put("spring.main.banner-mode", "off");
        properties.put("server.port", "0");
        properties.put("vitsearch.roles", "worker");
        properties.put("vitsearch.worker.devices", "cpu");
        properties.put("vitsearch.worker.heartbeat-interval", "500ms");
        properties.put("vitsearch.worker.poll-interval", "20ms");
        properties.put("vitsearch.worker.reclaim-interval", "250ms");
        properties.put("vitsearch.queue.lease-duration", LEASE.toMillis() + "ms");
        properties.put("vitsearch.queue.retry-delay", "0s");
        properties.put("vitsearch.artifacts.directory", ROOT.resolve("artifacts").toString());
        properties.put("vitsearch.datasets.allowed-roots", ROOT.resolve("datasets").toString());
        properties.put("vitsearch.pipeline.metrics-every-steps", "4");
        properties.put("vitsearch.pipeline.evaluation-chunk-size", String.valueOf(evaluationChunkSize));
        properties.put("vitsearch.pipeline.evaluation-poll-interval", "20ms");
        return properties;
    }

    private UUID submit(ExperimentSpec spec) {
        return experiments.submit(spec, null).experiment().getId();
    }

    private Experiment awaitFinished(UUID id) {
        return await("experiment " + id + " to finish").atMost(EXPERIMENT_TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> experiments.get(id), experiment -> experiment.getStatus().isFinished());
    }

    private static void assertSucceeded(Experiment experiment) {
        assertThat(experiment.getStatus()).as("status of experiment %s, failure reason: %s", experiment.getId(),
                experiment.getFailureReason()).isEqualTo(ExperimentStatus.SUCCEEDED);
    }

    private PipelineState awaitCheckpoint(UUID id, Predicate<PipelineState> condition) {
        return await("checkpoint of experiment " + id).atMost(EXPERIMENT_TIMEOUT).pollInterval(Duration.ofMillis(20))
                .until(() -> checkpoint(id), state -> state.isPresent() && condition.test(state.get()))
                .orElseThrow();
    }

    private Optional<PipelineState> checkpoint(UUID id) {
        List<String> states = jdbc.queryForList("SELECT state::text FROM experiment_checkpoint WHERE experiment_id = ?",
                String.class, id);
        return states.stream().findFirst().map(json -> SearchJson.mapper().readValue(json, PipelineState.class));
    }

    /**
     * Kills the child while this test holds the lock on the experiment's checkpoint row, and returns
     * the checkpoint it stopped at. A child that reaches its next checkpoint first waits for the lock,
     * and its transaction rolls back when the database detects that the connection closed.
     */
    private Kill killWithCheckpointLocked(WorkerProcess worker, UUID id) {
        TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        return transaction.execute(status -> {
            String json = jdbc.queryForObject("SELECT state::text FROM experiment_checkpoint WHERE experiment_id = ? "
                    + "FOR UPDATE", String.class, id);
            int exitStatus = worker.kill();
            return new Kill(SearchJson.mapper().readValue(json, PipelineState.class), exitStatus);
        });
    }

    /** Asserts that the killed attempt recorded no outcome, so its job still runs under the dead worker's lease. */
    private void assertLeftRunning(UUID jobId, int attempt, String workerId) {
        JobView job = queue.find(jobId).orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.RUNNING);
        assertThat(job.attempt()).isEqualTo(attempt);
        assertThat(job.leaseOwner()).isEqualTo(workerId);
    }

    /** Returns the optimizer step of a supernet checkpoint folder such as {@code .../space-0/step-00000012}. */
    private static long supernetStep(String folder) {
        Matcher matcher = Pattern.compile("/step-(\\d+)$").matcher(folder);
        assertThat(matcher.find()).as("supernet checkpoint folder %s names its step", folder).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    private long lastTrainingStep(UUID id) {
        return jdbc.queryForObject("SELECT max(step) FROM experiment_metric WHERE experiment_id = ? AND phase = ? "
                + "AND space_step = 0", Long.class, id, Phases.TRAINING_SUPERNET);
    }

    private static long resumedTrainingStep(WorkerProcess worker, UUID id) {
        Matcher matcher = Pattern.compile(Pattern.quote("Experiment " + id + ": " + Phases.TRAINING_SUPERNET
                + " resumes for the supernet of space 0 at step ") + "(\\d+)").matcher(worker.log());
        assertThat(matcher.find()).as("log of worker process %s says where training resumed", worker.name()).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    /**
     * Asserts that the space step and every generation have one row and one event each, and that
     * no process logged finishing one of them twice. A process may be killed after the commit but
     * before the log line, so the logs are checked for at most one line each.
     */
    private void assertRecordedOnce(UUID id) {
        assertThat(indexes("experiment_space_step", id)).containsExactly(0);
        assertThat(indexes("experiment_generation", id)).containsExactlyElementsOf(
                IntStream.range(0, GENERATIONS).boxed().toList());
        assertThat(eventCount(id, "space-step")).isEqualTo(1);
        assertThat(eventCount(id, "generation")).isEqualTo(GENERATIONS);

        String allLogs = workers.started().stream().map(WorkerProcess::log).collect(Collectors.joining("\n"));
        assertThat(count(allLogs, "Experiment " + id + ": space-evolution step 0 has E-T error"))
                .as("log lines finishing space step 0").isLessThanOrEqualTo(1);
        for (int generation = 0; generation < GENERATIONS; generation++) {
            assertThat(count(allLogs, "Experiment " + id + ": generation " + generation + " evaluated "))
                    .as("log lines finishing generation %d", generation).isLessThanOrEqualTo(1);
        }
    }

    /** Returns the supernet checkpoint folders of the experiment, relative to the artifact store. */
    private static List<String> supernetFolders(UUID id) throws IOException {
        Path artifacts = ROOT.resolve("artifacts");
        Path supernets = artifacts.resolve("experiments").resolve(id.toString()).resolve("supernets");
        try (Stream<Path> paths = Files.find(supernets, 2, (path, attributes) -> attributes.isDirectory()
                && path.getFileName().toString().startsWith("step-"))) {
            return paths.map(path -> artifacts.relativize(path).toString()).sorted().toList();
        }
    }

    private List<Integer> indexes(String table, UUID id) {
        return jdbc.queryForList("SELECT index FROM " + table + " WHERE experiment_id = ? ORDER BY index",
                Integer.class, id);
    }

    private long eventCount(UUID id, String type) {
        return jdbc.queryForObject("SELECT count(*) FROM experiment_event WHERE experiment_id = ? AND type = ?",
                Long.class, id, type);
    }

    private static int count(String text, String fragment) {
        int count = 0;
        for (int at = text.indexOf(fragment); at >= 0; at = text.indexOf(fragment, at + fragment.length())) {
            count++;
        }
        return count;
    }

    private JobView experimentJob(UUID id) {
        return queue.findByExperiment(id).stream().filter(job -> job.kind().equals(ExperimentService.JOB_KIND))
                .findFirst().orElseThrow();
    }

    private List<JobView> evaluationJobs(UUID id) {
        return queue.findByExperiment(id).stream().filter(job -> job.kind().equals(EvaluationPipeline.KIND)).toList();
    }

    private static Set<String> leaseOwners(List<JobView> jobs) {
        return jobs.stream().map(JobView::leaseOwner).collect(Collectors.toSet());
    }

    private Set<String> evaluatedBy(UUID id) {
        return Set.copyOf(jdbc.queryForList("SELECT DISTINCT evaluated_by FROM evaluation_result "
                + "WHERE experiment_id = ?", String.class, id));
    }

    private long storedResults(UUID id) {
        return jdbc.queryForObject("SELECT count(*) FROM evaluation_result WHERE experiment_id = ?", Long.class, id);
    }

    /** Returns each stored error by supernet checkpoint, relative to the experiment's folder, and architecture id. */
    private Map<String, Double> evaluationErrors(UUID id) {
        String prefix = "experiments/" + id + "/";
        Map<String, Double> errors = new HashMap<>();
        jdbc.query("SELECT checkpoint_key, architecture_id, error FROM evaluation_result WHERE experiment_id = ?",
                row -> {
                    String checkpoint = row.getString("checkpoint_key").replace(prefix, "");
                    errors.put(checkpoint + " " + row.getString("architecture_id"), row.getDouble("error"));
                }, id);
        return errors;
    }

    private List<String> generations(UUID id) {
        return jdbc.queryForList("SELECT population::text FROM experiment_generation WHERE experiment_id = ? "
                + "ORDER BY index", String.class, id);
    }

    private List<Map<String, Object>> rankedArchitectures(UUID id) {
        return jdbc.queryForList("SELECT rank, arch_id, validation_error, test_accuracy, params, flops "
                + "FROM experiment_architecture WHERE experiment_id = ? ORDER BY rank", id);
    }

    /** Reads the {@code vitsearch.evaluations} counter from the process's Prometheus endpoint. */
    private static double evaluationCount(WorkerProcess worker) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + worker.awaitHttpPort() + "/actuator/prometheus");
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("status of %s", uri).isEqualTo(200);
        Matcher matcher = Pattern.compile("(?m)^vitsearch_evaluations\\w*_total(?:\\{[^}]*\\})? (\\S+)$")
                .matcher(response.body());
        assertThat(matcher.find()).as("%s lists vitsearch_evaluations", uri).isTrue();
        return Double.parseDouble(matcher.group(1));
    }

    private static Path temporaryRoot() {
        try {
            return Files.createTempDirectory("vitsearch-worker-processes-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Outcome of killing a worker process.
     *
     * @param state the checkpoint the killed process left
     * @param exitStatus the process's exit status
     */
    private record Kill(PipelineState state, int exitStatus) {
    }
}
