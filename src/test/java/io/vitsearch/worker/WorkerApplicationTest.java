package io.vitsearch.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.vitsearch.queue.JobQueue;
import io.vitsearch.queue.JobState;
import io.vitsearch.queue.JobView;
import io.vitsearch.queue.NewJob;
import io.vitsearch.testsupport.DatabaseTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

@SpringBootTest(properties = {
        "vitsearch.worker.devices=gpu0,gpu1",
        "vitsearch.worker.poll-interval=50ms",
        "vitsearch.worker.heartbeat-interval=1s"
})
class WorkerApplicationTest extends DatabaseTest {

    @Autowired
    JobQueue queue;

    @Autowired
    MeterRegistry meterRegistry;

    @Test
    void workersRunEnqueuedJob() {
        UUID id = queue.enqueue(NewJob.of(null, "application-test-echo", 0, "{}"));

        JobView job = await().atMost(Duration.ofSeconds(10))
                .until(() -> queue.find(id).orElseThrow(), found -> found.state() == JobState.SUCCEEDED);

        assertThat(job.leaseOwner()).matches(".*/gpu[01]");
        assertThat(meterRegistry.get("vitsearch.queue.jobs").tag("state", "QUEUED").gauge()).isNotNull();
        assertThat(meterRegistry.get("vitsearch.queue.claims").tag("kind", "application-test-echo").counter().count())
                .isEqualTo(1.0);
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class EchoPipelineConfiguration {

        @Bean
        Pipeline applicationTestEchoPipeline() {
            return new Pipeline() {
                @Override
                public String kind() {
                    return "application-test-echo";
                }

                @Override
                public void run(JobContext context) {
                }
            };
        }
    }
}
