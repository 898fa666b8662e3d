package io.vitsearch.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import com.zaxxer.hikari.HikariDataSource;
import io.vitsearch.testsupport.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

class JobQueueConcurrencyTest {

    private static final int WORKERS = 4;

    private static final int JOBS = 2000;

    private static HikariDataSource dataSource;

    @BeforeAll
    static void createDatabase() {
        dataSource = TestDatabases.createMigratedDataSource(WORKERS + 2);
    }

    @AfterAll
    static void closeDatabase() {
        dataSource.close();
    }

    @Test
    void fourWorkersCompleteEachJobOnce() throws Exception {
        MutableClock clock = MutableClock.atFixedStart();
        Set<UUID> enqueued = enqueueJobs(TestQueues.create(dataSource, clock, QueueProperties.defaults()));
        Map<UUID, AtomicInteger> claimsPerJob = new ConcurrentHashMap<>();
        RecordingCounter listener = new RecordingCounter();
        CountDownLatch start = new CountDownLatch(1);

        ExecutorService threads = Executors.newFixedThreadPool(WORKERS);
        List<Future<List<UUID>>> results = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            // Each worker has its own queue client, as separate processes would.
            PostgresJobQueue queue = TestQueues.create(dataSource, clock, QueueProperties.defaults(), listener);
            results.add(threads.submit(drain(queue, "worker-" + w, start, claimsPerJob)));
        }
        List<List<UUID>> completedByWorker = new ArrayList<>();
        // Two INFO lines per job would bury the test output.
        try (AutoCloseable quiet = LogLevels.set(PostgresJobQueue.class, Level.WARN)) {
            start.countDown();
            for (Future<List<UUID>> result : results) {
                completedByWorker.add(result.get(60, TimeUnit.SECONDS));
            }
        } finally {
            threads.shutdown();
        }

        List<UUID> allCompleted = completedByWorker.stream().flatMap(List::stream).toList();
        assertThat(allCompleted).hasSize(JOBS);
        assertThat(new HashSet<>(allCompleted)).isEqualTo(enqueued);
        assertThat(claimsPerJob.values()).allMatch(claims -> claims.get() == 1);
        assertThat(completedByWorker).allSatisfy(completed -> assertThat(completed).isNotEmpty());
        assertThat(listener.claimed.get()).isEqualTo(JOBS);
        assertThat(listener.succeeded.get()).isEqualTo(JOBS);

        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM job", Integer.class)).isEqualTo(JOBS);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM job WHERE state = 'SUCCEEDED'", Integer.class))
                .isEqualTo(JOBS);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM job WHERE attempt <> 1", Integer.class)).isZero();
        for (int w = 0; w < WORKERS; w++) {
            assertThat(jdbc.queryForObject("SELECT count(*) FROM job WHERE lease_owner = ?", Integer.class, "worker-" + w))
                    .as("jobs recorded for worker-%d", w)
                    .isEqualTo(completedByWorker.get(w).size());
        }
    }

    /** Enqueues in one caller transaction, which enqueue joins, to spare 2,000 commits. */
    private static Set<UUID> enqueueJobs(PostgresJobQueue queue) {
        Set<UUID> ids = new HashSet<>();
        TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        transaction.executeWithoutResult(status -> {
            for (int i = 0; i < JOBS; i++) {
                ids.add(queue.enqueue(NewJob.of(null, "evaluation", i % 3, null)));
            }
        });
        return ids;
    }

    private static Callable<List<UUID>> drain(PostgresJobQueue queue, String workerId, CountDownLatch start,
            Map<UUID, AtomicInteger> claimsPerJob) {
        return () -> {
            start.await();
            List<UUID> completed = new ArrayList<>();
            while (true) {
                var claimed = queue.claim(workerId, List.of("evaluation"));
                if (claimed.isEmpty()) {
                    return completed;
                }
                ClaimedJob job = claimed.get();
                claimsPerJob.computeIfAbsent(job.jobId(), id -> new AtomicInteger()).incrementAndGet();
                queue.complete(job.lease());
                completed.add(job.jobId());
            }
        };
    }

    private static final class RecordingCounter implements JobEventListener {

        final AtomicInteger claimed = new AtomicInteger();

        final AtomicInteger succeeded = new AtomicInteger();

        @Override
        public void onClaimed(JobView job) {
            claimed.incrementAndGet();
        }

        @Override
        public void onSucceeded(JobView job) {
            succeeded.incrementAndGet();
        }
    }
}
