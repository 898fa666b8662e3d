package io.vitsearch.experiment;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Publishes {@code vitsearch.experiments{status=...}}, the number of experiments in each status.
 * One GROUP BY query serves every status until {@code vitsearch.experiments.status-gauge-cache-ttl}
 * has passed, so a scrape costs at most one query.
 */
@Component
class ExperimentStatusGauges {

    private static final Logger log = LoggerFactory.getLogger(ExperimentStatusGauges.class);

    private final ExperimentRepository repository;

    private final ExperimentProperties properties;

    private final Clock clock;

    private final Map<ExperimentStatus, Long> counts = new EnumMap<>(ExperimentStatus.class);

    private Instant countedAt;

    private boolean countsAvailable;

    ExperimentStatusGauges(ExperimentRepository repository, ExperimentProperties properties, MeterRegistry registry,
            ObjectProvider<Clock> clock) {
        this.repository = repository;
        this.properties = properties;
        this.clock = clock.getIfUnique(Clock::systemUTC);
        for (ExperimentStatus status : ExperimentStatus.values()) {
            Gauge.builder("vitsearch.experiments", this, gauges -> gauges.count(status))
                    .description("Experiments in each status")
                    .tag("status", status.name())
                    .register(registry);
        }
    }

    /** Returns the cached count of experiments in {@code status}, or NaN while the database cannot be read. */
    synchronized double count(ExperimentStatus status) {
        Instant now = clock.instant();
        if (countedAt == null || !now.isBefore(countedAt.plus(properties.statusGaugeCacheTtl()))) {
            refresh(now);
        }
        return countsAvailable ? counts.getOrDefault(status, 0L) : Double.NaN;
    }

    private void refresh(Instant now) {
        countedAt = now;
        try {
            Map<ExperimentStatus, Long> fresh = new EnumMap<>(ExperimentStatus.class);
            for (ExperimentRepository.StatusCount row : repository.countByStatus()) {
                fresh.put(row.getStatus(), row.getCount());
            }
            counts.clear();
            counts.putAll(fresh);
            countsAvailable = true;
        } catch (DataAccessException e) {
            // Reported as NaN until a later query succeeds; retried and logged once per cache period.
            countsAvailable = false;
            log.warn("Could not count experiments by status for the vitsearch.experiments gauge; reporting NaN: {}",
                    e.getMessage());
        }
    }
}
