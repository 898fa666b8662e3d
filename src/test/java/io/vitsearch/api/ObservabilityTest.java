package io.vitsearch.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.vitsearch.experiment.ApiTestSupport;
import io.vitsearch.experiment.ExperimentStatus;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/** The experiment gauge and the actuator endpoints that operators and dashboards read. */
@TestPropertySource(properties = "vitsearch.experiments.status-gauge-cache-ttl=0s")
class ObservabilityTest extends ApiTestSupport {

    @Autowired
    MeterRegistry registry;

    @Test
    void gaugeCountsExperimentsByStatus() throws Exception {
        submitted("one");
        UUID failed = submitted("two");
        forceStatus(failed, ExperimentStatus.FAILED);

        assertThat(gauge(ExperimentStatus.QUEUED)).isEqualTo(1.0);
        assertThat(gauge(ExperimentStatus.FAILED)).isEqualTo(1.0);
        assertThat(gauge(ExperimentStatus.RUNNING)).isZero();
    }

    @Test
    void healthIncludesDatabase() throws Exception {
        mvc.perform(get("/actuator/health"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"))
                .andExpect(jsonPath("$.components.db.status").value("UP"));
    }

    @Test
    void onlyHealthAndPrometheusAreExposed() throws Exception {
        for (String endpoint : new String[] {"env", "beans", "configprops", "metrics", "loggers", "heapdump"}) {
            expectProblem(mvc.perform(get("/actuator/" + endpoint)), 404, "not-found", "/actuator/" + endpoint);
        }
    }

    private double gauge(ExperimentStatus status) {
        return registry.get("vitsearch.experiments").tag("status", status.name()).gauge().value();
    }
}
