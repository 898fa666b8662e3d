package io.vitsearch.experiment;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the server-sent event streams of experiments.
 *
 * @param pollInterval how often an open stream looks for new events in the database
 * @param maxStreamDuration how long one stream stays open; the client then reconnects with
 *     {@code Last-Event-ID} and misses nothing
 * @param keepAliveInterval how long a stream may stay silent before a comment line is sent, which
 *     keeps proxies from closing it and detects clients that left
 * @param maxStreams most streams open at once in this process; more get 503
 * @param pollThreads threads that poll and write all open streams
 */
@ConfigurationProperties("vitsearch.events")
public record EventStreamProperties(
        @DefaultValue("300ms") Duration pollInterval,
        @DefaultValue("30m") Duration maxStreamDuration,
        @DefaultValue("15s") Duration keepAliveInterval,
        @DefaultValue("256") int maxStreams,
        @DefaultValue("2") int pollThreads) {

    public EventStreamProperties {
        requirePositive("poll-interval", pollInterval);
        requirePositive("max-stream-duration", maxStreamDuration);
        requirePositive("keep-alive-interval", keepAliveInterval);
        if (maxStreams < 1) {
            throw new IllegalArgumentException("vitsearch.events.max-streams must be at least 1, was " + maxStreams);
        }
        if (pollThreads < 1) {
            throw new IllegalArgumentException("vitsearch.events.poll-threads must be at least 1, was " + pollThreads);
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("vitsearch.events." + name + " must be positive, was " + value);
        }
    }
}
