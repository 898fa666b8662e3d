package io.vitsearch.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.vitsearch.queue.ClaimedJob;
import io.vitsearch.queue.HeartbeatResult;
import io.vitsearch.queue.JobQueue;
import io.vitsearch.queue.JobView;
import io.vitsearch.queue.Lease;
import io.vitsearch.queue.NewJob;
import io.vitsearch.queue.QueueProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class WorkerConfigurationTest {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withUserConfiguration(EmptyQueueConfiguration.class, WorkerConfiguration.class);

    @Test
    void defaultsCreateOneCpuWorker() {
        contextRunner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBeansOfType(Worker.class)).containsOnlyKeys("worker-cpu");
            assertThat(context.getBean("worker-cpu", Worker.class).device()).isEqualTo("cpu");
            assertThat(context).hasSingleBean(LeaseReclaimer.class);
            assertThat(context.getBean(WorkerProperties.class)).isEqualTo(WorkerProperties.defaults());
        });
    }

    @Test
    void oneWorkerPerConfiguredDevice() {
        contextRunner.withPropertyValues("vitsearch.worker.devices=gpu0,gpu1").run(context -> {
            assertThat(context.getBeansOfType(Worker.class)).containsOnlyKeys("worker-gpu0", "worker-gpu1");
            assertThat(context.getBean("worker-gpu1", Worker.class).workerId()).endsWith("/gpu1");
            assertThat(context.getBean("worker-gpu0", Worker.class).isRunning()).isTrue();
        });
    }

    @Test
    void apiRoleAloneCreatesNoWorkers() {
        contextRunner.withPropertyValues("vitsearch.roles=api").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(Worker.class);
            assertThat(context).doesNotHaveBean(LeaseReclaimer.class);
        });
    }

    @Test
    void workerRoleAloneCreatesWorkers() {
        contextRunner.withPropertyValues("vitsearch.roles= worker").run(context ->
                assertThat(context.getBeansOfType(Worker.class)).containsOnlyKeys("worker-cpu"));
    }

    @Test
    void repeatedDeviceFailsStartup() {
        contextRunner.withPropertyValues("vitsearch.worker.devices=gpu0,gpu0").run(context ->
                assertThat(context).getFailure()
                        .rootCause()
                        .hasMessageContaining("vitsearch.worker.devices must not repeat a device, was [gpu0, gpu0]"));
    }

    @Test
    void pipelinesAreInjected() {
        contextRunner.withUserConfiguration(EchoPipelineConfiguration.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean("worker-cpu", Worker.class).isRunning()).isTrue();
        });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(QueueProperties.class)
    static class EmptyQueueConfiguration {

        @Bean
        JobQueue jobQueue() {
            return new EmptyQueue();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class EchoPipelineConfiguration {

        @Bean
        Pipeline echoPipeline() {
            return new Pipeline() {
                @Override
                public String kind() {
                    return "echo";
                }

                @Override
                public void run(JobContext context) {
                }
            };
        }
    }

    /** A queue that never has work, so the workers started by the context stay idle. */
    private static final class EmptyQueue implements JobQueue {

        @Override
        public UUID enqueue(NewJob job) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<ClaimedJob> claim(String workerId, Collection<String> kinds) {
            return Optional.empty();
        }

        @Override
        public HeartbeatResult heartbeat(Lease lease) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void verifyLease(Lease lease) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void complete(Lease lease) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void fail(Lease lease, String error, boolean retryable) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void acknowledgeCancel(Lease lease) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void requestCancel(UUID experimentId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<UUID> reclaimExpiredLeases() {
            return List.of();
        }

        @Override
        public Optional<JobView> find(UUID jobId) {
            return Optional.empty();
        }

        @Override
        public List<JobView> findByExperiment(UUID experimentId) {
            return List.of();
        }
    }
}
