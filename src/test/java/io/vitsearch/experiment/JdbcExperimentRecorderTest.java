package io.vitsearch.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.vitsearch.queue.Lease;
import io.vitsearch.queue.LeaseLostException;
import io.vitsearch.search.SearchJson;
import io.vitsearch.search.SpaceStep;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The recorder against PostgreSQL: leased writes, fencing of stale leases, and idempotent repeats. */
class JdbcExperimentRecorderTest extends ResultsTestSupport {

    @Test
    void recorderIsTheJdbcImplementation() {
        assertThat(recorder).isInstanceOf(JdbcExperimentRecorder.class);
    }

    @Test
    void progressUpdatesExperimentAndPublishesPhase() throws Exception {
        UUID id = submitted("progress");
        Lease lease = runningExperiment(id, "worker-a");
        Instant finish = Instant.parse("2025-01-15T11:00:00Z");

        recorder.recordProgress(lease, id, new Progress("TRAINING_SUPERNET", 0, 1, null, 0.2, finish));
        recorder.recordProgress(lease, id, new Progress("TRAINING_SUPERNET", 0, 2, null, 0.3, finish));

        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM experiment WHERE id = ?", id);
        assertThat(row.get("phase")).isEqualTo("TRAINING_SUPERNET");
        assertThat(row.get("progress")).isEqualTo(0.3);
        assertThat(row.get("space_step")).isEqualTo(0);
        assertThat(row.get("epoch")).isEqualTo(2);
        assertThat(row.get("generation")).isNull();
        assertThat(((Timestamp) row.get("estimated_finish")).toInstant()).isEqualTo(finish);
        assertThat(eventTypes(id)).containsExactly("status", "phase", "progress");

        JsonNode phase = JSON.readTree(jdbc.queryForObject(
                "SELECT data::text FROM experiment_event WHERE experiment_id = ? AND type = 'phase'", String.class, id));
        assertThat(phase.get("phase").asString()).isEqualTo("TRAINING_SUPERNET");
        assertThat(phase.get("previousPhase").isNull()).isTrue();
        assertThat(phase.get("epoch").asInt()).isEqualTo(1);
    }

    @Test
    void progressOfFinishedExperimentIsIgnored() throws Exception {
        UUID id = submitted("finished-early");
        Lease lease = runningExperiment(id, "worker-a");
        jdbc.update("UPDATE experiment SET status = 'SUCCEEDED' WHERE id = ?", id);

        recorder.recordProgress(lease, id, new Progress("EXPORTING", null, null, null, 0.9, null));

        assertThat(jdbc.queryForObject("SELECT phase FROM experiment WHERE id = ?", String.class, id)).isNull();
        assertThat(eventTypes(id)).containsExactly("status");
    }

    @Test
    void spaceStepIsStoredAndAnnounced() throws Exception {
        UUID id = submitted("space-step");
        Lease lease = runningExperiment(id, "worker-a");

        recorder.recordSpaceStep(lease, id, spaceStep(0));

        String report = jdbc.queryForObject("SELECT report::text FROM experiment_space_step WHERE experiment_id = ?",
                String.class, id);
        assertThat(SearchJson.mapper().readValue(report, SpaceStep.class)).isEqualTo(spaceStep(0));
        JsonNode event = JSON.readTree(jdbc.queryForObject(
                "SELECT data::text FROM experiment_event WHERE experiment_id = ? AND type = 'space-step'", String.class, id));
        assertThat(event.get("spaceStep").asInt()).isZero();
        assertThat(event.get("moved").asBoolean()).isTrue();
        assertThat(event.get("movedDimensions").get(0).asString()).isEqualTo("embedDim");
        assertThat(event.get("movedDimensions").size()).isEqualTo(1);
    }

    @Test
    void repeatedSpaceStepAndGenerationAreStoredOnce() throws Exception {
        UUID id = submitted("repeated");
        Lease first = runningExperiment(id, "worker-a");
        recorder.recordSpaceStep(first, id, spaceStep(0));
        recorder.recordGeneration(first, id, generation(0, 0.2));

        Lease resumed = expireAndReclaim(id, "worker-b");
        recorder.recordSpaceStep(resumed, id, spaceStep(0));
        recorder.recordGeneration(resumed, id, generation(0, 0.1));

        assertThat(rows("experiment_space_step", id)).isEqualTo(1);
        assertThat(rows("experiment_generation", id)).isEqualTo(1);
        assertThat(eventTypes(id)).filteredOn("space-step"::equals).hasSize(1);
        assertThat(eventTypes(id)).filteredOn("generation"::equals).hasSize(1);
        String population = jdbc.queryForObject(
                "SELECT population::text FROM experiment_generation WHERE experiment_id = ?", String.class, id);
        assertThat(population).as("the first record stays").contains("0.2");
    }

    @Test
    void staleLeaseIsRejectedAndWritesNothing() throws Exception {
        UUID id = submitted("stale");
        Lease stale = runningExperiment(id, "worker-a");
        Lease current = expireAndReclaim(id, "worker-b");
        assertThat(current.attempt()).isEqualTo(stale.attempt() + 1);
        List<String> eventsBefore = eventTypes(id);

        assertThatThrownBy(() -> recorder.recordSpaceStep(stale, id, spaceStep(0)))
                .isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> recorder.recordGeneration(stale, id, generation(0, 0.2)))
                .isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> recorder.recordProgress(stale, id,
                new Progress("SPACE_EVOLUTION", 0, null, null, 0.4, null)))
                .isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> recorder.recordMetrics(stale, id,
                List.of(new MetricPoint("TRAINING_SUPERNET", 0, 0, 10, "train-loss", 2.1, clock.instant()))))
                .isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> recorder.recordArchitecture(stale, id,
                new ArchitectureRecord(1, architecture(64, 2), 0.12, null, 1, 2, null, null)))
                .isInstanceOf(LeaseLostException.class);

        assertThat(rows("experiment_space_step", id)).isZero();
        assertThat(rows("experiment_generation", id)).isZero();
        assertThat(rows("experiment_metric", id)).isZero();
        assertThat(rows("experiment_architecture", id)).isZero();
        assertThat(jdbc.queryForObject("SELECT phase FROM experiment WHERE id = ?", String.class, id)).isNull();
        assertThat(eventTypes(id)).isEqualTo(eventsBefore);

        recorder.recordSpaceStep(current, id, spaceStep(0));
        assertThat(rows("experiment_space_step", id)).isEqualTo(1);
    }

    @Test
    void leaseOfAnotherExperimentIsRejected() throws Exception {
        UUID mine = submitted("mine");
        Lease lease = runningExperiment(mine, "worker-a");
        UUID other = submitted("other");

        assertThatThrownBy(() -> recorder.recordSpaceStep(lease, other, spaceStep(0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not belong to experiment " + other);
        assertThat(rows("experiment_space_step", other)).isZero();
    }

    @Test
    void metricsSkipRepeatedPointsAndAnnounceEpochs() throws Exception {
        UUID id = submitted("metrics");
        Lease lease = runningExperiment(id, "worker-a");
        List<MetricPoint> points = List.of(
                new MetricPoint("TRAINING_SUPERNET", 0, 0, 10, "train-loss", 2.1, clock.instant()),
                new MetricPoint("TRAINING_SUPERNET", 0, 0, 20, "train-loss", 1.7, clock.instant()),
                new MetricPoint("TRAINING_SUPERNET", 0, 0, 20, "epoch-end", 1.8, clock.instant()),
                new MetricPoint("FINAL_TRAINING", null, 0, 20, "epoch-end", 1.5, clock.instant()));

        recorder.recordMetrics(lease, id, points);
        recorder.recordMetrics(lease, id, points);

        assertThat(rows("experiment_metric", id)).isEqualTo(4);
        assertThat(eventTypes(id)).filteredOn("epoch"::equals).hasSize(2);
    }

    @Test
    void architectureUpsertsByRank() throws Exception {
        UUID id = submitted("ranked");
        Lease lease = runningExperiment(id, "worker-a");

        recorder.recordArchitecture(lease, id, new ArchitectureRecord(1, architecture(64, 2), 0.15, null, 10, 20, null, null));
        recorder.recordArchitecture(lease, id, new ArchitectureRecord(1, architecture(96, 4), 0.12, 0.87, 30, 40, null, null));
        recorder.recordArchitecture(lease, id, new ArchitectureRecord(1, architecture(96, 4), 0.12, 0.87, 30, 40, null, null));

        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM experiment_architecture WHERE experiment_id = ?", id);
        assertThat(row.get("arch_id")).isEqualTo(architecture(96, 4).id());
        assertThat(row.get("validation_error")).isEqualTo(0.12);
        assertThat(row.get("test_accuracy")).isEqualTo(0.87);
        assertThat(eventTypes(id)).as("an identical repeat announces nothing")
                .filteredOn("architecture"::equals).hasSize(2);
    }

    @Test
    void architectureWithMissingModelFileIsRejected() throws Exception {
        UUID id = submitted("no-file");
        Lease lease = runningExperiment(id, "worker-a");
        String sha = "0".repeat(64);

        assertThatThrownBy(() -> recorder.recordArchitecture(lease, id, new ArchitectureRecord(1, architecture(64, 2),
                0.15, null, 10, 20, "experiments/" + id + "/models/missing.zip", sha)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not in the artifact store");
        assertThatThrownBy(() -> recorder.recordArchitecture(lease, id, new ArchitectureRecord(1, architecture(64, 2),
                0.15, null, 10, 20, "../outside.zip", sha)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid artifact path");
        assertThat(rows("experiment_architecture", id)).isZero();
    }

    @Test
    void finalStatesPublishTheirEvents() throws Exception {
        UUID succeeded = submitted("succeeds");
        Lease lease = runningExperiment(succeeded, "worker-a");
        jobQueue.complete(lease);

        UUID failed = submitted("fails");
        Lease failing = runningExperiment(failed, "worker-a");
        jobQueue.fail(failing, "CUDA out of memory", false);

        UUID cancelled = submitted("cancelled");
        mvc.perform(post(EXPERIMENTS + "/" + cancelled + "/cancel"));

        assertThat(eventTypes(succeeded)).containsExactly("status", "completed");
        assertThat(eventTypes(failed)).containsExactly("status", "failed");
        assertThat(eventTypes(cancelled)).containsExactly("cancelled");
        JsonNode failure = JSON.readTree(jdbc.queryForObject(
                "SELECT data::text FROM experiment_event WHERE experiment_id = ? AND type = 'failed'", String.class,
                failed));
        assertThat(failure.get("failureReason").asString()).isEqualTo("CUDA out of memory");
        assertThat(failure.get("status").asString()).isEqualTo("FAILED");
    }

    @Test
    void publishedEventNeedsValidType() throws Exception {
        UUID id = submitted("custom-event");

        recorder.publishEvent(id, "checkpoint", Map.of("path", "experiments/x/checkpoints/3"));

        assertThat(eventTypes(id)).containsExactly("checkpoint");
        assertThatThrownBy(() -> recorder.publishEvent(id, "Bad Type", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Bad Type");
        assertThatThrownBy(() -> recorder.publishEvent(UUID.randomUUID(), "checkpoint", Map.of()))
                .isInstanceOf(ExperimentNotFoundException.class);
    }
}
