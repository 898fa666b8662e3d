package io.vitsearch.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vitsearch.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Measures how many jobs per second workers claim and complete through {@link PostgresJobQueue},
 * against a reference in the same run: the bare pattern of one {@code FOR UPDATE SKIP LOCKED}
 * claim and one completing update per job, on a table with only an id, a state, a priority and a
 * creation time. The ratio shows what leases, attempts, fencing and events cost. Run on request:
 * {@code ./mvnw -B -o -q test -Dtest=QueueThroughputBenchmark -Dvitsearch.bench=true}; results go to
 * stdout and target/bench/queue.txt.
 */
@EnabledIfSystemProperty(named = "vitsearch.bench", matches = "true")
class QueueThroughputBenchmark {

    private static final int JOBS = Integer.getInteger("bench.jobs", 4000);

    private static final int[] WORKER_COUNTS = {1, 2, 4, 8};

    private static final String KIND = "evaluation";

    private final List<String> lines = new ArrayList<>();

    @Test
    void claimAndCompleteThroughput() throws Exception {
        try (HikariDataSource dataSource = TestDatabases.createMigratedDataSource(WORKER_COUNTS[WORKER_COUNTS.length - 1] + 2);
                AutoCloseable quiet = LogLevels.set(PostgresJobQueue.class, Level.WARN)) {
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            jdbc.execute("CREATE TABLE reference_job (id uuid PRIMARY KEY, state text NOT NULL, "
                    + "priority integer NOT NULL, created_at timestamptz NOT NULL DEFAULT clock_timestamp())");
            jdbc.execute("CREATE INDEX reference_job_claim_idx ON reference_job (priority DESC, created_at, id) "
                    + "WHERE state = 'QUEUED'");

            report("date %s, %d jobs per run, available processors %d, PostgreSQL %s", LocalDate.now(), JOBS,
                    Runtime.getRuntime().availableProcessors(),
                    jdbc.queryForObject("SHOW server_version", String.class));
            report("%-8s %14s %14s %6s", "workers", "vitsearch/s", "reference/s", "ratio");
            // One untimed round of each, so that neither side pays for class loading, JIT compilation
            // or a cold database cache in its first timed row.
            measure(2, () -> enqueueJobs(dataSource), index -> drainQueue(dataSource, index));
            measure(2, () -> enqueueReference(jdbc), index -> drainReference(dataSource));
            jdbc.execute("TRUNCATE job, reference_job CASCADE");
            for (int workers : WORKER_COUNTS) {
                double ours = measure(workers, () -> enqueueJobs(dataSource), index -> drainQueue(dataSource, index));
                double reference = measure(workers, () -> enqueueReference(jdbc),
                        index -> drainReference(dataSource));
                report("%-8d %14.0f %14.0f %6.2f", workers, ours, reference, ours / reference);

                assertThat(jdbc.queryForObject("SELECT count(*) FROM job WHERE state <> 'SUCCEEDED'", Integer.class))
                        .isZero();
                assertThat(jdbc.queryForObject("SELECT count(*) FROM reference_job WHERE state <> 'DONE'",
                        Integer.class)).isZero();
                jdbc.execute("TRUNCATE job, reference_job CASCADE");
            }
            Files.createDirectories(Path.of("target/bench"));
            Files.write(Path.of("target/bench/queue.txt"), lines);
        }
    }

    /** Returns jobs per second for {@code workers} threads that drain what {@code fill} enqueued. */
    private static double measure(int workers, Runnable fill, WorkerBody body) throws Exception {
        fill.run();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(workers);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                int index = w;
                Callable<Integer> drain = body.create(index);
                done.add(threads.submit(() -> {
                    start.await();
                    return drain.call();
                }));
            }
            long started = System.nanoTime();
            start.countDown();
            int total = 0;
            for (Future<Integer> future : done) {
                total += future.get(10, TimeUnit.MINUTES);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            assertThat(total).isEqualTo(JOBS);
            return total / seconds;
        } finally {
            threads.shutdownNow();
        }
    }

    private static void enqueueJobs(HikariDataSource dataSource) {
        PostgresJobQueue queue = TestQueues.create(dataSource, Clock.systemUTC(), QueueProperties.defaults());
        new TransactionTemplate(new DataSourceTransactionManager(dataSource)).executeWithoutResult(status -> {
            for (int i = 0; i < JOBS; i++) {
                queue.enqueue(NewJob.of(null, KIND, i % 3, null));
            }
        });
    }

    private static void enqueueReference(JdbcTemplate jdbc) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            rows.add(new Object[] {UUID.randomUUID(), i % 3});
        }
        jdbc.batchUpdate("INSERT INTO reference_job (id, state, priority) VALUES (?, 'QUEUED', ?)", rows);
    }

    private static Callable<Integer> drainQueue(HikariDataSource dataSource, int index) {
        // Each worker has its own client, as separate processes would.
        PostgresJobQueue queue = TestQueues.create(dataSource, Clock.systemUTC(), QueueProperties.defaults(),
                new SimpleMeterRegistry());
        return () -> {
            int completed = 0;
            while (true) {
                var claimed = queue.claim("bench-" + index, List.of(KIND));
                if (claimed.isEmpty()) {
                    return completed;
                }
                queue.complete(claimed.get().lease());
                completed++;
            }
        };
    }

    private static Callable<Integer> drainReference(HikariDataSource dataSource) {
        return () -> {
            int completed = 0;
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement claim = connection.prepareStatement("UPDATE reference_job SET state = 'RUNNING' "
                            + "WHERE id = (SELECT id FROM reference_job WHERE state = 'QUEUED' "
                            + "ORDER BY priority DESC, created_at, id FOR UPDATE SKIP LOCKED LIMIT 1) RETURNING id");
                    PreparedStatement complete = connection.prepareStatement(
                            "UPDATE reference_job SET state = 'DONE' WHERE id = ? AND state = 'RUNNING'")) {
                connection.setAutoCommit(true);
                while (true) {
                    UUID id = claimOne(claim);
                    if (id == null) {
                        return completed;
                    }
                    complete.setObject(1, id);
                    if (complete.executeUpdate() != 1) {
                        throw new IllegalStateException("reference job " + id + " was not RUNNING when completed");
                    }
                    completed++;
                }
            }
        };
    }

    private static UUID claimOne(PreparedStatement claim) throws SQLException {
        try (ResultSet rows = claim.executeQuery()) {
            return rows.next() ? rows.getObject(1, UUID.class) : null;
        }
    }

    private void report(String format, Object... arguments) {
        String line = String.format(Locale.ROOT, format, arguments);
        lines.add(line);
        System.out.println(line);
    }

    @FunctionalInterface
    private interface WorkerBody {

        Callable<Integer> create(int index) throws Exception;
    }
}
