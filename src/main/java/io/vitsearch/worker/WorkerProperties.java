package io.vitsearch.worker;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the workers in this process.
 *
 * @param devices one worker per entry, for example {@code cpu} or {@code gpu0,gpu1}
 * @param heartbeatInterval time between heartbeats of a running job; at most half the lease
 *     duration, so one failed heartbeat does not lose the lease
 * @param pollInterval how long an idle worker waits before it looks for a due job again
 * @param shutdownGrace how long shutdown waits for a running job to finish before it leaves the
 *     job's lease to expire; keep it below {@code spring.lifecycle.timeout-per-shutdown-phase}
 *     (default 30s), which bounds the whole wait
 * @param reclaimInterval time between sweeps that return jobs with expired leases to the queue
 */
@ConfigurationProperties("vitsearch.worker")
public record WorkerProperties(
        @DefaultValue("cpu") List<String> devices,
        @DefaultValue("10s") Duration heartbeatInterval,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("20s") Duration shutdownGrace,
        @DefaultValue("10s") Duration reclaimInterval) {

    public WorkerProperties {
        if (devices == null || devices.isEmpty()) {
            throw new IllegalArgumentException("vitsearch.worker.devices must name at least one device, was " + devices);
        }
        if (devices.stream().anyMatch(device -> device == null || device.isBlank())) {
            throw new IllegalArgumentException("vitsearch.worker.devices must not contain a blank name, was " + devices);
        }
        if (new HashSet<>(devices).size() != devices.size()) {
            throw new IllegalArgumentException("vitsearch.worker.devices must not repeat a device, was " + devices);
        }
        devices = List.copyOf(devices);
        requirePositive("heartbeat-interval", heartbeatInterval);
        requirePositive("poll-interval", pollInterval);
        requirePositive("reclaim-interval", reclaimInterval);
        if (shutdownGrace == null || shutdownGrace.isNegative()) {
            throw new IllegalArgumentException(
                    "vitsearch.worker.shutdown-grace must be zero or positive, was " + shutdownGrace);
        }
    }

    /** Returns the settings used when nothing is configured. */
    public static WorkerProperties defaults() {
        return new WorkerProperties(List.of("cpu"), Duration.ofSeconds(10), Duration.ofSeconds(1),
                Duration.ofSeconds(20), Duration.ofSeconds(10));
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException("vitsearch.worker." + name + " must be positive, was " + value);
        }
    }
}
