package io.vitsearch.queue;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the PostgreSQL job queue.
 *
 * @param leaseDuration how long a claim or heartbeat holds a job; a worker that misses heartbeats
 *     for this long loses the job to {@link JobQueue#reclaimExpiredLeases()}
 * @param maxAttempts leases a job may use when its {@link NewJob} does not set a number
 * @param retryDelay how long a job that failed with a retryable error waits before it is due again
 * @param depthGaugeCacheTime how long the {@code vitsearch.queue.jobs} gauge reuses one count query
 */
@ConfigurationProperties("vitsearch.queue")
public record QueueProperties(
        @DefaultValue("30s") Duration leaseDuration,
        @DefaultValue("3") int maxAttempts,
        @DefaultValue("10s") Duration retryDelay,
        @DefaultValue("10s") Duration depthGaugeCacheTime) {

    public QueueProperties {
        requirePositive("lease-duration", leaseDuration);
        requireNotNegative("retry-delay", retryDelay);
        requireNotNegative("depth-gauge-cache-time", depthGaugeCacheTime);
        if (maxAttempts < 1) {
            throw new IllegalArgumentException(
                    "vitsearch.queue.max-attempts must be at least 1, was " + maxAttempts);
        }
    }

    /** Returns the settings used when nothing is configured. */
    public static QueueProperties defaults() {
        return new QueueProperties(Duration.ofSeconds(30), 3, Duration.ofSeconds(10), Duration.ofSeconds(10));
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException("vitsearch.queue." + name + " must be positive, was " + value);
        }
    }

    private static void requireNotNegative(String name, Duration value) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(
                    "vitsearch.queue." + name + " must be zero or positive, was " + value);
        }
    }
}
