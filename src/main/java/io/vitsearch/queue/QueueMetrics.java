package io.vitsearch.queue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

/**
 * Micrometer meters of the job queue. The depth gauge runs its count query at most once per cache
 * time, however often the registry is scraped.
 */
final class QueueMetrics {

    private static final Logger log = LoggerFactory.getLogger(QueueMetrics.class);

    /** Only unfinished states: finished jobs accumulate forever and are better read from the counters. */
    static final List<JobState> GAUGED_STATES = List.of(JobState.QUEUED, JobState.RUNNING);

    private final MeterRegistry registry;

    private final Clock clock;

    private final Duration cacheTime;

    private final Supplier<Map<JobState, Long>> depthQuery;

    private final Timer claimedTimer;

    private final Timer emptyClaimTimer;

    private Map<JobState, Long> cachedDepth = Map.of();

    private Instant cachedAt;

    QueueMetrics(MeterRegistry registry, Clock clock, Duration cacheTime, Supplier<Map<JobState, Long>> depthQuery) {
        this.registry = registry;
        this.clock = clock;
        this.cacheTime = cacheTime;
        this.depthQuery = depthQuery;
        this.claimedTimer = claimTimer("claimed");
        this.emptyClaimTimer = claimTimer("empty");
        for (JobState state : GAUGED_STATES) {
            Gauge.builder("vitsearch.queue.jobs", this, metrics -> metrics.depth(state))
                    .description("Jobs in the queue by state")
                    .tag("state", state.name())
                    .register(registry);
        }
    }

    void recordClaim(long nanos, boolean claimed) {
        (claimed ? claimedTimer : emptyClaimTimer).record(Duration.ofNanos(nanos));
    }

    void claimed(String kind) {
        counter("vitsearch.queue.claims", "Jobs claimed by workers", "kind", kind).increment();
    }

    void completed(String kind) {
        counter("vitsearch.queue.completions", "Jobs that succeeded", "kind", kind).increment();
    }

    /** Counts a failed attempt by what became of the job: requeued, failed or cancelled. */
    void failed(String kind, JobState outcome) {
        counter("vitsearch.queue.failures", "Failed attempts by the job's resulting state",
                "kind", kind, "outcome", outcome.name()).increment();
    }

    /** Counts a job that ended CANCELLED, whichever way it got there. */
    void cancelled(String kind) {
        counter("vitsearch.queue.cancellations", "Jobs that ended cancelled", "kind", kind).increment();
    }

    void leaseExpired(String kind, JobState outcome) {
        counter("vitsearch.queue.lease.expiries", "Leases that expired by the job's resulting state",
                "kind", kind, "outcome", outcome.name()).increment();
    }

    synchronized double depth(JobState state) {
        Instant now = clock.instant();
        if (cachedAt == null || !now.isBefore(cachedAt.plus(cacheTime))) {
            refresh(now);
        }
        return cachedDepth.getOrDefault(state, 0L);
    }

    private void refresh(Instant now) {
        try {
            Map<JobState, Long> depth = new EnumMap<>(JobState.class);
            depth.putAll(depthQuery.get());
            cachedDepth = depth;
        } catch (DataAccessException e) {
            // A scrape must not fail because the database is briefly away: the last counts stay
            // until the next attempt, one cache time later.
            log.warn("Could not count queued and running jobs for the vitsearch.queue.jobs gauge: {}", e.getMessage());
        }
        cachedAt = now;
    }

    private Timer claimTimer(String result) {
        return Timer.builder("vitsearch.queue.claim")
                .description("Time to claim a job, by whether a job was due")
                .tag("result", result)
                .register(registry);
    }

    private Counter counter(String name, String description, String... tags) {
        return Counter.builder(name).description(description).tags(tags).register(registry);
    }
}
