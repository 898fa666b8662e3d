package io.vitsearch.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import com.zaxxer.hikari.HikariDataSource;
import io.vitsearch.experiment.ArchitectureRecord;
import io.vitsearch.experiment.ExperimentService;
import io.vitsearch.experiment.MetricPoint;
import io.vitsearch.queue.JobState;
import io.vitsearch.queue.JobView;
import io.vitsearch.testsupport.OneIntraOpThread;
import io.vitsearch.testsupport.TestDatabases;
import io.vitsearch.worker.Worker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/** Runs experiments on real workers: several at once, and cancelled while they run. */
@ExtendWith(OneIntraOpThread.class)
class PipelineWorkersTest {

    private static final Duration HEARTBEAT = Duration.ofMillis(200);

    /** Slack for thread scheduling on a loaded machine, on top of the one heartbeat a cancel may take. */
    private static final Duration SCHEDULING_SLACK = Duration.ofMillis(1500);

    private static HikariDataSource dataSource;

    @TempDir
    Path root;

    private PipelineHarness harness;

    private final List<Worker> workers = new ArrayList<>();

    private final ExecutorService canceller = Executors.newSingleThreadExecutor();

    @BeforeAll
    static void createDatabase() {
        dataSource = TestDatabases.createMigratedDataSource(12);
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
    void stop() {
        workers.forEach(Worker::stop);
        canceller.shutdownNow();
        harness.close();
    }

    @Test
    void twoWorkersMatchOneWorker() throws Exception {
        UUID alone = harness.submit(PipelineHarness.tinySpec("one-worker"));
        harness.runAttempt(harness.claimExperiment("worker-a/cpu"));
        double evaluationsAlone = harness.evaluationCount();

        UUID shared = harness.submit(PipelineHarness.tinySpec("two-workers"));
        workers.add(harness.startWorker("cpu", HEARTBEAT));
        workers.add(harness.startWorker("cpu", HEARTBEAT));
        awaitExperimentJob(shared, JobState.SUCCEEDED, Duration.ofMinutes(3));

        List<JobView> evaluationJobs = jobs(shared, EvaluationPipeline.KIND);
        assertThat(evaluationJobs).isNotEmpty();
        assertThat(evaluationJobs).allSatisfy(job -> {
            assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(job.attempt()).isEqualTo(1);
        });
        assertThat(harness.evaluationCount() - evaluationsAlone).isEqualTo(harness.storedResults(shared));
        assertThat(harness.storedResults(shared)).isEqualTo(harness.storedResults(alone));
        assertThat(best(shared)).isEqualTo(best(alone));
        assertThat(harness.recorder.generations(shared)).containsOnlyKeys(0, 1, 2);
    }

    @Test
    void cancelDuringTrainingStopsWithinOneHeartbeat() {
        // Enough epochs that training is still running one heartbeat after the cancel request.
        UUID id = harness.submit(PipelineHarness.withEpochs(PipelineHarness.tinySpec("cancel-training"), 60));
        AtomicLong cancelledAt = cancelWhen(id, call -> call.method().equals("metrics")
                && lastPoint(call).phase().equals(Phases.TRAINING_SUPERNET) && call.index() > 12);
        workers.add(harness.startWorker("cpu", HEARTBEAT));

        awaitExperimentJob(id, JobState.CANCELLED, Duration.ofMinutes(2));

        assertStoppedWithinOneHeartbeat(cancelledAt);
        PipelineState state = harness.checkpoint(id).orElseThrow();
        assertThat(state.stage()).isEqualTo(PipelineState.Stage.TRAINING);
        assertThat(state.spaceIndex()).isZero();
        assertThat(state.supernet()).matches(".*/space-0/step-[0-9]{8}");
        assertThat(Files.isDirectory(harness.artifacts.resolve(state.supernet()))).isTrue();
    }

    @Test
    void cancelDuringEvolutionStopsWithinOneHeartbeat() {
        // Enough generations that the search is still running one heartbeat after the cancel request.
        UUID id = harness.submit(PipelineHarness.withGenerations(PipelineHarness.tinySpec("cancel-search"), 15));
        AtomicLong cancelledAt = cancelWhen(id, call -> call.method().equals("generation") && call.index() == 0);
        workers.add(harness.startWorker("cpu", HEARTBEAT));

        awaitExperimentJob(id, JobState.CANCELLED, Duration.ofMinutes(2));

        assertStoppedWithinOneHeartbeat(cancelledAt);
        PipelineState state = harness.checkpoint(id).orElseThrow();
        assertThat(state.stage()).isEqualTo(PipelineState.Stage.SEARCH);
        assertThat(state.search().generations()).isNotEmpty();
        assertThat(Files.isDirectory(harness.artifacts.resolve(state.supernet()))).isTrue();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(jobs(id, EvaluationPipeline.KIND))
                .extracting(JobView::state)
                .allMatch(jobState -> jobState == JobState.SUCCEEDED || jobState == JobState.CANCELLED));
        assertThat(harness.recorder.generations(id)).hasSize(state.search().generations().size());
    }

    /**
     * Requests cancellation of the experiment from another thread when the first matching recorder
     * call happens, and returns when that was (in {@link System#nanoTime()}), or 0 before.
     */
    private AtomicLong cancelWhen(UUID experimentId, Predicate<RecordingRecorder.Call> when) {
        AtomicLong requestedAt = new AtomicLong();
        harness.recorder.onCall = call -> {
            if (call.experimentId().equals(experimentId) && when.test(call) && requestedAt.get() == 0) {
                requestedAt.set(-1);
                // Another thread, because the pipeline may call the recorder inside a transaction
                // that holds the job's row lock, which the cancel request waits for.
                canceller.submit(() -> {
                    harness.queue.requestCancel(experimentId);
                    requestedAt.set(System.nanoTime());
                });
            }
        };
        return requestedAt;
    }

    private void assertStoppedWithinOneHeartbeat(AtomicLong cancelledAt) {
        long stoppedAt = System.nanoTime();
        assertThat(cancelledAt.get()).isPositive();
        assertThat(Duration.ofNanos(stoppedAt - cancelledAt.get())).isLessThan(HEARTBEAT.plus(SCHEDULING_SLACK));
    }

    private JobView awaitExperimentJob(UUID experimentId, JobState state, Duration timeout) {
        return await().atMost(timeout).pollInterval(Duration.ofMillis(20))
                .until(() -> jobs(experimentId, ExperimentService.JOB_KIND).get(0), job -> job.state() == state);
    }

    private List<JobView> jobs(UUID experimentId, String kind) {
        return harness.queue.findByExperiment(experimentId).stream().filter(job -> job.kind().equals(kind)).toList();
    }

    private Map<Integer, String> best(UUID id) {
        Map<Integer, ArchitectureRecord> records = harness.recorder.architectures(id);
        return Map.of(1, records.get(1).architecture().id() + " " + records.get(1).validationError(),
                2, records.get(2).architecture().id() + " " + records.get(2).validationError());
    }

    @SuppressWarnings("unchecked")
    private static MetricPoint lastPoint(RecordingRecorder.Call call) {
        List<MetricPoint> points = (List<MetricPoint>) call.value();
        return points.get(points.size() - 1);
    }
}
