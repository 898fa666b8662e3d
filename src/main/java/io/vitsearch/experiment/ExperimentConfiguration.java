package io.vitsearch.experiment;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ExperimentProperties.class, PredictionProperties.class, EventStreamProperties.class})
class ExperimentConfiguration {
}
