package io.vitsearch.worker;

import io.vitsearch.queue.JobQueue;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/** The worker role: one {@link Worker} per configured device and a sweep of expired leases. */
@Configuration(proxyBeanMethods = false)
@Conditional(WorkerRoleCondition.class)
@EnableConfigurationProperties(WorkerProperties.class)
class WorkerConfiguration {

    @Bean
    static WorkerRegistrar workerRegistrar() {
        return new WorkerRegistrar();
    }

    @Bean
    LeaseReclaimer leaseReclaimer(JobQueue queue, WorkerProperties properties) {
        return new LeaseReclaimer(queue, properties);
    }
}
