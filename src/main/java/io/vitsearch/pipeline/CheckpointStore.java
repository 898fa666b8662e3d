package io.vitsearch.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Types;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import io.vitsearch.artifact.ArtifactStore;
import io.vitsearch.queue.JobQueue;
import io.vitsearch.queue.Lease;
import io.vitsearch.search.SearchJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An experiment's checkpoint: the {@link PipelineState} in the {@code experiment_checkpoint} table
 * and the supernet checkpoint folders it names in the artifact store, under
 * {@code experiments/<id>/supernets/}.
 *
 * <p>A new checkpoint never overwrites the one before it. The caller writes the new supernet
 * folder first; {@link #save} then replaces the table row in the transaction that verifies the
 * lease, and only after the commit deletes the folders the new state no longer names. A crash at
 * any point leaves the previous checkpoint complete, at worst next to an unreferenced folder that
 * {@link #clearFolder} or {@link #deleteUnreferenced} removes later.
 */
class CheckpointStore {

    private static final Logger log = LoggerFactory.getLogger(CheckpointStore.class);

    private final NamedParameterJdbcTemplate jdbc;

    private final TransactionTemplate transactions;

    private final JobQueue queue;

    private final ArtifactStore artifacts;

    private final Clock clock;

    CheckpointStore(NamedParameterJdbcTemplate jdbc, TransactionTemplate transactions, JobQueue queue,
            ArtifactStore artifacts, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.queue = queue;
        this.artifacts = artifacts;
        this.clock = clock;
    }

    /** Returns the latest checkpoint of the experiment, or empty before its first one. */
    Optional<PipelineState> load(UUID experimentId) {
        List<String> states = jdbc.query("SELECT state::text AS state FROM experiment_checkpoint WHERE experiment_id = :id",
                new MapSqlParameterSource("id", experimentId), (row, n) -> row.getString("state"));
        return states.stream().findFirst().map(json -> SearchJson.mapper().readValue(json, PipelineState.class));
    }

    /**
     * Replaces the experiment's checkpoint with {@code next}, running {@code alongside} (a write of
     * the result that {@code next} follows from) in the same transaction, then deletes the supernet
     * folders of {@code previous} that {@code next} no longer names.
     *
     * @throws io.vitsearch.queue.LeaseLostException when the lease is no longer current; nothing is written
     */
    void save(Lease lease, UUID experimentId, PipelineState previous, PipelineState next, Runnable alongside) {
        String state = SearchJson.mapper().writeValueAsString(next);
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("experimentId", experimentId)
                .addValue("phase", next.phase())
                .addValue("state", state)
                .addValue("supernetPath", next.supernet(), Types.VARCHAR)
                .addValue("jobId", lease.jobId())
                .addValue("attempt", lease.attempt())
                .addValue("writtenAt", OffsetDateTime.ofInstant(clock.instant().truncatedTo(ChronoUnit.MICROS),
                        ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);

        transactions.executeWithoutResult(status -> {
            queue.verifyLease(lease);
            alongside.run();
            jdbc.update("""
                    INSERT INTO experiment_checkpoint (experiment_id, sequence, phase, state, supernet_path, job_id,
                                                       attempt, written_at)
                    VALUES (:experimentId, 1, :phase, CAST(:state AS jsonb), :supernetPath, :jobId, :attempt, :writtenAt)
                    ON CONFLICT (experiment_id) DO UPDATE
                    SET sequence = experiment_checkpoint.sequence + 1, phase = EXCLUDED.phase, state = EXCLUDED.state,
                        supernet_path = EXCLUDED.supernet_path, job_id = EXCLUDED.job_id,
                        attempt = EXCLUDED.attempt, written_at = EXCLUDED.written_at
                    """, params);
        });
        log.debug("Checkpointed experiment {} at stage {} (space {}, supernet {})", experimentId, next.stage(),
                next.spaceIndex(), next.supernet());

        if (previous != null) {
            deleteIfUnreferenced(previous.supernet(), next);
            deleteIfUnreferenced(previous.previousSupernet(), next);
            deleteIfUnreferenced(previous.fineTuning(), next);
        }
    }

    /** Returns the folder for a supernet checkpoint of one space after {@code step} optimizer steps. */
    static String supernetFolder(UUID experimentId, int spaceIndex, long step) {
        return supernetsRoot(experimentId) + "/space-" + spaceIndex + "/step-" + String.format("%08d", step);
    }

    /** Returns the folder for a fine-tuning checkpoint of the architecture of {@code rank} after {@code step} steps. */
    static String fineTuningFolder(UUID experimentId, int rank, long step) {
        return supernetsRoot(experimentId) + "/fine-tuning-rank-" + rank + "/step-" + String.format("%08d", step);
    }

    static String modelPath(UUID experimentId, String architectureId) {
        return "experiments/" + experimentId + "/models/" + architectureId + ".zip";
    }

    /**
     * Deletes what lies at {@code folder} and returns its absolute path, ready for a new supernet
     * checkpoint. Only a crashed attempt leaves something there, because the current checkpoint is
     * never written to a folder twice.
     */
    Path clearFolder(String folder) throws IOException {
        Path path = artifacts.resolve(folder);
        if (Files.exists(path)) {
            log.info("Deleting {}, an unreferenced supernet checkpoint that an interrupted attempt left behind", folder);
            artifacts.deleteTree(folder);
        }
        return path;
    }

    /** Deletes every supernet checkpoint folder of the experiment that {@code state} does not name. */
    void deleteUnreferenced(UUID experimentId, PipelineState state) {
        Path root = artifacts.resolve(supernetsRoot(experimentId));
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> spaces = Files.list(root)) {
            for (Path space : spaces.toList()) {
                try (Stream<Path> steps = Files.list(space)) {
                    for (Path step : steps.toList()) {
                        String folder = supernetsRoot(experimentId) + "/" + space.getFileName() + "/" + step.getFileName();
                        deleteIfUnreferenced(folder, state);
                    }
                }
            }
        } catch (IOException e) {
            log.warn("Could not list the supernet checkpoints of experiment {} to delete unused ones; they stay on "
                    + "disk", experimentId, e);
        }
    }

    private void deleteIfUnreferenced(String folder, PipelineState state) {
        if (folder == null || state.references(folder)) {
            return;
        }
        try {
            artifacts.deleteTree(folder);
            log.debug("Deleted supernet checkpoint {}, which the latest checkpoint no longer names", folder);
        } catch (IOException e) {
            log.warn("Could not delete the unused supernet checkpoint {}; it stays on disk", folder, e);
        }
    }

    private static String supernetsRoot(UUID experimentId) {
        return "experiments/" + experimentId + "/supernets";
    }
}
