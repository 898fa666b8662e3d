package io.vitsearch.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.zaxxer.hikari.HikariDataSource;
import io.vitsearch.queue.ClaimedJob;
import io.vitsearch.queue.JobState;
import io.vitsearch.queue.JobView;
import io.vitsearch.queue.MutableClock;
import io.vitsearch.queue.NewJob;
import io.vitsearch.queue.PostgresJobQueue;
import io.vitsearch.queue.QueueProperties;
import io.vitsearch.queue.RecordingListener;
import io.vitsearch.queue.TestQueues;
import io.vitsearch.testsupport.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

class WorkerTest {

    private static final Duration LEASE = Duration.ofSeconds(30);

    private static final Duration HEARTBEAT = Duration.ofMillis(200);

    private static final QueueProperties QUEUE_PROPERTIES = new QueueProperties(LEASE, 3, Duration.ZERO, Duration.ofSeconds(10));

    private static final WorkerProperties WORKER_PROPERTIES = new WorkerProperties(
            List.of("gpu0"), HEARTBEAT, Duration.ofMillis(20), Duration.ofMillis(500), Duration.ofSeconds(1));

    /** Slack for thread scheduling on a loaded machine, on top of the one heartbeat a cancel may take. */
    private static final Duration SCHEDULING_SLACK = Duration.ofMillis(500);

    private static HikariDataSource dataSource;

    private final List<Worker> workers = new ArrayList<>();

    private MutableClock clock;

    private RecordingListener listener;

    private PostgresJobQueue queue;

    @BeforeAll
    static void createDatabase() {
        dataSource = TestDatabases.createMigratedDataSource(6);
    }

    @AfterAll
    static void closeDatabase() {
        dataSource.close();
    }

    @BeforeEach
    void emptyQueue() {
        new JdbcTemplate(dataSource).execute("TRUNCATE job, experiment CASCADE");
        clock = MutableClock.atFixedStart();
        listener = new RecordingListener();
        queue = TestQueues.create(dataSource, clock, QUEUE_PROPERTIES, listener);
    }

    @AfterEach
    void stopWorkers() {
        workers.forEach(Worker::stop);
    }

    @Test
    void successfulPipelineCompletesJob() {
        List<JobContext> seen = new CopyOnWriteArrayList<>();
        startWorker(pipeline("echo", seen::add));
        UUID id = queue.enqueue(NewJob.of(null, "echo", 0, "{\"n\": 1}"));

        JobView job = awaitState(id, JobState.SUCCEEDED);

        assertThat(job.attempt()).isEqualTo(1);
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).device()).isEqualTo("gpu0");
        assertThat(seen.get(0).payload()).isEqualToIgnoringWhitespace("{\"n\": 1}");
        assertThat(listener.types()).containsExactly("claimed", "succeeded");
    }

    @Test
    void failingPipelineIsRetriedThenFails() {
        AtomicInteger runs = new AtomicInteger();
        startWorker(pipeline("flaky", context -> {
            runs.incrementAndGet();
            throw new IllegalStateException("supernet diverged", new IOException("loss is NaN"));
        }));
        UUID id = queue.enqueue(new NewJob(null, "flaky", 0, null, 2, null));

        JobView job = awaitState(id, JobState.FAILED);

        assertThat(runs.get()).isEqualTo(2);
        assertThat(job.attempt()).isEqualTo(2);
        assertThat(job.lastError()).isEqualTo(
                "java.lang.IllegalStateException: supernet diverged (caused by java.io.IOException: loss is NaN)");
        assertThat(listener.types()).containsExactly("claimed", "requeued", "claimed", "failed");
    }

    @Test
    void nonRetryableFailureFailsFirstAttempt() {
        AtomicInteger runs = new AtomicInteger();
        startWorker(pipeline("strict", context -> {
            runs.incrementAndGet();
            throw new RuntimeException("wrapped", new NonRetryableException("dataset 'cifar' is not registered"));
        }));
        UUID id = queue.enqueue(NewJob.of(null, "strict", 0, null));

        JobView job = awaitState(id, JobState.FAILED);

        assertThat(runs.get()).isEqualTo(1);
        assertThat(job.attempt()).isEqualTo(1);
        assertThat(job.lastError()).contains("NonRetryableException: dataset 'cifar' is not registered");
    }

    @Test
    void cancelStopsCheckingPipelineWithinHeartbeat() {
        UUID experimentId = insertExperiment();
        CountDownLatch started = new CountDownLatch(1);
        AtomicLong stoppedAt = new AtomicLong();
        startWorker(pipeline("loop", context -> {
            started.countDown();
            try {
                while (true) {
                    context.ensureActive();
                    spin(Duration.ofMillis(1));
                }
            } catch (CancelledException e) {
                stoppedAt.set(System.nanoTime());
                throw e;
            }
        }));
        UUID id = queue.enqueue(NewJob.of(experimentId, "loop", 0, null));
        awaitLatch(started);

        long requestedAt = System.nanoTime();
        queue.requestCancel(experimentId);

        JobView job = awaitState(id, JobState.CANCELLED);
        assertThat(Duration.ofNanos(stoppedAt.get() - requestedAt)).isLessThan(HEARTBEAT.plus(SCHEDULING_SLACK));
        assertThat(job.attempt()).isEqualTo(1);
        assertThat(listener.types()).containsExactly("claimed", "cancelled");
    }

    @Test
    void cancelInterruptsPipelineThatNeverChecks() {
        UUID experimentId = insertExperiment();
        CountDownLatch started = new CountDownLatch(1);
        AtomicLong stoppedAt = new AtomicLong();
        startWorker(pipeline("sleeper", context -> {
            started.countDown();
            try {
                Thread.sleep(60_000);
            } finally {
                stoppedAt.set(System.nanoTime());
            }
        }));
        UUID id = queue.enqueue(NewJob.of(experimentId, "sleeper", 0, null));
        awaitLatch(started);

        long requestedAt = System.nanoTime();
        queue.requestCancel(experimentId);

        awaitState(id, JobState.CANCELLED);
        assertThat(Duration.ofNanos(stoppedAt.get() - requestedAt)).isLessThan(HEARTBEAT.plus(SCHEDULING_SLACK));
    }

    @Test
    void pipelineThatReturnsOnCancelEndsCancelled() {
        UUID experimentId = insertExperiment();
        CountDownLatch started = new CountDownLatch(1);
        startWorker(pipeline("polite", context -> {
            started.countDown();
            while (!context.isCancelRequested()) {
                spin(Duration.ofMillis(1));
            }
        }));
        UUID id = queue.enqueue(NewJob.of(experimentId, "polite", 0, null));
        awaitLatch(started);

        queue.requestCancel(experimentId);

        awaitState(id, JobState.CANCELLED);
    }

    @Test
    void lostLeaseDiscardsOutcome() {
        CountDownLatch interrupted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        startWorker(pipeline("slow", context -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
                release.await();
            }
        }));
        UUID id = queue.enqueue(NewJob.of(null, "slow", 0, null));
        awaitState(id, JobState.RUNNING);

        clock.advance(LEASE);
        queue.reclaimExpiredLeases();
        ClaimedJob replacement = queue.claim("replacement", List.of("slow")).orElseThrow();
        awaitLatch(interrupted);
        JobView before = queue.find(id).orElseThrow();
        release.countDown();

        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> queue.find(id).orElseThrow().equals(before));
        assertThat(before.state()).isEqualTo(JobState.RUNNING);
        assertThat(before.attempt()).isEqualTo(replacement.attempt());
        assertThat(before.leaseOwner()).isEqualTo("replacement");
    }

    @Test
    void shutdownWaitsForRunningJob() {
        CountDownLatch started = new CountDownLatch(1);
        startWorker(pipeline("short", context -> {
            started.countDown();
            Thread.sleep(200);
        }));
        UUID id = queue.enqueue(NewJob.of(null, "short", 0, null));
        awaitLatch(started);

        workers.get(0).stop();

        assertThat(queue.find(id).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(workers.get(0).isRunning()).isFalse();
    }

    @Test
    void shutdownAfterGraceLeavesLeaseToExpire() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<JobContext> contexts = new CopyOnWriteArrayList<>();
        startWorker(pipeline("stubborn", context -> {
            contexts.add(context);
            started.countDown();
            while (release.getCount() > 0) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    // Ignored, as native training code would ignore it.
                }
            }
        }));
        UUID id = queue.enqueue(NewJob.of(null, "stubborn", 0, null));
        awaitLatch(started);

        long stopStarted = System.nanoTime();
        workers.get(0).stop();
        Duration stopTook = Duration.ofNanos(System.nanoTime() - stopStarted);

        assertThat(stopTook).isGreaterThanOrEqualTo(WORKER_PROPERTIES.shutdownGrace());
        assertThat(contexts.get(0).isStopRequested()).isTrue();
        JobView leftBehind = queue.find(id).orElseThrow();
        assertThat(leftBehind.state()).isEqualTo(JobState.RUNNING);
        clock.advance(Duration.ofSeconds(1));
        Thread.sleep(HEARTBEAT.multipliedBy(2).toMillis());
        assertThat(queue.find(id).orElseThrow().leaseExpiresAt())
                .as("no heartbeat after shutdown")
                .isEqualTo(leftBehind.leaseExpiresAt());
        release.countDown();
        Thread.sleep(HEARTBEAT.toMillis());
        assertThat(queue.find(id).orElseThrow().state()).isEqualTo(JobState.RUNNING);

        clock.advance(LEASE);
        assertThat(queue.reclaimExpiredLeases()).containsExactly(id);
    }

    @Test
    void heartbeatLongerThanHalfLeaseIsRejected() {
        WorkerProperties slowHeartbeat = new WorkerProperties(
                List.of("cpu"), Duration.ofSeconds(20), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1));

        assertThatThrownBy(() -> new Worker("cpu", queue, List.of(), slowHeartbeat, QUEUE_PROPERTIES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("heartbeat-interval (PT20S)")
                .hasMessageContaining("lease-duration (PT30S)");
    }

    @Test
    void twoPipelinesForOneKindAreRejected() {
        List<Pipeline> pipelines = List.of(pipeline("same", context -> { }), pipeline("same", context -> { }));

        assertThatThrownBy(() -> new Worker("cpu", queue, pipelines, WORKER_PROPERTIES, QUEUE_PROPERTIES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Two pipelines run job kind 'same'");
    }

    @Test
    void describeCutsLongErrors() {
        String description = Worker.describe(new IllegalStateException("x".repeat(5000)));

        assertThat(description).hasSize(Worker.MAX_ERROR_LENGTH).endsWith("...");
    }

    private void startWorker(Pipeline pipeline) {
        Worker worker = new Worker("gpu0", queue, List.of(pipeline), WORKER_PROPERTIES, QUEUE_PROPERTIES);
        workers.add(worker);
        worker.start();
    }

    private JobView awaitState(UUID id, JobState state) {
        return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> queue.find(id).orElseThrow(), job -> job.state() == state);
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).as("pipeline reached the expected point").isTrue();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Burns CPU without blocking, so only the context's flag can stop a loop around it. */
    private static void spin(Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    private UUID insertExperiment() {
        UUID id = UUID.randomUUID();
        new JdbcTemplate(dataSource).update("""
                INSERT INTO experiment (id, name, spec, status, created_at, updated_at)
                VALUES (?, 'test', '{}'::jsonb, 'RUNNING', now(), now())
                """, id);
        return id;
    }

    private static Pipeline pipeline(String kind, PipelineBody body) {
        return new Pipeline() {
            @Override
            public String kind() {
                return kind;
            }

            @Override
            public void run(JobContext context) throws Exception {
                body.run(context);
            }
        };
    }

    @FunctionalInterface
    private interface PipelineBody {
        void run(JobContext context) throws Exception;
    }
}
