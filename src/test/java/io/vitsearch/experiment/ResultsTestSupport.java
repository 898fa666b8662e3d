package io.vitsearch.experiment;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.vitsearch.queue.JobQueue;
import io.vitsearch.queue.Lease;
import io.vitsearch.queue.MutableClock;
import io.vitsearch.search.Candidate;
import io.vitsearch.search.ChoiceReport;
import io.vitsearch.search.Dimension;
import io.vitsearch.search.DimensionReport;
import io.vitsearch.search.Generation;
import io.vitsearch.search.SpaceStep;
import io.vitsearch.search.VitArchitecture;
import io.vitsearch.search.VitLayer;
import io.vitsearch.search.VitSpace;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.TestPropertySource;

/**
 * Base of the tests of recorded results: an API-only process (no worker claims the test's jobs),
 * a clock that tests move by hand, and builders of search results.
 */
@TestPropertySource(properties = "vitsearch.roles=api")
@Import(ResultsTestSupport.ClockConfiguration.class)
abstract class ResultsTestSupport extends ApiTestSupport {

    static final VitSpace SPACE = new VitSpace(28, 1, 4, 10, List.of(48, 64, 96), List.of(2, 3, 4),
            List.of(2, 3, 4), List.of(2.0, 3.0, 4.0), List.of(48, 72, 96));

    static final VitSpace EVOLVED_SPACE = new VitSpace(28, 1, 4, 10, List.of(64, 80, 112), List.of(2, 3, 4),
            List.of(2, 3, 4), List.of(2.0, 3.0, 4.0), List.of(48, 72, 96));

    @Autowired
    MutableClock clock;

    @Autowired
    JobQueue jobQueue;

    @Autowired
    ExperimentRecorder recorder;

    /** Submits an experiment and claims its job as a worker would; the experiment becomes RUNNING. */
    Lease runningExperiment(UUID experimentId, String workerId) {
        return jobQueue.claim(workerId, List.of(ExperimentService.JOB_KIND)).orElseThrow(
                () -> new AssertionError("no claimable job for experiment " + experimentId)).lease();
    }

    /** Lets the lease expire, reclaims it and claims the job again, returning the new lease. */
    Lease expireAndReclaim(UUID experimentId, String newWorkerId) {
        clock.advance(Duration.ofMinutes(2));
        jobQueue.reclaimExpiredLeases();
        clock.advance(Duration.ofMinutes(1));
        return runningExperiment(experimentId, newWorkerId);
    }

    static VitArchitecture architecture(int embedDim, int heads) {
        return new VitArchitecture(28, 1, 4, 10, embedDim, 2,
                List.of(new VitLayer(heads, 3.0, 48), new VitLayer(heads, 4.0, 72)));
    }

    static Candidate candidate(VitArchitecture architecture, double error, String origin, List<String> parents) {
        return new Candidate(architecture, architecture.id(), error, 200_000 + architecture.embedDim(),
                6_000_000 + architecture.embedDim(), origin, parents);
    }

    static Generation generation(int index, double bestError) {
        VitArchitecture first = architecture(48 + 16 * index, 2);
        VitArchitecture second = architecture(48 + 16 * index, 4);
        return new Generation(index, List.of(
                candidate(first, bestError + 0.02, Candidate.RANDOM, List.of()),
                candidate(second, bestError, Candidate.RANDOM, List.of())));
    }

    static SpaceStep spaceStep(int index) {
        DimensionReport embed = new DimensionReport("embedDim", Dimension.Scope.GLOBAL,
                List.of(new ChoiceReport(48, 31, 0.2563), new ChoiceReport(64, 36, 0.2301),
                        new ChoiceReport(96, 33, 0.2108)),
                -0.000895, DimensionReport.Decision.UP, 16.0, "E-T error falls as the value grows",
                List.of(64.0, 80.0, 112.0));
        DimensionReport depth = new DimensionReport("depth", Dimension.Scope.GLOBAL,
                List.of(new ChoiceReport(2, 35, 0.2322), new ChoiceReport(3, 34, 0.2318),
                        new ChoiceReport(4, 0, null)),
                null, DimensionReport.Decision.KEEP, 1.0, "within the threshold", List.of(2.0, 3.0, 4.0));
        return new SpaceStep(index, SPACE, EVOLVED_SPACE, 0.2315, List.of(embed, depth));
    }

    int rows(String table, UUID experimentId) {
        return jdbc.queryForObject("SELECT count(*) FROM " + table + " WHERE experiment_id = ?", Integer.class,
                experimentId);
    }

    List<String> eventTypes(UUID experimentId) {
        return jdbc.queryForList("SELECT type FROM experiment_event WHERE experiment_id = ? ORDER BY id", String.class,
                experimentId);
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class ClockConfiguration {

        @Bean
        @Primary
        MutableClock mutableClock() {
            return MutableClock.atFixedStart();
        }
    }
}
