package io.vitsearch.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.nullValue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.UUID;

import io.vitsearch.queue.JobQueue;
import io.vitsearch.queue.JobState;
import io.vitsearch.queue.JobView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.node.ObjectNode;

@ExtendWith(OutputCaptureExtension.class)
class ExperimentApiTest extends ApiTestSupport {

    @Autowired
    JobQueue jobQueue;

    @Test
    void submitCreatesQueuedExperimentAndJob(CapturedOutput output) throws Exception {
        MvcResult result = submit(validSpec())
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", org.hamcrest.Matchers.startsWith("/api/v1/experiments/")))
                .andExpect(jsonPath("$.name").value("fashion-quick"))
                .andExpect(jsonPath("$.status").value("QUEUED"))
                .andExpect(jsonPath("$.progress").value(0.0))
                .andExpect(jsonPath("$.timings.createdAt").isNotEmpty())
                .andExpect(jsonPath("$.timings.startedAt").value(nullValue()))
                .andExpect(jsonPath("$.spec.space.family").value("vit"))
                .andReturn();
        UUID id = UUID.fromString(JSON.readTree(result.getResponse().getContentAsString()).get("id").asString());

        assertThat(result.getResponse().getHeader("Location")).isEqualTo("/api/v1/experiments/" + id);
        List<JobView> jobs = jobQueue.findByExperiment(id);
        assertThat(jobs).hasSize(1);
        assertThat(jobs.get(0).kind()).isEqualTo("experiment");
        assertThat(jobs.get(0).state()).isEqualTo(JobState.QUEUED);
        assertThat(jobs.get(0).maxAttempts()).isEqualTo(3);
        assertThat(output).contains("Experiment " + id + " submitted: name=fashion-quick, priority=0");
    }

    @Test
    void submitStoresSpecWithDefaults() throws Exception {
        ObjectNode spec = validSpec();
        spec.remove("supernet");
        spec.remove("spaceEvolution");
        spec.remove("evolution");
        spec.remove("constraints");
        spec.remove("topK");
        spec.remove("seed");
        spec.remove("priority");
        ((ObjectNode) spec.get("dataset")).remove("validationFraction");

        UUID id = UUID.fromString(JSON.readTree(submit(spec).andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString()).get("id").asString());

        mvc.perform(get(EXPERIMENTS + "/" + id))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.spec.dataset.validationFraction").value(0.1))
                .andExpect(jsonPath("$.spec.supernet.epochs").value(10))
                .andExpect(jsonPath("$.spec.supernet.batchSize").value(128))
                .andExpect(jsonPath("$.spec.supernet.learningRate").value(0.001))
                .andExpect(jsonPath("$.spec.supernet.weightDecay").value(0.05))
                .andExpect(jsonPath("$.spec.supernet.warmupEpochs").value(1))
                .andExpect(jsonPath("$.spec.supernet.labelSmoothing").value(0.1))
                .andExpect(jsonPath("$.spec.supernet.subnetsPerStep").value(1))
                .andExpect(jsonPath("$.spec.spaceEvolution.steps").value(2))
                .andExpect(jsonPath("$.spec.spaceEvolution.etSamples").value(200))
                .andExpect(jsonPath("$.spec.spaceEvolution.etTopK").value(20))
                .andExpect(jsonPath("$.spec.spaceEvolution.slopeThreshold").value(0.002))
                .andExpect(jsonPath("$.spec.spaceEvolution.stepSize").doesNotExist())
                .andExpect(jsonPath("$.spec.evolution.population").value(50))
                .andExpect(jsonPath("$.spec.evolution.generations").value(20))
                .andExpect(jsonPath("$.spec.evolution.parents").value(10))
                .andExpect(jsonPath("$.spec.evolution.mutations").value(25))
                .andExpect(jsonPath("$.spec.evolution.crossovers").value(25))
                .andExpect(jsonPath("$.spec.evolution.mutationProbability").value(0.2))
                .andExpect(jsonPath("$.spec.evolution.depthMutationProbability").value(0.4))
                .andExpect(jsonPath("$.spec.topK").value(3))
                .andExpect(jsonPath("$.spec.seed").value(0))
                .andExpect(jsonPath("$.spec.priority").value(0));
    }

    @Test
    void submitUsesSpecPriorityForJob() throws Exception {
        ObjectNode spec = validSpec();
        spec.put("priority", 7);

        String body = submit(spec).andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        UUID id = UUID.fromString(JSON.readTree(body).get("id").asString());

        assertThat(jobQueue.findByExperiment(id)).singleElement().extracting(JobView::priority).isEqualTo(7);
        assertThat(jdbc.queryForObject("SELECT priority FROM experiment WHERE id = ?", Integer.class, id)).isEqualTo(7);
    }

    @Test
    void idempotencyKeySameSpecReturnsExisting() throws Exception {
        String first = mvc.perform(post(EXPERIMENTS).contentType(MediaType.APPLICATION_JSON)
                        .header("Idempotency-Key", "run-2025-05-01").content(VALID_SPEC))
                .andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString();
        UUID id = UUID.fromString(JSON.readTree(first).get("id").asString());

        // The same spec with a default spelled out is the same request.
        ObjectNode sameWithDefault = validSpec();
        ((ObjectNode) sameWithDefault.get("evolution")).put("depthMutationProbability", 0.4);
        String second = mvc.perform(post(EXPERIMENTS).contentType(MediaType.APPLICATION_JSON)
                        .header("Idempotency-Key", "run-2025-05-01").content(JSON.writeValueAsString(sameWithDefault)))
                .andExpect(status().isOk())
                .andExpect(header().string("Location", "/api/v1/experiments/" + id))
                .andReturn().getResponse().getContentAsString();

        assertThat(JSON.readTree(second)).isEqualTo(JSON.readTree(first));
        assertThat(experimentRows()).isEqualTo(1);
        assertThat(jobRows()).isEqualTo(1);
    }

    @Test
    void idempotencyKeyOtherSpecIsRejected() throws Exception {
        UUID id = UUID.fromString(JSON.readTree(mvc.perform(post(EXPERIMENTS).contentType(MediaType.APPLICATION_JSON)
                        .header("Idempotency-Key", "run-42").content(VALID_SPEC))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString()).get("id").asString());
        ObjectNode other = validSpec();
        other.put("seed", 7);

        expectProblem(mvc.perform(post(EXPERIMENTS).contentType(MediaType.APPLICATION_JSON)
                        .header("Idempotency-Key", "run-42").content(JSON.writeValueAsString(other))),
                422, "idempotency-key-reused", EXPERIMENTS);
        mvc.perform(post(EXPERIMENTS).contentType(MediaType.APPLICATION_JSON)
                        .header("Idempotency-Key", "run-42").content(JSON.writeValueAsString(other)))
                .andExpect(jsonPath("$.experimentId").value(id.toString()));

        assertThat(experimentRows()).isEqualTo(1);
        assertThat(jobRows()).isEqualTo(1);
    }

    @Test
    void differentKeysCreateDifferentExperiments() throws Exception {
        for (String key : List.of("a-1", "a-2")) {
            mvc.perform(post(EXPERIMENTS).contentType(MediaType.APPLICATION_JSON)
                            .header("Idempotency-Key", key).content(VALID_SPEC))
                    .andExpect(status().isCreated());
        }

        assertThat(experimentRows()).isEqualTo(2);
    }

    @Test
    void invalidIdempotencyKeyIsRejected() throws Exception {
        String tooLong = "k".repeat(256);

        expectProblem(mvc.perform(post(EXPERIMENTS).contentType(MediaType.APPLICATION_JSON)
                        .header("Idempotency-Key", tooLong).content(VALID_SPEC)),
                400, "invalid-request", EXPERIMENTS);
        mvc.perform(post(EXPERIMENTS).contentType(MediaType.APPLICATION_JSON)
                        .header("Idempotency-Key", "has space").content(VALID_SPEC))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("Idempotency-Key"))
                .andExpect(jsonPath("$.errors[0].rejectedValue").value("has space"));

        assertNothingWritten();
    }

    @Test
    void getReturnsExperiment() throws Exception {
        UUID id = submitted("one");

        mvc.perform(get(EXPERIMENTS + "/" + id))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(id.toString()))
                .andExpect(jsonPath("$.name").value("one"))
                .andExpect(jsonPath("$.status").value("QUEUED"))
                .andExpect(jsonPath("$.phase").value(nullValue()))
                .andExpect(jsonPath("$.failureReason").value(nullValue()))
                .andExpect(jsonPath("$.timings.updatedAt").isNotEmpty())
                .andExpect(jsonPath("$.timings.finishedAt").value(nullValue()))
                .andExpect(jsonPath("$.spec.evolution.population").value(20));
    }

    @Test
    void getUnknownIdIsNotFound() throws Exception {
        UUID unknown = UUID.fromString("00000000-0000-4000-8000-000000000001");

        expectProblem(mvc.perform(get(EXPERIMENTS + "/" + unknown)), 404, "not-found", EXPERIMENTS + "/" + unknown);
    }

    @Test
    void getMalformedIdIsBadRequest() throws Exception {
        expectProblem(mvc.perform(get(EXPERIMENTS + "/not-a-uuid")), 400, "invalid-request", EXPERIMENTS + "/not-a-uuid");
        mvc.perform(get(EXPERIMENTS + "/not-a-uuid"))
                .andExpect(jsonPath("$.errors[0].field").value("id"))
                .andExpect(jsonPath("$.errors[0].rejectedValue").value("not-a-uuid"));
    }

    @Test
    void listIsNewestFirstAndPaged() throws Exception {
        UUID oldest = submitted("first");
        UUID middle = submitted("second");
        UUID newest = submitted("third");

        mvc.perform(get(EXPERIMENTS).param("size", "2"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items.length()").value(2))
                .andExpect(jsonPath("$.items[0].id").value(newest.toString()))
                .andExpect(jsonPath("$.items[1].id").value(middle.toString()))
                .andExpect(jsonPath("$.items[0].spec").doesNotExist())
                .andExpect(jsonPath("$.page").value(0))
                .andExpect(jsonPath("$.size").value(2))
                .andExpect(jsonPath("$.totalItems").value(3))
                .andExpect(jsonPath("$.totalPages").value(2));
        mvc.perform(get(EXPERIMENTS).param("size", "2").param("page", "1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items.length()").value(1))
                .andExpect(jsonPath("$.items[0].id").value(oldest.toString()))
                .andExpect(jsonPath("$.page").value(1));
    }

    @Test
    void listFiltersByStatus() throws Exception {
        UUID queued = submitted("waiting");
        UUID failed = submitted("broken");
        forceStatus(failed, ExperimentStatus.FAILED);

        mvc.perform(get(EXPERIMENTS).param("status", "FAILED"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items.length()").value(1))
                .andExpect(jsonPath("$.items[0].id").value(failed.toString()))
                .andExpect(jsonPath("$.totalItems").value(1));
        mvc.perform(get(EXPERIMENTS).param("status", "QUEUED"))
                .andExpect(jsonPath("$.items[0].id").value(queued.toString()))
                .andExpect(jsonPath("$.totalItems").value(1));
        mvc.perform(get(EXPERIMENTS).param("status", "RUNNING"))
                .andExpect(jsonPath("$.items.length()").value(0))
                .andExpect(jsonPath("$.totalItems").value(0))
                .andExpect(jsonPath("$.totalPages").value(0));
    }

    @Test
    void listRejectsUnknownStatus() throws Exception {
        expectProblem(mvc.perform(get(EXPERIMENTS).param("status", "DONE")), 400, "invalid-request", EXPERIMENTS);
        mvc.perform(get(EXPERIMENTS).param("status", "DONE"))
                .andExpect(jsonPath("$.errors[0].field").value("status"))
                .andExpect(jsonPath("$.errors[0].rejectedValue").value("DONE"))
                .andExpect(jsonPath("$.errors[0].message")
                        .value("must be one of: QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLING, CANCELLED"));
    }

    @Test
    void listRejectsPageAndSizeOutOfRange() throws Exception {
        expectProblem(mvc.perform(get(EXPERIMENTS).param("size", "101")), 400, "invalid-request", EXPERIMENTS);
        mvc.perform(get(EXPERIMENTS).param("size", "101"))
                .andExpect(jsonPath("$.errors[0].field").value("size"))
                .andExpect(jsonPath("$.errors[0].rejectedValue").value(101));
        mvc.perform(get(EXPERIMENTS).param("size", "0"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("size"));
        mvc.perform(get(EXPERIMENTS).param("page", "-1"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("page"));
        mvc.perform(get(EXPERIMENTS).param("page", "two"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("page"))
                .andExpect(jsonPath("$.errors[0].message").value("must be an integer"));
    }

    @Test
    void cancelQueuedCancelsAtOnce(CapturedOutput output) throws Exception {
        UUID id = submitted("to-cancel");

        mvc.perform(post(EXPERIMENTS + "/" + id + "/cancel"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("CANCELLED"))
                .andExpect(jsonPath("$.timings.finishedAt").isNotEmpty());

        assertThat(jobQueue.findByExperiment(id)).singleElement().extracting(JobView::state).isEqualTo(JobState.CANCELLED);
        assertThat(output).contains("Experiment " + id + " moved from QUEUED to CANCELLED");
    }

    @Test
    void cancelRunningWaitsForWorker() throws Exception {
        UUID id = submitted("running");
        forceStatus(id, ExperimentStatus.RUNNING);

        mvc.perform(post(EXPERIMENTS + "/" + id + "/cancel"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("CANCELLING"))
                .andExpect(jsonPath("$.timings.finishedAt").value(nullValue()));
        mvc.perform(post(EXPERIMENTS + "/" + id + "/cancel"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("CANCELLING"));
    }

    @Test
    void cancelFinishedIsConflict() throws Exception {
        UUID id = submitted("done");
        forceStatus(id, ExperimentStatus.SUCCEEDED);
        String path = EXPERIMENTS + "/" + id + "/cancel";

        expectProblem(mvc.perform(post(path)), 409, "invalid-state-transition", path);
        mvc.perform(post(path))
                .andExpect(jsonPath("$.currentStatus").value("SUCCEEDED"))
                .andExpect(jsonPath("$.action").value("cancel"))
                .andExpect(jsonPath("$.experimentId").value(id.toString()))
                .andExpect(jsonPath("$.detail").value(endsWith(
                        "because it is SUCCEEDED; cancel applies to experiments that are QUEUED, RUNNING or CANCELLING.")));

        assertThat(jdbc.queryForObject("SELECT status FROM experiment WHERE id = ?", String.class, id))
                .isEqualTo("SUCCEEDED");
    }

    @Test
    void cancelTwiceIsConflict() throws Exception {
        UUID id = submitted("twice");
        mvc.perform(post(EXPERIMENTS + "/" + id + "/cancel")).andExpect(status().isOk());

        mvc.perform(post(EXPERIMENTS + "/" + id + "/cancel"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.currentStatus").value("CANCELLED"));
    }

    @Test
    void cancelUnknownIsNotFound() throws Exception {
        UUID unknown = UUID.randomUUID();
        String path = EXPERIMENTS + "/" + unknown + "/cancel";

        expectProblem(mvc.perform(post(path)), 404, "not-found", path);
    }

    @Test
    void retryFailedRequeuesWithNewJob() throws Exception {
        UUID id = submitted("flaky");
        forceStatus(id, ExperimentStatus.FAILED);
        jdbc.update("UPDATE experiment SET failure_reason = 'out of memory', finished_at = now() WHERE id = ?", id);

        mvc.perform(post(EXPERIMENTS + "/" + id + "/retry"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("QUEUED"))
                .andExpect(jsonPath("$.failureReason").value(nullValue()))
                .andExpect(jsonPath("$.timings.finishedAt").value(nullValue()));

        List<JobView> jobs = jobQueue.findByExperiment(id);
        assertThat(jobs).extracting(JobView::state).containsExactlyInAnyOrder(JobState.FAILED, JobState.QUEUED);
    }

    @Test
    void retryCancelledRequeues() throws Exception {
        UUID id = submitted("again");
        mvc.perform(post(EXPERIMENTS + "/" + id + "/cancel")).andExpect(status().isOk());

        mvc.perform(post(EXPERIMENTS + "/" + id + "/retry"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("QUEUED"));

        assertThat(jobQueue.findByExperiment(id)).extracting(JobView::state)
                .containsExactlyInAnyOrder(JobState.CANCELLED, JobState.QUEUED);
    }

    @Test
    void retryQueuedIsConflict() throws Exception {
        UUID id = submitted("busy");
        String path = EXPERIMENTS + "/" + id + "/retry";

        expectProblem(mvc.perform(post(path)), 409, "invalid-state-transition", path);
        mvc.perform(post(path))
                .andExpect(jsonPath("$.currentStatus").value("QUEUED"))
                .andExpect(jsonPath("$.action").value("retry"));

        assertThat(jobRows()).isEqualTo(1);
    }

    @Test
    void retryUnknownIsNotFound() throws Exception {
        UUID unknown = UUID.randomUUID();
        String path = EXPERIMENTS + "/" + unknown + "/retry";

        expectProblem(mvc.perform(post(path)), 404, "not-found", path);
    }

    @Test
    void problemIsReturnedForJsonAccept() throws Exception {
        mvc.perform(get(EXPERIMENTS + "/" + UUID.randomUUID()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("urn:vitsearch:problem:not-found"));
    }
}
