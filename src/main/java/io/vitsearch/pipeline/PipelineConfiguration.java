package io.vitsearch.pipeline;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.micrometer.core.instrument.MeterRegistry;
import io.vitsearch.artifact.ArtifactStore;
import io.vitsearch.dataset.DatasetRegistry;
import io.vitsearch.experiment.ExperimentRecorder;
import io.vitsearch.queue.JobQueue;
import io.vitsearch.worker.WorkerProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** The experiment and evaluation pipelines and what they share within one process. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PipelineProperties.class)
class PipelineConfiguration {

    @Bean
    PreparedDatasets preparedDatasets(DatasetRegistry registry, PipelineProperties properties) {
        return new PreparedDatasets(registry, properties.maxValidationImages());
    }

    @Bean(destroyMethod = "close")
    SupernetCache supernetCache(PipelineProperties properties) {
        return new SupernetCache(properties.supernetCacheSize());
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService pipelineHeartbeats() {
        return Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "pipeline-evaluation-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Bean
    PipelineBeans pipelineBeans(JobQueue queue, NamedParameterJdbcTemplate jdbc, TransactionTemplate transactions,
            ObjectProvider<Clock> clock, MeterRegistry meterRegistry, PipelineProperties properties,
            ArtifactStore artifacts, PreparedDatasets datasets, SupernetCache supernets,
            ScheduledExecutorService pipelineHeartbeats, ObjectProvider<WorkerProperties> workerProperties,
            ObjectProvider<ExperimentRecorder> recorder) {
        return new PipelineBeans(queue, jdbc, transactions, clock.getIfUnique(Clock::systemUTC), meterRegistry,
                properties, artifacts, datasets, supernets, pipelineHeartbeats,
                workerProperties.getIfAvailable(WorkerProperties::defaults).heartbeatInterval(),
                () -> recorder.getIfAvailable(() -> {
                    throw new IllegalStateException("No ExperimentRecorder bean is configured, so experiment results "
                            + "cannot be stored; this is a bug in the application's configuration");
                }));
    }

    @Bean
    ExperimentPipeline experimentPipeline(PipelineBeans beans) {
        return beans.experimentPipeline();
    }

    @Bean
    EvaluationPipeline evaluationPipeline(PipelineBeans beans) {
        return beans.evaluationPipeline();
    }
}
