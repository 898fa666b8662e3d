package io.vitsearch.experiment;

import java.nio.file.Files;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

import io.vitsearch.artifact.ArtifactStore;
import io.vitsearch.queue.JobQueue;
import io.vitsearch.queue.Lease;
import io.vitsearch.search.Candidate;
import io.vitsearch.search.DimensionReport;
import io.vitsearch.search.Generation;
import io.vitsearch.search.SearchJson;
import io.vitsearch.search.SpaceStep;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@link ExperimentRecorder} on PostgreSQL. Each leased write is one transaction that first
 * verifies the lease, then locks the experiment row (which also checks that the leased job belongs
 * to the experiment), writes the data and inserts the event that announces it.
 */
@Component
public class JdbcExperimentRecorder implements ExperimentRecorder {

    private static final Logger log = LoggerFactory.getLogger(JdbcExperimentRecorder.class);

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    /** The metric whose points each announce a finished epoch with an {@code epoch} event. */
    static final String EPOCH_END = "epoch-end";

    private final NamedParameterJdbcTemplate jdbc;

    private final TransactionTemplate transactions;

    private final JobQueue jobQueue;

    private final ExperimentEvents events;

    private final ArtifactStore artifacts;

    private final Clock clock;

    JdbcExperimentRecorder(NamedParameterJdbcTemplate jdbc, TransactionTemplate transactions, JobQueue jobQueue,
            ExperimentEvents events, ArtifactStore artifacts, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.jobQueue = jobQueue;
        this.events = events;
        this.artifacts = artifacts;
        this.clock = clock;
    }

    @Override
    public void recordProgress(Lease lease, UUID experimentId, Progress progress) {
        Objects.requireNonNull(progress, "progress");
        transactions.executeWithoutResult(status -> {
            LockedExperiment experiment = verifyAndLock(lease, experimentId);
            if (experiment.status() != ExperimentStatus.RUNNING && experiment.status() != ExperimentStatus.CANCELLING) {
                log.debug("Experiment {} is {}; progress {} from job {} is not recorded", experimentId,
                        experiment.status(), progress.phase(), lease.jobId());
                return;
            }

            jdbc.update("""
                    UPDATE experiment
                    SET phase = :phase, progress = :fraction, space_step = :spaceStep, epoch = :epoch,
                        generation = :generation, estimated_finish = :estimatedFinish, updated_at = :now,
                        version = version + 1
                    WHERE id = :id
                    """, new MapSqlParameterSource()
                    .addValue("id", experimentId)
                    .addValue("phase", progress.phase())
                    .addValue("fraction", progress.fraction())
                    .addValue("spaceStep", progress.spaceStep(), Types.INTEGER)
                    .addValue("epoch", progress.epoch(), Types.INTEGER)
                    .addValue("generation", progress.generation(), Types.INTEGER)
                    .addValue("estimatedFinish", timestamp(progress.estimatedFinish()), Types.TIMESTAMP_WITH_TIMEZONE)
                    .addValue("now", timestamp(now())));

            boolean phaseChanged = !progress.phase().equals(experiment.phase());
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("phase", progress.phase());
            if (phaseChanged) {
                data.put("previousPhase", experiment.phase());
            }
            data.put("spaceStep", progress.spaceStep());
            data.put("epoch", progress.epoch());
            data.put("generation", progress.generation());
            data.put("progress", progress.fraction());
            data.put("estimatedFinish", progress.estimatedFinish() == null ? null : progress.estimatedFinish().toString());
            events.publish(experimentId, phaseChanged ? ExperimentEvents.PHASE : ExperimentEvents.PROGRESS, data);
            if (phaseChanged) {
                log.info("Experiment {} entered phase {} (was {})", experimentId, progress.phase(), experiment.phase());
            }
        });
    }

    @Override
    public void recordSpaceStep(Lease lease, UUID experimentId, SpaceStep step) {
        Objects.requireNonNull(step, "step");
        String report = SearchJson.mapper().writeValueAsString(step);
        transactions.executeWithoutResult(status -> {
            verifyAndLock(lease, experimentId);
            int inserted = jdbc.update("""
                    INSERT INTO experiment_space_step (experiment_id, index, report, created_at)
                    VALUES (:experimentId, :index, CAST(:report AS jsonb), :now)
                    ON CONFLICT (experiment_id, index) DO NOTHING
                    """, new MapSqlParameterSource()
                    .addValue("experimentId", experimentId)
                    .addValue("index", step.index())
                    .addValue("report", report)
                    .addValue("now", timestamp(now())));
            if (inserted == 0) {
                log.debug("Space step {} of experiment {} was already recorded; job {} attempt {} repeated it",
                        step.index(), experimentId, lease.jobId(), lease.attempt());
                return;
            }

            Map<String, Object> data = new LinkedHashMap<>();
            data.put("spaceStep", step.index());
            data.put("etError", step.etError());
            data.put("moved", step.moved());
            data.put("movedDimensions", step.dimensions().stream()
                    .filter(dimension -> dimension.decision() != DimensionReport.Decision.KEEP)
                    .map(DimensionReport::name)
                    .toList());
            events.publish(experimentId, ExperimentEvents.SPACE_STEP, data);
            log.info("Experiment {} finished space step {}: E-T error {}", experimentId, step.index(), step.etError());
        });
    }

    @Override
    public void recordGeneration(Lease lease, UUID experimentId, Generation generation) {
        Objects.requireNonNull(generation, "generation");
        String population = SearchJson.mapper().writeValueAsString(generation.population());
        transactions.executeWithoutResult(status -> {
            verifyAndLock(lease, experimentId);
            int inserted = jdbc.update("""
                    INSERT INTO experiment_generation (experiment_id, index, population, created_at)
                    VALUES (:experimentId, :index, CAST(:population AS jsonb), :now)
                    ON CONFLICT (experiment_id, index) DO NOTHING
                    """, new MapSqlParameterSource()
                    .addValue("experimentId", experimentId)
                    .addValue("index", generation.index())
                    .addValue("population", population)
                    .addValue("now", timestamp(now())));
            if (inserted == 0) {
                log.debug("Generation {} of experiment {} was already recorded; job {} attempt {} repeated it",
                        generation.index(), experimentId, lease.jobId(), lease.attempt());
                return;
            }

            Map<String, Object> data = new LinkedHashMap<>();
            data.put("generation", generation.index());
            data.put("size", generation.population().size());
            generation.population().stream().min(Comparator.comparingDouble(Candidate::error)).ifPresent(best -> {
                data.put("bestArchId", best.id());
                data.put("bestValidationError", best.error());
            });
            events.publish(experimentId, ExperimentEvents.GENERATION, data);
            log.debug("Experiment {} recorded generation {} with {} candidates", experimentId, generation.index(),
                    generation.population().size());
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>A point that an earlier attempt already recorded (same phase, space step, epoch, step and
     * name) is skipped, and so is its event.
     */
    @Override
    public void recordMetrics(Lease lease, UUID experimentId, List<MetricPoint> points) {
        Objects.requireNonNull(points, "points");
        if (points.isEmpty()) {
            return;
        }
        for (MetricPoint point : points) {
            requireValid(point);
        }
        transactions.executeWithoutResult(status -> {
            verifyAndLock(lease, experimentId);
            for (MetricPoint point : points) {
                int inserted = jdbc.update("""
                        INSERT INTO experiment_metric (experiment_id, phase, space_step, epoch, step, name, value,
                                                       recorded_at)
                        VALUES (:experimentId, :phase, :spaceStep, :epoch, :step, :name, :value, :recordedAt)
                        ON CONFLICT (experiment_id, phase, COALESCE(space_step, -1), epoch, step, name) DO NOTHING
                        """, new MapSqlParameterSource()
                        .addValue("experimentId", experimentId)
                        .addValue("phase", point.phase())
                        .addValue("spaceStep", point.spaceStep(), Types.INTEGER)
                        .addValue("epoch", point.epoch())
                        .addValue("step", point.step())
                        .addValue("name", point.name())
                        .addValue("value", point.value())
                        .addValue("recordedAt", timestamp(point.recordedAt() == null ? now() : point.recordedAt())));
                if (inserted == 1 && EPOCH_END.equals(point.name())) {
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("phase", point.phase());
                    data.put("spaceStep", point.spaceStep());
                    data.put("epoch", point.epoch());
                    data.put("step", point.step());
                    data.put("value", point.value());
                    events.publish(experimentId, ExperimentEvents.EPOCH, data);
                }
            }
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>Publishes an {@code architecture} event unless the record equals the stored one of that rank.
     *
     * @throws IllegalArgumentException when only one of the model path and checksum is given, the
     *     checksum is not 64 lowercase hex digits, or the model file is not in the artifact store
     */
    @Override
    public void recordArchitecture(Lease lease, UUID experimentId, ArchitectureRecord record) {
        requireValid(record);
        String architecture = SearchJson.canonical(record.architecture());
        String archId = record.architecture().id();
        transactions.executeWithoutResult(status -> {
            verifyAndLock(lease, experimentId);
            // The WHERE clause turns an identical repeat into a no-op, so it announces nothing.
            int changed = jdbc.update("""
                    INSERT INTO experiment_architecture (experiment_id, rank, arch_id, architecture, validation_error,
                                                         test_accuracy, params, flops, model_path, model_sha256,
                                                         updated_at)
                    VALUES (:experimentId, :rank, :archId, CAST(:architecture AS jsonb), :validationError,
                            :testAccuracy, :params, :flops, :modelPath, :modelSha256, :now)
                    ON CONFLICT (experiment_id, rank) DO UPDATE SET
                        arch_id = EXCLUDED.arch_id, architecture = EXCLUDED.architecture,
                        validation_error = EXCLUDED.validation_error, test_accuracy = EXCLUDED.test_accuracy,
                        params = EXCLUDED.params, flops = EXCLUDED.flops, model_path = EXCLUDED.model_path,
                        model_sha256 = EXCLUDED.model_sha256, updated_at = EXCLUDED.updated_at
                    WHERE (experiment_architecture.arch_id, experiment_architecture.architecture,
                           experiment_architecture.validation_error, experiment_architecture.test_accuracy,
                           experiment_architecture.params, experiment_architecture.flops,
                           experiment_architecture.model_path, experiment_architecture.model_sha256)
                          IS DISTINCT FROM
                          (EXCLUDED.arch_id, EXCLUDED.architecture, EXCLUDED.validation_error, EXCLUDED.test_accuracy,
                           EXCLUDED.params, EXCLUDED.flops, EXCLUDED.model_path, EXCLUDED.model_sha256)
                    """, new MapSqlParameterSource()
                    .addValue("experimentId", experimentId)
                    .addValue("rank", record.rank())
                    .addValue("archId", archId)
                    .addValue("architecture", architecture)
                    .addValue("validationError", record.validationError())
                    .addValue("testAccuracy", record.testAccuracy(), Types.DOUBLE)
                    .addValue("params", record.params())
                    .addValue("flops", record.flops())
                    .addValue("modelPath", record.modelPath(), Types.VARCHAR)
                    .addValue("modelSha256", record.modelSha256(), Types.VARCHAR)
                    .addValue("now", timestamp(now())));
            if (changed == 0) {
                return;
            }

            Map<String, Object> data = new LinkedHashMap<>();
            data.put("rank", record.rank());
            data.put("archId", archId);
            data.put("validationError", record.validationError());
            data.put("testAccuracy", record.testAccuracy());
            data.put("modelExported", record.modelPath() != null);
            events.publish(experimentId, ExperimentEvents.ARCHITECTURE, data);
            log.info("Experiment {} recorded architecture {} at rank {} (validation error {}, model {})", experimentId,
                    archId, record.rank(), record.validationError(),
                    record.modelPath() == null ? "not exported yet" : record.modelPath());
        });
    }

    @Override
    public void publishEvent(UUID experimentId, String type, Map<String, Object> data) {
        events.publish(experimentId, type, data);
    }

    /**
     * Verifies the lease and locks the experiment row for the rest of the transaction. The locks are
     * taken job first, then experiment, the order the queue and ExperimentService use, which avoids
     * lock-order deadlocks with them.
     */
    private LockedExperiment verifyAndLock(Lease lease, UUID experimentId) {
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(experimentId, "experimentId");
        jobQueue.verifyLease(lease);

        List<LockedExperiment> rows = jdbc.query("""
                SELECT e.status, e.phase FROM experiment e
                JOIN job j ON j.experiment_id = e.id
                WHERE e.id = :experimentId AND j.id = :jobId
                FOR NO KEY UPDATE OF e
                """, new MapSqlParameterSource()
                .addValue("experimentId", experimentId)
                .addValue("jobId", lease.jobId()),
                (rs, rowNum) -> new LockedExperiment(ExperimentStatus.valueOf(rs.getString("status")),
                        rs.getString("phase")));
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("Job " + lease.jobId() + " does not belong to experiment " + experimentId
                    + ", or the experiment does not exist; this is a bug in the caller, which must record results"
                    + " under the lease of the experiment's own job");
        }
        return rows.get(0);
    }

    private static void requireValid(MetricPoint point) {
        if (point == null) {
            throw new IllegalArgumentException("metric points must not be null");
        }
        if (point.phase() == null || point.phase().isBlank() || point.name() == null || point.name().isBlank()) {
            throw new IllegalArgumentException("metric point needs a phase and a name, got " + point);
        }
        if (point.epoch() < 0 || point.step() < 0) {
            throw new IllegalArgumentException("metric point needs a non-negative epoch and step, got " + point);
        }
    }

    private void requireValid(ArchitectureRecord record) {
        Objects.requireNonNull(record, "record");
        if (record.rank() < 1) {
            throw new IllegalArgumentException("architecture rank must be at least 1, was " + record.rank());
        }
        if (record.architecture() == null) {
            throw new IllegalArgumentException("architecture record of rank " + record.rank() + " has no architecture");
        }
        if (!(record.validationError() >= 0 && record.validationError() <= 1)) {
            throw new IllegalArgumentException("validation error must lie in [0, 1], was " + record.validationError());
        }
        if (record.testAccuracy() != null && !(record.testAccuracy() >= 0 && record.testAccuracy() <= 1)) {
            throw new IllegalArgumentException("test accuracy must lie in [0, 1], was " + record.testAccuracy());
        }
        if ((record.modelPath() == null) != (record.modelSha256() == null)) {
            throw new IllegalArgumentException("model path and SHA-256 go together, but got path " + record.modelPath()
                    + " and SHA-256 " + record.modelSha256());
        }
        if (record.modelSha256() != null && !SHA256_HEX.matcher(record.modelSha256()).matches()) {
            throw new IllegalArgumentException("model SHA-256 must be 64 lowercase hex digits, was "
                    + record.modelSha256());
        }
        if (record.modelPath() != null && !Files.isRegularFile(artifacts.resolve(record.modelPath()))) {
            throw new IllegalArgumentException("model file " + record.modelPath() + " is not in the artifact store at "
                    + artifacts.root() + "; store it with ArtifactStore.store before recording the architecture");
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private record LockedExperiment(ExperimentStatus status, String phase) {
    }
}
