package io.vitsearch.experiment;

import static io.vitsearch.experiment.ExperimentStatus.CANCELLED;
import static io.vitsearch.experiment.ExperimentStatus.CANCELLING;
import static io.vitsearch.experiment.ExperimentStatus.FAILED;
import static io.vitsearch.experiment.ExperimentStatus.QUEUED;
import static io.vitsearch.experiment.ExperimentStatus.RUNNING;
import static io.vitsearch.experiment.ExperimentStatus.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class ExperimentStatusTest {

    @Test
    void transitionsAreExactlyTheLifecycle() {
        assertThat(QUEUED.next()).containsExactlyInAnyOrder(RUNNING, CANCELLED, FAILED);
        assertThat(RUNNING.next()).containsExactlyInAnyOrder(SUCCEEDED, FAILED, CANCELLING);
        assertThat(CANCELLING.next()).containsExactlyInAnyOrder(CANCELLED, SUCCEEDED, FAILED);
        assertThat(FAILED.next()).containsExactly(QUEUED);
        assertThat(CANCELLED.next()).containsExactly(QUEUED);
        assertThat(SUCCEEDED.next()).isEmpty();
    }

    @Test
    void cancelTargets() {
        assertThat(QUEUED.afterCancel()).contains(CANCELLED);
        assertThat(RUNNING.afterCancel()).contains(CANCELLING);
        assertThat(CANCELLING.afterCancel()).contains(CANCELLING);
        assertThat(SUCCEEDED.afterCancel()).isEmpty();
        assertThat(FAILED.afterCancel()).isEmpty();
        assertThat(CANCELLED.afterCancel()).isEmpty();
    }

    @Test
    void retryTargets() {
        assertThat(FAILED.afterRetry()).contains(QUEUED);
        assertThat(CANCELLED.afterRetry()).contains(QUEUED);
        for (ExperimentStatus status : new ExperimentStatus[] {QUEUED, RUNNING, CANCELLING, SUCCEEDED}) {
            assertThat(status.afterRetry()).as(status.name()).isEmpty();
        }
    }

    @Test
    void entityRejectsIllegalMove() {
        Experiment experiment = new Experiment(UUID.randomUUID(), "x", "{}", 0, null, "hash", Instant.EPOCH);

        assertThatThrownBy(() -> experiment.moveTo(SUCCEEDED, Instant.EPOCH))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot move from QUEUED to SUCCEEDED");
    }

    @Test
    void entityStampsTimings() {
        Experiment experiment = new Experiment(UUID.randomUUID(), "x", "{}", 0, null, "hash", Instant.EPOCH);
        Instant started = Instant.parse("2025-01-01T00:00:00Z");
        Instant failed = Instant.parse("2025-01-01T01:00:00Z");

        experiment.moveTo(RUNNING, started);
        experiment.recordFailure("out of memory");
        experiment.moveTo(FAILED, failed);

        assertThat(experiment.getStartedAt()).isEqualTo(started);
        assertThat(experiment.getFinishedAt()).isEqualTo(failed);
        assertThat(experiment.getFailureReason()).isEqualTo("out of memory");

        experiment.moveTo(QUEUED, failed);

        assertThat(experiment.getStartedAt()).isNull();
        assertThat(experiment.getFinishedAt()).isNull();
        assertThat(experiment.getFailureReason()).isNull();
    }
}
