package io.vitsearch.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.vitsearch.queue.Lease;
import io.vitsearch.search.Candidate;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** The result endpoints: space steps, generations, architectures, metrics and the experiment's best so far. */
class ExperimentResultsApiTest extends ResultsTestSupport {

    @Test
    void spaceStepsListReports() throws Exception {
        UUID id = submitted("steps");
        Lease lease = runningExperiment(id, "worker-a");
        recorder.recordSpaceStep(lease, id, spaceStep(1));
        recorder.recordSpaceStep(lease, id, spaceStep(0));

        mvc.perform(get(EXPERIMENTS + "/" + id + "/space-steps"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.experimentId").value(id.toString()))
                .andExpect(jsonPath("$.spaceSteps.length()").value(2))
                .andExpect(jsonPath("$.spaceSteps[0].spaceStep").value(0))
                .andExpect(jsonPath("$.spaceSteps[0].etError").value(0.2315))
                .andExpect(jsonPath("$.spaceSteps[0].moved").value(true))
                .andExpect(jsonPath("$.spaceSteps[0].before.family").value("vit"))
                .andExpect(jsonPath("$.spaceSteps[0].before.embedDim[0]").value(48))
                .andExpect(jsonPath("$.spaceSteps[0].after.embedDim[0]").value(64))
                .andExpect(jsonPath("$.spaceSteps[0].dimensions[0].name").value("embedDim"))
                .andExpect(jsonPath("$.spaceSteps[0].dimensions[0].choices[2].etError").value(0.2108))
                .andExpect(jsonPath("$.spaceSteps[0].dimensions[0].slope").value(-0.000895))
                .andExpect(jsonPath("$.spaceSteps[0].dimensions[0].decision").value("UP"))
                .andExpect(jsonPath("$.spaceSteps[0].dimensions[0].stepSize").value(16.0))
                .andExpect(jsonPath("$.spaceSteps[0].dimensions[0].reason").value(startsWith("E-T error falls")))
                .andExpect(jsonPath("$.spaceSteps[0].dimensions[1].decision").value("KEEP"))
                .andExpect(jsonPath("$.spaceSteps[0].dimensions[1].slope").doesNotExist())
                .andExpect(jsonPath("$.spaceSteps[0].recordedAt").exists())
                .andExpect(jsonPath("$.spaceSteps[1].spaceStep").value(1));
    }

    @Test
    void emptyResultsAreEmptyLists() throws Exception {
        UUID id = submitted("nothing-yet");

        mvc.perform(get(EXPERIMENTS + "/" + id + "/space-steps"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.spaceSteps.length()").value(0));
        mvc.perform(get(EXPERIMENTS + "/" + id + "/generations"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.generations.length()").value(0));
        mvc.perform(get(EXPERIMENTS + "/" + id + "/architectures"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.architectures.length()").value(0));
        mvc.perform(get(EXPERIMENTS + "/" + id + "/metrics"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.series.length()").value(0));
        mvc.perform(get(EXPERIMENTS + "/" + id))
                .andExpect(status().isOk()).andExpect(jsonPath("$.best").value((Object) null));
    }

    @Test
    void generationsListAndSingle() throws Exception {
        UUID id = submitted("generations");
        Lease lease = runningExperiment(id, "worker-a");
        recorder.recordGeneration(lease, id, generation(0, 0.20));
        recorder.recordGeneration(lease, id, generation(1, 0.15));

        mvc.perform(get(EXPERIMENTS + "/" + id + "/generations"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.generations.length()").value(2))
                .andExpect(jsonPath("$.generations[0].generation").value(0))
                .andExpect(jsonPath("$.generations[1].size").value(2))
                .andExpect(jsonPath("$.generations[1].bestValidationError").value(0.15))
                .andExpect(jsonPath("$.generations[1].bestArchId").value(architecture(64, 4).id()));

        mvc.perform(get(EXPERIMENTS + "/" + id + "/generations/1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.generation").value(1))
                .andExpect(jsonPath("$.population[0].archId").value(architecture(64, 2).id()))
                .andExpect(jsonPath("$.population[0].architecture.family").value("vit"))
                .andExpect(jsonPath("$.population[0].architecture.embedDim").value(64))
                .andExpect(jsonPath("$.population[0].validationError").value(closeTo(0.17, 1e-12), Double.class))
                .andExpect(jsonPath("$.population[0].params").value(200_064))
                .andExpect(jsonPath("$.population[0].flops").value(6_000_064))
                .andExpect(jsonPath("$.population[0].origin").value(Candidate.RANDOM))
                .andExpect(jsonPath("$.population[0].parentArchIds.length()").value(0))
                .andExpect(jsonPath("$.population[0].id").doesNotExist())
                .andExpect(jsonPath("$.population[0].error").doesNotExist());
    }

    @Test
    void missingGenerationIsNotFound() throws Exception {
        UUID id = submitted("few-generations");
        Lease lease = runningExperiment(id, "worker-a");
        recorder.recordGeneration(lease, id, generation(0, 0.2));

        expectProblem(mvc.perform(get(EXPERIMENTS + "/" + id + "/generations/7")), 404, "not-found",
                EXPERIMENTS + "/" + id + "/generations/7")
                .andExpect(jsonPath("$.detail").value(containsString("no generation 7")))
                .andExpect(jsonPath("$.detail").value(containsString(id.toString())))
                .andExpect(jsonPath("$.detail").value(containsString("recorded 1 generation so far")));
        expectProblem(mvc.perform(get(EXPERIMENTS + "/" + id + "/generations/-1")), 400, "invalid-request",
                EXPERIMENTS + "/" + id + "/generations/-1");
        expectProblem(mvc.perform(get(EXPERIMENTS + "/" + id + "/generations/first")), 400, "invalid-request",
                EXPERIMENTS + "/" + id + "/generations/first");
    }

    @Test
    void unknownExperimentIsNotFoundEverywhere() throws Exception {
        UUID unknown = UUID.randomUUID();
        for (String path : List.of("/space-steps", "/generations", "/generations/0", "/architectures", "/metrics",
                "/architectures/abc/model")) {
            expectProblem(mvc.perform(get(EXPERIMENTS + "/" + unknown + path)), 404, "not-found",
                    EXPERIMENTS + "/" + unknown + path)
                    .andExpect(jsonPath("$.detail").value(containsString(unknown.toString())));
        }
    }

    @Test
    void architecturesRankedWithTop() throws Exception {
        UUID id = submitted("architectures");
        Lease lease = runningExperiment(id, "worker-a");
        for (int rank = 1; rank <= 3; rank++) {
            recorder.recordArchitecture(lease, id, new ArchitectureRecord(rank, architecture(32 + 16 * rank, 2),
                    0.1 * rank, rank == 1 ? 0.88 : null, 1000L * rank, 5000L * rank, null, null));
        }

        mvc.perform(get(EXPERIMENTS + "/" + id + "/architectures"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.architectures.length()").value(3))
                .andExpect(jsonPath("$.architectures[0].rank").value(1))
                .andExpect(jsonPath("$.architectures[0].archId").value(architecture(48, 2).id()))
                .andExpect(jsonPath("$.architectures[0].architecture.embedDim").value(48))
                .andExpect(jsonPath("$.architectures[0].validationError").value(0.1))
                .andExpect(jsonPath("$.architectures[0].validationAccuracy").value(0.9))
                .andExpect(jsonPath("$.architectures[0].testAccuracy").value(0.88))
                .andExpect(jsonPath("$.architectures[0].params").value(1000))
                .andExpect(jsonPath("$.architectures[0].flops").value(5000))
                .andExpect(jsonPath("$.architectures[0].modelUrl").value((Object) null))
                .andExpect(jsonPath("$.architectures[1].testAccuracy").value((Object) null));

        mvc.perform(get(EXPERIMENTS + "/" + id + "/architectures").param("top", "2"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.architectures.length()").value(2))
                .andExpect(jsonPath("$.architectures[1].rank").value(2));
    }

    @Test
    void topOutOfRangeIsBadRequest() throws Exception {
        UUID id = submitted("bad-top");

        for (String top : List.of("0", "101", "-3", "many")) {
            expectProblem(mvc.perform(get(EXPERIMENTS + "/" + id + "/architectures").param("top", top)), 400,
                    "invalid-request", EXPERIMENTS + "/" + id + "/architectures")
                    .andExpect(jsonPath("$.errors[0].field").value("top"));
        }
    }

    @Test
    void metricsAsJsonGroupedByName() throws Exception {
        UUID id = submittedWithMetrics("curves");

        mvc.perform(get(EXPERIMENTS + "/" + id + "/metrics"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.series.length()").value(2))
                .andExpect(jsonPath("$.series[0].name").value("train-loss"))
                .andExpect(jsonPath("$.series[0].points.length()").value(2))
                .andExpect(jsonPath("$.series[0].points[1].value").value(1.7))
                .andExpect(jsonPath("$.series[0].points[1].step").value(20))
                .andExpect(jsonPath("$.series[0].points[1].spaceStep").value(0))
                .andExpect(jsonPath("$.series[0].points[0].recordedAt").value("2025-05-01T09:33:05Z"))
                .andExpect(jsonPath("$.series[1].name").value("epoch-end"))
                .andExpect(jsonPath("$.series[1].points[0].spaceStep").value((Object) null));

        mvc.perform(get(EXPERIMENTS + "/" + id + "/metrics").param("name", "epoch-end"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.series.length()").value(1))
                .andExpect(jsonPath("$.series[0].name").value("epoch-end"));
    }

    @Test
    void metricsAsCsv() throws Exception {
        UUID id = submittedWithMetrics("csv");

        String csv = mvc.perform(get(EXPERIMENTS + "/" + id + "/metrics").accept("text/csv"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/csv"))
                .andReturn().getResponse().getContentAsString();

        assertThat(csv.split("\n")).containsExactly(
                "phase,spaceStep,epoch,step,name,value,recordedAt",
                "TRAINING_SUPERNET,0,0,10,train-loss,2.1,2025-05-01T09:33:05Z",
                "TRAINING_SUPERNET,0,0,20,train-loss,1.7,2025-05-01T09:33:05Z",
                "FINAL_TRAINING,,1,40,epoch-end,1.5,2025-05-01T09:33:05Z");

        String filtered = mvc.perform(get(EXPERIMENTS + "/" + id + "/metrics").param("name", "epoch-end")
                        .accept("application/json;q=0.5, text/csv"))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(filtered.split("\n")).hasSize(2);
    }

    @Test
    void metricsRejectUnacceptableType() throws Exception {
        UUID id = submitted("xml");

        mvc.perform(get(EXPERIMENTS + "/" + id + "/metrics").accept(MediaType.APPLICATION_XML))
                .andExpect(status().isNotAcceptable());
    }

    @Test
    void experimentShowsProgressAndBestSoFar() throws Exception {
        UUID id = submitted("best");
        Lease lease = runningExperiment(id, "worker-a");
        recorder.recordProgress(lease, id, new Progress("EVOLUTIONARY_SEARCH", null, null, 1, 0.8,
                Instant.parse("2025-05-01T10:20:00Z")));
        recorder.recordGeneration(lease, id, generation(0, 0.20));
        recorder.recordGeneration(lease, id, generation(1, 0.15));

        mvc.perform(get(EXPERIMENTS + "/" + id))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.phase").value("EVOLUTIONARY_SEARCH"))
                .andExpect(jsonPath("$.progress").value(0.8))
                .andExpect(jsonPath("$.generation").value(1))
                .andExpect(jsonPath("$.epoch").value((Object) null))
                .andExpect(jsonPath("$.estimatedFinish").value("2025-05-01T10:20:00Z"))
                .andExpect(jsonPath("$.best.archId").value(architecture(64, 4).id()))
                .andExpect(jsonPath("$.best.generation").value(1))
                .andExpect(jsonPath("$.best.rank").value((Object) null))
                .andExpect(jsonPath("$.best.validationError").value(0.15));

        recorder.recordArchitecture(lease, id, new ArchitectureRecord(1, architecture(64, 2), 0.11, null, 7, 8,
                null, null));

        mvc.perform(get(EXPERIMENTS + "/" + id))
                .andExpect(jsonPath("$.best.archId").value(architecture(64, 2).id()))
                .andExpect(jsonPath("$.best.rank").value(1))
                .andExpect(jsonPath("$.best.generation").value(1))
                .andExpect(jsonPath("$.best.validationError").value(0.11))
                .andExpect(jsonPath("$.best.testAccuracy").value((Object) null))
                .andExpect(jsonPath("$.best.architecture.layers[0].numHeads").value(2));

        recorder.recordArchitecture(lease, id, new ArchitectureRecord(1, architecture(64, 2), 0.11, 0.875, 7, 8,
                null, null));

        mvc.perform(get(EXPERIMENTS + "/" + id))
                .andExpect(jsonPath("$.best.testAccuracy").value(0.875));
    }

    @Test
    void rankedBestOutsideGenerationsHasNoGeneration() throws Exception {
        UUID id = submitted("best-unsearched");
        Lease lease = runningExperiment(id, "worker-a");
        recorder.recordGeneration(lease, id, generation(0, 0.20));
        recorder.recordArchitecture(lease, id, new ArchitectureRecord(1, architecture(96, 2), 0.11, null, 7, 8,
                null, null));

        mvc.perform(get(EXPERIMENTS + "/" + id))
                .andExpect(jsonPath("$.best.archId").value(architecture(96, 2).id()))
                .andExpect(jsonPath("$.best.rank").value(1))
                .andExpect(jsonPath("$.best.generation").value((Object) null));
    }

    private UUID submittedWithMetrics(String name) throws Exception {
        UUID id = submitted(name);
        Lease lease = runningExperiment(id, "worker-a");
        Instant at = Instant.parse("2025-05-01T09:33:05Z");
        recorder.recordMetrics(lease, id, List.of(
                new MetricPoint("TRAINING_SUPERNET", 0, 0, 10, "train-loss", 2.1, at),
                new MetricPoint("TRAINING_SUPERNET", 0, 0, 20, "train-loss", 1.7, at),
                new MetricPoint("FINAL_TRAINING", null, 1, 40, "epoch-end", 1.5, at)));
        return id;
    }
}
