package io.vitsearch.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import ch.qos.logback.classic.Level;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vitsearch.testsupport.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

class PostgresJobQueueTest {

    private static final Duration LEASE = Duration.ofSeconds(30);

    private static final Duration RETRY_DELAY = Duration.ofSeconds(5);

    private static final QueueProperties PROPERTIES = new QueueProperties(LEASE, 3, RETRY_DELAY, Duration.ofSeconds(10));

    private static HikariDataSource dataSource;

    private MutableClock clock;

    private RecordingListener listener;

    private MeterRegistry registry;

    private PostgresJobQueue queue;

    @BeforeAll
    static void createDatabase() {
        dataSource = TestDatabases.createMigratedDataSource(4);
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
        registry = new SimpleMeterRegistry();
        queue = TestQueues.create(dataSource, clock, PROPERTIES, registry, listener);
    }

    @Test
    void enqueueStoresDefaultsAndPayload() {
        UUID id = queue.enqueue(NewJob.of(null, "evaluation", 2, "{\"subnet\": 7}"));

        JobView job = queue.find(id).orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.QUEUED);
        assertThat(job.priority()).isEqualTo(2);
        assertThat(job.attempt()).isZero();
        assertThat(job.maxAttempts()).isEqualTo(3);
        assertThat(job.createdAt()).isEqualTo(clock.instant());
        assertThat(job.runAfter()).isEqualTo(clock.instant());
        assertThat(job.cancelRequested()).isFalse();

        ClaimedJob claimed = queue.claim("w1", List.of("evaluation")).orElseThrow();
        assertThat(claimed.payload()).isEqualToIgnoringWhitespace("{\"subnet\": 7}");
    }

    @Test
    void claimLeasesJobToWorker() {
        UUID experimentId = insertExperiment();
        UUID id = queue.enqueue(new NewJob(experimentId, "experiment", 0, null, 5, null));

        ClaimedJob claimed = queue.claim("worker-a", List.of("experiment")).orElseThrow();

        assertThat(claimed.jobId()).isEqualTo(id);
        assertThat(claimed.experimentId()).isEqualTo(experimentId);
        assertThat(claimed.attempt()).isEqualTo(1);
        assertThat(claimed.maxAttempts()).isEqualTo(5);
        assertThat(claimed.lease().owner()).isEqualTo("worker-a");
        assertThat(claimed.lease().expiresAt()).isEqualTo(clock.instant().plus(LEASE));
        JobView row = queue.find(id).orElseThrow();
        assertThat(row.state()).isEqualTo(JobState.RUNNING);
        assertThat(row.leaseOwner()).isEqualTo("worker-a");
        assertThat(row.leaseExpiresAt()).isEqualTo(clock.instant().plus(LEASE));
        assertThat(listener.types()).containsExactly("claimed");
        assertThat(listener.events().get(0).job().state()).isEqualTo(JobState.RUNNING);
    }

    @Test
    void claimOrdersByPriorityThenAge() {
        UUID lowOld = queue.enqueue(NewJob.of(null, "k", 0, null));
        clock.advance(Duration.ofSeconds(1));
        UUID highNew = queue.enqueue(NewJob.of(null, "k", 5, null));
        clock.advance(Duration.ofSeconds(1));
        UUID lowNew = queue.enqueue(NewJob.of(null, "k", 0, null));
        clock.advance(Duration.ofSeconds(1));
        UUID highNewest = queue.enqueue(NewJob.of(null, "k", 5, null));

        List<UUID> order = List.of(claimId(), claimId(), claimId(), claimId());

        assertThat(order).containsExactly(highNew, highNewest, lowOld, lowNew);
        assertThat(queue.claim("w", List.of("k"))).isEmpty();
    }

    @Test
    void claimSkipsJobsNotYetDue() {
        Instant later = clock.instant().plus(Duration.ofMinutes(5));
        UUID delayed = queue.enqueue(new NewJob(null, "k", 10, null, null, later));

        assertThat(queue.claim("w", List.of("k"))).isEmpty();

        clock.set(later);
        assertThat(claimId()).isEqualTo(delayed);
    }

    @Test
    void claimTakesOnlyRequestedKinds() {
        UUID evaluation = queue.enqueue(NewJob.of(null, "evaluation", 9, null));
        UUID experiment = queue.enqueue(NewJob.of(null, "experiment", 0, null));

        ClaimedJob claimed = queue.claim("w", List.of("experiment", "export")).orElseThrow();

        assertThat(claimed.jobId()).isEqualTo(experiment);
        assertThat(queue.claim("w", List.of("export"))).isEmpty();
        assertThat(queue.find(evaluation).orElseThrow().state()).isEqualTo(JobState.QUEUED);
    }

    @Test
    void claimRejectsEmptyKinds() {
        assertThatThrownBy(() -> queue.claim("w", List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one job kind");
    }

    @Test
    void heartbeatExtendsLease() {
        queue.enqueue(NewJob.of(null, "k", 0, null));
        ClaimedJob claimed = queue.claim("w", List.of("k")).orElseThrow();

        clock.advance(Duration.ofSeconds(20));
        HeartbeatResult result = queue.heartbeat(claimed.lease());

        assertThat(result).isEqualTo(HeartbeatResult.CONTINUE);
        assertThat(queue.find(claimed.jobId()).orElseThrow().leaseExpiresAt()).isEqualTo(clock.instant().plus(LEASE));
        clock.advance(Duration.ofSeconds(20));
        assertThat(queue.reclaimExpiredLeases()).isEmpty();
    }

    @Test
    void expiredLeaseFencesCrashedWorker() {
        UUID id = queue.enqueue(NewJob.of(null, "k", 0, null));
        ClaimedJob first = queue.claim("crashed", List.of("k")).orElseThrow();

        clock.advance(LEASE);
        assertThatThrownBy(() -> queue.heartbeat(first.lease())).isInstanceOf(LeaseLostException.class);
        List<UUID> reclaimed = queue.reclaimExpiredLeases();

        assertThat(reclaimed).containsExactly(id);
        JobView requeued = queue.find(id).orElseThrow();
        assertThat(requeued.state()).isEqualTo(JobState.QUEUED);
        assertThat(requeued.leaseExpiresAt()).isNull();
        assertThat(requeued.lastError()).startsWith("lease expired at " + first.lease().expiresAt())
                .contains("crashed");
        assertThat(listener.types()).containsExactly("claimed", "requeued");

        ClaimedJob second = queue.claim("healthy", List.of("k")).orElseThrow();
        assertThat(second.jobId()).isEqualTo(id);
        assertThat(second.attempt()).isEqualTo(first.attempt() + 1);
        JobView before = queue.find(id).orElseThrow();

        assertThatThrownBy(() -> queue.heartbeat(first.lease())).isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> queue.complete(first.lease())).isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> queue.fail(first.lease(), "late", true)).isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> queue.acknowledgeCancel(first.lease())).isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> queue.verifyLease(first.lease())).isInstanceOf(LeaseLostException.class);
        queue.verifyLease(second.lease());

        assertThat(queue.find(id).orElseThrow()).isEqualTo(before);
        assertThat(listener.types()).containsExactly("claimed", "requeued", "claimed");
        queue.complete(second.lease());
        assertThat(queue.find(id).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(registry.counter("vitsearch.queue.lease.expiries", "kind", "k", "outcome", "QUEUED").count())
                .isEqualTo(1.0);
    }

    @Test
    void leaseLostMessageNamesHolder() {
        UUID id = queue.enqueue(NewJob.of(null, "k", 0, null));
        ClaimedJob first = queue.claim("crashed", List.of("k")).orElseThrow();
        clock.advance(LEASE);
        queue.reclaimExpiredLeases();
        queue.claim("healthy", List.of("k")).orElseThrow();

        assertThatThrownBy(() -> queue.complete(first.lease()))
                .isInstanceOfSatisfying(LeaseLostException.class, e -> {
                    assertThat(e.jobId()).isEqualTo(id);
                    assertThat(e.attempt()).isEqualTo(1);
                })
                .hasMessageContaining("job " + id + " attempt 1")
                .hasMessageContaining("now RUNNING on attempt 2 held by worker healthy")
                .hasMessageContaining("Stop working on this job");
    }

    @Test
    void completeMarksSucceeded() {
        UUID id = queue.enqueue(NewJob.of(null, "k", 0, null));
        ClaimedJob claimed = queue.claim("w", List.of("k")).orElseThrow();
        clock.advance(Duration.ofSeconds(3));

        queue.complete(claimed.lease());

        JobView job = queue.find(id).orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(job.finishedAt()).isEqualTo(clock.instant());
        assertThat(job.leaseExpiresAt()).isNull();
        assertThat(job.leaseOwner()).isEqualTo("w");
        assertThat(listener.types()).containsExactly("claimed", "succeeded");
        assertThatThrownBy(() -> queue.complete(claimed.lease())).isInstanceOf(LeaseLostException.class);
    }

    @Test
    void retryableFailureRequeuesAfterRetryDelay() {
        UUID id = queue.enqueue(NewJob.of(null, "k", 0, null));
        ClaimedJob claimed = queue.claim("w", List.of("k")).orElseThrow();

        queue.fail(claimed.lease(), "java.io.IOException: disk full", true);

        JobView job = queue.find(id).orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.QUEUED);
        assertThat(job.lastError()).isEqualTo("java.io.IOException: disk full");
        assertThat(job.runAfter()).isEqualTo(clock.instant().plus(RETRY_DELAY));
        assertThat(job.finishedAt()).isNull();
        assertThat(queue.claim("w", List.of("k"))).isEmpty();
        clock.advance(RETRY_DELAY);
        assertThat(queue.claim("w", List.of("k")).orElseThrow().attempt()).isEqualTo(2);
        assertThat(listener.types()).containsExactly("claimed", "requeued", "claimed");
    }

    @Test
    void exhaustedAttemptsFailWithLastError() {
        UUID id = queue.enqueue(new NewJob(null, "k", 0, null, 2, null));

        ClaimedJob first = queue.claim("w", List.of("k")).orElseThrow();
        queue.fail(first.lease(), "first error", true);
        clock.advance(RETRY_DELAY);
        ClaimedJob second = queue.claim("w", List.of("k")).orElseThrow();
        queue.fail(second.lease(), "second error", true);

        JobView job = queue.find(id).orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.FAILED);
        assertThat(job.attempt()).isEqualTo(2);
        assertThat(job.lastError()).isEqualTo("second error");
        assertThat(job.finishedAt()).isEqualTo(clock.instant());
        assertThat(listener.types()).containsExactly("claimed", "requeued", "claimed", "failed");
        assertThat(listener.events().get(3).job().lastError()).isEqualTo("second error");
        clock.advance(Duration.ofHours(1));
        assertThat(queue.claim("w", List.of("k"))).isEmpty();
        assertThat(registry.counter("vitsearch.queue.failures", "kind", "k", "outcome", "FAILED").count())
                .isEqualTo(1.0);
        assertThat(registry.counter("vitsearch.queue.failures", "kind", "k", "outcome", "QUEUED").count())
                .isEqualTo(1.0);
    }

    @Test
    void expiredLeaseOnLastAttemptFails() {
        UUID id = queue.enqueue(new NewJob(null, "k", 0, null, 1, null));
        queue.claim("crashed", List.of("k")).orElseThrow();

        clock.advance(LEASE.plusSeconds(1));
        assertThat(queue.reclaimExpiredLeases()).containsExactly(id);

        JobView job = queue.find(id).orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.FAILED);
        assertThat(job.lastError()).contains("lease expired").contains("last attempt (1 of 1)");
        assertThat(listener.types()).containsExactly("claimed", "failed");
    }

    @Test
    void nonRetryableFailureFailsAtOnce() {
        UUID id = queue.enqueue(NewJob.of(null, "k", 0, null));
        ClaimedJob claimed = queue.claim("w", List.of("k")).orElseThrow();

        queue.fail(claimed.lease(), "invalid spec", false);

        JobView job = queue.find(id).orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.FAILED);
        assertThat(job.attempt()).isEqualTo(1);
        assertThat(job.lastError()).isEqualTo("invalid spec");
        assertThat(listener.types()).containsExactly("claimed", "failed");
    }

    @Test
    void cancelEndsQueuedJobsAtOnce() {
        UUID experimentId = insertExperiment();
        UUID otherExperiment = insertExperiment();
        UUID first = queue.enqueue(NewJob.of(experimentId, "k", 0, null));
        UUID second = queue.enqueue(NewJob.of(experimentId, "k", 0, null));
        UUID other = queue.enqueue(NewJob.of(otherExperiment, "k", 0, null));

        queue.requestCancel(experimentId);

        for (UUID id : List.of(first, second)) {
            JobView job = queue.find(id).orElseThrow();
            assertThat(job.state()).isEqualTo(JobState.CANCELLED);
            assertThat(job.finishedAt()).isEqualTo(clock.instant());
        }
        assertThat(listener.types()).containsExactly("cancelled", "cancelled");
        assertThat(claimId()).isEqualTo(other);
    }

    @Test
    void cancelReachesRunningJobAtHeartbeat() {
        UUID experimentId = insertExperiment();
        UUID id = queue.enqueue(NewJob.of(experimentId, "k", 0, null));
        ClaimedJob claimed = queue.claim("w", List.of("k")).orElseThrow();

        queue.requestCancel(experimentId);

        assertThat(queue.find(id).orElseThrow().state()).isEqualTo(JobState.RUNNING);
        assertThat(queue.heartbeat(claimed.lease())).isEqualTo(HeartbeatResult.CANCEL_REQUESTED);
        queue.acknowledgeCancel(claimed.lease());
        JobView job = queue.find(id).orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.CANCELLED);
        assertThat(job.cancelRequested()).isTrue();
        assertThat(listener.types()).containsExactly("claimed", "cancelled");
    }

    @Test
    void failureAfterCancelRequestIsNotRetried() {
        UUID experimentId = insertExperiment();
        UUID id = queue.enqueue(NewJob.of(experimentId, "k", 0, null));
        ClaimedJob claimed = queue.claim("w", List.of("k")).orElseThrow();
        queue.requestCancel(experimentId);

        queue.fail(claimed.lease(), "java.lang.InterruptedException", true);

        JobView job = queue.find(id).orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.CANCELLED);
        assertThat(job.lastError()).isEqualTo("java.lang.InterruptedException");
        assertThat(listener.types()).containsExactly("claimed", "cancelled");
    }

    @Test
    void expiredLeaseAfterCancelRequestEndsCancelled() {
        UUID experimentId = insertExperiment();
        UUID id = queue.enqueue(NewJob.of(experimentId, "k", 0, null));
        queue.claim("crashed", List.of("k")).orElseThrow();
        queue.requestCancel(experimentId);

        clock.advance(LEASE);
        queue.reclaimExpiredLeases();

        assertThat(queue.find(id).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
        assertThat(listener.types()).containsExactly("claimed", "cancelled");
    }

    @Test
    void listenerFailureRollsBackClaim() {
        UUID id = queue.enqueue(NewJob.of(null, "k", 0, null));
        JobEventListener failing = new JobEventListener() {
            @Override
            public void onClaimed(JobView job) {
                throw new IllegalStateException("experiment row is locked");
            }
        };
        PostgresJobQueue failingQueue = TestQueues.create(dataSource, clock, PROPERTIES, failing);

        assertThatThrownBy(() -> failingQueue.claim("w", List.of("k")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("experiment row is locked");

        JobView job = queue.find(id).orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.QUEUED);
        assertThat(job.attempt()).isZero();
    }

    @Test
    void reclaimHandlesMoreThanOneBatch() throws Exception {
        int jobs = 250;
        List<UUID> reclaimed;
        try (AutoCloseable quiet = LogLevels.set(PostgresJobQueue.class, Level.WARN)) {
            for (int i = 0; i < jobs; i++) {
                queue.enqueue(NewJob.of(null, "k", 0, null));
                queue.claim("crashed", List.of("k")).orElseThrow();
            }

            clock.advance(LEASE);
            reclaimed = queue.reclaimExpiredLeases();
        }

        assertThat(Set.copyOf(reclaimed)).hasSize(jobs);
        Integer queued = new JdbcTemplate(dataSource).queryForObject(
                "SELECT count(*) FROM job WHERE state = 'QUEUED' AND attempt = 1", Integer.class);
        assertThat(queued).isEqualTo(jobs);
    }

    @Test
    void depthGaugeCountsQueuedAndRunningJobs() {
        queue.enqueue(NewJob.of(null, "k", 0, null));
        queue.enqueue(NewJob.of(null, "k", 0, null));
        queue.enqueue(NewJob.of(null, "k", 0, null));
        queue.claim("w", List.of("k")).orElseThrow();

        assertThat(registry.get("vitsearch.queue.jobs").tag("state", "QUEUED").gauge().value()).isEqualTo(2.0);
        assertThat(registry.get("vitsearch.queue.jobs").tag("state", "RUNNING").gauge().value()).isEqualTo(1.0);

        queue.claim("w", List.of("k")).orElseThrow();
        assertThat(registry.get("vitsearch.queue.jobs").tag("state", "QUEUED").gauge().value())
                .as("cached until the cache time passes")
                .isEqualTo(2.0);
        clock.advance(PROPERTIES.depthGaugeCacheTime());
        assertThat(registry.get("vitsearch.queue.jobs").tag("state", "QUEUED").gauge().value()).isEqualTo(1.0);
        assertThat(registry.get("vitsearch.queue.jobs").tag("state", "RUNNING").gauge().value()).isEqualTo(2.0);
    }

    @Test
    void claimMetricsCountClaimsAndEmptyPolls() {
        queue.enqueue(NewJob.of(null, "k", 0, null));

        ClaimedJob claimed = queue.claim("w", List.of("k")).orElseThrow();
        Optional<ClaimedJob> none = queue.claim("w", List.of("k"));
        queue.complete(claimed.lease());

        assertThat(none).isEmpty();
        assertThat(registry.get("vitsearch.queue.claim").tag("result", "claimed").timer().count()).isEqualTo(1);
        assertThat(registry.get("vitsearch.queue.claim").tag("result", "empty").timer().count()).isEqualTo(1);
        assertThat(registry.counter("vitsearch.queue.claims", "kind", "k").count()).isEqualTo(1.0);
        assertThat(registry.counter("vitsearch.queue.completions", "kind", "k").count()).isEqualTo(1.0);
    }

    private UUID claimId() {
        return queue.claim("w", List.of("k")).orElseThrow().jobId();
    }

    private UUID insertExperiment() {
        UUID id = UUID.randomUUID();
        new JdbcTemplate(dataSource).update("""
                INSERT INTO experiment (id, name, spec, status, created_at, updated_at)
                VALUES (?, 'test', '{}'::jsonb, 'QUEUED', now(), now())
                """, id);
        return id;
    }
}
