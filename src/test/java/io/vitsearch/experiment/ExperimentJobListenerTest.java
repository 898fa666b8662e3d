package io.vitsearch.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import io.vitsearch.queue.JobEventListener;
import io.vitsearch.queue.JobQueue;
import io.vitsearch.queue.JobState;
import io.vitsearch.queue.JobView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;

/** The listener's state changes, driven by hand the way the job queue calls it inside its transaction. */
@ExtendWith(OutputCaptureExtension.class)
class ExperimentJobListenerTest extends ApiTestSupport {

    @Autowired
    ExperimentJobListener listener;

    @Autowired
    JobQueue jobQueue;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void claimMovesToRunningWithStartTime() throws Exception {
        UUID id = submitted("claimed");

        deliver(id, listener::onClaimed);

        Map<String, Object> row = row(id);
        assertThat(row.get("status")).isEqualTo("RUNNING");
        assertThat(row.get("started_at")).isNotNull();
        assertThat(row.get("finished_at")).isNull();
    }

    @Test
    void successMovesToSucceeded() throws Exception {
        UUID id = submitted("succeeds");
        deliver(id, listener::onClaimed);

        deliver(id, listener::onSucceeded);

        Map<String, Object> row = row(id);
        assertThat(row.get("status")).isEqualTo("SUCCEEDED");
        assertThat(row.get("finished_at")).isNotNull();
        assertThat(row.get("progress")).isEqualTo(1.0);
    }

    @Test
    void failureMovesToFailedWithReason(CapturedOutput output) throws Exception {
        UUID id = submitted("fails");
        deliver(id, listener::onClaimed);
        jdbc.update("UPDATE job SET last_error = 'CUDA out of memory' WHERE experiment_id = ?", id);

        deliver(id, listener::onFailed);

        Map<String, Object> row = row(id);
        assertThat(row.get("status")).isEqualTo("FAILED");
        assertThat(row.get("failure_reason")).isEqualTo("CUDA out of memory");
        assertThat(row.get("finished_at")).isNotNull();
        assertThat(output).contains("Experiment " + id + " moved from RUNNING to FAILED: CUDA out of memory");
    }

    @Test
    void cancelAcknowledgedMovesCancellingToCancelled() throws Exception {
        UUID id = submitted("stops");
        deliver(id, listener::onClaimed);
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .post(EXPERIMENTS + "/" + id + "/cancel"));
        assertThat(row(id).get("status")).isEqualTo("CANCELLING");

        deliver(id, listener::onCancelled);

        assertThat(row(id).get("status")).isEqualTo("CANCELLED");
        assertThat(row(id).get("finished_at")).isNotNull();
    }

    @Test
    void repeatedClaimKeepsFirstStart() throws Exception {
        UUID id = submitted("reclaimed");
        deliver(id, listener::onClaimed);
        Object firstStart = row(id).get("started_at");

        deliver(id, listener::onClaimed);

        assertThat(row(id).get("status")).isEqualTo("RUNNING");
        assertThat(row(id).get("started_at")).isEqualTo(firstStart);
    }

    @Test
    void claimWhileCancellingStaysCancelling() throws Exception {
        UUID id = submitted("cancel-pending");
        forceStatus(id, ExperimentStatus.CANCELLING);

        deliver(id, listener::onClaimed);

        assertThat(row(id).get("status")).isEqualTo("CANCELLING");
    }

    @Test
    void impossibleEventIsIgnored(CapturedOutput output) throws Exception {
        UUID id = submitted("finished");
        forceStatus(id, ExperimentStatus.SUCCEEDED);

        deliver(id, listener::onFailed);

        assertThat(row(id).get("status")).isEqualTo("SUCCEEDED");
        assertThat(output).contains("reported FAILED but the experiment is SUCCEEDED");
    }

    @Test
    void otherJobKindsAreIgnored() throws Exception {
        UUID id = submitted("with-evaluations");
        JobView experimentJob = jobQueue.findByExperiment(id).get(0);
        JobView evaluation = new JobView(UUID.randomUUID(), id, "evaluation", JobState.RUNNING, 0, "worker-1",
                Instant.now(), 1, 3, null, Instant.now(), null, Instant.now(), false);

        transactions.executeWithoutResult(status -> listener.onClaimed(evaluation));

        assertThat(row(id).get("status")).isEqualTo("QUEUED");
        assertThat(experimentJob.kind()).isEqualTo("experiment");
    }

    @Test
    void listenerRequiresTransaction() throws Exception {
        UUID id = submitted("no-transaction");
        JobView job = jobQueue.findByExperiment(id).get(0);

        assertThatThrownBy(() -> listener.onClaimed(job)).isInstanceOf(IllegalTransactionStateException.class);
    }

    @Test
    void listenerIsAJobEventListener() {
        assertThat(listener).isInstanceOf(JobEventListener.class);
    }

    /** Calls the listener with the experiment's newest job, inside a transaction as the queue does. */
    private void deliver(UUID experimentId, Consumer<JobView> event) {
        java.util.List<JobView> jobs = jobQueue.findByExperiment(experimentId);
        JobView job = jobs.get(jobs.size() - 1);
        transactions.executeWithoutResult(status -> event.accept(job));
    }

    private Map<String, Object> row(UUID id) {
        return jdbc.queryForMap("SELECT * FROM experiment WHERE id = ?", id);
    }
}
