package io.vitsearch.experiment;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of experiment handling.
 *
 * @param maxAttempts leases a submitted experiment's job may use before it fails for good
 * @param statusGaugeCacheTtl how long the {@code vitsearch.experiments} gauge reuses one count query;
 *     zero queries on every read
 */
@ConfigurationProperties("vitsearch.experiments")
public record ExperimentProperties(
        @DefaultValue("3") int maxAttempts,
        @DefaultValue("15s") Duration statusGaugeCacheTtl) {

    public ExperimentProperties {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("vitsearch.experiments.max-attempts must be at least 1, was " + maxAttempts);
        }
        if (statusGaugeCacheTtl.isNegative()) {
            throw new IllegalArgumentException(
                    "vitsearch.experiments.status-gauge-cache-ttl must not be negative, was " + statusGaugeCacheTtl);
        }
    }
}
